package recurrence

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// fakeNow is the "now" of tests that do not say otherwise.
var fakeNow = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// render writes occurrences as "KEY START END", the instants in the
// schedule's zone, " shifted" after one moved by the DST gap.
func render(occs []Occurrence) []string {
	out := []string{}
	for _, o := range occs {
		s := o.Key + " " + o.Start.Format(time.RFC3339) + " " + o.End.Format(time.RFC3339)
		if o.Shifted {
			s += " shifted"
		}
		out = append(out, s)
	}
	return out
}

func keys(occs []Occurrence) []string {
	out := []string{}
	for _, o := range occs {
		out = append(out, o.Key)
	}
	return out
}

func mustCompile(t *testing.T, spec Spec) *Schedule {
	t.Helper()
	s, ps := Compile(spec)
	if ps.HasError() {
		t.Fatalf("Compile(%+v): %v", spec, ps)
	}
	return s
}

func mustWindow(t *testing.T, spec Spec, now time.Time) []Occurrence {
	t.Helper()
	occs, ps := mustCompile(t, spec).Window(now)
	if len(ps) > 0 {
		t.Fatalf("Window(%s) of %+v: %v", now, spec, ps)
	}
	return occs
}

func diffLines(got, want []string) string {
	if slices.Equal(got, want) {
		return ""
	}
	return fmt.Sprintf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
}

