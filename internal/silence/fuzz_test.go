package silence

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/ephemeralwindow"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/windowtime"
)

// Fuzz targets for the time handling of o11y_silence: starts_at/ends_at as
// RFC 3339 values (timeValue/timeOf), the server's millisecond instants
// flattened against the configured spelling, and duration-based ends
// (planCreate/sendTimes). The seeds run in every `go test`; .ci/fuzz.sh
// fuzzes each briefly.

// FuzzTimeValue stores any instant as an RFC 3339 value and reads it back
// exactly, in any offset (+05:45 included); flatten keeps a configured
// spelling that names the same instant at the server's millisecond
// precision, and otherwise stores the server's instant.
func FuzzTimeValue(f *testing.F) {
	for _, s := range []int64{1763848971, 0, -1, 1709164800, 1730611800, 1711846800, 253402300799, -62135596800, -62167219200, 253402300800} {
		f.Add(s, int64(471000000), int32(0), int64(0))
		f.Add(s, int64(0), int32(5*3600+45*60), int64(999999))
		f.Add(s, int64(999999999), int32(-(3*3600 + 30*60)), int64(-1000000))
	}
	f.Fuzz(func(t *testing.T, sec, nsec int64, offset int32, skew int64) {
		loc := time.FixedZone("", int(offset%(24*3600))/60*60)
		in := time.Unix(sec, nsec).In(loc)
		v := windowtime.Value(in) // must not panic, whatever the year
		got, ok := windowtime.Of(v)
		if !ok {
			if y := in.Year(); y >= 0 && y <= 9999 {
				t.Fatalf("%s stored as %q, which does not read back", in, v.ValueString())
			}
			return // RFC 3339 has no such year; the value is unusable, not a crash
		}
		if !got.Equal(in) {
			t.Fatalf("%s stored as %q reads back as %s", in, v.ValueString(), got)
		}

		// The server answers this instant; the prior spelling is the same
		// instant shifted by skew, written in UTC.
		prior := in.Add(time.Duration(skew % int64(time.Hour))).UTC()
		if prior.Year() < 0 || prior.Year() > 9999 || in.UTC().Year() < 0 || in.UTC().Year() > 9999 {
			return
		}
		pv := windowtime.Value(prior)
		server := record{ID: "s", StartsAt: in, EndsAt: in, UpdatedAt: in, State: alertmanager.StatePending}
		out, diags := flatten(server, silenceResourceModel{StartsAt: pv, EndsAt: pv, Duration: timetypes.NewGoDurationNull(), AllowBroad: types.BoolNull()})
		if diags.HasError() {
			t.Fatal(diags)
		}
		for name, val := range map[string]timetypes.RFC3339{"starts_at": out.StartsAt, "ends_at": out.EndsAt} {
			stored, ok := windowtime.Of(val)
			if !ok {
				t.Fatalf("%s flattened to %q", name, val.ValueString())
			}
			if sameInstant(prior, in) != val.Equal(pv) {
				t.Fatalf("%s: server %s, prior %s: flattened to %s", name, in, prior, val)
			}
			if !sameInstant(stored, in) {
				t.Fatalf("%s: server %s flattened to another instant %s", name, in, stored)
			}
		}
	})
}

