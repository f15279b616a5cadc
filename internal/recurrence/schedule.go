package recurrence

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/validators"
)

// Limits of a schedule.
const (
	// DefaultHorizon is how far ahead occurrences exist on the server when
	// horizon is not set: two weeks.
	DefaultHorizon = 336 * time.Hour
	// MaxHorizon is the longest horizon: 90 days.
	MaxHorizon = 90 * 24 * time.Hour
	// MaxOccurrences is how many occurrences may be inside the horizon
	// at once.
	MaxOccurrences = 50
	// overlapSample is how many occurrences from first_start on, within
	// its first year, Compile checks for overlapping windows.
	overlapSample = 100
)

// Spec is a schedule as written in configuration, every value a string as
// Terraform holds it.
type Spec struct {
	// TimeZone is an IANA zone name, "Europe/Berlin".
	TimeZone string
	// FirstStart is the local wall clock of the first occurrence in
	// TimeZone: "2027-01-03T02:00" or "2027-01-03T02:00:00", no offset.
	FirstStart string
	// RRule is an RFC 5545 RRULE without DTSTART: "FREQ=WEEKLY;BYDAY=SU".
	RRule string
	// Duration is each window's length in elapsed time, a Go duration.
	Duration string
	// ExceptDates are local dates ("2027-12-26") whose occurrences are
	// skipped: an occurrence belongs to the date of its nominal start.
	ExceptDates []string
	// Horizon is how far ahead of now occurrences exist; "" means
	// DefaultHorizon.
	Horizon string
}

// Schedule is a Spec that Compile found sound.
type Schedule struct {
	loc      *time.Location
	duration time.Duration
	horizon  time.Duration
	except   map[string]bool
	eng      *engine
}

// Occurrence is one window of a schedule.
type Occurrence struct {
	// Key is the occurrence's identity: its nominal local start as the
	// rule gives it, "2027-03-28T02:30" (with ":05" seconds when it has
	// seconds). It stays the same when DST moves Start.
	Key string
	// Date is the local date of the nominal start, "2027-03-28": the one
	// except_dates are matched against.
	Date string
	// Start is the instant the window opens, in the schedule's zone.
	Start time.Time
	// End is Start plus the duration (elapsed time), in the same zone.
	End time.Time
	// Shifted reports that the nominal start does not exist (the
	// spring-forward gap) and Start is the first valid instant after it.
	Shifted bool
}

// String is the key and the instants, for messages.
func (o Occurrence) String() string {
	s := fmt.Sprintf("%s (%s to %s", o.Key, o.Start.Format(time.RFC3339), o.End.Format(time.RFC3339))
	if o.Shifted {
		s += ", moved to the end of the daylight-saving gap"
	}
	return s + ")"
}

