package recurrence

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	rrule "github.com/teambition/rrule-go"
)

// MaxInterval bounds INTERVAL: rrule-go steps a huge interval one month at
// a time, and no change window repeats less often than every 10000 units.
const MaxInterval = 10000

// untilKind is how UNTIL was written (RFC 5545 3.3.10).
type untilKind int

const (
	untilNone  untilKind = iota
	untilUTC             // 20271231T235959Z: an instant
	untilLocal           // 20271231T235959: a local wall clock
	untilDate            // 20271231: through the end of that local date
)

type until struct {
	kind untilKind
	text string    // the part as written, "UNTIL=20271231T235959Z"
	t    time.Time // UTC instant, floating wall clock or floating date
}

// rule is a parsed rrule: rrule-go options without DTSTART, COUNT and
// UNTIL, which the expansion applies itself.
type rule struct {
	text  string
	opt   rrule.ROption
	count int
	until until
}

var (
	freqs = map[string]rrule.Frequency{
		"SECONDLY": rrule.SECONDLY, "MINUTELY": rrule.MINUTELY, "HOURLY": rrule.HOURLY,
		"DAILY": rrule.DAILY, "WEEKLY": rrule.WEEKLY, "MONTHLY": rrule.MONTHLY, "YEARLY": rrule.YEARLY,
	}
	weekdays = map[string]rrule.Weekday{
		"MO": rrule.MO, "TU": rrule.TU, "WE": rrule.WE, "TH": rrule.TH, "FR": rrule.FR, "SA": rrule.SA, "SU": rrule.SU,
	}
	weekdayRE = regexp.MustCompile(`^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$`)
	intRE     = regexp.MustCompile(`^[+-]?\d{1,9}$`)
	untilRE   = regexp.MustCompile(`^\d{8}(T\d{6}Z?)?$`)
)

const (
	knownParts = "FREQ, INTERVAL, COUNT, UNTIL, WKST, BYSETPOS, BYMONTH, BYWEEKNO, BYYEARDAY, BYMONTHDAY, BYDAY, BYHOUR, BYMINUTE or BYSECOND"
	example    = `"FREQ=WEEKLY;BYDAY=SU"`
	weekdayHow = "use MO, TU, WE, TH, FR, SA or SU, with an ordinal for FREQ=MONTHLY or YEARLY such as 2TU (second Tuesday) or -1FR (last Friday)"
)

func syntax(detail string, args ...any) Problem {
	return errorf(AttrRRule, KindSyntax, "Invalid rrule", fmt.Sprintf(detail, args...))
}

// parseRule reads an RFC 5545 RRULE value (an optional "RRULE:" prefix is
// allowed) without DTSTART. Names and values are case-insensitive, as RFC
// 5545 says.
//
// It does not use rrule-go's parser: that one quotes no part of the input
// ("wrong format"), accepts names only in upper case, takes DTSTART, and
// parses an UNTIL without Z in a zone it has to be given.
func parseRule(text string) (*rule, *Problem) {
	s := strings.TrimSpace(text)
	if s == "" {
		p := syntax("rrule is empty; write a rule like %s", example)
		return nil, &p
	}
	var body string
	for _, line := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
		line = strings.TrimSpace(line)
		up := strings.ToUpper(line)
		switch {
		case line == "":
			continue
		case strings.HasPrefix(up, "DTSTART"):
			p := dtstart(line)
			return nil, &p
		case strings.HasPrefix(up, "EXDATE"):
			p := syntax("rrule has an EXDATE line (%q); list the local dates to skip in except_dates instead, like [\"2027-12-26\"]", line)
			return nil, &p
		case strings.HasPrefix(up, "RDATE"), strings.HasPrefix(up, "EXRULE"):
			p := syntax("rrule has a line %q; only one RRULE is supported, like %s", line, example)
			return nil, &p
		case body != "":
			p := syntax("rrule has more than one line (%q); write one rule, like %s", line, example)
			return nil, &p
		}
		body = line
		if strings.HasPrefix(up, "RRULE:") {
			body = line[len("RRULE:"):]
		}
	}
	r := &rule{text: s}
	seen := map[string]string{}
	for _, part := range strings.Split(body, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			p := syntax("rrule %q has an empty part (\";;\" or a \";\" at an end); remove it", s)
			return nil, &p
		}
		name, value, ok := strings.Cut(part, "=")
		name, value = strings.ToUpper(strings.TrimSpace(name)), strings.ToUpper(strings.TrimSpace(value))
		if name == "DTSTART" {
			p := dtstart(part)
			return nil, &p
		}
		if !ok || name == "" || value == "" || strings.Contains(value, "=") {
			p := syntax("%q is not a NAME=VALUE part; separate parts with \";\", like %s", part, example)
			return nil, &p
		}
		if prev, dup := seen[name]; dup {
			p := syntax("%s appears twice (%q and %q); keep one", name, prev, part)
			return nil, &p
		}
		seen[name] = part
		if p := r.set(name, value, part); p != nil {
			return nil, p
		}
	}
	if _, ok := seen["FREQ"]; !ok {
		p := syntax("rrule %q has no FREQ; every rule needs one, like %s", s, example)
		return nil, &p
	}
	if p := r.check(seen); p != nil {
		return nil, p
	}
	return r, nil
}