// TestWindowDST: daily, weekly and hourly rules on the nights New York and
// Berlin change their clocks in 2027, and in Seoul, which does not. The
// instants are written out; the UTC equivalents are in the comments.
func TestWindowDST(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		spec Spec
		now  string
		want []string
	}{
		{
			name: "New York weekly in the gap",
			spec: Spec{TimeZone: "America/New_York", FirstStart: "2027-03-07T02:30", RRule: "FREQ=WEEKLY;BYDAY=SU", Duration: "2h"},
			now:  "2027-03-01T00:00:00Z",
			want: []string{
				"2027-03-07T02:30 2027-03-07T02:30:00-05:00 2027-03-07T04:30:00-05:00",         // 07:30Z
				"2027-03-14T02:30 2027-03-14T03:00:00-04:00 2027-03-14T05:00:00-04:00 shifted", // 07:00Z-09:00Z
			},
		},
		{
			name: "New York daily in the gap",
			spec: Spec{TimeZone: "America/New_York", FirstStart: "2027-03-13T02:30", RRule: "FREQ=DAILY", Duration: "2h", Horizon: "72h"},
			now:  "2027-03-13T00:00:00Z",
			want: []string{
				"2027-03-13T02:30 2027-03-13T02:30:00-05:00 2027-03-13T04:30:00-05:00",
				"2027-03-14T02:30 2027-03-14T03:00:00-04:00 2027-03-14T05:00:00-04:00 shifted",
				"2027-03-15T02:30 2027-03-15T02:30:00-04:00 2027-03-15T04:30:00-04:00", // 06:30Z
			},
		},
		{
			// 02:00 does not exist and starts at 03:00 EDT, the instant of
			// the 03:00 occurrence: they are one window, 03:00's. The
			// occurrence starting at now+horizon (06:00 EDT, 10:00Z) is out.
			name: "New York hourly through the gap",
			spec: Spec{TimeZone: "America/New_York", FirstStart: "2027-03-14T00:00", RRule: "FREQ=HOURLY", Duration: "30m", Horizon: "6h"},
			now:  "2027-03-14T04:00:00Z",
			want: []string{
				"2027-03-14T00:00 2027-03-14T00:00:00-05:00 2027-03-14T00:30:00-05:00", // 05:00Z
				"2027-03-14T01:00 2027-03-14T01:00:00-05:00 2027-03-14T01:30:00-05:00", // 06:00Z
				"2027-03-14T03:00 2027-03-14T03:00:00-04:00 2027-03-14T03:30:00-04:00", // 07:00Z
				"2027-03-14T04:00 2027-03-14T04:00:00-04:00 2027-03-14T04:30:00-04:00", // 08:00Z
				"2027-03-14T05:00 2027-03-14T05:00:00-04:00 2027-03-14T05:30:00-04:00", // 09:00Z
			},
		},
		{
			name: "New York hourly at half past through the gap",
			spec: Spec{TimeZone: "America/New_York", FirstStart: "2027-03-14T00:30", RRule: "FREQ=HOURLY", Duration: "20m", Horizon: "4h"},
			now:  "2027-03-14T05:00:00Z",
			want: []string{
				"2027-03-14T00:30 2027-03-14T00:30:00-05:00 2027-03-14T00:50:00-05:00",         // 05:30Z
				"2027-03-14T01:30 2027-03-14T01:30:00-05:00 2027-03-14T01:50:00-05:00",         // 06:30Z
				"2027-03-14T02:30 2027-03-14T03:00:00-04:00 2027-03-14T03:20:00-04:00 shifted", // 07:00Z
				"2027-03-14T03:30 2027-03-14T03:30:00-04:00 2027-03-14T03:50:00-04:00",         // 07:30Z
				"2027-03-14T04:30 2027-03-14T04:30:00-04:00 2027-03-14T04:50:00-04:00",         // 08:30Z
			},
		},
		{
			// The repeated hour 01:00-02:00 has one occurrence, at its
			// first pass (EDT); 01:00 EST (06:00Z) is none.
			name: "New York hourly through the overlap",
			spec: Spec{TimeZone: "America/New_York", FirstStart: "2027-11-07T00:00", RRule: "FREQ=HOURLY", Duration: "30m", Horizon: "5h"},
			now:  "2027-11-07T03:00:00Z",
			want: []string{
				"2027-11-07T00:00 2027-11-07T00:00:00-04:00 2027-11-07T00:30:00-04:00", // 04:00Z
				"2027-11-07T01:00 2027-11-07T01:00:00-04:00 2027-11-07T01:30:00-04:00", // 05:00Z
				"2027-11-07T02:00 2027-11-07T02:00:00-05:00 2027-11-07T02:30:00-05:00", // 07:00Z
			},
		},
		{
			// 1h of elapsed time from 01:30 EDT ends at the second 01:30.
			name: "New York daily in the overlap",
			spec: Spec{TimeZone: "America/New_York", FirstStart: "2027-11-06T01:30", RRule: "FREQ=DAILY", Duration: "1h", Horizon: "72h"},
			now:  "2027-11-06T00:00:00Z",
			want: []string{
				"2027-11-06T01:30 2027-11-06T01:30:00-04:00 2027-11-06T02:30:00-04:00", // 05:30Z
				"2027-11-07T01:30 2027-11-07T01:30:00-04:00 2027-11-07T01:30:00-05:00", // 05:30Z-06:30Z
				"2027-11-08T01:30 2027-11-08T01:30:00-05:00 2027-11-08T02:30:00-05:00", // 06:30Z
			},
		},
		{
			name: "New York weekly in the overlap",
			spec: Spec{TimeZone: "America/New_York", FirstStart: "2027-10-31T01:30", RRule: "FREQ=WEEKLY;BYDAY=SU", Duration: "90m"},
			now:  "2027-10-30T00:00:00Z",
			want: []string{
				"2027-10-31T01:30 2027-10-31T01:30:00-04:00 2027-10-31T03:00:00-04:00",
				"2027-11-07T01:30 2027-11-07T01:30:00-04:00 2027-11-07T02:00:00-05:00", // 05:30Z-07:00Z
			},
		},
		{
			name: "Berlin weekly in the gap",
			spec: Spec{TimeZone: "Europe/Berlin", FirstStart: "2027-03-21T02:30", RRule: "FREQ=WEEKLY;BYDAY=SU", Duration: "2h"},
			now:  "2027-03-20T00:00:00Z",
			want: []string{
				"2027-03-21T02:30 2027-03-21T02:30:00+01:00 2027-03-21T04:30:00+01:00",         // 01:30Z
				"2027-03-28T02:30 2027-03-28T03:00:00+02:00 2027-03-28T05:00:00+02:00 shifted", // 01:00Z-03:00Z
			},
		},
		{
			// 2h from 00:30 CET (23:30Z) is 01:30Z: 03:30 CEST.
			name: "Berlin daily across the gap",
			spec: Spec{TimeZone: "Europe/Berlin", FirstStart: "2027-03-27T00:30", RRule: "FREQ=DAILY", Duration: "2h", Horizon: "48h"},
			now:  "2027-03-27T02:00:00Z",
			want: []string{
				"2027-03-28T00:30 2027-03-28T00:30:00+01:00 2027-03-28T03:30:00+02:00", // 2027-03-27T23:30Z-01:30Z
				"2027-03-29T00:30 2027-03-29T00:30:00+02:00 2027-03-29T02:30:00+02:00",
			},
		},
		{
			name: "Berlin hourly through the gap",
			spec: Spec{TimeZone: "Europe/Berlin", FirstStart: "2027-03-28T00:00", RRule: "FREQ=HOURLY", Duration: "15m", Horizon: "3h"},
			now:  "2027-03-27T23:30:00Z",
			want: []string{
				"2027-03-28T01:00 2027-03-28T01:00:00+01:00 2027-03-28T01:15:00+01:00", // 00:00Z
				"2027-03-28T03:00 2027-03-28T03:00:00+02:00 2027-03-28T03:15:00+02:00", // 01:00Z
				"2027-03-28T04:00 2027-03-28T04:00:00+02:00 2027-03-28T04:15:00+02:00", // 02:00Z
			},
		},
		{
			// 02:30 happens twice; the occurrence is the CEST one (00:30Z).
			name: "Berlin daily in the overlap",
			spec: Spec{TimeZone: "Europe/Berlin", FirstStart: "2027-10-30T02:30", RRule: "FREQ=DAILY", Duration: "1h", Horizon: "48h"},
			now:  "2027-10-30T00:00:00Z",
			want: []string{
				"2027-10-30T02:30 2027-10-30T02:30:00+02:00 2027-10-30T03:30:00+02:00",
				"2027-10-31T02:30 2027-10-31T02:30:00+02:00 2027-10-31T02:30:00+01:00", // 00:30Z-01:30Z
			},
		},
		{
			name: "Berlin weekly in the overlap",
			spec: Spec{TimeZone: "Europe/Berlin", FirstStart: "2027-10-31T02:00", RRule: "FREQ=WEEKLY;BYDAY=SU", Duration: "30m"},
			now:  "2027-10-30T00:00:00Z",
			want: []string{
				"2027-10-31T02:00 2027-10-31T02:00:00+02:00 2027-10-31T02:30:00+02:00", // 00:00Z
				"2027-11-07T02:00 2027-11-07T02:00:00+01:00 2027-11-07T02:30:00+01:00",
			},
		},
		{
			name: "Berlin hourly through the overlap",
			spec: Spec{TimeZone: "Europe/Berlin", FirstStart: "2027-10-31T00:00", RRule: "FREQ=HOURLY", Duration: "30m", Horizon: "4h"},
			now:  "2027-10-30T23:00:00Z",
			want: []string{
				"2027-10-31T01:00 2027-10-31T01:00:00+02:00 2027-10-31T01:30:00+02:00", // 23:00Z
				"2027-10-31T02:00 2027-10-31T02:00:00+02:00 2027-10-31T02:30:00+02:00", // 00:00Z
				"2027-10-31T03:00 2027-10-31T03:00:00+01:00 2027-10-31T03:30:00+01:00", // 02:00Z
			},
		},
		{
			name: "Seoul daily on Berlin's gap night",
			spec: Spec{TimeZone: "Asia/Seoul", FirstStart: "2027-03-27T02:30", RRule: "FREQ=DAILY", Duration: "2h", Horizon: "48h"},
			now:  "2027-03-26T12:00:00Z",
			want: []string{
				"2027-03-27T02:30 2027-03-27T02:30:00+09:00 2027-03-27T04:30:00+09:00", // 2027-03-26T17:30Z
				"2027-03-28T02:30 2027-03-28T02:30:00+09:00 2027-03-28T04:30:00+09:00",
			},
		},
		{
			name: "Seoul weekly",
			spec: Spec{TimeZone: "Asia/Seoul", FirstStart: "2027-03-14T02:30", RRule: "FREQ=WEEKLY;BYDAY=SU", Duration: "2h"},
			now:  "2027-03-13T00:00:00Z",
			want: []string{
				"2027-03-14T02:30 2027-03-14T02:30:00+09:00 2027-03-14T04:30:00+09:00", // 2027-03-13T17:30Z
				"2027-03-21T02:30 2027-03-21T02:30:00+09:00 2027-03-21T04:30:00+09:00",
			},
		},
		{
			name: "Seoul hourly",
			spec: Spec{TimeZone: "Asia/Seoul", FirstStart: "2027-03-14T01:00", RRule: "FREQ=HOURLY", Duration: "30m", Horizon: "3h"},
			now:  "2027-03-13T16:00:00Z",
			want: []string{
				"2027-03-14T01:00 2027-03-14T01:00:00+09:00 2027-03-14T01:30:00+09:00", // 16:00Z
				"2027-03-14T02:00 2027-03-14T02:00:00+09:00 2027-03-14T02:30:00+09:00",
				"2027-03-14T03:00 2027-03-14T03:00:00+09:00 2027-03-14T03:30:00+09:00",
			},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got := render(mustWindow(t, c.spec, utc(c.now)))
			if d := diffLines(got, c.want); d != "" {
				t.Error(d)
			}
		})
	}
}

