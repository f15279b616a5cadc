package schedule

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/recurrence"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func compile(t *testing.T, spec recurrence.Spec) *recurrence.Schedule {
	t.Helper()
	s, ps := recurrence.Compile(spec)
	if ps.HasError() {
		t.Fatalf("Compile(%+v): %v", spec, ps)
	}
	return s
}

func window(t *testing.T, s *recurrence.Schedule, now time.Time) []recurrence.Occurrence {
	t.Helper()
	occs, ps := s.Window(now)
	if len(ps) > 0 {
		t.Fatalf("Window(%s): %v", now, ps)
	}
	return occs
}

// render writes occurrences as "KEY START END ID STATUS", "-" for an
// empty id or status.
func render(occs []Occurrence) string {
	lines := make([]string, 0, len(occs))
	for _, o := range occs {
		id, st := o.ID, o.Status
		if id == "" {
			id = "-"
		}
		if st == "" {
			st = "-"
		}
		lines = append(lines, fmt.Sprintf("%s %s %s %s %s", o.Key, o.Start.Format(time.RFC3339), o.End.Format(time.RFC3339), id, st))
	}
	return strings.Join(lines, "\n")
}

// server is a pretend server for the planning tests: it applies a plan as
// Apply would (ids s1, s2, ... in creation order) and reads statuses by
// the clock, as the refresh would.
type server struct {
	seq int
}

func (s *server) apply(planned []Occurrence, now time.Time) []Occurrence {
	out := make([]Occurrence, 0, len(planned))
	for _, p := range planned {
		if p.ToCreate() {
			s.seq++
			p.ID = fmt.Sprintf("s%d", s.seq)
		}
		out = append(out, p)
	}
	return s.refresh(out, now)
}

func (s *server) refresh(occs []Occurrence, now time.Time) []Occurrence {
	out := make([]Occurrence, 0, len(occs))
	for _, o := range occs {
		switch {
		case !now.Before(o.End):
			o.Status = StatusExpired
		case now.Before(o.Start):
			o.Status = StatusPending
		default:
			o.Status = StatusActive
		}
		out = append(out, o)
	}
	return out
}

