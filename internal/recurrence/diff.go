package recurrence

// Pair is an occurrence that is in both sets Diff compares.
type Pair struct {
	Old, New Occurrence
}

// Moved reports whether the occurrence's window changed (a new duration,
// time zone or zone rules) while its identity stayed.
func (p Pair) Moved() bool {
	return !p.Old.Start.Equal(p.New.Start) || !p.Old.End.Equal(p.New.End)
}

// Changes is how one set of occurrences becomes another.
type Changes struct {
	// Kept are in both, by Key, in the new set's order.
	Kept []Pair
	// Added are only in the new set, in its order.
	Added []Occurrence
	// Removed are only in the previous set, in its order.
	Removed []Occurrence
}

// Diff matches the previous occurrences (as the resource last stored them)
// with the new ones by Key. Should a key appear twice in prev, the first
// copy is matched and the other Removed; a key twice in next counts once.
func Diff(prev, next []Occurrence) Changes {
	inNext := make(map[string]bool, len(next))
	for _, n := range next {
		inNext[n.Key] = true
	}
	var c Changes
	old := make(map[string]Occurrence, len(prev))
	for _, o := range prev {
		if _, dup := old[o.Key]; !dup && inNext[o.Key] {
			old[o.Key] = o
			continue
		}
		c.Removed = append(c.Removed, o)
	}
	seen := make(map[string]bool, len(next))
	for _, n := range next {
		if seen[n.Key] {
			continue
		}
		seen[n.Key] = true
		if o, ok := old[n.Key]; ok {
			c.Kept = append(c.Kept, Pair{Old: o, New: n})
		} else {
			c.Added = append(c.Added, n)
		}
	}
	return c
}
