package recurrence

import (
	"fmt"
	"strings"
	"testing"
	"time"

	rrule "github.com/teambition/rrule-go"
)

// bruteForce is what Window must give in UTC (where wall clock and instant
// are one), read from rrule-go from first_start on without any of this
// package's shortcuts.
func bruteForce(t testing.TB, spec Spec, now time.Time) []string {
	t.Helper()
	r, p := parseRule(spec.RRule)
	if p != nil {
		t.Fatal(p)
	}
	first, err := parseLocal(spec.FirstStart)
	if err != nil {
		t.Fatal(err)
	}
	d, err := time.ParseDuration(spec.Duration)
	if err != nil {
		t.Fatal(err)
	}
	h, err := time.ParseDuration(spec.Horizon)
	if err != nil {
		t.Fatal(err)
	}
	opt := r.opt
	opt.Dtstart, opt.Count = first, r.count
	if r.until.kind == untilUTC {
		opt.Until = r.until.t
	}
	rr, err := rrule.NewRRule(opt)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	next := rr.Iterator()
	for i := 0; i < 5_000_000; i++ {
		v, ok := next()
		if !ok || !v.Before(now.Add(h)) {
			return out
		}
		if v.Add(d).After(now) {
			out = append(out, key(v))
		}
	}
	t.Fatalf("%s: brute force did not end", spec.RRule)
	return nil
}