func dtstart(part string) Problem {
	return errorf(AttrRRule, KindDTStart, "DTSTART in rrule",
		fmt.Sprintf("rrule contains a DTSTART (%q); put the start in first_start, as a local time like \"2027-01-03T02:00\", and leave only the rule in rrule, like %s", part, example))
}

// set reads one NAME=VALUE part.
func (r *rule) set(name, value, part string) *Problem {
	fail := func(detail string, args ...any) *Problem {
		p := syntax("%q: "+detail, append([]any{part}, args...)...)
		return &p
	}
	ints := func(lo, hi int, signed bool, what string) ([]int, *Problem) {
		var out []int
		for _, v := range strings.Split(value, ",") {
			n, err := strconv.Atoi(v)
			ok := err == nil && intRE.MatchString(v) && (n >= lo && n <= hi || signed && n <= -lo && n >= -hi)
			if !ok {
				if signed {
					return nil, fail("%q is not %s; use whole numbers from %d to %d or -%d to -%d", v, what, lo, hi, lo, hi)
				}
				return nil, fail("%q is not %s; use whole numbers from %d to %d", v, what, lo, hi)
			}
			out = append(out, n)
		}
		return out, nil
	}
	var p *Problem
	switch name {
	case "FREQ":
		f, ok := freqs[value]
		if !ok {
			return fail("FREQ must be one of SECONDLY, MINUTELY, HOURLY, DAILY, WEEKLY, MONTHLY or YEARLY")
		}
		r.opt.Freq = f
	case "INTERVAL":
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 || n > MaxInterval || !intRE.MatchString(value) {
			return fail("INTERVAL must be a whole number from 1 to %d", MaxInterval)
		}
		r.opt.Interval = n
	case "COUNT":
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 || !intRE.MatchString(value) {
			return fail("COUNT must be a whole number of occurrences, 1 or more")
		}
		r.count = n
	case "UNTIL":
		return r.setUntil(value, part)
	case "WKST":
		w, ok := weekdays[value]
		if !ok {
			return fail("WKST is the day weeks start on; use MO, TU, WE, TH, FR, SA or SU")
		}
		r.opt.Wkst = w
	case "BYSETPOS":
		r.opt.Bysetpos, p = ints(1, 366, true, "a position in the set")
	case "BYMONTH":
		r.opt.Bymonth, p = ints(1, 12, false, "a month")
	case "BYWEEKNO":
		r.opt.Byweekno, p = ints(1, 53, true, "a week number")
	case "BYYEARDAY":
		r.opt.Byyearday, p = ints(1, 366, true, "a day of the year")
	case "BYMONTHDAY":
		r.opt.Bymonthday, p = ints(1, 31, true, "a day of the month")
	case "BYHOUR":
		r.opt.Byhour, p = ints(0, 23, false, "an hour")
	case "BYMINUTE":
		r.opt.Byminute, p = ints(0, 59, false, "a minute")
	case "BYSECOND":
		r.opt.Bysecond, p = ints(0, 59, false, "a second")
	case "BYDAY":
		for _, v := range strings.Split(value, ",") {
			m := weekdayRE.FindStringSubmatch(v)
			if m == nil {
				return fail("%q is not a weekday; %s", v, weekdayHow)
			}
			w := weekdays[m[2]]
			if m[1] != "" {
				n, _ := strconv.Atoi(m[1])
				if n == 0 || n > 53 || n < -53 {
					return fail("%q: the ordinal must be from 1 to 53 or -1 to -53 (2TU is the second Tuesday, -1FR the last Friday)", v)
				}
				w = w.Nth(n)
			}
			r.opt.Byweekday = append(r.opt.Byweekday, w)
		}
	default:
		return fail("%s is not an RRULE part this provider knows; use one of %s", name, knownParts)
	}
	return p
}