// FuzzDurationEnd plans and sends the times of a new silence from
// starts_at, ends_at and duration. Planning never crashes (an end past
// year 9999 included); a planned end is start + duration; what is sent
// starts at the configured future start or at now (milliseconds), ends at
// ends_at or anchor + duration, and keeps the anchor that the duration
// counts from.
func FuzzDurationEnd(f *testing.F) {
	now := int64(1763848971)
	for _, c := range []struct {
		start, end int64
		dur        string
	}{
		{0, 0, "2h"}, {now + 3600, 0, "90m"}, {now - 3600, 0, "1h30m"}, {0, now + 7200, ""}, {now + 60, now + 7200, ""},
		{253402297200, 0, "2h"}, // starts_at 9999-12-31T23:00:00Z, duration 2h: ends past year 9999
		{now + 60, 0, "2562047h"}, {now + 60, 0, "0s"}, {now + 60, 0, "-5m"}, {now + 60, 0, "soon"}, {now + 60, 0, ""},
		{1709164800, 0, "24h"}, {1730611800, 0, "1h"},
	} {
		f.Add(now, c.start, c.end, c.dur, int64(0))
		f.Add(now, c.start, c.end, c.dur, now-600)
	}
	f.Fuzz(func(t *testing.T, nowSec, startSec, endSec int64, dur string, storedSec int64) {
		now := time.Unix(nowSec, 123456789).UTC()
		if now.Year() < 1 || now.Year() > 9000 {
			return
		}
		value := func(sec int64) timetypes.RFC3339 {
			if sec == 0 {
				return timetypes.NewRFC3339Null()
			}
			tm := time.Unix(sec, 0).UTC()
			if tm.Year() < 0 || tm.Year() > 9999 {
				return timetypes.NewRFC3339Null()
			}
			return windowtime.Value(tm)
		}
		config := silenceResourceModel{StartsAt: value(startSec), EndsAt: value(endSec), Duration: timetypes.NewGoDurationNull()}
		if dur != "" {
			config.Duration = timetypes.GoDuration{StringValue: types.StringValue(dur)}
		}
		if config.EndsAt.IsNull() && config.Duration.IsNull() {
			return // the config validators require one of them
		}
		plan := config
		var diags diag.Diagnostics
		planCreate(&plan, config, now, &diags)

		start, startKnown := windowtime.Of(config.StartsAt)
		d, derr := time.ParseDuration(dur)
		if config.EndsAt.IsNull() && derr == nil && startKnown && start.After(now) {
			end, ok := windowtime.Of(plan.EndsAt)
			switch tooLate := start.Add(d).Year() > 9999; {
			case tooLate != diags.HasError():
				t.Fatalf("%s + %s: plan-time error %v: %v", start, d, diags.HasError(), diags)
			case !tooLate && (!ok || !end.Equal(start.Add(d))):
				t.Fatalf("planned end %q, want %s + %s", plan.EndsAt.ValueString(), start, d)
			}
		}
		if diags.HasError() || (plan.EndsAt.IsNull() && (config.Duration.IsNull() || derr != nil)) {
			return
		}
		if derr == nil && d <= 0 {
			return // refused by the duration validator
		}
		if plan.EndsAt.IsUnknown() {
			plan.EndsAt = timetypes.NewRFC3339Null() // sendTimes computes it at apply
		}
		var stored time.Time
		if storedSec != 0 {
			stored = time.Unix(storedSec, 0).UTC()
		}
		s, e, anchor, sd := sendTimes(plan, now, stored)
		if sd.HasError() {
			if derr == nil {
				t.Fatalf("sendTimes refused %q: %v", dur, sd)
			}
			return
		}
		wantStart := stored
		if stored.IsZero() {
			wantStart = now.Truncate(time.Millisecond)
			if startKnown && start.After(wantStart) {
				wantStart = start
			}
		}
		if !s.Equal(wantStart) {
			t.Fatalf("sends start %s, want %s", s, wantStart)
		}
		if pe, ok := windowtime.Of(plan.EndsAt); ok {
			if !e.Equal(pe) {
				t.Fatalf("sends end %s, want the planned %s", e, pe)
			}
			if !config.Duration.IsNull() && derr == nil && !anchor.Add(d).Equal(e) {
				t.Fatalf("anchor %s + %s is not the end %s", anchor, d, e)
			}
			return
		}
		if !anchor.Equal(s) || !e.Equal(s.Add(d)) {
			t.Fatalf("sends %s .. %s anchored at %s, want start + %s", s, e, anchor, d)
		}
	})
}

// FuzzTimeOf reads whatever a starts_at/ends_at string holds (state may be
// old or hand-edited). An accepted string is an instant that timeValue
// writes back and timeOf reads again exactly; max_duration of the ephemeral silence stays within 1m..24h, and its
// renewal wait is positive and at most half of the time left (2s floor).
func FuzzTimeOf(f *testing.F) {
	for _, s := range []string{
		"2026-11-22T22:02:51.471Z", "2026-11-23T08:02:51+09:00", "2024-02-29T23:59:59.999999999+05:45",
		"2024-03-10T02:30:00-05:00", "2024-11-03T01:30:00-04:00", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59-23:59",
		"2026-11-22T22:02:51", "2026-11-22 22:02:51Z", "", "null", "2026-02-30T00:00:00Z", "2026-11-22T22:02:51+24:00",
	} {
		f.Add(s, "30m")
	}
	for _, d := range []string{"1m", "24h", "59s", "24h0m1s", "-1h", "", "1.5h", "9223372036854775807ns"} {
		f.Add("2026-11-22T22:02:51Z", d)
	}
	f.Fuzz(func(t *testing.T, s, maxDur string) {
		v := timetypes.RFC3339{StringValue: types.StringValue(s)}
		if got, ok := windowtime.Of(v); ok {
			back, ok2 := windowtime.Of(windowtime.Value(got))
			if !ok2 || !back.Equal(got) || !sameInstant(back, got) {
				t.Fatalf("%q -> %s -> %q -> %s", s, got, windowtime.Value(got).ValueString(), back)
			}
			if d, err := maxDurationRule.Parse(maxDur); err == nil {
				if d < time.Minute || d > 24*time.Hour {
					t.Fatalf("max_duration %q accepted as %s", maxDur, d)
				}
				end := got.Add(d)
				tr := ephemeralwindow.NewTracker(0)
				w := tr.RenewAfter(got, end)
				if w <= 0 || (d >= 4*time.Second && w != d/2) {
					t.Fatalf("renew a %s window after %s", d, w)
				}
				if w2 := tr.RenewAfter(got.Add(d/2), end); w2 != max(d-d/2, 2*time.Second)/2 {
					t.Fatalf("server clock ignored: %s", w2)
				}
			}
		}
		for _, none := range []timetypes.RFC3339{timetypes.NewRFC3339Null(), timetypes.NewRFC3339Unknown()} {
			if _, ok := windowtime.Of(none); ok {
				t.Fatalf("%s reads as a time", none)
			}
		}
	})
}
