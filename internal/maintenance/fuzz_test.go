package maintenance

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/maintenanceapi"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/ephemeralwindow"
)

// Fuzz targets for the time conversions of o11y_maintenance: RFC 3339 in
// Terraform <-> "yyyy-MM-dd HH:mm" in the API's zone <-> epoch seconds from
// get, the minute-precision rule, and max_duration. The seeds run in every
// `go test`; .ci/fuzz.sh fuzzes each briefly.

var fuzzZones = func() []*time.Location {
	var out []*time.Location
	for _, n := range []string{"Asia/Seoul", "UTC", "America/New_York", "Europe/Berlin", "Asia/Kathmandu", "Australia/Lord_Howe"} {
		l, err := time.LoadLocation(n)
		if err != nil {
			panic(err)
		}
		out = append(out, l)
	}
	return out
}()

// wallTimeRepeats reports whether t's wall clock in loc happens twice (the
// hour repeated when daylight saving time ends): the naive API date cannot
// say which of the two instants is meant.
func wallTimeRepeats(t time.Time, loc *time.Location) bool {
	w := t.In(loc).Format(maintenanceapi.DateLayout)
	for _, d := range []time.Duration{-2 * time.Hour, -time.Hour, -30 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour} {
		if t.Add(d).In(loc).Format(maintenanceapi.DateLayout) == w {
			return true
		}
	}
	return false
}

// FuzzTimeRoundTrip follows a configured start_date through the API: the
// RFC 3339 string (any offset, such as +05:45) is read, checked for minute
// precision, sent as "yyyy-MM-dd HH:mm" in the API zone, read by the server
// in that zone, answered as epoch seconds and flattened back. A time with
// whole minutes comes back as the configured string (no diff) unless its
// wall time repeats at the end of daylight saving time; a time with seconds
// is a plan-time error. Whatever the server answers flattens to a valid
// RFC 3339 value of that instant.
func FuzzTimeRoundTrip(f *testing.F) {
	for _, s := range []int64{
		1763773200, // 2025-11-22T01:00:00Z
		1709164800, // 2024-02-29T00:00:00Z, leap day
		1710052200, // 2024-03-10T06:30:00Z, New York springs forward at 07:00Z
		1730611800, // 2024-11-03T05:30:00Z, 01:30 EDT: New York's repeated hour
		1730615400, // 2024-11-03T06:30:00Z, 01:30 EST
		1711846800, // 2024-03-31T01:00:00Z, Berlin springs forward
		1729990800, // 2024-10-27T01:00:00Z, Berlin falls back
		0, -60, 4102444800, 253370764800,
	} {
		for z := range fuzzZones {
			f.Add(s, int64(0), int16(0), uint8(z))
			f.Add(s, int64(0), int16(5*60+45), uint8(z))
		}
	}
	f.Add(int64(1763773230), int64(0), int16(-210), uint8(0))    // seconds
	f.Add(int64(1763773200), int64(1), int16(540), uint8(1))     // a nanosecond
	f.Add(int64(1763773200), int64(0), int16(24*60-1), uint8(2)) // +23:59
	f.Fuzz(func(t *testing.T, sec, nsec int64, offsetMin int16, zone uint8) {
		loc := fuzzZones[int(zone)%len(fuzzZones)]
		offset := time.FixedZone("cfg", int(offsetMin%(24*60))*60)
		in := time.Unix(sec, nsec).In(offset)
		if y := in.Year(); y < 1900 || y > 9998 || in.UTC().Year() > 9998 {
			return
		}
		cfg := timetypes.NewRFC3339ValueMust(in.Format(time.RFC3339Nano))
		p, ok := parseRFC3339(cfg)
		if !ok || !p.Equal(in) {
			t.Fatalf("%s reads as %s, %v", cfg, p, ok)
		}
		whole := in.Second() == 0 && in.Nanosecond() == 0
		if diags := validateTimes(p, p.Add(time.Hour)); diags.HasError() == whole {
			t.Fatalf("%s: minute-precision error %v, whole minutes %v: %v", cfg, diags.HasError(), whole, diags)
		}
		if diags := validateTimes(p.Truncate(time.Minute), p.Truncate(time.Minute)); !diags.HasError() {
			t.Fatalf("%s: an empty window passes", cfg)
		}

		// The API's way there and back.
		sent := maintenanceapi.New(nil, loc).FormatDate(p)
		onServer, err := time.ParseInLocation(maintenanceapi.DateLayout, sent, loc)
		if err != nil {
			t.Fatalf("%s is sent as %q, which the server cannot read: %v", cfg, sent, err)
		}
		answered := time.Unix(onServer.Unix(), 0) // get's epoch seconds
		kept := keepTime(cfg, answered, loc)
		if whole && !wallTimeRepeats(p, loc) && !kept.Equal(cfg) {
			t.Fatalf("%s in %s: sent %q, answered %s, flattened to %s: a diff", cfg, loc, sent, answered.UTC(), kept)
		}
		if !whole && kept.Equal(cfg) {
			t.Fatalf("%s: seconds survived a minute-precision API", cfg)
		}
		// Whatever the server answers is stored as itself.
		for _, v := range []timetypes.RFC3339{kept, keepTime(timetypes.NewRFC3339Null(), answered, loc)} {
			got, ok := parseRFC3339(v)
			if !ok || !got.Equal(answered) && !v.Equal(cfg) {
				t.Fatalf("answer %s flattened to %s (%v)", answered.UTC(), v, ok)
			}
		}
		if !keepTime(timetypes.NewRFC3339Null(), time.Time{}, loc).IsNull() {
			t.Fatal("no time must flatten to null")
		}
	})
}

