package recurrence

import (
	"strings"
	"testing"
	"time"
)

func TestParseLocal(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   string
		want time.Time
		err  string
	}{
		{in: "2027-01-03T02:00", want: time.Date(2027, 1, 3, 2, 0, 0, 0, time.UTC)},
		{in: "2027-01-03T02:00:30", want: time.Date(2027, 1, 3, 2, 0, 30, 0, time.UTC)},
		{in: "2027-01-03T02:00Z", err: `first_start "2027-01-03T02:00Z" has a zone offset ("Z"); write the local wall-clock time in time_zone like "2027-01-03T02:00" or "2027-01-03T02:00:00", without the offset: time_zone says where it is`},
		{in: "2027-01-03T02:00:00+09:00", err: `has a zone offset ("+09:00")`},
		{in: "2027-01-03T02:00:00.000-05:00", err: `has a zone offset ("-05:00")`},
		{in: "2027-01-03T02:00:00.5", err: `first_start "2027-01-03T02:00:00.5" has fractions of a second`},
		{in: "2027-01-03 02:00", err: `first_start "2027-01-03 02:00" is not a local time; write the local wall-clock time in time_zone like "2027-01-03T02:00"`},
		{in: "2027-01-03", err: "is not a local time"},
		{in: "", err: `first_start "" is not a local time`},
		{in: "2027-1-3T2:00", err: "is not a local time"},
		{in: "2027-13-03T02:00", err: `first_start "2027-13-03T02:00" is not a valid date and time (month out of range)`},
		{in: "2027-02-30T02:00", err: "(day out of range)"},
		{in: "2027-01-03T24:00", err: "(hour out of range)"},
		{in: "1899-12-31T23:00", err: `first_start "1899-12-31T23:00" is before 1900`},
	} {
		got, err := parseLocal(c.in)
		switch {
		case c.err == "" && err != nil:
			t.Errorf("parseLocal(%q): %v", c.in, err)
		case c.err == "" && !got.Equal(c.want):
			t.Errorf("parseLocal(%q) = %s, want %s", c.in, got, c.want)
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("parseLocal(%q) error %v, want one with %q", c.in, err, c.err)
		}
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	if d, err := parseDate("2027-12-26"); err != nil || !d.Equal(time.Date(2027, 12, 26, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("parseDate = %s, %v", d, err)
	}
	for in, want := range map[string]string{
		"2027-12-26T00:00": `except_dates entry "2027-12-26T00:00" is not a date; write a local date like "2027-12-26"`,
		"26.12.2027":       `except_dates entry "26.12.2027" is not a date`,
		"2027-02-29":       `except_dates entry "2027-02-29" is not a valid date (day out of range)`,
	} {
		if _, err := parseDate(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parseDate(%q) error %v, want %q", in, err, want)
		}
	}
}

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestResolve: a wall clock that exists is itself, the repeated hour is
// its first (summer-time) instant, and a wall clock in the gap starts at
// the first valid instant after it — not where time.Date normalises it.
func TestResolve(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		zone, wall string
		want       string // RFC 3339 in UTC
		shifted    bool
	}{
		// New York springs forward 2027-03-14 02:00 EST -> 03:00 EDT (07:00Z).
		{"America/New_York", "2027-03-14T01:59:59", "2027-03-14T06:59:59Z", false},
		{"America/New_York", "2027-03-14T02:00:00", "2027-03-14T07:00:00Z", true},
		{"America/New_York", "2027-03-14T02:30:00", "2027-03-14T07:00:00Z", true}, // time.Date: 07:30Z
		{"America/New_York", "2027-03-14T02:59:59", "2027-03-14T07:00:00Z", true},
		{"America/New_York", "2027-03-14T03:00:00", "2027-03-14T07:00:00Z", false},
		// New York falls back 2027-11-07 02:00 EDT -> 01:00 EST (06:00Z).
		{"America/New_York", "2027-11-07T00:59:00", "2027-11-07T04:59:00Z", false},
		{"America/New_York", "2027-11-07T01:00:00", "2027-11-07T05:00:00Z", false}, // not 06:00Z (EST)
		{"America/New_York", "2027-11-07T01:30:00", "2027-11-07T05:30:00Z", false}, // not 06:30Z (EST)
		{"America/New_York", "2027-11-07T01:59:59", "2027-11-07T05:59:59Z", false},
		{"America/New_York", "2027-11-07T02:00:00", "2027-11-07T07:00:00Z", false},
		// Berlin springs forward 2027-03-28 02:00 CET -> 03:00 CEST (01:00Z).
		{"Europe/Berlin", "2027-03-28T01:59:00", "2027-03-28T00:59:00Z", false},
		{"Europe/Berlin", "2027-03-28T02:00:00", "2027-03-28T01:00:00Z", true},
		{"Europe/Berlin", "2027-03-28T02:30:00", "2027-03-28T01:00:00Z", true}, // 03:00 CEST, not 03:30
		{"Europe/Berlin", "2027-03-28T03:00:00", "2027-03-28T01:00:00Z", false},
		// Berlin falls back 2027-10-31 03:00 CEST -> 02:00 CET (01:00Z).
		{"Europe/Berlin", "2027-10-31T01:59:00", "2027-10-30T23:59:00Z", false},
		{"Europe/Berlin", "2027-10-31T02:00:00", "2027-10-31T00:00:00Z", false}, // CEST, not 01:00Z
		{"Europe/Berlin", "2027-10-31T02:30:00", "2027-10-31T00:30:00Z", false}, // CEST, not 01:30Z
		{"Europe/Berlin", "2027-10-31T03:00:00", "2027-10-31T02:00:00Z", false},
		// Seoul has no DST.
		{"Asia/Seoul", "2027-03-28T02:30:00", "2027-03-27T17:30:00Z", false},
		{"Asia/Seoul", "2027-11-07T01:30:00", "2027-11-06T16:30:00Z", false},
		{"UTC", "2027-03-28T02:30:00", "2027-03-28T02:30:00Z", false},
		// Lord Howe moves by half an hour: 02:00 +10:30 -> 02:30 +11 on
		// 2027-10-03 (15:30Z), and back 02:00 +11 -> 01:30 +10:30 on
		// 2027-04-04 (15:00Z).
		{"Australia/Lord_Howe", "2027-10-03T02:15:00", "2027-10-02T15:30:00Z", true},
		{"Australia/Lord_Howe", "2027-04-04T01:45:00", "2027-04-03T14:45:00Z", false},
		// Past the zones' explicit transitions, where their TZ rules take
		// over: the last day of a leap year, where Time.ZoneBounds goes
		// wrong (Go issue 81583), and a gap.
		{"Europe/Berlin", "2040-12-31T12:00:00", "2040-12-31T11:00:00Z", false},
		{"Europe/Berlin", "2040-12-31T00:30:00", "2040-12-30T23:30:00Z", false},
		{"Antarctica/Troll", "7005-01-01T00:00:00", "7005-01-01T00:00:00Z", false},
		{"Europe/Berlin", "2041-03-31T02:30:00", "2041-03-31T01:00:00Z", true},
		{"America/New_York", "2104-11-02T01:30:00", "2104-11-02T05:30:00Z", false},
		// Samoa skipped 2011-12-30 whole: 23:59:59 -10 on the 29th was
		// followed by 00:00 +14 on the 31st (10:00Z on the 30th).
		{"Pacific/Apia", "2011-12-30T12:00:00", "2011-12-30T10:00:00Z", true},
		{"Pacific/Apia", "2011-12-29T23:00:00", "2011-12-30T09:00:00Z", false},
	} {
		loc := mustZone(t, c.zone)
		w, err := time.Parse(secondLayout, c.wall)
		if err != nil {
			t.Fatal(err)
		}
		got, shifted := resolve(w, loc)
		if got.UTC().Format(time.RFC3339) != c.want || shifted != c.shifted {
			t.Errorf("%s %s: got %s (%s) shifted=%v, want %s shifted=%v",
				c.zone, c.wall, got.UTC().Format(time.RFC3339), got.Format(time.RFC3339), shifted, c.want, c.shifted)
		}
		if got.Location() != loc {
			t.Errorf("%s %s: location %s", c.zone, c.wall, got.Location())
		}
	}
}

func TestKey(t *testing.T) {
	t.Parallel()
	if got := key(time.Date(2027, 3, 28, 2, 30, 0, 0, time.UTC)); got != "2027-03-28T02:30" {
		t.Errorf("key = %q", got)
	}
	if got := key(time.Date(2027, 3, 28, 2, 30, 15, 0, time.UTC)); got != "2027-03-28T02:30:15" {
		t.Errorf("key = %q", got)
	}
}
