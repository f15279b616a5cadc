package alertsilencefake

import "encoding/json"

// Snapshot serialises every stored silence in creation order, so the
// sandbox can keep them between runs (--state-dir).
func (s *Server) Snapshot() ([]byte, error) {
	return json.MarshalIndent(s.Silences(), "", "  ")
}

// Restore replaces the stored silences with a Snapshot.
func (s *Server) Restore(b []byte) error {
	var items []Silence
	if err := json.Unmarshal(b, &items); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items, s.order = map[string]*Silence{}, nil
	for i := range items {
		it := items[i]
		s.items[it.SilenceID] = &it
		s.order = append(s.order, it.SilenceID)
	}
	return nil
}
