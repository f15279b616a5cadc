package recurrence

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

var fuzzZones = []string{
	"UTC", "America/New_York", "Europe/Berlin", "Asia/Seoul", "Australia/Lord_Howe",
	"Pacific/Apia", "America/Santiago", "America/St_Johns", "Antarctica/Troll", "Africa/Casablanca",
}

// FuzzExpand: whatever the input, Compile and Window do not panic or
// hang, and the windows they give are ordered, apart, within the horizon,
// at most MaxOccurrences, and each starts where the DST rules say: at its
// nominal wall clock (the first of two if it is repeated) or, when that
// does not exist, at the first valid instant after it.
func FuzzExpand(f *testing.F) {
	seeds := []struct {
		zone                                   uint8
		first, rule, duration, horizon, except string
		now                                    int64
	}{
		{1, "2027-03-07T02:30", "FREQ=WEEKLY;BYDAY=SU", "2h", "", "", utc("2027-03-01T00:00:00Z").Unix()},
		{1, "2027-03-14T00:00", "FREQ=HOURLY", "30m", "24h", "", utc("2027-03-14T00:00:00Z").Unix()},
		{1, "2027-11-07T00:30", "FREQ=HOURLY;INTERVAL=1", "59m", "24h", "", utc("2027-11-06T20:00:00Z").Unix()},
		{2, "2027-03-27T00:30", "FREQ=DAILY", "2h", "72h", "2027-03-29", utc("2027-03-27T00:00:00Z").Unix()},
		{2, "2027-10-31T02:30", "FREQ=MINUTELY;INTERVAL=30", "10m", "20h", "", utc("2027-10-30T20:00:00Z").Unix()},
		{3, "2027-01-12T10:00", "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2", "2h", "2160h", "2027-02-09", fakeNow.Unix()},
		{3, "2027-01-29T18:00", "FREQ=MONTHLY;BYDAY=-1FR", "2h", "2160h", "", fakeNow.Unix()},
		{0, "2027-01-03T02:00", "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU;COUNT=10", "4h", "", "", fakeNow.Unix()},
		{0, "2020-01-01T00:00", "FREQ=MINUTELY", "30s", "2160h", "", fakeNow.Unix()},
		{4, "2027-10-03T02:15", "FREQ=DAILY;UNTIL=20271010T000000Z", "30m", "", "", utc("2027-10-01T00:00:00Z").Unix()},
		{5, "2011-12-28T12:00", "FREQ=DAILY", "1h", "168h", "", utc("2011-12-27T00:00:00Z").Unix()},
		{8, "2027-03-28T01:30", "FREQ=HOURLY;BYHOUR=0,1,2,3,4", "20m", "48h", "", utc("2027-03-27T00:00:00Z").Unix()},
		{2, "2027-03-28T02:30:15", "FREQ=SECONDLY;INTERVAL=3600;BYMINUTE=30", "5m", "24h", "", utc("2027-03-27T20:00:00Z").Unix()},
		{6, "2027-01-01T00:00", "FREQ=YEARLY;BYWEEKNO=1,53;BYDAY=MO", "1h", "", "", fakeNow.Unix()},
		{0, "2027-01-04T00:00", "FREQ=HOURLY;INTERVAL=2;BYHOUR=3", "1m", "", "", fakeNow.Unix()},
		{0, "2027-01-04T00:00", "DTSTART:20270104T000000\nRRULE:FREQ=DAILY", "1m", "", "", fakeNow.Unix()},
	}
	for _, s := range seeds {
		f.Add(s.zone, s.first, s.rule, s.duration, s.horizon, s.except, s.now)
	}
	f.Fuzz(func(t *testing.T, zone uint8, first, rule, duration, horizon, except string, nowUnix int64) {
		spec := Spec{
			TimeZone: fuzzZones[int(zone)%len(fuzzZones)], FirstStart: first, RRule: rule,
			Duration: duration, Horizon: horizon,
		}
		if except != "" {
			spec.ExceptDates = strings.Split(except, ",")
		}
		s, ps := Compile(spec)
		if s == nil {
			if !ps.HasError() {
				t.Fatalf("no Schedule and no error: %v", ps)
			}
			return
		}
		if ps.HasError() {
			t.Fatalf("a Schedule and errors: %v", ps)
		}
		// Any instant from 1970 to 2170.
		const span = 200 * 365 * 24 * 3600
		now := time.Unix(((nowUnix%span)+span)%span, 0)
		occs, ps := s.Window(now)
		if len(ps) > 0 {
			if occs != nil || !ps.HasError() {
				t.Fatalf("occurrences %v with problems %v", occs, ps)
			}
			return
		}
		checkWindow(t, s, spec, now, occs)
	})
}