// TestFastForward: moving DTSTART on by whole periods, and into the
// period, gives what expanding from first_start gives.
func TestFastForward(t *testing.T) {
	t.Parallel()
	rules := []struct {
		rule  string
		first string
		span  time.Duration // how far after first_start "now" goes
	}{
		{"FREQ=YEARLY", "2020-02-29T03:00", 9 * 365 * 24 * time.Hour},
		{"FREQ=YEARLY;INTERVAL=3;BYMONTH=3,9;BYDAY=-1SU", "2021-03-28T01:00", 9 * 365 * 24 * time.Hour},
		{"FREQ=YEARLY;BYWEEKNO=1,20;BYDAY=MO", "2021-01-04T01:00", 6 * 365 * 24 * time.Hour},
		{"FREQ=YEARLY;BYYEARDAY=1,100,-1", "2021-01-01T05:00", 6 * 365 * 24 * time.Hour},
		{"FREQ=YEARLY;BYMONTH=6;BYDAY=MO,FR;BYSETPOS=1,-1", "2021-06-01T05:00", 6 * 365 * 24 * time.Hour},
		{"FREQ=MONTHLY", "2021-01-31T05:00", 4 * 365 * 24 * time.Hour},
		{"FREQ=MONTHLY;INTERVAL=5;BYDAY=2TU", "2021-01-12T05:00", 5 * 365 * 24 * time.Hour},
		{"FREQ=MONTHLY;INTERVAL=2;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "2021-01-29T05:00", 4 * 365 * 24 * time.Hour},
		{"FREQ=MONTHLY;BYMONTHDAY=1,15,-1;BYHOUR=0,12", "2021-01-01T00:00", 3 * 365 * 24 * time.Hour},
		{"FREQ=WEEKLY", "2021-01-06T05:00", 3 * 365 * 24 * time.Hour},
		{"FREQ=WEEKLY;INTERVAL=2;BYDAY=SU", "2027-01-03T02:00", 2 * 365 * 24 * time.Hour},
		{"FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,SU;WKST=SU", "2021-01-03T02:00", 3 * 365 * 24 * time.Hour},
		{"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SA;BYSETPOS=2;WKST=WE", "2021-01-05T02:00", 3 * 365 * 24 * time.Hour},
		{"FREQ=WEEKLY;INTERVAL=7;BYDAY=FR;BYHOUR=8,20;BYMINUTE=15", "2021-01-01T08:15", 3 * 365 * 24 * time.Hour},
		{"FREQ=DAILY", "2021-01-01T23:59:59", 3 * 365 * 24 * time.Hour},
		{"FREQ=DAILY;INTERVAL=9;BYMONTH=1,2,12", "2021-01-01T10:00", 3 * 365 * 24 * time.Hour},
		{"FREQ=DAILY;INTERVAL=3;BYHOUR=1,2,3;BYSETPOS=-1", "2021-01-01T10:00", 2 * 365 * 24 * time.Hour},
		{"FREQ=HOURLY;INTERVAL=7", "2026-12-01T10:20", 60 * 24 * time.Hour},
		{"FREQ=HOURLY;INTERVAL=5;BYHOUR=0,10,15;BYMINUTE=0,30;BYDAY=SA", "2026-11-01T10:00", 60 * 24 * time.Hour},
		{"FREQ=HOURLY;INTERVAL=25;BYSETPOS=1;BYMINUTE=5,10", "2026-11-01T10:00", 60 * 24 * time.Hour},
		{"FREQ=MINUTELY;INTERVAL=97", "2026-12-20T10:03", 15 * 24 * time.Hour},
		{"FREQ=MINUTELY;INTERVAL=90;BYHOUR=1,2,3,4,5", "2026-12-20T01:30", 15 * 24 * time.Hour},
		{"FREQ=SECONDLY;INTERVAL=7919", "2026-12-28T10:03:07", 4 * 24 * time.Hour},
		{"FREQ=DAILY;COUNT=500", "2026-01-01T03:00", 2 * 365 * 24 * time.Hour},
		{"FREQ=WEEKLY;UNTIL=20280101T000000Z;BYDAY=TU,TH", "2026-01-01T03:00", 3 * 365 * 24 * time.Hour},
	}
	for _, c := range rules {
		t.Run(c.rule, func(t *testing.T) {
			t.Parallel()
			spec := Spec{TimeZone: "UTC", FirstStart: c.first, RRule: c.rule, Duration: "1s", Horizon: "720h"}
			if strings.Contains(c.rule, "MINUTELY") || strings.Contains(c.rule, "SECONDLY") || strings.Contains(c.rule, "HOURLY") {
				spec.Horizon = "48h"
			}
			s, ps := Compile(spec)
			if ps.HasError() {
				t.Fatal(ps)
			}
			first, _ := parseLocal(c.first)
			const steps = 37
			for i := 0; i <= steps; i++ {
				now := first.Add(-time.Hour).Add(c.span / steps * time.Duration(i)).Add(time.Duration(i) * 7777 * time.Second)
				got, ps := s.Window(now)
				if ps.HasError() {
					t.Fatalf("now %s: %v", now, ps)
				}
				if d := diffLines(keys(got), bruteForce(t, spec, now)); d != "" {
					t.Fatalf("now %s: %s", now, d)
				}
			}
		})
	}
}

// TestShiftYears: a span is moved by whole 400-year cycles to end just
// before year 9999, and never back.
func TestShiftYears(t *testing.T) {
	t.Parallel()
	for year, want := range map[int]int{2027: 7600, 2428: 7200, 9598: 400, 9599: 0, 9999: 0, 12000: 0} {
		if got := shiftYears(time.Date(year, 6, 1, 0, 0, 0, 0, time.UTC)); got != want {
			t.Errorf("shiftYears(%d) = %d, want %d", year, got, want)
		}
	}
	// The calendar repeats: same weekday, and Feb 29 exists.
	d := time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC)
	if s := d.AddDate(7600, 0, 0); s.Weekday() != d.Weekday() || s.Day() != 29 {
		t.Errorf("%s moved is %s", d, s)
	}
}

