package recurrence

import "strings"

// The attributes a Problem can concern, named as in the resources' schema.
const (
	AttrTimeZone    = "time_zone"
	AttrFirstStart  = "first_start"
	AttrRRule       = "rrule"
	AttrDuration    = "duration"
	AttrHorizon     = "horizon"
	AttrExceptDates = "except_dates"
)

// Kind tells problems apart for code and tests; the text is for people.
type Kind string

// The kinds of Problem.
const (
	// KindZone: time_zone is not an IANA zone.
	KindZone Kind = "zone"
	// KindFirstStart: first_start is not a local wall-clock time.
	KindFirstStart Kind = "first_start"
	// KindSyntax: a part of rrule does not parse or is not allowed.
	KindSyntax Kind = "syntax"
	// KindDTStart: rrule carries its own DTSTART.
	KindDTStart Kind = "dtstart"
	// KindUntil: UNTIL is before first_start.
	KindUntil Kind = "until"
	// KindNoOccurrence: the rule never produces an occurrence.
	KindNoOccurrence Kind = "no_occurrence"
	// KindUnreachable: with its INTERVAL, the rule would never reach its
	// BYHOUR, BYMINUTE or BYSECOND, or its BYSETPOS is beyond every set.
	KindUnreachable Kind = "unreachable"
	// KindTooDense: the rule has too many start times to expand: in one
	// period, or (a COUNT rule) between first_start and now.
	KindTooDense Kind = "too_dense"
	// KindDuration: duration is not a positive duration.
	KindDuration Kind = "duration"
	// KindOverlap: duration is not shorter than the gap between two
	// occurrences, so their windows would overlap.
	KindOverlap Kind = "overlap"
	// KindHorizon: horizon is not a positive duration of at most 90 days.
	KindHorizon Kind = "horizon"
	// KindTooMany: more than MaxOccurrences occurrences in the horizon.
	KindTooMany Kind = "too_many"
	// KindExceptDate: an except_dates entry is not a date.
	KindExceptDate Kind = "except_date"
	// KindExceptUnmatched (warning): except_dates that match no
	// occurrence.
	KindExceptUnmatched Kind = "except_unmatched"
	// KindFirstStartUnmatched (warning): first_start is not an occurrence
	// of the rule.
	KindFirstStartUnmatched Kind = "first_start_unmatched"
)

// Severity is whether a Problem stops the plan.
type Severity int

// The severities.
const (
	Error Severity = iota
	Warning
)

// Problem is one thing wrong with a schedule's configuration, for one
// attribute. The resources turn it into an attribute diagnostic.
type Problem struct {
	Attr     string
	Kind     Kind
	Severity Severity
	// Summary is a short title ("Invalid rrule").
	Summary string
	// Detail says what is wrong and what to write instead.
	Detail string
}

// Error makes a Problem usable as an error.
func (p Problem) Error() string { return p.Attr + ": " + p.Detail }

// Problems is what a check found: errors and warnings.
type Problems []Problem

// HasError reports whether any problem is an error.
func (ps Problems) HasError() bool {
	for _, p := range ps {
		if p.Severity == Error {
			return true
		}
	}
	return false
}

// Errors are the problems that stop the plan.
func (ps Problems) Errors() Problems { return ps.filter(Error) }

// Warnings are the problems that do not.
func (ps Problems) Warnings() Problems { return ps.filter(Warning) }

func (ps Problems) filter(s Severity) Problems {
	var out Problems
	for _, p := range ps {
		if p.Severity == s {
			out = append(out, p)
		}
	}
	return out
}

// Error joins the problems' texts, one a line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

func errorf(attr string, kind Kind, summary, detail string) Problem {
	return Problem{Attr: attr, Kind: kind, Severity: Error, Summary: summary, Detail: detail}
}

func warnf(attr string, kind Kind, summary, detail string) Problem {
	return Problem{Attr: attr, Kind: kind, Severity: Warning, Summary: summary, Detail: detail}
}