var quoted = regexp.MustCompile(`"([^"]*)"`)

// FuzzMaxDuration reads the ephemeral resource's max_duration and opens a
// window with it. An accepted value is whole minutes between 1m and 24h and
// survives printing; a refused value whose only fault is a part of a minute
// suggests a value that is accepted. The window starts on the minute of now
// and lasts exactly max_duration.
func FuzzMaxDuration(f *testing.F) {
	for _, s := range []string{"30m", "1m", "24h", "1h30m", "90m", "1m30s", "23h59m30s", "59s", "24h1m", "0", "-5m",
		"1.5h", "1440m", "86400s", "1h0.5m", "", "m", "9223372036854775807ns", "2562047h47m16.854775807s", "1d"} {
		f.Add(s, int64(1763773231), int64(0))
	}
	f.Add("30m", int64(1730611799), int64(999999999))
	f.Fuzz(func(t *testing.T, s string, nowSec, nowNsec int64) {
		d, err := maxDurationRule.Parse(s)
		if err != nil {
			if pd, perr := time.ParseDuration(s); perr == nil && pd >= time.Minute && pd <= 24*time.Hour {
				m := quoted.FindAllStringSubmatch(err.Error(), -1)
				if len(m) == 0 {
					t.Fatalf("%q: no suggestion in %q", s, err)
				}
				if _, serr := maxDurationRule.Parse(m[len(m)-1][1]); serr != nil {
					t.Fatalf("%q: the suggested %q is refused too: %v", s, m[len(m)-1][1], serr)
				}
			}
			if !strings.Contains(err.Error(), "max_duration") && !strings.Contains(err.Error(), "not a duration") {
				t.Fatalf("%q: %q does not say what is wrong", s, err)
			}
			return
		}
		if d < time.Minute || d > 24*time.Hour || d%time.Minute != 0 {
			t.Fatalf("%q accepted as %s", s, d)
		}
		if again, err := maxDurationRule.Parse(d.String()); err != nil || again != d {
			t.Fatalf("%q -> %s does not read back: %s, %v", s, d, again, err)
		}
		now := time.Unix(nowSec, nowNsec)
		if now.Year() < 1900 || now.Year() > 9990 {
			return
		}
		start, end := windowEnd(now, d)
		if start.After(now) || now.Sub(start) >= time.Minute || start.UTC().Second() != 0 || start.Nanosecond() != 0 || end.Sub(start) != d {
			t.Fatalf("window at %s for %s: %s .. %s", now, d, start, end)
		}
		if w := ephemeralwindow.NewTracker(0).RenewAfter(now, end); w <= 0 || w > d {
			t.Fatalf("renew after %s for a window of %s", w, d)
		}
	})
}
