package maintenancefake

import (
	"encoding/json"
	"sort"
)

type snapshot struct {
	Seq   int           `json:"seq"`
	Items []Maintenance `json:"items"`
}

// Snapshot serialises every stored window, so the sandbox can keep them
// between runs (--state-dir).
func (s *Server) Snapshot() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap := snapshot{Seq: s.seq}
	for _, m := range s.items {
		snap.Items = append(snap.Items, *m)
	}
	sort.Slice(snap.Items, func(i, j int) bool { return snap.Items[i].ID < snap.Items[j].ID })
	return json.MarshalIndent(snap, "", "  ")
}

// Restore replaces the stored windows with a Snapshot.
func (s *Server) Restore(b []byte) error {
	var snap snapshot
	if err := json.Unmarshal(b, &snap); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items = map[string]*Maintenance{}
	for i := range snap.Items {
		m := snap.Items[i]
		s.items[m.ID] = &m
	}
	if snap.Seq > s.seq {
		s.seq = snap.Seq
	}
	return nil
}
