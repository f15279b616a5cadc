package schedule

import (
	"context"
	"slices"
	"time"
)

// Writer creates and removes the server object of one occurrence: a
// silence, or a maintenance window.
type Writer interface {
	// Create makes the occurrence's object and returns the occurrence with
	// its ID and Status. When the server accepted it but something after
	// failed, the returned occurrence has the ID and err says what failed.
	Create(ctx context.Context, o Occurrence) (Occurrence, error)
	// Remove ends the occurrence's object for good (expire, or delete on
	// the Alert Silence API). ended is true when its window is already
	// over: nothing may need to be sent.
	Remove(ctx context.Context, o Occurrence, ended bool) error
}

// OpError is a failure of one Writer call during Apply or Destroy.
type OpError struct {
	// Create is true for a failed Create, false for a failed Remove.
	Create     bool
	Occurrence Occurrence
	Err        error
}

func (e *OpError) Error() string {
	verb := "removing"
	if e.Create {
		verb = "creating"
	}
	return verb + " occurrence " + e.Occurrence.String() + ": " + e.Err.Error()
}

func (e *OpError) Unwrap() error { return e.Err }

// Apply makes the server match planned, starting from prior (the state):
// it creates every planned occurrence without an id, then removes each
// prior occurrence the plan does not keep (the old side of a replacement,
// those the configuration dropped, ended ones left out of the list). A
// planned occurrence whose end has passed by now is not sent: it is
// recorded as expired without an id.
//
// It returns the occurrences as they now are. On success that is planned
// with the ids and statuses filled in. On the first error it stops: the
// occurrences created so far are in the result (nothing the server holds
// is lost), and so is every prior occurrence not removed yet; planned ones
// not created are left out.
func Apply(ctx context.Context, w Writer, prior, planned []Occurrence, now time.Time) ([]Occurrence, error) {
	keep := map[string]bool{}
	for _, p := range planned {
		if p.ID != "" {
			keep[p.ID] = true
		}
	}
	out := make([]Occurrence, 0, len(planned))
	var failed error
	for _, p := range planned {
		switch {
		case !p.ToCreate():
			out = append(out, p)
		case failed != nil:
		case !p.End.After(now):
			p.Status = StatusExpired
			out = append(out, p)
		default:
			c, err := w.Create(ctx, p)
			if c.ID != "" {
				out = append(out, c)
			}
			if err != nil {
				failed = &OpError{Create: true, Occurrence: p, Err: err}
			}
		}
	}
	for _, p := range prior {
		if p.ID == "" || keep[p.ID] {
			continue
		}
		if failed != nil {
			out = append(out, p)
			continue
		}
		if err := w.Remove(ctx, p, !p.Live(now)); err != nil {
			failed = &OpError{Occurrence: p, Err: err}
			out = append(out, p)
		}
	}
	if failed != nil {
		slices.SortStableFunc(out, func(a, b Occurrence) int { return a.Start.Compare(b.Start) })
	}
	return out, failed
}

// Destroy removes every occurrence that has an id: pending and running ones
// are expired (or deleted); ended ones are handed to Remove with ended set.
// It goes on after a failure and returns the first error.
func Destroy(ctx context.Context, w Writer, prior []Occurrence, now time.Time) error {
	var first error
	for _, p := range prior {
		if p.ID == "" {
			continue
		}
		if err := w.Remove(ctx, p, !p.Live(now)); err != nil && first == nil {
			first = &OpError{Occurrence: p, Err: err}
		}
	}
	return first
}

// AnyCreated reports whether any occurrence has a server id.
func AnyCreated(occs []Occurrence) bool {
	for _, o := range occs {
		if o.ID != "" {
			return true
		}
	}
	return false
}