// TestWindowRules: the rule parts the schedules use, in Seoul so that no
// DST change interferes.
func TestWindowRules(t *testing.T) {
	t.Parallel()
	seoul := func(first, rule, duration string) Spec {
		return Spec{TimeZone: "Asia/Seoul", FirstStart: first, RRule: rule, Duration: duration, Horizon: "2160h"}
	}
	for _, c := range []struct {
		name string
		spec Spec
		now  time.Time
		want []string
	}{
		{
			name: "COUNT",
			spec: seoul("2027-01-04T09:00", "FREQ=DAILY;COUNT=3", "1h"),
			now:  fakeNow,
			want: []string{"2027-01-04T09:00", "2027-01-05T09:00", "2027-01-06T09:00"},
		},
		{
			// COUNT counts from first_start, however long ago it was.
			name: "COUNT begun long ago",
			spec: Spec{TimeZone: "Asia/Seoul", FirstStart: "2027-01-03T02:00", RRule: "FREQ=WEEKLY;COUNT=10", Duration: "1h", Horizon: "720h"},
			now:  utc("2027-02-20T00:00:00Z"),
			want: []string{"2027-02-21T02:00", "2027-02-28T02:00", "2027-03-07T02:00"},
		},
		{
			name: "COUNT over",
			spec: seoul("2026-01-04T09:00", "FREQ=DAILY;COUNT=3", "1h"),
			now:  fakeNow,
			want: []string{},
		},
		{
			// 2027-01-05T00:00Z is 09:00 in Seoul: UNTIL is inclusive.
			name: "UNTIL in UTC",
			spec: seoul("2027-01-01T09:00", "FREQ=DAILY;UNTIL=20270105T000000Z", "1h"),
			now:  fakeNow.Add(-24 * time.Hour),
			want: []string{"2027-01-01T09:00", "2027-01-02T09:00", "2027-01-03T09:00", "2027-01-04T09:00", "2027-01-05T09:00"},
		},
		{
			name: "UNTIL in UTC a second early",
			spec: seoul("2027-01-01T09:00", "FREQ=DAILY;UNTIL=20270104T235959Z", "1h"),
			now:  fakeNow.Add(-24 * time.Hour),
			want: []string{"2027-01-01T09:00", "2027-01-02T09:00", "2027-01-03T09:00", "2027-01-04T09:00"},
		},
		{
			name: "UNTIL local",
			spec: seoul("2027-01-01T09:00", "FREQ=DAILY;UNTIL=20270103T090000", "1h"),
			now:  fakeNow.Add(-24 * time.Hour),
			want: []string{"2027-01-01T09:00", "2027-01-02T09:00", "2027-01-03T09:00"},
		},
		{
			name: "UNTIL local a second early",
			spec: seoul("2027-01-01T09:00", "FREQ=DAILY;UNTIL=20270103T085959", "1h"),
			now:  fakeNow.Add(-24 * time.Hour),
			want: []string{"2027-01-01T09:00", "2027-01-02T09:00"},
		},
		{
			// A date means through that local date (rrule-go: its midnight).
			name: "UNTIL date",
			spec: seoul("2027-01-01T09:00", "FREQ=DAILY;UNTIL=20270103", "1h"),
			now:  fakeNow.Add(-24 * time.Hour),
			want: []string{"2027-01-01T09:00", "2027-01-02T09:00", "2027-01-03T09:00"},
		},
		{
			name: "second Tuesday by BYSETPOS",
			spec: seoul("2027-01-12T10:00", "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2", "2h"),
			now:  fakeNow,
			want: []string{"2027-01-12T10:00", "2027-02-09T10:00", "2027-03-09T10:00"},
		},
		{
			name: "second Tuesday by ordinal",
			spec: seoul("2027-01-12T10:00", "FREQ=MONTHLY;BYDAY=2TU", "2h"),
			now:  fakeNow,
			want: []string{"2027-01-12T10:00", "2027-02-09T10:00", "2027-03-09T10:00"},
		},
		{
			name: "last Friday by BYSETPOS",
			spec: seoul("2027-01-29T18:00", "FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1", "2h"),
			now:  fakeNow,
			want: []string{"2027-01-29T18:00", "2027-02-26T18:00", "2027-03-26T18:00"},
		},
		{
			name: "last Friday by ordinal",
			spec: seoul("2027-01-29T18:00", "FREQ=MONTHLY;BYDAY=-1FR", "2h"),
			now:  fakeNow,
			want: []string{"2027-01-29T18:00", "2027-02-26T18:00", "2027-03-26T18:00"},
		},
		{
			name: "last weekday of the month",
			spec: seoul("2027-01-29T18:00", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "2h"),
			now:  fakeNow,
			want: []string{"2027-01-29T18:00", "2027-02-26T18:00", "2027-03-31T18:00"},
		},
		{
			name: "every other Sunday",
			spec: seoul("2027-01-03T02:00", "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU", "4h"),
			now:  fakeNow,
			want: []string{"2027-01-03T02:00", "2027-01-17T02:00", "2027-01-31T02:00", "2027-02-14T02:00", "2027-02-28T02:00", "2027-03-14T02:00", "2027-03-28T02:00"},
		},
		{
			// 22 weeks after first_start: the phase holds however far
			// ahead now is.
			name: "every other Sunday half a year on",
			spec: Spec{TimeZone: "Asia/Seoul", FirstStart: "2027-01-03T02:00", RRule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU", Duration: "4h"},
			now:  utc("2027-06-01T00:00:00Z"),
			want: []string{"2027-06-06T02:00"},
		},
		{
			name: "weekdays at two hours",
			spec: Spec{TimeZone: "Asia/Seoul", FirstStart: "2027-01-04T00:00", RRule: "FREQ=WEEKLY;BYDAY=MO,WE;BYHOUR=1,13;BYMINUTE=30", Duration: "1h", Horizon: "96h"},
			now:  utc("2027-01-03T15:00:00Z"),
			want: []string{"2027-01-04T01:30", "2027-01-04T13:30", "2027-01-06T01:30", "2027-01-06T13:30"},
		},
		{
			name: "monthly on the 31st skips short months",
			spec: seoul("2027-01-31T03:00", "FREQ=MONTHLY;BYMONTHDAY=31", "1h"),
			now:  fakeNow,
			want: []string{"2027-01-31T03:00", "2027-03-31T03:00"},
		},
		{
			name: "yearly from first_start",
			spec: Spec{TimeZone: "Asia/Seoul", FirstStart: "2020-02-29T03:00", RRule: "FREQ=YEARLY", Duration: "1h", Horizon: "2160h"},
			now:  utc("2027-12-31T00:00:00Z"),
			want: []string{"2028-02-29T03:00"},
		},
		{
			name: "except a holiday",
			spec: Spec{TimeZone: "Asia/Seoul", FirstStart: "2027-12-19T02:00", RRule: "FREQ=WEEKLY;BYDAY=SU", Duration: "2h", ExceptDates: []string{"2027-12-26"}, Horizon: "504h"},
			now:  utc("2027-12-18T00:00:00Z"),
			want: []string{"2027-12-19T02:00", "2028-01-02T02:00"},
		},
		{
			name: "minutely, every two days",
			spec: Spec{TimeZone: "Asia/Seoul", FirstStart: "2026-01-01T00:00", RRule: "FREQ=MINUTELY;INTERVAL=2880", Duration: "1h", Horizon: "144h"},
			now:  fakeNow,
			want: []string{"2027-01-02T00:00", "2027-01-04T00:00", "2027-01-06T00:00"},
		},
		{
			name: "seconds in first_start",
			spec: Spec{TimeZone: "Asia/Seoul", FirstStart: "2027-01-02T00:00:30", RRule: "FREQ=DAILY", Duration: "1h", Horizon: "48h"},
			now:  fakeNow,
			want: []string{"2027-01-02T00:00:30", "2027-01-03T00:00:30"},
		},
		{
			name: "lower-case rule with RRULE: prefix",
			spec: Spec{TimeZone: "Asia/Seoul", FirstStart: "2027-01-03T02:00", RRule: "RRULE:freq=weekly;byday=su", Duration: "2h", Horizon: "168h"},
			now:  fakeNow,
			want: []string{"2027-01-03T02:00"},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if d := diffLines(keys(mustWindow(t, c.spec, c.now)), c.want); d != "" {
				t.Error(d)
			}
		})
	}
}

