package servers

// save and restore keep the fakes' objects in a --state-dir. The real
// Alertmanager keeps its own silences there.
func (sb *Sandbox) save() error { return nil }

func (sb *Sandbox) restore() error { return nil }