// TestPlanAcrossDST walks weekly schedules through the nights their zones
// change clocks in 2027, with a fake clock: the plan at each instant, and
// whether it changes anything. An occurrence that starts, runs and ends by
// itself never changes the plan; one that comes inside the horizon does,
// and is created at the instant the wall clock gives.
func TestPlanAcrossDST(t *testing.T) {
	t.Parallel()
	type step struct {
		now string
		// changed is whether the plan touches the server; want is the
		// state after applying it (or the refreshed state when it does
		// not).
		changed bool
		want    string
	}
	for _, c := range []struct {
		name  string
		spec  recurrence.Spec
		steps []step
	}{
		{
			name: "New York spring forward 2027-03-14, 02:30 does not exist",
			spec: recurrence.Spec{TimeZone: "America/New_York", FirstStart: "2027-02-28T02:30", RRule: "FREQ=WEEKLY;BYDAY=SU", Duration: "2h", Horizon: "240h"},
			steps: []step{
				{"2027-03-05T12:00:00Z", true, "" +
					"2027-03-07T02:30 2027-03-07T02:30:00-05:00 2027-03-07T04:30:00-05:00 s1 pending\n" +
					"2027-03-14T02:30 2027-03-14T03:00:00-04:00 2027-03-14T05:00:00-04:00 s2 pending"},
				// 03-07 ran and ended; 03-21 06:30Z enters at 03-11 06:30Z.
				{"2027-03-07T08:00:00Z", false, "" +
					"2027-03-07T02:30 2027-03-07T02:30:00-05:00 2027-03-07T04:30:00-05:00 s1 active\n" +
					"2027-03-14T02:30 2027-03-14T03:00:00-04:00 2027-03-14T05:00:00-04:00 s2 pending"},
				{"2027-03-07T10:00:00Z", false, "" +
					"2027-03-07T02:30 2027-03-07T02:30:00-05:00 2027-03-07T04:30:00-05:00 s1 expired\n" +
					"2027-03-14T02:30 2027-03-14T03:00:00-04:00 2027-03-14T05:00:00-04:00 s2 pending"},
				{"2027-03-11T07:00:00Z", true, "" +
					"2027-03-14T02:30 2027-03-14T03:00:00-04:00 2027-03-14T05:00:00-04:00 s2 pending\n" +
					"2027-03-21T02:30 2027-03-21T02:30:00-04:00 2027-03-21T04:30:00-04:00 s3 pending"},
				// The shifted one runs from 03:00 EDT (07:00Z) to 05:00 EDT.
				{"2027-03-14T07:30:00Z", false, "" +
					"2027-03-14T02:30 2027-03-14T03:00:00-04:00 2027-03-14T05:00:00-04:00 s2 active\n" +
					"2027-03-21T02:30 2027-03-21T02:30:00-04:00 2027-03-21T04:30:00-04:00 s3 pending"},
				{"2027-03-14T09:00:00Z", false, "" +
					"2027-03-14T02:30 2027-03-14T03:00:00-04:00 2027-03-14T05:00:00-04:00 s2 expired\n" +
					"2027-03-21T02:30 2027-03-21T02:30:00-04:00 2027-03-21T04:30:00-04:00 s3 pending"},
			},
		},
		{
			name: "New York fall back 2027-11-07, 01:30 twice: the first (EDT)",
			spec: recurrence.Spec{TimeZone: "America/New_York", FirstStart: "2027-10-24T01:30", RRule: "FREQ=WEEKLY;BYDAY=SU", Duration: "2h", Horizon: "240h"},
			steps: []step{
				{"2027-11-01T00:00:00Z", true, "" +
					"2027-11-07T01:30 2027-11-07T01:30:00-04:00 2027-11-07T02:30:00-05:00 s1 pending"},
				// 11-14 01:30 EST (06:30Z) comes inside the ten days at 11-04 06:30Z.
				{"2027-11-04T06:00:00Z", false, "" +
					"2027-11-07T01:30 2027-11-07T01:30:00-04:00 2027-11-07T02:30:00-05:00 s1 pending"},
				{"2027-11-04T07:00:00Z", true, "" +
					"2027-11-07T01:30 2027-11-07T01:30:00-04:00 2027-11-07T02:30:00-05:00 s1 pending\n" +
					"2027-11-14T01:30 2027-11-14T01:30:00-05:00 2027-11-14T03:30:00-05:00 s2 pending"},
				// 01:30 EDT is 05:30Z; two elapsed hours end at 02:30 EST (07:30Z).
				{"2027-11-07T06:00:00Z", false, "" +
					"2027-11-07T01:30 2027-11-07T01:30:00-04:00 2027-11-07T02:30:00-05:00 s1 active\n" +
					"2027-11-14T01:30 2027-11-14T01:30:00-05:00 2027-11-14T03:30:00-05:00 s2 pending"},
				{"2027-11-07T07:30:00Z", false, "" +
					"2027-11-07T01:30 2027-11-07T01:30:00-04:00 2027-11-07T02:30:00-05:00 s1 expired\n" +
					"2027-11-14T01:30 2027-11-14T01:30:00-05:00 2027-11-14T03:30:00-05:00 s2 pending"},
			},
		},
		{
			name: "Berlin spring forward 2027-03-28, 02:30 does not exist",
			spec: recurrence.Spec{TimeZone: "Europe/Berlin", FirstStart: "2027-03-07T02:30", RRule: "FREQ=WEEKLY;BYDAY=SU", Duration: "2h", Horizon: "240h"},
			steps: []step{
				{"2027-03-19T12:00:00Z", true, "" +
					"2027-03-21T02:30 2027-03-21T02:30:00+01:00 2027-03-21T04:30:00+01:00 s1 pending\n" +
					"2027-03-28T02:30 2027-03-28T03:00:00+02:00 2027-03-28T05:00:00+02:00 s2 pending"},
				{"2027-03-21T04:00:00Z", false, "" +
					"2027-03-21T02:30 2027-03-21T02:30:00+01:00 2027-03-21T04:30:00+01:00 s1 expired\n" +
					"2027-03-28T02:30 2027-03-28T03:00:00+02:00 2027-03-28T05:00:00+02:00 s2 pending"},
				{"2027-03-25T01:00:00Z", true, "" +
					"2027-03-28T02:30 2027-03-28T03:00:00+02:00 2027-03-28T05:00:00+02:00 s2 pending\n" +
					"2027-04-04T02:30 2027-04-04T02:30:00+02:00 2027-04-04T04:30:00+02:00 s3 pending"},
				{"2027-03-28T01:30:00Z", false, "" +
					"2027-03-28T02:30 2027-03-28T03:00:00+02:00 2027-03-28T05:00:00+02:00 s2 active\n" +
					"2027-04-04T02:30 2027-04-04T02:30:00+02:00 2027-04-04T04:30:00+02:00 s3 pending"},
				{"2027-03-28T03:00:00Z", false, "" +
					"2027-03-28T02:30 2027-03-28T03:00:00+02:00 2027-03-28T05:00:00+02:00 s2 expired\n" +
					"2027-04-04T02:30 2027-04-04T02:30:00+02:00 2027-04-04T04:30:00+02:00 s3 pending"},
			},
		},
		{
			name: "Berlin fall back 2027-10-31, 02:30 twice: the first (CEST)",
			spec: recurrence.Spec{TimeZone: "Europe/Berlin", FirstStart: "2027-10-17T02:30", RRule: "FREQ=WEEKLY;BYDAY=SU", Duration: "2h", Horizon: "240h"},
			steps: []step{
				{"2027-10-25T00:00:00Z", true, "" +
					"2027-10-31T02:30 2027-10-31T02:30:00+02:00 2027-10-31T03:30:00+01:00 s1 pending"},
				// 11-07 02:30 CET (01:30Z) comes inside the ten days at 10-28 01:30Z.
				{"2027-10-28T02:00:00Z", true, "" +
					"2027-10-31T02:30 2027-10-31T02:30:00+02:00 2027-10-31T03:30:00+01:00 s1 pending\n" +
					"2027-11-07T02:30 2027-11-07T02:30:00+01:00 2027-11-07T04:30:00+01:00 s2 pending"},
				// 02:30 CEST is 00:30Z; two elapsed hours end at 03:30 CET.
				{"2027-10-31T01:00:00Z", false, "" +
					"2027-10-31T02:30 2027-10-31T02:30:00+02:00 2027-10-31T03:30:00+01:00 s1 active\n" +
					"2027-11-07T02:30 2027-11-07T02:30:00+01:00 2027-11-07T04:30:00+01:00 s2 pending"},
				{"2027-10-31T02:30:00Z", false, "" +
					"2027-10-31T02:30 2027-10-31T02:30:00+02:00 2027-10-31T03:30:00+01:00 s1 expired\n" +
					"2027-11-07T02:30 2027-11-07T02:30:00+01:00 2027-11-07T04:30:00+01:00 s2 pending"},
			},
		},
		{
			name: "Seoul has no daylight saving: the same wall clock, the same offset",
			spec: recurrence.Spec{TimeZone: "Asia/Seoul", FirstStart: "2027-03-07T02:30", RRule: "FREQ=WEEKLY;BYDAY=SU", Duration: "2h", Horizon: "240h"},
			steps: []step{
				{"2027-03-19T12:00:00Z", true, "" +
					"2027-03-21T02:30 2027-03-21T02:30:00+09:00 2027-03-21T04:30:00+09:00 s1 pending\n" +
					"2027-03-28T02:30 2027-03-28T02:30:00+09:00 2027-03-28T04:30:00+09:00 s2 pending"},
				{"2027-03-20T18:00:00Z", false, "" +
					"2027-03-21T02:30 2027-03-21T02:30:00+09:00 2027-03-21T04:30:00+09:00 s1 active\n" +
					"2027-03-28T02:30 2027-03-28T02:30:00+09:00 2027-03-28T04:30:00+09:00 s2 pending"},
				{"2027-03-20T20:00:00Z", false, "" +
					"2027-03-21T02:30 2027-03-21T02:30:00+09:00 2027-03-21T04:30:00+09:00 s1 expired\n" +
					"2027-03-28T02:30 2027-03-28T02:30:00+09:00 2027-03-28T04:30:00+09:00 s2 pending"},
			},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s := compile(t, c.spec)
			srv := &server{}
			var state []Occurrence
			for i, st := range c.steps {
				now := utc(st.now)
				prior := srv.refresh(state, now)
				in := Input{Prior: prior, Next: window(t, s, now), Now: now}
				if state == nil {
					in.Prior = nil
				}
				r := Plan(in)
				if r.Changed() != st.changed {
					t.Fatalf("step %d at %s: changed %v, want %v\n%s", i, st.now, r.Changed(), st.changed, r.Summary("silence"))
				}
				if !r.Changed() && render(r.Occurrences) != render(prior) {
					t.Fatalf("step %d: a plan without change must keep the state as it is:\n%s\nwant\n%s", i, render(r.Occurrences), render(prior))
				}
				state = srv.apply(r.Occurrences, now)
				if got := render(state); got != st.want {
					t.Fatalf("step %d at %s:\n%s\nwant\n%s", i, st.now, got, st.want)
				}
			}
		})
	}
}