// TestWindowUntilUTCInOverlap: UNTIL in UTC is compared with instants. On
// New York's fall-back night 01:45 EDT (05:45Z) is before UNTIL 01:15 EST
// (06:15Z), so that occurrence is in, though its wall clock is after
// UNTIL's.
func TestWindowUntilUTCInOverlap(t *testing.T) {
	t.Parallel()
	spec := Spec{TimeZone: "America/New_York", FirstStart: "2027-11-05T01:45", RRule: "FREQ=DAILY;UNTIL=20271107T061500Z", Duration: "10m"}
	got := render(mustWindow(t, spec, utc("2027-11-05T00:00:00Z")))
	want := []string{
		"2027-11-05T01:45 2027-11-05T01:45:00-04:00 2027-11-05T01:55:00-04:00",
		"2027-11-06T01:45 2027-11-06T01:45:00-04:00 2027-11-06T01:55:00-04:00",
		"2027-11-07T01:45 2027-11-07T01:45:00-04:00 2027-11-07T01:55:00-04:00",
	}
	if d := diffLines(got, want); d != "" {
		t.Error(d)
	}
}

// TestWindowBoundaries: [Start, End) overlapping [now, now+horizon).
func TestWindowBoundaries(t *testing.T) {
	t.Parallel()
	// Daily 09:00-11:00 in Seoul: 00:00Z-02:00Z.
	spec := Spec{TimeZone: "Asia/Seoul", FirstStart: "2027-01-01T09:00", RRule: "FREQ=DAILY", Duration: "2h", Horizon: "24h"}
	for _, c := range []struct {
		name string
		now  string
		want []string
	}{
		{"started before now and still running", "2027-01-02T01:00:00Z", []string{"2027-01-02T09:00", "2027-01-03T09:00"}},
		{"a nanosecond before its end", "2027-01-02T01:59:59.999999999Z", []string{"2027-01-02T09:00", "2027-01-03T09:00"}},
		{"ended exactly at now", "2027-01-02T02:00:00Z", []string{"2027-01-03T09:00"}},
		{"the next starts exactly at now+horizon", "2027-01-02T00:00:00Z", []string{"2027-01-02T09:00"}},
		{"the next starts a nanosecond before now+horizon", "2027-01-02T00:00:00.000000001Z", []string{"2027-01-02T09:00", "2027-01-03T09:00"}},
		{"before first_start", "2026-12-01T00:00:00Z", []string{}},
	} {
		now, err := time.Parse(time.RFC3339Nano, c.now)
		if err != nil {
			t.Fatal(err)
		}
		if d := diffLines(keys(mustWindow(t, spec, now)), c.want); d != "" {
			t.Errorf("%s: %s", c.name, d)
		}
	}
}