// TestImpossibleRulesEnd: rules that never match end, and quickly; some
// would have rrule-go search forever.
func TestImpossibleRulesEnd(t *testing.T) {
	t.Parallel()
	for _, rule := range []string{
		"FREQ=HOURLY;INTERVAL=2;BYHOUR=3",
		"FREQ=MINUTELY;INTERVAL=120;BYHOUR=3",
		"FREQ=SECONDLY;INTERVAL=7200;BYHOUR=3,5",
		"FREQ=DAILY;INTERVAL=7;BYDAY=TU",
		"FREQ=HOURLY;INTERVAL=168;BYDAY=TU",
		"FREQ=YEARLY;BYYEARDAY=1;BYMONTH=2",
		"FREQ=YEARLY;BYWEEKNO=1;BYMONTH=6",
		"FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6",
		"FREQ=MONTHLY;INTERVAL=12;BYMONTH=2",
		"FREQ=YEARLY;INTERVAL=400;BYMONTH=2;BYMONTHDAY=29",
	} {
		t.Run(rule, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			// first_start 2027-01-04 is a Monday in an even hour, in January.
			s, ps := Compile(Spec{TimeZone: "UTC", FirstStart: "2027-01-04T00:00", RRule: rule, Duration: "1m"})
			if s != nil || !ps.HasError() {
				t.Fatalf("compiled, %v", ps)
			}
			if k := ps.Errors()[0].Kind; k != KindUnreachable && k != KindNoOccurrence {
				t.Errorf("kind %s: %v", k, ps)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %s", d)
			}
		})
	}
}

// TestExpansionIsBounded: a minutely rule is read only as far as needed,
// whatever first_start is.
func TestExpansionIsBounded(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		rule, horizon string
		kind          Kind
	}{
		{"FREQ=MINUTELY", "2160h", KindTooMany},            // stops after the 51st
		{"FREQ=MINUTELY;INTERVAL=2592", "2160h", ""},       // every 1.8 days: 50 in 90 days
		{"FREQ=MINUTELY;BYHOUR=3;BYMINUTE=0", "1200h", ""}, // daily through a minutely rule
		{"FREQ=SECONDLY;BYHOUR=3;BYMINUTE=0;BYSECOND=0", "1200h", ""},
	} {
		t.Run(c.rule, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			s := mustCompile(t, Spec{TimeZone: "Europe/Berlin", FirstStart: "2020-01-01T03:00", RRule: c.rule, Duration: "30s", Horizon: c.horizon})
			occs, ps := s.Window(fakeNow)
			switch {
			case c.kind == "" && (len(ps) > 0 || len(occs) == 0 || len(occs) > MaxOccurrences):
				t.Errorf("%d occurrences, %v", len(occs), ps)
			case c.kind != "" && (len(ps) != 1 || ps[0].Kind != c.kind):
				t.Errorf("problems %v, want %s", ps, c.kind)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %s", d)
			}
		})
	}
}

func BenchmarkWindowMinutely(b *testing.B) {
	s, ps := Compile(Spec{TimeZone: "Europe/Berlin", FirstStart: "2020-01-01T03:00", RRule: "FREQ=MINUTELY;INTERVAL=2592", Duration: "1h", Horizon: "2160h"})
	if ps.HasError() {
		b.Fatal(ps)
	}
	for b.Loop() {
		if _, ps := s.Window(fakeNow); len(ps) > 0 {
			b.Fatal(ps)
		}
	}
}

func ExampleSchedule_Window() {
	s, _ := Compile(Spec{
		TimeZone:   "Europe/Berlin",
		FirstStart: "2027-03-21T02:30",
		RRule:      "FREQ=WEEKLY;BYDAY=SU",
		Duration:   "2h",
		Horizon:    "336h",
	})
	occs, _ := s.Window(time.Date(2027, 3, 20, 0, 0, 0, 0, time.UTC))
	for _, o := range occs {
		fmt.Println(o)
	}
	// Output:
	// 2027-03-21T02:30 (2027-03-21T02:30:00+01:00 to 2027-03-21T04:30:00+01:00)
	// 2027-03-28T02:30 (2027-03-28T03:00:00+02:00 to 2027-03-28T05:00:00+02:00, moved to the end of the daylight-saving gap)
}
