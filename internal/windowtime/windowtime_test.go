package windowtime

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestDuration(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		v    timetypes.GoDuration
		want time.Duration
		ok   bool
	}{
		{timetypes.NewGoDurationValueFromStringMust("90m"), 90 * time.Minute, true},
		{timetypes.NewGoDurationValueFromStringMust("1h30m"), 90 * time.Minute, true},
		{timetypes.NewGoDurationNull(), 0, false},
		{timetypes.NewGoDurationUnknown(), 0, false},
		{timetypes.GoDuration{StringValue: types.StringValue("2 days")}, 0, false},
	} {
		if got, ok := Duration(c.v); got != c.want || ok != c.ok {
			t.Errorf("Duration(%s) = %s, %v; want %s, %v", c.v, got, ok, c.want, c.ok)
		}
	}
}

func TestEndAndAnchor(t *testing.T) {
	t.Parallel()
	anchor := time.Date(2027, 3, 28, 0, 30, 0, 0, time.UTC)
	end := End(anchor, 2*time.Hour)
	if !end.Equal(time.Date(2027, 3, 28, 2, 30, 0, 0, time.UTC)) || !Anchor(end, 2*time.Hour).Equal(anchor) {
		t.Errorf("End %s, Anchor %s", end, Anchor(end, 2*time.Hour))
	}
	// Elapsed time across a DST change: 2h after 00:30 UTC on the day Berlin
	// springs forward is 04:30 local, not 02:30.
	berlin, _ := time.LoadLocation("Europe/Berlin")
	if got := End(anchor.In(berlin), 2*time.Hour).In(berlin); got.Hour() != 4 || got.Minute() != 30 {
		t.Errorf("2h after %s in Berlin is %s", anchor.In(berlin), got)
	}
}

func TestSame(t *testing.T) {
	t.Parallel()
	a := time.Date(2026, 11, 22, 22, 2, 51, 471e6, time.UTC)
	if !Same(a, a.Add(999*time.Microsecond), Millisecond) || Same(a, a.Add(time.Millisecond), Millisecond) {
		t.Error("millisecond precision")
	}
	if !Same(a, a.In(time.FixedZone("", 9*3600)), 0) || Same(a, a.Add(time.Nanosecond), 0) {
		t.Error("exact comparison")
	}
}

// TestKeep: the configured spelling stays while the server names the same
// instant; otherwise the server's instant is stored.
func TestKeep(t *testing.T) {
	t.Parallel()
	prior := timetypes.NewRFC3339ValueMust("2026-11-23T08:02:51+09:00")
	server := time.Date(2026, 11, 22, 23, 2, 51, 0, time.UTC)
	if got := Keep(prior, server, Millisecond); got.ValueString() != prior.ValueString() {
		t.Errorf("same instant: %s", got)
	}
	if got := Keep(prior, server.Add(time.Second), Millisecond); got.ValueString() != "2026-11-22T23:02:52Z" {
		t.Errorf("another instant: %s", got)
	}
	if got := Keep(timetypes.NewRFC3339Null(), server.Add(471*time.Millisecond), Millisecond); got.ValueString() != "2026-11-22T23:02:51.471Z" {
		t.Errorf("no prior: %s", got)
	}
	if got := Keep(timetypes.NewRFC3339Unknown(), server, 0); got.ValueString() != "2026-11-22T23:02:51Z" {
		t.Errorf("unknown prior: %s", got)
	}
}

func TestOfAndValue(t *testing.T) {
	t.Parallel()
	in := time.Date(2024, 2, 29, 23, 59, 59, 999999999, time.FixedZone("", 5*3600+45*60))
	got, ok := Of(Value(in))
	if !ok || !got.Equal(in) {
		t.Errorf("%s -> %q -> %s %v", in, Value(in).ValueString(), got, ok)
	}
	for _, v := range []timetypes.RFC3339{timetypes.NewRFC3339Null(), timetypes.NewRFC3339Unknown(), {StringValue: types.StringValue("2026-02-30T00:00:00Z")}} {
		if _, ok := Of(v); ok {
			t.Errorf("%s reads as a time", v)
		}
	}
	if !AfterYear9999(time.Date(9999, 12, 31, 23, 0, 0, 0, time.FixedZone("", -2*3600))) || AfterYear9999(time.Date(9999, 12, 31, 23, 0, 0, 0, time.UTC)) {
		t.Error("AfterYear9999")
	}
}
