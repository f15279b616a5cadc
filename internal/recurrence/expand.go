package recurrence

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	rrule "github.com/teambition/rrule-go"
)

// Expansion uses github.com/teambition/rrule-go v1.8.2, a port of
// python-dateutil's rrule: RFC 5545's BYxxx expansion, BYSETPOS and COUNT
// are its job, done the way most calendar code does them, and the
// differential fuzz target holds this package to it. It only ever sees
// floating times (UTC values that stand for local wall clocks); this file
// maps its results to instants and works around what it does not do:
//
//   - Its iterator only returns with an occurrence or at year 9999. For an
//     hourly, minutely or secondly rule whose INTERVAL never lands on its
//     BYHOUR, BYMINUTE or BYSECOND (FREQ=HOURLY;INTERVAL=2;BYHOUR=3 from
//     an even hour) it never returns at all; that is refused up front
//     (unreachable), as is a BYSETPOS beyond a daily or shorter period's
//     set, which it would try period by period (oversized). A sub-daily
//     rule that never meets its day parts is found one day at a time
//     (neverSubDaily), not tick by tick. For the rest, every expansion is
//     moved by a multiple of 400 years, after which the Gregorian calendar
//     repeats to the weekday, so that the span it needs ends just before
//     9999 and a fruitless search is over within 400 years.
//   - It builds each period whole before returning any of it: a yearly
//     rule with every minute of every day would be half a million times in
//     memory. oversized refuses periods of more than maxPeriodCandidates.
//   - It always expands from DTSTART: a minutely rule whose first_start is
//     a year ago would cost half a million steps. A rule without COUNT is
//     fast-forwarded instead: the defaults rrule-go takes from DTSTART
//     (BYHOUR, BYMINUTE, BYSECOND, and BYDAY or BYMONTHDAY for weekly,
//     monthly and yearly rules) are made explicit, and DTSTART is moved on
//     by whole INTERVALs of FREQ, which leaves the rule's phase as it was.
//     A COUNT rule has to be counted from first_start; maxSteps bounds it.
//   - UNTIL is applied here, not by rrule-go, because in floating time an
//     UNTIL in UTC cannot be compared with a wall clock near a DST change,
//     and because an UNTIL date means "through that local date" here
//     (rrule-go reads it as midnight at its start).
//   - Its parser quotes nothing of a bad rule; parseRule replaces it.

// maxSteps bounds the rrule-go occurrences one expansion reads (about
// 150 ms for a minutely rule).
const maxSteps = 100_000

// searchYears is how far ahead a rule is searched for a first occurrence.
const searchYears = 400

// occ is one occurrence: its nominal wall clock and where it starts.
type occ struct {
	wall    time.Time // floating
	start   time.Time // instant, in the schedule's zone
	shifted bool      // wall does not exist; start is where the gap ends
}

type engine struct {
	loc   *time.Location
	first time.Time     // floating DTSTART
	opt   rrule.ROption // with rrule-go's DTSTART defaults made explicit
	count int
	until until
	text  string
}

func newEngine(r *rule, first time.Time, loc *time.Location) *engine {
	opt := explicit(r.opt, first)
	if opt.Interval < 1 {
		opt.Interval = 1
	}
	return &engine{loc: loc, first: first, opt: opt, count: r.count, until: r.until, text: r.text}
}

