// Package schedule is what the recurring change-window resources
// (o11y_silence_schedule, o11y_maintenance_schedule) share: the schedule
// attributes and their plan-time checks, the occurrences as state holds
// them, how a plan turns the occurrences in state into the ones the
// configuration and the clock imply (Plan), and how an apply makes the
// server match (Apply). The expansion of the rule itself is
// internal/recurrence; the server calls are the resources' own (Writer).
//
// The rules are DESIGN.md's "Schedules" section. In short:
//
//   - The occurrences that exist on the server are those whose window
//     overlaps [now, now+horizon], "now" being the server's clock as of the
//     resource's last read or write (kept in private state), so that the
//     plan and the apply that follows it compute the same thing.
//   - An occurrence that ends by itself stays in the list, unchanged, until
//     an apply changes something else: time alone never makes a diff, except
//     when it brings a new occurrence inside the horizon.
//   - An occurrence is known by its key (recurrence.Occurrence.Key). A
//     planned occurrence whose window or selection differs from the one in
//     state replaces it: the new one is created first, then the old one
//     expired.
package schedule

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/recurrence"
)

// Status values of an occurrence, as the servers report them.
const (
	StatusPending = "pending"
	StatusActive  = "active"
	StatusExpired = "expired"
)

// Occurrence is one occurrence as the resources keep it in state.
type Occurrence struct {
	// Key is the nominal local start the rule gives: the occurrence's
	// identity (recurrence.Occurrence.Key).
	Key        string
	Start, End time.Time
	// ID is the server's id of its silence or maintenance. It is "" in a
	// plan for an occurrence still to create, and "" with StatusExpired for
	// one whose end had passed by the time apply came to create it.
	ID string
	// Status is pending, active or expired as last read; "" in a plan for
	// an occurrence still to create.
	Status string
}

// ToCreate reports whether the occurrence is planned and not created yet.
func (o Occurrence) ToCreate() bool { return o.ID == "" && o.Status == "" }

// Live reports whether the occurrence exists on the server and has not
// ended at now: a pending or running window.
func (o Occurrence) Live(now time.Time) bool {
	return o.ID != "" && o.Status != StatusExpired && o.End.After(now)
}

// String is the key and the instants, for messages.
func (o Occurrence) String() string {
	s := fmt.Sprintf("%s (%s to %s", o.Key, o.Start.Format(time.RFC3339), o.End.Format(time.RFC3339))
	if o.ID != "" {
		s += ", id " + o.ID
	}
	return s + ")"
}

func fromRecurrence(n recurrence.Occurrence) Occurrence {
	return Occurrence{Key: n.Key, Start: n.Start, End: n.End}
}

// Input is what Plan decides from.
type Input struct {
	// Prior are the occurrences in state (after the refresh); nil for a
	// new resource.
	Prior []Occurrence
	// Next are the occurrences the configuration implies at Now:
	// recurrence.Schedule.Window(Now).
	Next []recurrence.Occurrence
	Now  time.Time
	// Reselect is true when what every occurrence selects or says changes
	// (matchers, source, comment, created_by; title, targets): every live
	// occurrence is replaced.
	Reselect bool
	// Drifted are the ids of occurrences the refresh found edited on the
	// server: they are replaced.
	Drifted map[string]bool
}

// Replacement is an occurrence whose silence or maintenance is replaced.
type Replacement struct {
	Old, New Occurrence
	// Why names what changed: "its window", "the selection", "it was
	// edited on the server".
	Why string
}

// Result is what a plan does with the occurrences.
type Result struct {
	// Occurrences is the planned list, in order of start. Without a change
	// it is Prior as it is, ended occurrences included.
	Occurrences []Occurrence
	// Create are new occurrences (nothing live has their key).
	Create []Occurrence
	// Replace are live occurrences whose window or selection changes.
	Replace []Replacement
	// Expire are live occurrences the configuration no longer has (a new
	// rule, an except date, a shorter horizon).
	Expire []Occurrence
	// Forget are occurrences that ended by themselves and leave the list;
	// only set when the plan changes something else.
	Forget []Occurrence
}

// Changed reports whether the plan touches the server.
func (r Result) Changed() bool { return len(r.Create)+len(r.Replace)+len(r.Expire) > 0 }

