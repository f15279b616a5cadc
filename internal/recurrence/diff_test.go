package recurrence

import (
	"slices"
	"testing"
	"time"
)

func TestDiff(t *testing.T) {
	t.Parallel()
	at := func(k string, start string, d time.Duration) Occurrence {
		s := utc(start)
		return Occurrence{Key: k, Date: k[:10], Start: s, End: s.Add(d)}
	}
	a := at("2027-03-07T02:30", "2027-03-07T07:30:00Z", time.Hour)
	b := at("2027-03-14T02:30", "2027-03-14T07:00:00Z", time.Hour)
	c := at("2027-03-21T02:30", "2027-03-21T06:30:00Z", time.Hour)
	d := at("2027-03-28T02:30", "2027-03-28T06:30:00Z", time.Hour)
	bLonger := at("2027-03-14T02:30", "2027-03-14T07:00:00Z", 2*time.Hour)

	got := Diff([]Occurrence{a, b, c}, []Occurrence{bLonger, c, d})
	if ks := keys(got.Removed); !slices.Equal(ks, []string{a.Key}) {
		t.Errorf("removed %v", ks)
	}
	if ks := keys(got.Added); !slices.Equal(ks, []string{d.Key}) {
		t.Errorf("added %v", ks)
	}
	if len(got.Kept) != 2 || got.Kept[0].New.Key != b.Key || got.Kept[1].New.Key != c.Key {
		t.Fatalf("kept %+v", got.Kept)
	}
	if !got.Kept[0].Moved() || got.Kept[1].Moved() {
		t.Errorf("moved: %v %v; want b moved (longer), c not", got.Kept[0].Moved(), got.Kept[1].Moved())
	}
	if !got.Kept[0].Old.End.Equal(b.End) || !got.Kept[0].New.End.Equal(bLonger.End) {
		t.Errorf("pair %+v", got.Kept[0])
	}

	// The same instant in another zone is not a move.
	cSeoul := c
	cSeoul.Start, cSeoul.End = c.Start.In(mustZone(t, "Asia/Seoul")), c.End.In(mustZone(t, "Asia/Seoul"))
	if p := (Pair{Old: c, New: cSeoul}); p.Moved() {
		t.Error("same instants reported as moved")
	}

	// Duplicates in prev: the first is matched, the other removed.
	got = Diff([]Occurrence{a, a, b}, []Occurrence{a, a})
	if len(got.Kept) != 1 || !slices.Equal(keys(got.Removed), []string{a.Key, b.Key}) || len(got.Added) != 0 {
		t.Errorf("duplicates: %+v", got)
	}

	if got := Diff(nil, nil); len(got.Kept)+len(got.Added)+len(got.Removed) != 0 {
		t.Errorf("empty: %+v", got)
	}
}

// TestDiffAcrossPlans: a week later, the window keeps the occurrence
// still ahead, drops the past one and adds the next (which DST moves).
func TestDiffAcrossPlans(t *testing.T) {
	t.Parallel()
	spec := Spec{TimeZone: "Europe/Berlin", FirstStart: "2027-03-14T02:30", RRule: "FREQ=WEEKLY;BYDAY=SU", Duration: "2h"}
	s := mustCompile(t, spec)
	before, _ := s.Window(utc("2027-03-13T00:00:00Z"))
	after, _ := s.Window(utc("2027-03-20T00:00:00Z"))
	got := Diff(before, after)
	if !slices.Equal(keys(got.Removed), []string{"2027-03-14T02:30"}) ||
		!slices.Equal(keys(got.Added), []string{"2027-03-28T02:30"}) ||
		len(got.Kept) != 1 || got.Kept[0].Old.Key != "2027-03-21T02:30" {
		t.Errorf("before %v after %v: %+v", keys(before), keys(after), got)
	}
	for _, p := range got.Kept {
		if p.Moved() {
			t.Errorf("%s moved", p.New.Key)
		}
	}
}
