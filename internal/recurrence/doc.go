// Package recurrence is the engine of the recurring change-window
// resources (o11y_silence_schedule, o11y_maintenance_schedule): weekly
// patch night, the monthly second-Tuesday drill. From a schedule as
// written in configuration — an IANA time_zone, a local first_start, an
// RFC 5545 rrule without DTSTART, a duration, except_dates and a horizon —
// it tells which windows exist within the horizon after a given "now", and
// what to say about configuration that cannot work.
//
// It is pure: no clock, no I/O. The caller passes "now" (the resources use
// the server's clock) and gets instants back.
//
// # Wall clock
//
// The rule is evaluated in local wall-clock time: BYDAY, BYHOUR and the
// rest mean what a clock on the wall in time_zone shows. Each nominal wall
// clock is then mapped to an instant:
//
//   - A wall clock that exists once is that instant.
//   - A wall clock in the repeated hour (fall back) is the first of its two
//     instants, the one with the earlier (summer-time) offset.
//   - A wall clock that does not exist (the spring-forward gap) becomes the
//     first valid instant after it, where the gap ends: Europe/Berlin
//     2027-03-28T02:30 starts at 03:00 CEST, not at 03:30 as time.Date
//     would normalise it.
//
// duration is elapsed time from that instant, so a 2h window from 00:30 on
// Berlin's spring-forward night ends at 03:30 CEST.
//
// When the gap moves several nominal wall clocks onto the same instant (an
// hourly rule's 02:00 and 03:00 on New York's spring-forward night both
// start at 03:00 EDT), they are one window: the one with the latest nominal
// start is kept (03:00, the wall clock that exists).
//
// # Identity
//
// An occurrence is known by its nominal local start (Occurrence.Key, such
// as "2027-03-28T02:30"), which stays the same when a zone's rules move the
// instant. Diff compares two sets of occurrences by it.
//
// # First start
//
// first_start is the rule's DTSTART. As RFC 5545 has it, it is the first
// occurrence when it matches the rule. When it does not, this package does
// what rrule-go (and python-dateutil) do: first_start only bounds the rule,
// and the first occurrence is the first one after it that matches; Compile
// warns about it.
//
// # Expansion
//
// Rules are expanded with github.com/teambition/rrule-go, a port of
// python-dateutil's rrule, in "floating" time: time.Time values in UTC
// that stand for local wall clocks, so the library never sees a DST change.
// Expansion is bounded: a rule is fast-forwarded to the span asked for,
// and rules the library would loop on, or search to year 9999 for, are
// refused or cut short; expand.go says how.
//
// # Use
//
// Compile checks a Spec (the schedule as configured) and gives a Schedule,
// or Problems naming the attribute each concerns: errors, which stop the
// plan, and warnings. Schedule.Window gives the occurrences in the horizon
// after a "now", and Diff matches them with those of the previous plan.
package recurrence