func TestOccurrenceFields(t *testing.T) {
	t.Parallel()
	spec := Spec{TimeZone: "Europe/Berlin", FirstStart: "2027-03-28T02:30", RRule: "FREQ=DAILY;COUNT=1", Duration: "1h"}
	occs := mustWindow(t, spec, utc("2027-03-27T00:00:00Z"))
	want := Occurrence{Key: "2027-03-28T02:30", Date: "2027-03-28", Start: utc("2027-03-28T01:00:00Z"), End: utc("2027-03-28T02:00:00Z"), Shifted: true}
	if len(occs) != 1 {
		t.Fatalf("got %v", occs)
	}
	o := occs[0]
	if o.Key != want.Key || o.Date != want.Date || !o.Start.Equal(want.Start) || !o.End.Equal(want.End) || o.Shifted != want.Shifted {
		t.Errorf("got %+v, want %+v", o, want)
	}
	if o.Start.Location().String() != "Europe/Berlin" || o.End.Location().String() != "Europe/Berlin" {
		t.Errorf("instants in %s and %s, want the schedule's zone", o.Start.Location(), o.End.Location())
	}
	if got := o.String(); got != "2027-03-28T02:30 (2027-03-28T03:00:00+02:00 to 2027-03-28T04:00:00+02:00, moved to the end of the daylight-saving gap)" {
		t.Errorf("String() = %q", got)
	}
}

// TestDefaultHorizon: two weeks of a daily rule.
func TestDefaultHorizon(t *testing.T) {
	t.Parallel()
	s := mustCompile(t, Spec{TimeZone: "UTC", FirstStart: "2027-01-01T12:00", RRule: "FREQ=DAILY", Duration: "1h"})
	if s.Horizon() != DefaultHorizon || s.Duration() != time.Hour || s.Location().String() != "UTC" {
		t.Errorf("horizon %s, duration %s, zone %s", s.Horizon(), s.Duration(), s.Location())
	}
	occs, ps := s.Window(fakeNow)
	if len(ps) > 0 || len(occs) != 14 {
		t.Errorf("%d occurrences, %v", len(occs), ps)
	}
}