func checkWindow(t *testing.T, s *Schedule, spec Spec, now time.Time, occs []Occurrence) {
	t.Helper()
	loc := s.Location()
	if len(occs) > MaxOccurrences {
		t.Fatalf("%d occurrences", len(occs))
	}
	except := map[string]bool{}
	for _, d := range spec.ExceptDates {
		except[d] = true
	}
	seen := map[string]bool{}
	for i, o := range occs {
		if i > 0 {
			prev := occs[i-1]
			if !prev.Start.Before(o.Start) || !prev.End.Before(o.Start) {
				t.Fatalf("%s and %s are not in order and apart", prev, o)
			}
		}
		if seen[o.Key] || except[o.Date] || o.Date != o.Key[:10] {
			t.Fatalf("%s: repeated, excepted or dated %s", o, o.Date)
		}
		seen[o.Key] = true
		if !o.End.Equal(o.Start.Add(s.Duration())) || !o.End.After(now) || !o.Start.Before(now.Add(s.Horizon())) {
			t.Fatalf("%s is not a window of %s overlapping [%s, +%s)", o, s.Duration(), now, s.Horizon())
		}
		if o.Start.Location() != loc {
			t.Fatalf("%s: in %s, not %s", o, o.Start.Location(), loc)
		}
		layout := minuteLayout
		if len(o.Key) == len(secondLayout) {
			layout = secondLayout
		}
		nominal, err := time.Parse(layout, o.Key)
		if err != nil || key(nominal) != o.Key {
			t.Fatalf("%s: key does not parse: %v", o, err)
		}
		wall := floating(o.Start)
		if !o.Shifted {
			// The nominal wall clock, and its first instant.
			if !wall.Equal(nominal) {
				t.Fatalf("%s: starts at wall clock %s", o, wall)
			}
			for d := 15 * time.Minute; d <= 26*time.Hour; d += 15 * time.Minute {
				if floating(o.Start.Add(-d)).Equal(nominal) {
					t.Fatalf("%s: %s earlier shows the same wall clock", o, d)
				}
			}
			continue
		}
		// The gap: the wall clock jumps over the nominal one at Start.
		if before := floating(o.Start.Add(-time.Nanosecond)); !before.Before(nominal) || !wall.After(nominal) {
			t.Fatalf("%s: wall clock %s just before and %s at start do not skip %s", o, before, wall, nominal)
		}
	}
}

