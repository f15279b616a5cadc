package batch

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestSnapshot_sharesOneCallAndKeepsIt(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	release := make(chan struct{})
	s := &Snapshot[int]{TTL: time.Minute, Fetch: func(context.Context) (int, error) {
		<-release
		return int(calls.Add(1)), nil
	}}
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, err := s.Get(context.Background()); err != nil || v != 1 {
				t.Errorf("Get = %d, %v", v, err)
			}
		}()
	}
	// every reader either joined the call in flight or, once it was kept,
	// reads the kept answer: never a second call
	close(release)
	wg.Wait()
	if v, _ := s.Get(context.Background()); v != 1 || calls.Load() != 1 {
		t.Fatalf("calls = %d (last %d), want one shared and kept call", calls.Load(), v)
	}
}

func TestSnapshot_ttlAndInvalidate(t *testing.T) {
	t.Parallel()
	now := time.Unix(0, 0)
	var calls atomic.Int32
	s := &Snapshot[int]{TTL: time.Minute, Clock: func() time.Time { return now },
		Fetch: func(context.Context) (int, error) { return int(calls.Add(1)), nil }}
	ctx := context.Background()
	_, _ = s.Get(ctx)
	_, _ = s.Get(ctx)
	if calls.Load() != 1 {
		t.Fatalf("fresh answer not kept: %d calls", calls.Load())
	}
	now = now.Add(time.Minute)
	_, _ = s.Get(ctx)
	if calls.Load() != 2 {
		t.Fatalf("stale answer served: %d calls", calls.Load())
	}
	s.Invalidate()
	if v, _ := s.Get(ctx); v != 3 {
		t.Fatalf("after Invalidate Get = %d, want a new call", v)
	}
	s.SetTTL(0)
	_, _ = s.Get(ctx)
	_, _ = s.Get(ctx)
	if calls.Load() != 5 {
		t.Fatalf("TTL 0 kept an answer: %d calls", calls.Load())
	}
}

func TestSnapshot_answerFetchedAcrossAWriteIsNotKept(t *testing.T) {
	t.Parallel()
	started, release := make(chan struct{}), make(chan struct{})
	var calls atomic.Int32
	s := &Snapshot[int]{TTL: time.Hour, Fetch: func(context.Context) (int, error) {
		if calls.Add(1) == 1 {
			close(started)
			<-release
		}
		return int(calls.Load()), nil
	}}
	done := make(chan int)
	go func() { v, _ := s.Get(context.Background()); done <- v }()
	<-started
	s.Invalidate() // a write while the list is in flight
	close(release)
	if v := <-done; v != 1 {
		t.Fatalf("first Get = %d", v)
	}
	if v, _ := s.Get(context.Background()); v != 2 {
		t.Fatalf("Get after the write = %d: the list fetched across the write was kept", v)
	}
}

func TestSnapshot_errorsAreNotKeptAndRefreshKeeps(t *testing.T) {
	t.Parallel()
	fail := true
	s := &Snapshot[string]{TTL: time.Hour, Fetch: func(context.Context) (string, error) {
		if fail {
			return "", errors.New("boom")
		}
		return "ok", nil
	}}
	if _, err := s.Get(context.Background()); err == nil {
		t.Fatal("error lost")
	}
	fail = false
	if v, err := s.Refresh(context.Background()); v != "ok" || err != nil {
		t.Fatalf("Refresh = %q, %v", v, err)
	}
	fail = true
	if v, err := s.Get(context.Background()); v != "ok" || err != nil {
		t.Fatalf("Get after Refresh = %q, %v: the refreshed answer must be kept", v, err)
	}
}