// Compile checks spec and returns its Schedule, or nil when Problems has
// an error. Warnings may come with a Schedule. The checks that need no
// "now" are here: each attribute's syntax and bounds, UNTIL against
// first_start, a rule that never matches, windows of the first 100
// occurrences (or of the first year, if fewer) that overlap, except_dates
// that match no occurrence, and a first_start that is not an occurrence.
func Compile(spec Spec) (*Schedule, Problems) {
	var ps Problems
	loc, err := validators.LoadZone(spec.TimeZone)
	if err != nil {
		ps = append(ps, errorf(AttrTimeZone, KindZone, "Invalid time zone", err.Error()))
	}
	first, err := parseLocal(spec.FirstStart)
	if err != nil {
		ps = append(ps, errorf(AttrFirstStart, KindFirstStart, "Invalid first_start", err.Error()))
	}
	r, p := parseRule(spec.RRule)
	if p != nil {
		ps = append(ps, *p)
	}
	duration, err := validators.DurationRule{Attr: AttrDuration}.Parse(spec.Duration)
	if err != nil {
		ps = append(ps, errorf(AttrDuration, KindDuration, "Invalid duration", err.Error()))
	}
	horizon, p := parseHorizon(spec.Horizon)
	if p != nil {
		ps = append(ps, *p)
	}
	except, dates, exPs := parseExcept(spec.ExceptDates)
	ps = append(ps, exPs...)
	if ps.HasError() {
		return nil, ps
	}

	s := &Schedule{loc: loc, duration: duration, horizon: horizon, except: except, eng: newEngine(r, first, loc)}
	if p := s.eng.unreachable(); p != nil {
		return nil, append(ps, *p)
	}
	if p := s.eng.oversized(); p != nil {
		return nil, append(ps, *p)
	}
	if s.eng.neverSubDaily() {
		return nil, append(ps, s.noOccurrence())
	}
	if p := s.untilBeforeFirst(); p != nil {
		return nil, append(ps, *p)
	}

	// The first year, or the first overlapSample occurrences of it.
	var sample []Occurrence
	var firstOcc *occ
	p = s.eng.walk(first, first.AddDate(1, 0, 0), func(o occ) bool {
		if firstOcc == nil {
			firstOcc = &o
		}
		if !except[o.wall.Format(dateLayout)] {
			sample = append(sample, s.occurrence(o))
		}
		return len(sample) < overlapSample
	})
	if p != nil {
		return nil, append(ps, *p)
	}
	if firstOcc == nil {
		p = s.eng.walk(first, first.AddDate(searchYears, 0, 0), func(o occ) bool {
			firstOcc = &o
			return false
		})
		if p != nil {
			return nil, append(ps, *p)
		}
		if firstOcc == nil {
			return nil, append(ps, s.noOccurrence())
		}
	}
	if p := s.overlap(sample, "from first_start on"); p != nil {
		return nil, append(ps, *p)
	}
	if !firstOcc.wall.Equal(first) {
		if at, _ := resolve(first, loc); !at.Equal(firstOcc.start) {
			ps = append(ps, warnf(AttrFirstStart, KindFirstStartUnmatched, "first_start is not an occurrence", fmt.Sprintf(
				"first_start %s is not an occurrence of rrule %q; as in rrule-go (RFC 5545 leaves it undefined), it then only bounds the rule, and the first occurrence is %s. Set first_start to that to make it the first occurrence",
				key(first), s.eng.text, s.occurrence(*firstOcc))))
		}
	}
	p, unmatched := s.unmatched(dates)
	if p != nil {
		return nil, append(ps, *p)
	}
	if len(unmatched) > 0 {
		ps = append(ps, warnf(AttrExceptDates, KindExceptUnmatched, "except_dates that skip nothing", fmt.Sprintf(
			"except_dates %s match no occurrence of rrule %q from first_start %s, so they skip nothing; an except date skips the occurrence whose local start is on it. Correct or remove them",
			strings.Join(unmatched, ", "), s.eng.text, key(first))))
	}
	return s, ps
}

// Location is the schedule's time zone.
func (s *Schedule) Location() *time.Location { return s.loc }

// Duration is each window's length.
func (s *Schedule) Duration() time.Duration { return s.duration }

// Horizon is how far ahead of now occurrences exist.
func (s *Schedule) Horizon() time.Duration { return s.horizon }

// Window is the occurrences whose window [Start, End) overlaps
// [now, now+horizon): those that start before now+horizon and end after
// now, in order, without except_dates. One that started before now but
// still runs is in it; one that ends at now is not, nor one that starts at
// now+horizon. Problems are errors: more than MaxOccurrences occurrences,
// or windows in it that overlap (Compile checked the first year only).
func (s *Schedule) Window(now time.Time) ([]Occurrence, Problems) {
	end := now.Add(s.horizon)
	from := floating(now.Add(-s.duration).In(s.loc)).Add(-48 * time.Hour)
	to := floating(end.In(s.loc)).Add(48 * time.Hour)
	var out []Occurrence
	p := s.eng.walk(from, to, func(o occ) bool {
		if !o.start.Before(end) {
			return false
		}
		if s.except[o.wall.Format(dateLayout)] {
			return true
		}
		if oc := s.occurrence(o); oc.End.After(now) {
			out = append(out, oc)
		}
		return len(out) <= MaxOccurrences
	})
	if p != nil {
		return nil, Problems{*p}
	}
	if len(out) > MaxOccurrences {
		detail := fmt.Sprintf("horizon %s holds more than %d occurrences from %s on (the %s is %s); at most %d may exist at once. ",
			validators.Short(s.horizon), MaxOccurrences, now.In(s.loc).Format(time.RFC3339), nth(MaxOccurrences+1), out[MaxOccurrences], MaxOccurrences)
		if fit := out[MaxOccurrences].Start.Sub(now).Truncate(time.Minute); fit >= time.Minute {
			detail += fmt.Sprintf("Shorten horizon to %s or less, or make rrule less frequent", validators.Short(fit))
		} else {
			detail += "Make rrule less frequent"
		}
		return nil, Problems{errorf(AttrHorizon, KindTooMany, "Too many occurrences in horizon", detail)}
	}
	if p := s.overlap(out, "within horizon"); p != nil {
		return nil, Problems{*p}
	}
	return out, nil
}

func (s *Schedule) occurrence(o occ) Occurrence {
	return Occurrence{
		Key: key(o.wall), Date: o.wall.Format(dateLayout),
		Start: o.start, End: o.start.Add(s.duration), Shifted: o.shifted,
	}
}

