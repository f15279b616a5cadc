package batch

import (
	"context"
	"errors"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestCoalescer_concurrentReadsShareOneFetch(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	var got [][]string
	var mu sync.Mutex
	// Max 3 and a long window: the fetch starts exactly when the three
	// distinct keys have joined
	c := &Coalescer[map[string]int]{Window: time.Hour, Max: 3, Fetch: func(_ context.Context, keys []string) (map[string]int, error) {
		calls.Add(1)
		mu.Lock()
		got = append(got, append([]string(nil), keys...))
		mu.Unlock()
		out := map[string]int{}
		for i, k := range keys {
			out[k] = i
		}
		return out, nil
	}}
	var wg sync.WaitGroup
	keys := []string{"a", "b", "c"}
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := c.Do(context.Background(), k)
			if _, ok := res[k]; err != nil || !ok {
				t.Errorf("%s: %v %v", k, res, err)
			}
		}()
	}
	wg.Wait()
	if calls.Load() != 1 {
		t.Fatalf("fetches = %d, want 1", calls.Load())
	}
	sort.Strings(got[0])
	if len(got[0]) != 3 {
		t.Fatalf("keys = %v, want a, b, c once each", got[0])
	}
}

func TestCoalescer_duplicateKeysJoinOnce(t *testing.T) {
	t.Parallel()
	c := &Coalescer[[]string]{Window: time.Hour, Fetch: func(_ context.Context, keys []string) ([]string, error) { return keys, nil }}
	b := c.join(context.Background(), "a")
	if c.join(context.Background(), "a") != b || c.join(context.Background(), "b") != b {
		t.Fatal("keys joined different batches")
	}
	c.send(b)
	<-b.done
	if len(b.res) != 2 {
		t.Fatalf("keys sent = %v, want a and b once", b.res)
	}
}

func TestCoalescer_maxSplitsBatches(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	c := &Coalescer[int]{Window: time.Hour, Max: 2, Fetch: func(_ context.Context, keys []string) (int, error) {
		calls.Add(1)
		return len(keys), nil
	}}
	var wg sync.WaitGroup
	for _, k := range []string{"a", "b", "c", "d"} {
		wg.Add(1)
		go func() { defer wg.Done(); _, _ = c.Do(context.Background(), k) }()
	}
	wg.Wait()
	if calls.Load() != 2 {
		t.Fatalf("fetches = %d, want 2 batches of 2 (a full batch goes at once)", calls.Load())
	}
}

func TestCoalescer_errorReachesEveryReader(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	c := &Coalescer[int]{Fetch: func(context.Context, []string) (int, error) { return 0, boom }}
	var wg sync.WaitGroup
	for _, k := range []string{"a", "b"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Do(context.Background(), k); !errors.Is(err, boom) {
				t.Errorf("%s: err = %v", k, err)
			}
		}()
	}
	wg.Wait()
}

func TestCoalescer_cancelledReaderDoesNotCancelBatch(t *testing.T) {
	t.Parallel()
	release, started := make(chan struct{}), make(chan struct{})
	// Max 2: the fetch starts once both readers have joined
	c := &Coalescer[string]{Window: time.Hour, Max: 2, Fetch: func(ctx context.Context, keys []string) (string, error) {
		close(started)
		<-release
		return "ok", ctx.Err()
	}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := c.Do(ctx, "a"); done <- err }()
	other := make(chan string, 1)
	go func() { r, _ := c.Do(context.Background(), "b"); other <- r }()
	<-started
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled reader: %v", err)
	}
	close(release)
	if r := <-other; r != "ok" {
		t.Fatalf("other reader got %q: the batch must survive the first caller", r)
	}
}