// explicit makes the defaults rrule-go's buildRRule takes from DTSTART d
// explicit, so that a rule moved to another DTSTART means the same.
func explicit(o rrule.ROption, d time.Time) rrule.ROption {
	clone := func(s []int) []int { return append([]int(nil), s...) }
	o.Bysetpos, o.Bymonth, o.Bymonthday = clone(o.Bysetpos), clone(o.Bymonth), clone(o.Bymonthday)
	o.Byyearday, o.Byweekno = clone(o.Byyearday), clone(o.Byweekno)
	o.Byhour, o.Byminute, o.Bysecond = clone(o.Byhour), clone(o.Byminute), clone(o.Bysecond)
	o.Byweekday = append([]rrule.Weekday(nil), o.Byweekday...)
	if len(o.Byweekno) == 0 && len(o.Byyearday) == 0 && len(o.Bymonthday) == 0 && len(o.Byweekday) == 0 {
		switch o.Freq {
		case rrule.YEARLY:
			if len(o.Bymonth) == 0 {
				o.Bymonth = []int{int(d.Month())}
			}
			o.Bymonthday = []int{d.Day()}
		case rrule.MONTHLY:
			o.Bymonthday = []int{d.Day()}
		case rrule.WEEKLY:
			o.Byweekday = []rrule.Weekday{goWeekday(d.Weekday())}
		}
	}
	if len(o.Byhour) == 0 && o.Freq < rrule.HOURLY {
		o.Byhour = []int{d.Hour()}
	}
	if len(o.Byminute) == 0 && o.Freq < rrule.MINUTELY {
		o.Byminute = []int{d.Minute()}
	}
	if len(o.Bysecond) == 0 && o.Freq < rrule.SECONDLY {
		o.Bysecond = []int{d.Second()}
	}
	return o
}

func goWeekday(w time.Weekday) rrule.Weekday {
	return [...]rrule.Weekday{rrule.SU, rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA}[w]
}

// isoWeekday is rrule-go's weekday number: Monday 0 to Sunday 6.
func isoWeekday(t time.Time) int { return (int(t.Weekday()) + 6) % 7 }

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func mod(a, b int) int { return ((a % b) + b) % b }

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func dayNumber(t time.Time) int64 { return floorDiv(t.Unix(), 86400) }

func fromDayNumber(n int64) time.Time { return time.Unix(n*86400, 0).UTC() }

// fastForward is the DTSTART to expand from when only occurrences at or
// after the floating time from are wanted: the start of the latest period
// of the rule (a whole number of INTERVALs of FREQ after first_start's)
// that begins at or before from, or from itself inside its period when no
// BYSETPOS makes the period's earlier members count. Never before
// first_start, and first_start itself for a COUNT rule.
func (e *engine) fastForward(from time.Time) time.Time {
	d := e.first
	if e.count > 0 || !from.After(d) {
		return d
	}
	iv := int64(e.opt.Interval)
	var p time.Time
	switch e.opt.Freq {
	case rrule.YEARLY:
		k := int64(from.Year()-d.Year()) / iv
		p = time.Date(d.Year()+int(k*iv), 1, 1, 0, 0, 0, 0, time.UTC)
	case rrule.MONTHLY:
		md := int64(d.Year())*12 + int64(d.Month()) - 1
		k := (int64(from.Year())*12 + int64(from.Month()) - 1 - md) / iv
		m := md + k*iv
		p = time.Date(int(m/12), time.Month(m%12+1), 1, 0, 0, 0, 0, time.UTC)
	case rrule.WEEKLY:
		ws := dayNumber(d) - int64(mod(isoWeekday(d)-e.opt.Wkst.Day(), 7))
		k := (dayNumber(from) - ws) / (7 * iv)
		p = fromDayNumber(ws + k*7*iv)
	case rrule.DAILY:
		k := (dayNumber(from) - dayNumber(d)) / iv
		p = fromDayNumber(dayNumber(d) + k*iv)
	default:
		unit := map[rrule.Frequency]int64{rrule.HOURLY: 3600, rrule.MINUTELY: 60, rrule.SECONDLY: 1}[e.opt.Freq]
		base := floorDiv(d.Unix(), unit) * unit
		k := (from.Unix() - base) / (unit * iv)
		p = time.Unix(base+k*unit*iv, 0).UTC()
	}
	// Within p's own period, rrule-go may start at from itself; in a
	// later one (a week INTERVAL skips) it may not, as it counts the next
	// period from DTSTART's.
	if len(e.opt.Bysetpos) == 0 && e.opt.Freq <= rrule.DAILY && from.After(p) && from.Before(periodEnd(p, e.opt.Freq)) {
		p = from.Truncate(time.Second)
	}
	if p.Before(d) {
		return d
	}
	return p
}

// periodEnd is the end of the period of freq that starts at p.
func periodEnd(p time.Time, freq rrule.Frequency) time.Time {
	switch freq {
	case rrule.YEARLY:
		return p.AddDate(1, 0, 0)
	case rrule.MONTHLY:
		return p.AddDate(0, 1, 0)
	case rrule.WEEKLY:
		return p.AddDate(0, 0, 7)
	}
	return p.AddDate(0, 0, 1)
}