func (r *rule) setUntil(value, part string) *Problem {
	if !untilRE.MatchString(value) {
		p := syntax("%q: write UNTIL like 20271231T235959Z (UTC), 20271231T235959 (local wall clock in time_zone) or 20271231 (through that local date)", part)
		return &p
	}
	u := until{text: part}
	var err error
	switch len(value) {
	case len("20060102"):
		u.kind = untilDate
		u.t, err = time.Parse("20060102", value)
	case len("20060102T150405"):
		u.kind = untilLocal
		u.t, err = time.Parse("20060102T150405", value)
	default:
		u.kind = untilUTC
		u.t, err = time.Parse("20060102T150405Z", value)
	}
	if err != nil {
		p := syntax("%q is not a valid date (%s); write UNTIL like 20271231T235959Z", part, reason(err))
		return &p
	}
	r.until = u
	return nil
}

// check applies RFC 5545's rules on which parts go together, and refuses
// what can never match, so that the mistake is named here rather than
// found as a rule without occurrences.
func (r *rule) check(seen map[string]string) *Problem {
	freq := r.opt.Freq
	fail := func(detail string, args ...any) *Problem {
		p := syntax(detail, args...)
		return &p
	}
	if r.count > 0 && r.until.kind != untilNone {
		return fail("rrule has both %q and %q; RFC 5545 allows one of them: keep COUNT to stop after that many occurrences, or UNTIL to stop at a time", seen["COUNT"], seen["UNTIL"])
	}
	if freq != rrule.YEARLY && seen["BYWEEKNO"] != "" {
		return fail("%q needs FREQ=YEARLY (RFC 5545)", seen["BYWEEKNO"])
	}
	if (freq == rrule.DAILY || freq == rrule.WEEKLY || freq == rrule.MONTHLY) && seen["BYYEARDAY"] != "" {
		return fail("%q cannot be used with FREQ=%s (RFC 5545); use FREQ=YEARLY, or BYMONTH with BYMONTHDAY", seen["BYYEARDAY"], freq)
	}
	if freq == rrule.WEEKLY && seen["BYMONTHDAY"] != "" {
		return fail("%q cannot be used with FREQ=WEEKLY (RFC 5545); use FREQ=MONTHLY for days of the month", seen["BYMONTHDAY"])
	}
	if seen["BYSETPOS"] != "" && !hasSetParts(seen) {
		return fail("%q picks from the set the other BY parts make, and there is none; add one such as BYDAY, for example \"FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2\" for the second Tuesday", seen["BYSETPOS"])
	}
	for _, w := range r.opt.Byweekday {
		n := w.N()
		switch {
		case n == 0:
		case freq != rrule.MONTHLY && freq != rrule.YEARLY:
			return fail("%q: an ordinal weekday such as %s needs FREQ=MONTHLY or FREQ=YEARLY; with FREQ=%s write the weekday alone, like %s",
				seen["BYDAY"], w, freq, weekdayCode(w))
		case freq == rrule.YEARLY && seen["BYWEEKNO"] != "":
			return fail("%q: an ordinal weekday such as %s cannot be used with BYWEEKNO (RFC 5545); write the weekday alone, like %s", seen["BYDAY"], w, weekdayCode(w))
		case (freq == rrule.MONTHLY || seen["BYMONTH"] != "") && (n > 5 || n < -5):
			return fail("%q: no month has a %s; within a month use ordinals from 1 to 5 or -1 to -5", seen["BYDAY"], ordinal(w))
		}
	}
	if p := r.impossibleMonthDays(seen); p != nil {
		return p
	}
	return nil
}

// hasSetParts reports whether a BY part other than BYSETPOS makes the set
// that BYSETPOS picks from (RFC 5545: BYSETPOS only goes with another BY
// part).
func hasSetParts(seen map[string]string) bool {
	for k := range seen {
		if strings.HasPrefix(k, "BY") && k != "BYSETPOS" {
			return true
		}
	}
	return false
}

// impossibleMonthDays refuses BYMONTHDAY values that none of the BYMONTH
// months has, such as February 30.
func (r *rule) impossibleMonthDays(seen map[string]string) *Problem {
	if len(r.opt.Bymonth) == 0 || len(r.opt.Bymonthday) == 0 {
		return nil
	}
	longest := 0
	for _, m := range r.opt.Bymonth {
		longest = max(longest, time.Date(2028, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()) // 2028 is a leap year
	}
	for _, d := range r.opt.Bymonthday {
		if d <= longest && -d <= longest {
			return nil
		}
	}
	p := syntax("%q with %q never matches: those months have at most %d days", seen["BYMONTHDAY"], seen["BYMONTH"], longest)
	return &p
}

func weekdayCode(w rrule.Weekday) string {
	return [...]string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}[w.Day()]
}

// ordinal names an ordinal weekday: "6th Monday", "7th-last Friday".
func ordinal(w rrule.Weekday) string {
	names := [...]string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	n, last := w.N(), ""
	if n < 0 {
		n, last = -n, "-last"
	}
	return nth(n) + last + " " + names[w.Day()]
}

// nth is n as an English ordinal: 1st, 2nd, 3rd, 11th, 51st.
func nth(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}
