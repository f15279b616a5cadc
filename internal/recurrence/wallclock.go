package recurrence

import (
	"fmt"
	"regexp"
	"slices"
	"time"
)

// A floating time is a time.Time in UTC whose fields stand for a local
// wall clock in the schedule's zone, not for an instant. Rules are
// expanded in floating time, where no day is 23 or 25 hours long.

// Layouts of first_start, Occurrence.Key and except_dates.
const (
	minuteLayout = "2006-01-02T15:04"
	secondLayout = "2006-01-02T15:04:05"
	dateLayout   = "2006-01-02"
)

// Years first_start may be in: before 1900 is surely a typo, and rrule-go
// stops at year 9999.
const (
	minYear = 1900
	maxYear = 9999
)

var (
	localRE      = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$`)
	withOffsetRE = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|z|[+-]\d{2}(?::?\d{2})?)$`)
	fractionRE   = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+$`)
	dateRE       = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// parseLocal reads first_start: a local wall clock with minutes or
// seconds and no offset. The result is floating.
func parseLocal(s string) (time.Time, error) {
	const how = `write the local wall-clock time in time_zone like "2027-01-03T02:00" or "2027-01-03T02:00:00"`
	if m := withOffsetRE.FindStringSubmatch(s); m != nil {
		return time.Time{}, fmt.Errorf("first_start %q has a zone offset (%q); %s, without the offset: time_zone says where it is", s, m[2], how)
	}
	if fractionRE.MatchString(s) {
		return time.Time{}, fmt.Errorf("first_start %q has fractions of a second; %s", s, how)
	}
	if !localRE.MatchString(s) {
		return time.Time{}, fmt.Errorf("first_start %q is not a local time; %s", s, how)
	}
	layout := minuteLayout
	if len(s) == len(secondLayout) {
		layout = secondLayout
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("first_start %q is not a valid date and time (%s); %s", s, reason(err), how)
	}
	if t.Year() < minYear {
		return time.Time{}, fmt.Errorf("first_start %q is before %d; %s", s, minYear, how)
	}
	return t, nil
}

// parseDate reads one of except_dates: a local date.
func parseDate(s string) (time.Time, error) {
	if !dateRE.MatchString(s) {
		return time.Time{}, fmt.Errorf("except_dates entry %q is not a date; write a local date like \"2027-12-26\"", s)
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("except_dates entry %q is not a valid date (%s); write a local date like \"2027-12-26\"", s, reason(err))
	}
	return t, nil
}

// reason is the useful end of a time.Parse error ("month out of range").
func reason(err error) string {
	if pe, ok := err.(*time.ParseError); ok && pe.Message != "" {
		return pe.Message[2:] // drops the leading ": "
	}
	return err.Error()
}

// floating is the wall clock that instant t shows in its location.
func floating(t time.Time) time.Time {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	return time.Date(y, mo, d, h, mi, s, t.Nanosecond(), time.UTC)
}

// key is the identity of an occurrence: its nominal local start, with
// seconds only when it has them.
func key(w time.Time) string {
	if w.Second() != 0 {
		return w.Format(secondLayout)
	}
	return w.Format(minuteLayout)
}

// resolve maps the floating wall clock w to an instant in loc: the instant
// itself when the wall clock exists once; the first of the two (the
// earlier, summer-time offset) when it exists twice; the first valid
// instant after it, where the gap ends, when it does not exist. shifted
// reports the last case.
//
// time.Date is not used: in a gap it moves the wall clock forward by the
// gap's length (02:30 becomes 03:30), and which instant it picks in an
// overlap is unspecified. Nor is Time.ZoneBounds: on the last day of a
// leap year that the zone's TZ rule serves (Europe/Berlin 2040-12-31) it
// returns an end before the instant (Go issue 81583).
func resolve(w time.Time, loc *time.Location) (t time.Time, shifted bool) {
	offset := func(at time.Time) int {
		_, off := at.In(loc).Zone()
		return off
	}
	wall := func(at time.Time) time.Time { return at.Add(time.Duration(offset(at)) * time.Second) }
	// The offsets in effect around w, and those its candidates reveal.
	offs := []int{offset(w.Add(-26 * time.Hour)), offset(w), offset(w.Add(26 * time.Hour))}
	var valid []time.Time
	var cands []time.Time
	for i := 0; i < len(offs); i++ {
		c := w.Add(-time.Duration(offs[i]) * time.Second)
		if slices.ContainsFunc(cands, c.Equal) {
			continue
		}
		cands = append(cands, c)
		o := offset(c)
		if o == offs[i] {
			valid = append(valid, c)
		} else if !slices.Contains(offs, o) {
			offs = append(offs, o)
		}
	}
	if len(valid) > 0 {
		return slices.MinFunc(valid, time.Time.Compare).In(loc), false
	}
	// A gap: the wall clock is before w at the latest candidate that
	// shows an earlier one, and after w at the earliest later candidate
	// that shows a later one. The gap ends at the first instant between
	// them whose wall clock is after w; transitions are on whole seconds.
	var lo, hi time.Time
	for _, c := range cands {
		if wall(c).Before(w) && (lo.IsZero() || c.After(lo)) {
			lo = c
		}
	}
	for _, c := range cands {
		if wall(c).After(w) && c.After(lo) && (hi.IsZero() || c.Before(hi)) {
			hi = c
		}
	}
	if lo.IsZero() || hi.IsZero() {
		// Not reached for real zones; fall back on Go's normalisation.
		t = time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), w.Nanosecond(), loc)
		return t, !floating(t).Equal(w)
	}
	a, b := lo.Unix(), hi.Unix() // wall(a) < w < wall(b)
	for b-a > 1 {
		m := a + (b-a)/2
		if wall(time.Unix(m, 0)).After(w) {
			b = m
		} else {
			a = m
		}
	}
	return time.Unix(b, 0).In(loc), true
}
