package alertmanager

import (
	"context"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// ListTTL is how long one list of every silence serves reads by id. A plan
// refreshes all its silences within it; any write through this client drops
// the list at once.
const ListTTL = 30 * time.Second

// listCache holds one answer of GET /silences for Lookup.
type listCache struct {
	mu       sync.Mutex
	gen      uint64 // bumped by every write
	byID     map[string]Silence
	now      ServerTime
	fetched  time.Time
	inflight *listCall
}

type listCall struct {
	gen  uint64
	done chan struct{}
	byID map[string]Silence
	now  ServerTime
	err  error
}

// invalidate drops the cached list; a list already in flight is not kept.
func (lc *listCache) invalidate() {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	lc.gen++
	lc.byID = nil
}

// Lookup reads one silence through a list of every silence that all
// concurrent and later reads of this client share (one GET /silences per
// plan instead of one GET per silence). An id the list lacks — Grafana
// leaves out silences the caller may not list, and garbage-collected ones
// are gone — is read by id, so the answer is exactly what Get would give. A
// list that fails falls back to Get as well.
func (c *Client) Lookup(ctx context.Context, id string) (Silence, ServerTime, error) {
	byID, now, err := c.silenceList(ctx)
	if err != nil {
		tflog.Debug(ctx, "listing silences failed; reading by id", map[string]any{"id": id, "error": err.Error()})
		return c.Get(ctx, id)
	}
	if s, ok := byID[id]; ok {
		return s, now, nil
	}
	return c.Get(ctx, id)
}

func (c *Client) silenceList(ctx context.Context) (map[string]Silence, ServerTime, error) {
	lc := &c.list
	lc.mu.Lock()
	if lc.byID != nil && time.Since(lc.fetched) < ListTTL {
		byID, now := lc.byID, lc.now
		lc.mu.Unlock()
		return byID, now, nil
	}
	call := lc.inflight
	if call == nil {
		call = &listCall{gen: lc.gen, done: make(chan struct{})}
		lc.inflight = call
		go func() {
			// the list must not fail because the first reader gave up
			list, now, err := c.List(context.WithoutCancel(ctx), nil)
			call.now, call.err = now, err
			if err == nil {
				call.byID = make(map[string]Silence, len(list))
				for _, s := range list {
					call.byID[s.ID] = s
				}
			}
			lc.mu.Lock()
			lc.inflight = nil
			if err == nil && lc.gen == call.gen {
				lc.byID, lc.now, lc.fetched = call.byID, now, time.Now()
			}
			lc.mu.Unlock()
			close(call.done)
		}()
	}
	lc.mu.Unlock()
	select {
	case <-call.done:
		return call.byID, call.now, call.err
	case <-ctx.Done():
		return nil, time.Time{}, ctx.Err()
	}
}
