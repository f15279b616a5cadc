// Package openwindows remembers the silences and maintenance windows that
// the ephemeral o11y_silence / o11y_maintenance opened and that Terraform
// has not closed yet, per provider instance.
//
// Terraform (1.10+) and OpenTofu (1.11+) call Close only when a run ends
// normally: when an Open fails, they abort without closing the ephemeral
// resources opened before it, or while it ran (measured with Terraform
// 1.11.4 and OpenTofu 1.12.6). Every Open failure fails the run, so the
// Open that fails calls Fail, which closes the others, and an Open that
// finishes after that closes its own window at once (Add returns false).
// Nothing is then left muting alerts. A provider's main may also call
// CloseAll after its plugin server stops.
package openwindows

import (
	"context"
	"errors"
	"sort"
	"sync"
)

// Closer ends one open window (expires the silence or maintenance).
type Closer func(ctx context.Context) error

// Set is the open windows of one provider instance.
type Set struct {
	mu     sync.Mutex
	open   map[string]Closer
	failed bool
}

var sets sync.Map // owner -> *Set

// For returns the set of an owner: the provider instance's data, which
// every resource of one configured provider shares.
func For(owner any) *Set {
	s, _ := sets.LoadOrStore(owner, &Set{open: map[string]Closer{}})
	set, _ := s.(*Set) // sets only ever holds *Set
	return set
}

// Add records an open window under key (such as "o11y_silence/<id>"). It
// returns false, recording nothing, when an Open of the same run has failed
// already: the caller must close the window itself and fail too.
func (s *Set) Add(key string, c Closer) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failed {
		return false
	}
	s.open[key] = c
	return true
}

// Remove forgets a window that was closed.
func (s *Set) Remove(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.open, key)
}

// Keys lists the windows still open, sorted.
func (s *Set) Keys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.open))
	for k := range s.open {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Fail marks the run as failed (later Adds are refused) and closes every
// window still open.
func (s *Set) Fail(ctx context.Context) error {
	s.mu.Lock()
	s.failed = true
	s.mu.Unlock()
	return s.CloseAll(ctx)
}

// CloseAll closes every window still open and forgets it; the errors of
// the ones that could not be closed are joined.
func (s *Set) CloseAll(ctx context.Context) error {
	s.mu.Lock()
	todo := s.open
	s.open = map[string]Closer{}
	s.mu.Unlock()
	keys := make([]string, 0, len(todo))
	for k := range todo {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var errs []error
	for _, k := range keys {
		if err := todo[k](ctx); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// CloseAll closes the open windows of every provider instance of this
// process.
func CloseAll(ctx context.Context) error {
	var errs []error
	sets.Range(func(_, v any) bool {
		if set, ok := v.(*Set); ok {
			errs = append(errs, set.CloseAll(ctx))
		}
		return true
	})
	return errors.Join(errs...)
}