// shiftYears is the multiple of 400 years that moves a span ending at the
// floating time to close to rrule-go's year 9999.
func shiftYears(to time.Time) int {
	n := (maxYear - 1 - to.Year()) / searchYears
	if n < 0 {
		return 0
	}
	return n * searchYears
}

// walk calls fn with each occurrence whose nominal wall clock is in
// [from, to) (floating), in order, until fn returns false. Occurrences
// that the DST gap moves onto the same instant are one: the last of them.
func (e *engine) walk(from, to time.Time, fn func(occ) bool) *Problem {
	opt := e.opt
	shift := shiftYears(to)
	opt.Dtstart = e.fastForward(from).AddDate(shift, 0, 0)
	opt.Count = e.count
	rr, err := rrule.NewRRule(opt)
	if err != nil {
		p := syntax("rrule %q: %s", e.text, err)
		return &p
	}
	next := rr.Iterator()
	emit := func(o occ) bool { return o.wall.Before(from) || !o.wall.Before(to) || fn(o) }
	early := from.Add(-48 * time.Hour)
	var pending *occ
	for steps := 1; ; steps++ {
		v, ok := next()
		if !ok {
			break
		}
		if steps > maxSteps {
			return e.tooDense(from)
		}
		w := v.AddDate(-shift, 0, 0)
		if e.until.kind == untilLocal && w.After(e.until.t) || e.until.kind == untilDate && !w.Before(e.until.t.AddDate(0, 0, 1)) {
			break
		}
		if w.Before(early) && e.until.kind != untilUTC {
			pending = nil // far enough before from to be merged with nothing in range
			continue
		}
		start, shifted := resolve(w, e.loc)
		if e.until.kind == untilUTC && start.After(e.until.t) {
			break
		}
		o := occ{wall: w, start: start, shifted: shifted}
		if pending != nil && pending.start.Equal(start) {
			pending = &o
			continue
		}
		if pending != nil && !emit(*pending) {
			return nil
		}
		pending = &o
		if !w.Before(to) {
			break
		}
	}
	if pending != nil {
		emit(*pending)
	}
	return nil
}

func (e *engine) tooDense(from time.Time) *Problem {
	detail := fmt.Sprintf("rrule %q has more than %d occurrences to read through before %s; ", e.text, maxSteps, key(from))
	if e.count > 0 {
		detail += "a COUNT rule is counted from first_start, so move first_start closer to now (and lower COUNT), or use UNTIL instead of COUNT"
	} else {
		detail += "make the rule less frequent (a larger INTERVAL, fewer BYHOUR or BYMINUTE values)"
	}
	p := errorf(AttrRRule, KindTooDense, "rrule too dense to expand", detail)
	return &p
}