// FuzzFastForward builds rules from parts and checks, in UTC, that Window
// gives what a plain expansion from first_start gives: moving DTSTART on
// keeps every rule's phase.
func FuzzFastForward(f *testing.F) {
	f.Add(uint8(2), uint16(2), uint8(0b1000000), uint32(0), uint16(0), uint32(1<<2), uint8(0), int32(0), int64(86400*200), uint32(7200))
	f.Add(uint8(1), uint16(1), uint8(0b0000010), uint32(0), uint16(2), uint32(1<<10), uint8(30), int32(1000), int64(86400*400), uint32(3600))
	f.Add(uint8(4), uint16(5), uint8(0), uint32(0), uint16(0), uint32(0), uint8(15), int32(-5000), int64(86400*9), uint32(600))
	f.Add(uint8(0), uint16(3), uint8(0b0010000), uint32(1<<3), uint16(1), uint32(0), uint8(0), int32(0), int64(86400*2000), uint32(3600))
	f.Add(uint8(5), uint16(97), uint8(0), uint32(0), uint16(0), uint32(1<<5|1<<6), uint8(45), int32(77), int64(86400*3), uint32(60))
	f.Fuzz(func(t *testing.T, freq uint8, interval uint16, days uint8, monthDays uint32, setpos uint16, hours uint32, minute uint8, firstOffset int32, nowOffset int64, duration uint32) {
		freqs := []string{"YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY", "SECONDLY"}
		fq := freqs[int(freq)%len(freqs)]
		parts := []string{"FREQ=" + fq, "INTERVAL=" + itoa(1+int(interval)%40)}
		var by []string
		for i, d := range []string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"} {
			if days&(1<<i) != 0 {
				by = append(by, d)
			}
		}
		if len(by) > 0 {
			parts = append(parts, "BYDAY="+strings.Join(by, ","))
		}
		if fq != "WEEKLY" {
			by = nil
			for i := 0; i < 31; i++ {
				if monthDays&(1<<i) != 0 {
					by = append(by, itoa(i+1))
				}
			}
			if monthDays&(1<<31) != 0 {
				by = append(by, "-1")
			}
			if len(by) > 0 {
				parts = append(parts, "BYMONTHDAY="+strings.Join(by, ","))
			}
		}
		by = nil
		for i := 0; i < 24; i++ {
			if hours&(1<<i) != 0 {
				by = append(by, itoa(i))
			}
		}
		if len(by) > 0 {
			parts = append(parts, "BYHOUR="+strings.Join(by, ","))
		}
		if minute < 60 && fq != "SECONDLY" {
			parts = append(parts, "BYMINUTE="+itoa(int(minute)))
		}
		if setpos%4 != 0 && len(parts) > 2 {
			parts = append(parts, "BYSETPOS="+[]string{"", "1", "-1", "2,-2"}[setpos%4])
		}
		rule := strings.Join(parts, ";")
		sub := fq == "HOURLY" || fq == "MINUTELY" || fq == "SECONDLY"
		first := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(firstOffset) * time.Minute)
		span := int64(3 * 365 * 86400)
		horizon := "720h"
		if sub {
			span, horizon = 20*86400, "48h"
			if fq == "SECONDLY" {
				span, horizon = 86400, "1h"
			}
		}
		now := first.Add(time.Duration(((nowOffset%span)+span)%span) * time.Second)
		spec := Spec{TimeZone: "UTC", FirstStart: first.Format(secondLayout), RRule: rule, Duration: itoa(1+int(duration%86400)) + "s", Horizon: horizon}
		s, ps := Compile(spec)
		if s == nil {
			if sub && len(ps) == 1 && ps[0].Kind == KindNoOccurrence {
				neverWithin(t, spec)
			}
			return
		}
		occs, ps := s.Window(now)
		if len(ps) > 0 {
			return
		}
		checkWindow(t, s, spec, now, occs)
		if d := diffLines(keys(occs), bruteForce(t, spec, now)); d != "" {
			t.Fatalf("%s from %s, now %s: %s", rule, spec.FirstStart, now, d)
		}
	})
}

func itoa(n int) string { return strconv.Itoa(n) }

// neverWithin checks a sub-daily rule that neverSubDaily called
// impossible with rrule-go itself, over two years, where that is cheap
// enough: at most 48 ticks a day.
func neverWithin(t *testing.T, spec Spec) {
	r, _ := parseRule(spec.RRule)
	unit := map[string]int{"HOURLY": 3600, "MINUTELY": 60, "SECONDLY": 1}[r.opt.Freq.String()]
	if max(1, r.opt.Interval)*unit < 1800 {
		return
	}
	first, _ := parseLocal(spec.FirstStart)
	e := newEngine(r, first, time.UTC)
	if p := e.walk(first, first.AddDate(2, 0, 0), func(o occ) bool {
		t.Fatalf("%s from %s: called impossible, but has %s", spec.RRule, spec.FirstStart, key(o.wall))
		return false
	}); p != nil {
		t.Fatal(p)
	}
}
