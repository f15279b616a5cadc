package sandbox

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// snapshotter is a fake that can save and restore its objects.
type snapshotter interface {
	Snapshot() ([]byte, error)
	Restore([]byte) error
}

func (sb *Sandbox) fakes() map[string]snapshotter {
	return map[string]snapshotter{
		APIMaintenance + ".json":     sb.Maintenance,
		APIAlertSilence + ".json":    sb.AlertSilence,
		APIResourceWatcher + ".json": sb.ResourceWatcher,
	}
}

// save writes the fakes' objects into the state dir (a no-op without one).
// The real Alertmanager keeps its own silences there.
func (sb *Sandbox) save() error {
	if sb.stateDir == "" {
		return nil
	}
	var errs []error
	for name, f := range sb.fakes() {
		if f == nil {
			continue
		}
		b, err := f.Snapshot()
		if err == nil {
			err = os.WriteFile(filepath.Join(sb.stateDir, name), b, 0o600)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("saving %s: %w", name, err))
		}
	}
	return errors.Join(errs...)
}

// restore loads what save wrote, if anything.
func (sb *Sandbox) restore() error {
	if sb.stateDir == "" {
		return nil
	}
	for name, f := range sb.fakes() {
		b, err := os.ReadFile(filepath.Join(sb.stateDir, name))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err == nil {
			err = f.Restore(b)
		}
		if err != nil {
			return fmt.Errorf("restoring %s from the state dir: %w", name, err)
		}
	}
	return nil
}