// overlap finds the two consecutive occurrences closest together and
// refuses a duration that is not shorter than their gap.
func (s *Schedule) overlap(occs []Occurrence, where string) *Problem {
	best := -1
	for i := 1; i < len(occs); i++ {
		if best < 0 || occs[i].Start.Sub(occs[i-1].Start) < occs[best].Start.Sub(occs[best-1].Start) {
			best = i
		}
	}
	if best < 0 {
		return nil
	}
	a, b := occs[best-1], occs[best]
	gap := b.Start.Sub(a.Start)
	if s.duration < gap {
		return nil
	}
	p := errorf(AttrDuration, KindOverlap, "Occurrences would overlap", fmt.Sprintf(
		"duration %s is not shorter than the %s between the occurrences %s and %s, the closest together %s, so their windows would overlap; use a duration shorter than %s, or space the occurrences further apart",
		validators.Short(s.duration), validators.Short(gap), a, b, where, validators.Short(gap)))
	return &p
}

func (s *Schedule) untilBeforeFirst() *Problem {
	u, first := s.eng.until, s.eng.first
	var before bool
	var shown string
	switch u.kind {
	case untilNone:
		return nil
	case untilUTC:
		at, _ := resolve(first, s.loc)
		before = u.t.Before(at)
		shown = fmt.Sprintf("%s, %s in %s", u.t.Format(time.RFC3339), key(floating(u.t.In(s.loc))), s.loc)
	case untilLocal:
		before = u.t.Before(first)
		shown = "local " + key(u.t)
	case untilDate:
		before = u.t.Before(first.Truncate(24 * time.Hour))
		shown = "through local " + u.t.Format(dateLayout)
	}
	if !before {
		return nil
	}
	p := errorf(AttrRRule, KindUntil, "UNTIL before first_start", fmt.Sprintf(
		"rrule's %q (%s) is before first_start %s, so the rule has no occurrence; set UNTIL after first_start, or remove it",
		u.text, shown, key(first)))
	return &p
}

func (s *Schedule) noOccurrence() Problem {
	detail := fmt.Sprintf("rrule %q has no occurrence from first_start %s", s.eng.text, key(s.eng.first))
	switch {
	case s.eng.until.kind != untilNone:
		detail += fmt.Sprintf(" up to its %q; move UNTIL later, or first_start earlier", s.eng.until.text)
	default:
		detail += fmt.Sprintf(" in the %d years after it; its parts exclude each other (check BYMONTH, BYMONTHDAY, BYYEARDAY, BYWEEKNO, BYDAY and BYSETPOS against each other and INTERVAL)", searchYears)
	}
	return errorf(AttrRRule, KindNoOccurrence, "rrule never matches", detail)
}

// unmatched are the except dates on which no occurrence starts (nominal).
func (s *Schedule) unmatched(dates []time.Time) (*Problem, []string) {
	var out []string
	for _, d := range dates {
		found := false
		p := s.eng.walk(d, d.AddDate(0, 0, 1), func(occ) bool {
			found = true
			return false
		})
		if p != nil {
			return p, nil
		}
		if !found {
			out = append(out, d.Format(dateLayout))
		}
	}
	return nil, out
}

func parseHorizon(v string) (time.Duration, *Problem) {
	if v == "" {
		return DefaultHorizon, nil
	}
	fail := func(detail string, args ...any) (time.Duration, *Problem) {
		p := errorf(AttrHorizon, KindHorizon, "Invalid horizon", fmt.Sprintf(detail, args...))
		return 0, &p
	}
	d, err := time.ParseDuration(v)
	switch {
	case err != nil:
		return fail("horizon %q is not a duration; write it like \"336h\" (14 days, the default) or \"720h\" (units: s, m, h)", v)
	case d <= 0:
		return fail("horizon is %q; it must be positive, like \"336h\" (14 days, the default)", v)
	case d > MaxHorizon:
		return fail("horizon is %q; it can be at most %s (90 days)", v, validators.Short(MaxHorizon))
	}
	return d, nil
}

func parseExcept(vals []string) (map[string]bool, []time.Time, Problems) {
	set := map[string]bool{}
	var dates []time.Time
	var ps Problems
	for _, v := range vals {
		d, err := parseDate(v)
		if err != nil {
			ps = append(ps, errorf(AttrExceptDates, KindExceptDate, "Invalid except_dates", err.Error()))
			continue
		}
		if k := d.Format(dateLayout); !set[k] {
			set[k] = true
			dates = append(dates, d)
		}
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	return set, dates, ps
}
