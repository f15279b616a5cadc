package schedule

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// fakeWriter records calls and fails the calls named in fail ("create
// KEY", "remove ID").
type fakeWriter struct {
	calls []string
	fail  map[string]bool
	seq   int
	// acceptThenFail makes the failing create return its id anyway (the
	// server accepted it, reading it back failed).
	acceptThenFail bool
}

func (w *fakeWriter) Create(_ context.Context, o Occurrence) (Occurrence, error) {
	w.calls = append(w.calls, "create "+o.Key)
	w.seq++
	o.ID, o.Status = fmt.Sprintf("n%d", w.seq), StatusPending
	if w.fail["create "+o.Key] {
		if w.acceptThenFail {
			return o, errors.New("read back failed")
		}
		return Occurrence{}, errors.New("boom")
	}
	return o, nil
}

func (w *fakeWriter) Remove(_ context.Context, o Occurrence, ended bool) error {
	c := "remove " + o.ID
	if ended {
		c += " (ended)"
	}
	w.calls = append(w.calls, c)
	if w.fail["remove "+o.ID] {
		return errors.New("boom")
	}
	return nil
}

func TestApply(t *testing.T) {
	t.Parallel()
	now := utc("2027-01-02T10:30:00Z")
	at := func(day int, id, status string) Occurrence {
		start := time.Date(2027, 1, day, 10, 0, 0, 0, time.UTC)
		return Occurrence{Key: start.Format("2006-01-02T15:04"), Start: start, End: start.Add(time.Hour), ID: id, Status: status}
	}
	planned := func(day int) Occurrence { return at(day, "", "") }
	prior := []Occurrence{at(1, "a", StatusExpired), at(2, "b", StatusActive), at(3, "c", StatusPending)}
	for _, c := range []struct {
		name           string
		prior, planned []Occurrence
		fail           []string
		acceptThenFail bool
		// calls in order; the result as "KEY ID STATUS"; the error's text
		// or "".
		calls, result, err string
	}{
		{
			name:  "creates first, then removes what the plan drops",
			prior: prior, planned: []Occurrence{at(2, "b", StatusActive), planned(3), planned(4)},
			calls:  "create 2027-01-03T10:00, create 2027-01-04T10:00, remove a (ended), remove c",
			result: "2027-01-02T10:00 b active, 2027-01-03T10:00 n1 pending, 2027-01-04T10:00 n2 pending",
		},
		{
			name:  "a failed create stops: nothing is removed, the created ones are kept",
			prior: prior, planned: []Occurrence{at(2, "b", StatusActive), planned(3), planned(4)},
			fail:   []string{"create 2027-01-04T10:00"},
			calls:  "create 2027-01-03T10:00, create 2027-01-04T10:00",
			result: "2027-01-01T10:00 a expired, 2027-01-02T10:00 b active, 2027-01-03T10:00 n1 pending, 2027-01-03T10:00 c pending",
			err:    "creating occurrence 2027-01-04T10:00 (2027-01-04T10:00:00Z to 2027-01-04T11:00:00Z): boom",
		},
		{
			name:  "a create the server accepted keeps its id even when it fails afterwards",
			prior: nil, planned: []Occurrence{planned(3), planned(4)}, fail: []string{"create 2027-01-03T10:00"}, acceptThenFail: true,
			calls:  "create 2027-01-03T10:00",
			result: "2027-01-03T10:00 n1 pending",
			err:    "creating occurrence 2027-01-03T10:00 (2027-01-03T10:00:00Z to 2027-01-03T11:00:00Z): read back failed",
		},
		{
			name:  "a failed removal keeps that occurrence and stops",
			prior: prior, planned: []Occurrence{at(2, "b", StatusActive), planned(3)},
			fail:   []string{"remove c"},
			calls:  "create 2027-01-03T10:00, remove a (ended), remove c",
			result: "2027-01-02T10:00 b active, 2027-01-03T10:00 n1 pending, 2027-01-03T10:00 c pending",
			err:    "removing occurrence 2027-01-03T10:00 (2027-01-03T10:00:00Z to 2027-01-03T11:00:00Z, id c): boom",
		},
		{
			name:  "an occurrence that ended before apply got to it is not sent",
			prior: nil, planned: []Occurrence{planned(1), planned(3)},
			calls:  "create 2027-01-03T10:00",
			result: "2027-01-01T10:00 - expired, 2027-01-03T10:00 n1 pending",
		},
		{
			name:  "nothing to do",
			prior: prior, planned: prior,
			calls: "", result: "2027-01-01T10:00 a expired, 2027-01-02T10:00 b active, 2027-01-03T10:00 c pending",
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			w := &fakeWriter{fail: map[string]bool{}, acceptThenFail: c.acceptThenFail}
			for _, f := range c.fail {
				w.fail[f] = true
			}
			got, err := Apply(context.Background(), w, c.prior, c.planned, now)
			if s := strings.Join(w.calls, ", "); s != c.calls {
				t.Errorf("calls:\n%s\nwant\n%s", s, c.calls)
			}
			var res []string
			for _, o := range got {
				id := o.ID
				if id == "" {
					id = "-"
				}
				res = append(res, o.Key+" "+id+" "+o.Status)
			}
			if s := strings.Join(res, ", "); s != c.result {
				t.Errorf("result:\n%s\nwant\n%s", s, c.result)
			}
			switch {
			case c.err == "" && err != nil:
				t.Errorf("error %v", err)
			case c.err != "" && (err == nil || err.Error() != c.err):
				t.Errorf("error %v, want %s", err, c.err)
			}
		})
	}
}

func TestDestroy(t *testing.T) {
	t.Parallel()
	now := utc("2027-01-02T10:30:00Z")
	start := time.Date(2027, 1, 2, 10, 0, 0, 0, time.UTC)
	prior := []Occurrence{
		{Key: "k1", Start: start.Add(-24 * time.Hour), End: start.Add(-23 * time.Hour), ID: "a", Status: StatusExpired},
		{Key: "k0", Start: start.Add(-24 * time.Hour), End: start.Add(-23 * time.Hour), Status: StatusExpired},
		{Key: "k2", Start: start, End: start.Add(time.Hour), ID: "b", Status: StatusActive},
		{Key: "k3", Start: start.Add(24 * time.Hour), End: start.Add(25 * time.Hour), ID: "c", Status: StatusPending},
	}
	w := &fakeWriter{fail: map[string]bool{"remove b": true}}
	err := Destroy(context.Background(), w, prior, now)
	if got := strings.Join(w.calls, ", "); got != "remove a (ended), remove b, remove c" {
		t.Errorf("calls %s: every occurrence with an id, the failed one not stopping the rest", got)
	}
	var op *OpError
	if !errors.As(err, &op) || op.Occurrence.ID != "b" || op.Create {
		t.Errorf("error %v, want the failed removal of b", err)
	}
}