// TestPlanChanges: what each kind of change does to the occurrences in
// state. The schedule is daily at 10:00 UTC, an hour long; now is
// 2027-01-02T10:30Z, so 01-02 runs, 01-03 and 01-04 are pending, and 01-01
// ended.
func TestPlanChanges(t *testing.T) {
	t.Parallel()
	now := utc("2027-01-02T10:30:00Z")
	base := recurrence.Spec{TimeZone: "UTC", FirstStart: "2027-01-01T10:00", RRule: "FREQ=DAILY", Duration: "1h", Horizon: "48h"}
	occ := func(day int, id, status string, dur time.Duration) Occurrence {
		start := time.Date(2027, 1, day, 10, 0, 0, 0, time.UTC)
		return Occurrence{Key: start.Format("2006-01-02T15:04"), Start: start, End: start.Add(dur), ID: id, Status: status}
	}
	state := []Occurrence{
		occ(1, "a", StatusExpired, time.Hour), occ(2, "b", StatusActive, time.Hour),
		occ(3, "c", StatusPending, time.Hour), occ(4, "d", StatusPending, time.Hour),
	}
	for _, c := range []struct {
		name     string
		change   func(*recurrence.Spec)
		prior    []Occurrence
		reselect bool
		drifted  map[string]bool
		// want: the kinds, "create KEY", "replace KEY", "expire KEY",
		// "forget KEY", and the planned list as "KEY ID".
		want, list string
	}{
		{name: "nothing: the ended 01-01 stays listed", prior: state,
			want: "", list: "2027-01-01T10:00 a, 2027-01-02T10:00 b, 2027-01-03T10:00 c, 2027-01-04T10:00 d"},
		{name: "an except date skips a pending occurrence", change: func(s *recurrence.Spec) { s.ExceptDates = []string{"2027-01-03"} }, prior: state,
			want: "expire 2027-01-03T10:00, forget 2027-01-01T10:00", list: "2027-01-02T10:00 b, 2027-01-04T10:00 d"},
		{name: "an except date skips the running occurrence", change: func(s *recurrence.Spec) { s.ExceptDates = []string{"2027-01-02"} }, prior: state,
			want: "expire 2027-01-02T10:00, forget 2027-01-01T10:00", list: "2027-01-03T10:00 c, 2027-01-04T10:00 d"},
		{name: "a longer duration replaces pending and running", change: func(s *recurrence.Spec) { s.Duration = "90m" }, prior: state,
			want: "replace 2027-01-02T10:00, replace 2027-01-03T10:00, replace 2027-01-04T10:00, forget 2027-01-01T10:00",
			list: "2027-01-02T10:00 -, 2027-01-03T10:00 -, 2027-01-04T10:00 -"},
		{name: "a second time of day: the occurrences kept run on, the new ones are created",
			change: func(s *recurrence.Spec) { s.RRule = "FREQ=DAILY;BYHOUR=10,22" }, prior: state,
			want: "create 2027-01-02T22:00, create 2027-01-03T22:00, forget 2027-01-01T10:00",
			list: "2027-01-02T10:00 b, 2027-01-02T22:00 -, 2027-01-03T10:00 c, 2027-01-03T22:00 -, 2027-01-04T10:00 d"},
		{name: "another time zone moves every instant", change: func(s *recurrence.Spec) { s.TimeZone = "Asia/Seoul" }, prior: state,
			// 10:00 KST is 01:00Z: the running 01-02 would have ended at
			// 02:00Z, so it is expired; 01-03 and 01-04 move.
			want: "replace 2027-01-03T10:00, replace 2027-01-04T10:00, expire 2027-01-02T10:00, forget 2027-01-01T10:00",
			list: "2027-01-03T10:00 -, 2027-01-04T10:00 -"},
		{name: "a new selection replaces the live ones", prior: state, reselect: true,
			want: "replace 2027-01-02T10:00, replace 2027-01-03T10:00, replace 2027-01-04T10:00, forget 2027-01-01T10:00",
			list: "2027-01-02T10:00 -, 2027-01-03T10:00 -, 2027-01-04T10:00 -"},
		{name: "an occurrence edited on the server is replaced", prior: state, drifted: map[string]bool{"c": true},
			want: "replace 2027-01-03T10:00, forget 2027-01-01T10:00", list: "2027-01-02T10:00 b, 2027-01-03T10:00 -, 2027-01-04T10:00 d"},
		{name: "one expired early (the refresh dropped it) is created again", prior: []Occurrence{state[0], state[1], state[3]},
			want: "create 2027-01-03T10:00, forget 2027-01-01T10:00", list: "2027-01-02T10:00 b, 2027-01-03T10:00 -, 2027-01-04T10:00 d"},
		{name: "a shorter horizon expires what falls beyond it", change: func(s *recurrence.Spec) { s.Horizon = "24h" }, prior: state,
			want: "expire 2027-01-04T10:00, forget 2027-01-01T10:00", list: "2027-01-02T10:00 b, 2027-01-03T10:00 c"},
		{name: "a leftover of a failed replacement is expired, its replacement kept",
			prior: []Occurrence{state[1], occ(3, "old", StatusPending, 2*time.Hour), state[2], state[3]},
			want:  "expire 2027-01-03T10:00", list: "2027-01-02T10:00 b, 2027-01-03T10:00 c, 2027-01-04T10:00 d"},
		{name: "one that ended before apply could create it stays as it is",
			prior: []Occurrence{state[0], {Key: state[1].Key, Start: state[1].Start, End: state[1].End, Status: StatusExpired}, state[2], state[3]},
			want:  "", list: "2027-01-01T10:00 a, 2027-01-02T10:00 -, 2027-01-03T10:00 c, 2027-01-04T10:00 d"},
		{name: "the server says expired at the end our clock has not reached: kept, not recreated",
			prior: []Occurrence{state[0], {Key: state[1].Key, Start: state[1].Start, End: state[1].End, ID: "b", Status: StatusExpired}, state[2], state[3]},
			want:  "", list: "2027-01-01T10:00 a, 2027-01-02T10:00 b, 2027-01-03T10:00 c, 2027-01-04T10:00 d"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			spec := base
			if c.change != nil {
				c.change(&spec)
			}
			r := Plan(Input{Prior: c.prior, Next: window(t, compile(t, spec), now), Now: now, Reselect: c.reselect, Drifted: c.drifted})
			var kinds []string
			for _, o := range r.Create {
				kinds = append(kinds, "create "+o.Key)
			}
			for _, p := range r.Replace {
				kinds = append(kinds, "replace "+p.Old.Key)
			}
			for _, o := range r.Expire {
				kinds = append(kinds, "expire "+o.Key)
			}
			for _, o := range r.Forget {
				kinds = append(kinds, "forget "+o.Key)
			}
			if got := strings.Join(kinds, ", "); got != c.want {
				t.Errorf("changes:\n%s\nwant\n%s", got, c.want)
			}
			var list []string
			for _, o := range r.Occurrences {
				id := o.ID
				if id == "" {
					id = "-"
				}
				list = append(list, o.Key+" "+id)
			}
			if got := strings.Join(list, ", "); got != c.list {
				t.Errorf("planned list:\n%s\nwant\n%s", got, c.list)
			}
			if r.Changed() != (c.want != "") {
				t.Errorf("Changed() = %v", r.Changed())
			}
		})
	}
}

