package alertsilence

import (
	"context"
	"sync"
	"time"
)

// DefaultListTTL is how long a list answer serves Get. The provider builds
// one client per Terraform operation (one provider process per plan or
// apply), so the refresh of every silence of a plan shares one list call;
// writes through the client drop the cached list at once.
const DefaultListTTL = 30 * time.Second

// skewThreshold is the clock difference below which the server's clock is
// taken to agree with the local one: the Date header has whole seconds, so
// smaller differences are rounding, not skew.
const skewThreshold = 2 * time.Second

// listCache keeps the last full list and coalesces concurrent list calls.
// gen counts writes: a list that started before a write is not kept, since
// it may lack (or still hold) what the write changed.
type listCache struct {
	mu       sync.Mutex
	ttl      time.Duration
	clock    func() time.Time
	gen      uint64
	list     *List
	fetched  time.Time
	inflight *listCall

	skew      time.Duration
	skewKnown bool
}

type listCall struct {
	gen  uint64
	done chan struct{}
	list List
	err  error
}

func newListCache() *listCache {
	return &listCache{ttl: DefaultListTTL, clock: time.Now}
}

// SetListTTL sets how long a list answer serves Get (DefaultListTTL unless
// set). Zero turns the cache off; concurrent calls are still coalesced.
func (c *Client) SetListTTL(d time.Duration) {
	c.cache.mu.Lock()
	defer c.cache.mu.Unlock()
	c.cache.ttl = d
	c.cache.list = nil
}

// Invalidate drops the cached list, so the next Get lists again. Create
// and Delete call it; callers that change silences another way may too.
func (c *Client) Invalidate() {
	c.cache.mu.Lock()
	defer c.cache.mu.Unlock()
	c.cache.gen++
	c.cache.list = nil
}

// ServerTime estimates the server's clock at the local instant local, from
// the Date header of the last answer: local itself until an answer came
// back, or when both clocks agree within the Date header's precision.
func (c *Client) ServerTime(local time.Time) time.Time {
	c.cache.mu.Lock()
	defer c.cache.mu.Unlock()
	if !c.cache.skewKnown || (c.cache.skew < skewThreshold && c.cache.skew > -skewThreshold) {
		return local
	}
	return local.Add(c.cache.skew)
}

// ListAllCached returns the full list: the cached one while it is fresh
// (see SetListTTL), otherwise a new list call shared with concurrent
// callers. Callers must not modify the returned slice.
func (c *Client) ListAllCached(ctx context.Context) (List, error) {
	lc := c.cache
	lc.mu.Lock()
	if lc.list != nil && lc.clock().Sub(lc.fetched) < lc.ttl {
		l := *lc.list
		lc.mu.Unlock()
		return l, nil
	}
	call := lc.inflight
	if call == nil || call.gen != lc.gen {
		call = &listCall{gen: lc.gen, done: make(chan struct{})}
		lc.inflight = call
		lc.mu.Unlock()
		call.list, call.err = c.fetch(ctx, call.gen)
		lc.mu.Lock()
		if lc.inflight == call {
			lc.inflight = nil
		}
		lc.mu.Unlock()
		close(call.done)
		return call.list, call.err
	}
	lc.mu.Unlock()
	select {
	case <-call.done:
		return call.list, call.err
	case <-ctx.Done():
		return List{}, ctx.Err()
	}
}

// fetch lists every silence and keeps the answer when no write happened
// since gen. It also records the server's clock.
func (c *Client) fetch(ctx context.Context, gen uint64) (List, error) {
	l, err := c.list(ctx, "")
	lc := c.cache
	lc.mu.Lock()
	defer lc.mu.Unlock()
	if err != nil {
		return l, err
	}
	if lc.gen == gen && lc.ttl > 0 {
		kept := l
		kept.Silences = append([]Silence(nil), l.Silences...)
		lc.list, lc.fetched = &kept, lc.clock()
	}
	return l, nil
}

// observe records the server's clock from an answer's Date header.
func (lc *listCache) observe(server time.Time) {
	if server.IsZero() {
		return
	}
	lc.mu.Lock()
	defer lc.mu.Unlock()
	lc.skew, lc.skewKnown = server.Sub(lc.clock()), true
}
