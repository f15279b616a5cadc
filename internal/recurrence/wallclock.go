package recurrence

import (
	"fmt"
	"regexp"
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
// overlap is unspecified.
func resolve(w time.Time, loc *time.Location) (t time.Time, shifted bool) {
	// Every UTC offset is within ±26h, so the instant, or the end of the
	// gap w falls in, lies within this span.
	const span = 30 * time.Hour
	stop := w.Add(span)
	p := w.Add(-span).In(loc)
	for {
		_, off := p.Zone()
		start, end := p.ZoneBounds()
		cand := w.Add(-time.Duration(off) * time.Second)
		if !cand.Before(start) || start.IsZero() {
			if end.IsZero() || cand.Before(end) {
				// Zones are walked in order, so the first fit is the
				// earliest instant with this wall clock.
				return cand.In(loc), false
			}
		} else {
			// w is before this zone's first wall clock, and it was after
			// the previous zone's last one: w is in the gap at start.
			return start.In(loc), true
		}
		if end.IsZero() || !end.Before(stop) {
			break
		}
		p = end.In(loc)
	}
	// Not reached for real zones; fall back on Go's normalisation.
	t = time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), w.Nanosecond(), loc)
	return t, !floating(t).Equal(w)
}