func TestSummary(t *testing.T) {
	t.Parallel()
	now := utc("2027-01-02T10:30:00Z")
	s := compile(t, recurrence.Spec{TimeZone: "UTC", FirstStart: "2027-01-01T10:00", RRule: "FREQ=DAILY", Duration: "1h", Horizon: "24h", ExceptDates: []string{"2027-01-02"}})
	start := time.Date(2027, 1, 2, 10, 0, 0, 0, time.UTC)
	ended := Occurrence{Key: "2027-01-01T10:00", Start: start.AddDate(0, 0, -1), End: start.AddDate(0, 0, -1).Add(time.Hour), ID: "a", Status: StatusExpired}
	running := Occurrence{Key: "2027-01-02T10:00", Start: start, End: start.Add(time.Hour), ID: "b", Status: StatusActive}
	r := Plan(Input{Prior: []Occurrence{ended, running}, Next: window(t, s, now), Now: now})
	want := "- creates silence 2027-01-03T10:00 (2027-01-03T10:00:00Z to 2027-01-03T11:00:00Z)\n" +
		"- expires silence 2027-01-02T10:00 (2027-01-02T10:00:00Z to 2027-01-02T11:00:00Z, id b), which the configuration no longer has\n" +
		"- leaves out of the list 1 occurrence(s) that ended by themselves: 2027-01-01T10:00"
	if got := r.Summary("silence"); got != want {
		t.Errorf("Summary:\n%s\nwant\n%s", got, want)
	}
	if got := Plan(Input{Prior: []Occurrence{ended}, Now: now}).Summary("silence"); got != "" {
		t.Errorf("a plan that only has an ended occurrence to forget touches nothing, got %q", got)
	}
}
