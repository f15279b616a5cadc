package batch

import (
	"context"
	"sync"
	"time"
)

// Snapshot keeps one answer of a "list everything" call for TTL, so that the
// refresh of every object of a plan shares one call. Concurrent callers
// share one call in flight; Invalidate (every write) drops the answer, and
// an answer fetched across a write is not kept, since it may lack what the
// write changed.
type Snapshot[T any] struct {
	// TTL is how long an answer serves Get; zero keeps none (calls in flight
	// are still shared).
	TTL time.Duration
	// Clock is time.Now unless a test sets it.
	Clock func() time.Time
	Fetch func(ctx context.Context) (T, error)

	mu       sync.Mutex
	gen      uint64
	have     bool
	val      T
	fetched  time.Time
	inflight *snapshotCall[T]
}

type snapshotCall[T any] struct {
	gen  uint64
	done chan struct{}
	val  T
	err  error
}

func (s *Snapshot[T]) now() time.Time {
	if s.Clock == nil {
		return time.Now()
	}
	return s.Clock()
}

// Get returns the kept answer while it is fresh, else the answer of a call
// shared with concurrent callers. A caller that gives up gets ctx's error;
// the call goes on for the others.
func (s *Snapshot[T]) Get(ctx context.Context) (T, error) {
	s.mu.Lock()
	if s.have && s.now().Sub(s.fetched) < s.TTL {
		v := s.val
		s.mu.Unlock()
		return v, nil
	}
	call := s.inflight
	if call == nil || call.gen != s.gen {
		call = &snapshotCall[T]{gen: s.gen, done: make(chan struct{})}
		s.inflight = call
		go func() {
			call.val, call.err = s.Fetch(context.WithoutCancel(ctx))
			s.keep(call.gen, call.val, call.err)
			s.mu.Lock()
			if s.inflight == call {
				s.inflight = nil
			}
			s.mu.Unlock()
			close(call.done)
		}()
	}
	s.mu.Unlock()
	select {
	case <-call.done:
		return call.val, call.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// Refresh makes a new call now and keeps its answer (for Get) unless a
// write happened meanwhile.
func (s *Snapshot[T]) Refresh(ctx context.Context) (T, error) {
	s.mu.Lock()
	gen := s.gen
	s.mu.Unlock()
	v, err := s.Fetch(ctx)
	s.keep(gen, v, err)
	return v, err
}

func (s *Snapshot[T]) keep(gen uint64, v T, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil && s.gen == gen && s.TTL > 0 {
		s.have, s.val, s.fetched = true, v, s.now()
	}
}

// Invalidate drops the kept answer; a call in flight will not be kept.
func (s *Snapshot[T]) Invalidate() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gen++
	s.have = false
}

// SetTTL changes TTL and drops the kept answer.
func (s *Snapshot[T]) SetTTL(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.TTL, s.have = d, false
}