// unreachable refuses an hourly, minutely or secondly rule whose INTERVAL,
// counted from first_start, never lands on its BYHOUR, BYMINUTE or
// BYSECOND: rrule-go would search for it forever.
func (e *engine) unreachable() *Problem {
	o := e.opt
	iv := o.Interval
	h0, m0, s0 := e.first.Clock()
	all := func(vals []int, n int) []int {
		if len(vals) > 0 {
			return vals
		}
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	var unit string
	switch o.Freq {
	case rrule.HOURLY:
		if len(o.Byhour) == 0 {
			return nil
		}
		g := gcd(iv, 24)
		for _, h := range o.Byhour {
			if mod(h-h0, g) == 0 {
				return nil
			}
		}
		var reached []string
		for h := mod(h0, g); h < 24; h += g {
			reached = append(reached, fmt.Sprintf("%02d", h))
		}
		p := errorf(AttrRRule, KindUnreachable, "rrule never matches", fmt.Sprintf(
			"rrule %q steps %d hours from first_start's hour %02d, so it only reaches the hours %s, and its BYHOUR has none of them; change INTERVAL or BYHOUR, or start first_start at one of its hours",
			e.text, iv, h0, strings.Join(reached, ", ")))
		return &p
	case rrule.MINUTELY:
		if len(o.Byhour) == 0 && len(o.Byminute) == 0 {
			return nil
		}
		g := gcd(iv, 24*60)
		for _, h := range all(o.Byhour, 24) {
			for _, m := range all(o.Byminute, 60) {
				if mod(h*60+m-(h0*60+m0), g) == 0 {
					return nil
				}
			}
		}
		unit = "minutes"
	case rrule.SECONDLY:
		if len(o.Byhour) == 0 && len(o.Byminute) == 0 && len(o.Bysecond) == 0 {
			return nil
		}
		g := gcd(iv, 24*3600)
		for _, h := range all(o.Byhour, 24) {
			for _, m := range all(o.Byminute, 60) {
				for _, s := range all(o.Bysecond, 60) {
					if mod(h*3600+m*60+s-(h0*3600+m0*60+s0), g) == 0 {
						return nil
					}
				}
			}
		}
		unit = "seconds"
	default:
		return nil
	}
	p := errorf(AttrRRule, KindUnreachable, "rrule never matches", fmt.Sprintf(
		"rrule %q steps %d %s from first_start's %s and never lands on a time of day its BYHOUR, BYMINUTE and BYSECOND allow; change INTERVAL or those parts, or start first_start at a time they allow",
		e.text, iv, unit, e.first.Format("15:04:05")))
	return &p
}

// maxPeriodCandidates bounds the start times one period of a rule can
// hold: rrule-go builds each period whole, in memory, before it returns
// the first of them.
const maxPeriodCandidates = 200_000

// oversized refuses what rrule-go would do a lot of work for without
// giving occurrences: a weekly, monthly or yearly period with more
// candidate start times than maxPeriodCandidates, and a BYSETPOS beyond
// the set of a daily or shorter period (rrule-go would try every period
// until year 9999, second by second for FREQ=SECONDLY).
func (e *engine) oversized() *Problem {
	o := e.opt
	count := func(vals []int, all int) int {
		if len(vals) > 0 {
			return len(vals)
		}
		return all
	}
	// Start times of day per period; sub-daily periods take only the
	// parts below their FREQ.
	var times int
	switch o.Freq {
	case rrule.HOURLY:
		times = count(o.Byminute, 1) * count(o.Bysecond, 1)
	case rrule.MINUTELY:
		times = count(o.Bysecond, 1)
	case rrule.SECONDLY:
		times = 1
	default:
		times = count(o.Byhour, 1) * count(o.Byminute, 1) * count(o.Bysecond, 1)
	}
	if len(o.Bysetpos) > 0 && o.Freq >= rrule.DAILY {
		for _, p := range o.Bysetpos {
			if p <= times && -p <= times {
				return nil
			}
		}
		detail := fmt.Sprintf("rrule %q: each %s holds %d start time", e.text, periodName(o.Freq), times)
		if times != 1 {
			detail += "s"
		}
		detail += fmt.Sprintf(", so BYSETPOS=%s never picks one; use positions from 1 to %d or -1 to -%d, or a longer FREQ (BYSETPOS picks within each period of FREQ)",
			joinInts(o.Bysetpos), times, times)
		p := errorf(AttrRRule, KindUnreachable, "rrule never matches", detail)
		return &p
	}
	if o.Freq >= rrule.DAILY {
		return nil
	}
	days := map[rrule.Frequency]int{rrule.YEARLY: 366, rrule.MONTHLY: 31, rrule.WEEKLY: 7}[o.Freq]
	if o.Freq == rrule.YEARLY && len(o.Bymonth) > 0 {
		days = min(days, 31*len(o.Bymonth))
	}
	if len(o.Bymonthday) > 0 {
		months := 1
		if o.Freq == rrule.YEARLY {
			months = count(o.Bymonth, 12)
		}
		days = min(days, len(o.Bymonthday)*months)
	}
	if len(o.Byyearday) > 0 {
		days = min(days, len(o.Byyearday))
	}
	if days*times <= maxPeriodCandidates {
		return nil
	}
	p := errorf(AttrRRule, KindTooDense, "rrule too dense to expand", fmt.Sprintf(
		"rrule %q makes up to %d start times in each %s (%d days of %d times each); at most %d can be expanded. Use a shorter FREQ with the same BYHOUR and BYMINUTE (FREQ=DAILY, with BYDAY or BYMONTHDAY for the days), or fewer BYHOUR, BYMINUTE and BYSECOND values",
		e.text, days*times, periodName(o.Freq), days, times, maxPeriodCandidates))
	return &p
}

func periodName(f rrule.Frequency) string {
	return map[rrule.Frequency]string{
		rrule.YEARLY: "year", rrule.MONTHLY: "month", rrule.WEEKLY: "week", rrule.DAILY: "day",
		rrule.HOURLY: "hour", rrule.MINUTELY: "minute", rrule.SECONDLY: "second",
	}[f]
}

func joinInts(vals []int) string {
	s := make([]string, len(vals))
	for i, v := range vals {
		s[i] = strconv.Itoa(v)
	}
	return strings.Join(s, ",")
}

// neverSubDaily reports, for an hourly, minutely or secondly rule, that no
// day in the searchYears after first_start has a tick of the rule (one
// every INTERVAL units from first_start's) that its BYHOUR, BYMINUTE and
// BYSECOND allow on a day its BYMONTH, BYMONTHDAY, BYYEARDAY and BYDAY
// allow. rrule-go finds that out too, but tick by tick: seconds for a
// rule that wakes up every few minutes. This needs one step a day. It
// never says "never" of a rule that has an occurrence (it ignores
// first_start's own day, and BYSETPOS was checked by oversized).
func (e *engine) neverSubDaily() bool {
	o := e.opt
	var unit int64
	switch o.Freq {
	case rrule.HOURLY:
		unit = 3600
	case rrule.MINUTELY:
		unit = 60
	case rrule.SECONDLY:
		unit = 1
	default:
		return false
	}
	perDay := 86400 / unit
	step := int64(o.Interval)
	allowed := func(vals []int, v int) bool { return len(vals) == 0 || slices.Contains(vals, v) }
	// Residues mod step of the ticks of a day that the time parts allow.
	residues := map[int64]bool{}
	for a := int64(0); a < perDay && int64(len(residues)) < step; a++ {
		sec := a * unit
		h, m, s := int(sec/3600), int(sec/60%60), int(sec%60)
		if allowed(o.Byhour, h) && (o.Freq == rrule.HOURLY || allowed(o.Byminute, m)) && (o.Freq != rrule.SECONDLY || allowed(o.Bysecond, s)) {
			residues[a%step] = true
		}
	}
	weekdays := map[int]bool{}
	for _, w := range o.Byweekday {
		weekdays[w.Day()] = true
	}
	t0 := floorDiv(e.first.Unix(), unit)
	first := dayNumber(e.first)
	for d := first; d < first+searchYears*366; d++ {
		day := fromDayNumber(d)
		if !e.dayAllowed(day, weekdays) {
			continue
		}
		// The residue a tick a into this day needs: (d*perDay + a - t0) % step == 0.
		if residues[mod64(t0-d*perDay, step)] {
			return false
		}
	}
	return true
}

// dayAllowed applies the day parts that rrule-go's sub-daily rules filter by.
func (e *engine) dayAllowed(day time.Time, weekdays map[int]bool) bool {
	o := e.opt
	if len(o.Bymonth) > 0 && !slices.Contains(o.Bymonth, int(day.Month())) {
		return false
	}
	if len(weekdays) > 0 && !weekdays[isoWeekday(day)] {
		return false
	}
	if len(o.Bymonthday) > 0 {
		last := time.Date(day.Year(), day.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
		if !slices.Contains(o.Bymonthday, day.Day()) && !slices.Contains(o.Bymonthday, day.Day()-last-1) {
			return false
		}
	}
	if len(o.Byyearday) > 0 {
		yd := day.YearDay()
		days := time.Date(day.Year(), 12, 31, 0, 0, 0, 0, time.UTC).YearDay()
		if !slices.Contains(o.Byyearday, yd) && !slices.Contains(o.Byyearday, yd-days-1) {
			return false
		}
	}
	return true
}

func mod64(a, b int64) int64 { return ((a % b) + b) % b }