func same(a, b time.Time) bool { return a.Equal(b) }

// Plan matches the occurrences in state with those the configuration
// implies now, by key. A prior occurrence is kept when it has the same
// window, was not edited on the server, and (unless it has ended or never
// existed) the selection is unchanged; every other next occurrence is
// planned anew, replacing a live prior one with its key if there is one.
// Prior occurrences that are neither kept nor replaced are expired when
// live and forgotten when ended.
//
// When nothing is created, replaced or expired, the planned list is Prior
// unchanged: an occurrence that ended, or fell out of the horizon, by
// itself makes no diff.
func Plan(in Input) Result {
	nextByKey := make(map[string]recurrence.Occurrence, len(in.Next))
	for _, n := range in.Next {
		nextByKey[n.Key] = n
	}
	kept := map[string]int{} // key -> index in Prior
	for i, p := range in.Prior {
		n, ok := nextByKey[p.Key]
		if !ok {
			continue
		}
		if _, dup := kept[p.Key]; dup {
			continue
		}
		if fits(p, n, in) {
			kept[p.Key] = i
		}
	}
	used := map[int]bool{}
	for _, i := range kept {
		used[i] = true
	}
	var r Result
	var planned []Occurrence
	seen := map[string]bool{}
	for _, n := range in.Next {
		if seen[n.Key] {
			continue
		}
		seen[n.Key] = true
		if i, ok := kept[n.Key]; ok {
			planned = append(planned, in.Prior[i])
			continue
		}
		occ := fromRecurrence(n)
		planned = append(planned, occ)
		old := -1
		for i, p := range in.Prior {
			if !used[i] && p.Key == n.Key && p.Live(in.Now) {
				old = i
				break
			}
		}
		if old < 0 {
			r.Create = append(r.Create, occ)
			continue
		}
		used[old] = true
		r.Replace = append(r.Replace, Replacement{Old: in.Prior[old], New: occ, Why: why(in.Prior[old], occ, in)})
	}
	for i, p := range in.Prior {
		switch {
		case used[i]:
		case p.Live(in.Now):
			r.Expire = append(r.Expire, p)
		default:
			r.Forget = append(r.Forget, p)
		}
	}
	if !r.Changed() {
		r.Forget = nil
		r.Occurrences = slices.Clone(in.Prior)
		return r
	}
	r.Occurrences = planned
	return r
}

// fits reports whether prior occurrence p can stay as the next occurrence
// n: same window, not edited on the server, and either the selection stays
// or p is not live (it ended, or ended before it could be created).
func fits(p Occurrence, n recurrence.Occurrence, in Input) bool {
	if !same(p.Start, n.Start) || !same(p.End, n.End) || in.Drifted[p.ID] {
		return false
	}
	if p.ID == "" {
		return p.Status == StatusExpired
	}
	return !in.Reselect || p.Status == StatusExpired
}

func why(old, next Occurrence, in Input) string {
	switch {
	case !same(old.Start, next.Start) || !same(old.End, next.End):
		return "its window moves"
	case in.Drifted[old.ID]:
		return "it was edited on the server"
	default:
		return "what it selects or says changes"
	}
}

// Summary says, one line each, which occurrences a plan touches; "" when
// it touches none. noun names the server object ("silence",
// "maintenance").
func (r Result) Summary(noun string) string {
	if !r.Changed() {
		return ""
	}
	var b strings.Builder
	for _, o := range r.Create {
		fmt.Fprintf(&b, "\n- creates %s %s", noun, o)
	}
	for _, p := range r.Replace {
		fmt.Fprintf(&b, "\n- replaces %s %s, because %s: a new one %s is created, then the old one expired", noun, p.Old, p.Why, p.New)
	}
	for _, o := range r.Expire {
		fmt.Fprintf(&b, "\n- expires %s %s, which the configuration no longer has", noun, o)
	}
	if n := len(r.Forget); n > 0 {
		keys := make([]string, n)
		for i, o := range r.Forget {
			keys[i] = o.Key
		}
		fmt.Fprintf(&b, "\n- leaves out of the list %d occurrence(s) that ended by themselves: %s", n, strings.Join(keys, ", "))
	}
	return strings.TrimPrefix(b.String(), "\n")
}
