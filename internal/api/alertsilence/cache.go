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

// clockSkew remembers how far the server's Date is from the local clock.
type clockSkew struct {
	local func() time.Time
	mu    sync.Mutex
	skew  time.Duration
	known bool
}

// observe records the server's clock from an answer's Date header.
func (cs *clockSkew) observe(server time.Time) {
	if server.IsZero() {
		return
	}
	cs.mu.Lock()
	defer cs.mu.Unlock()
	cs.skew, cs.known = server.Sub(cs.local()), true
}

// SetListTTL sets how long a list answer serves Get (DefaultListTTL unless
// set). Zero turns the cache off; concurrent calls are still coalesced.
func (c *Client) SetListTTL(d time.Duration) { c.cache.SetTTL(d) }

// Invalidate drops the cached list, so the next Get lists again. Create
// and Delete call it; callers that change silences another way may too.
func (c *Client) Invalidate() { c.cache.Invalidate() }

// ServerTime estimates the server's clock at the local instant local, from
// the Date header of the last answer: local itself until an answer came
// back, or when both clocks agree within the Date header's precision.
func (c *Client) ServerTime(local time.Time) time.Time {
	c.skew.mu.Lock()
	defer c.skew.mu.Unlock()
	if !c.skew.known || (c.skew.skew < skewThreshold && c.skew.skew > -skewThreshold) {
		return local
	}
	return local.Add(c.skew.skew)
}

// ListAllCached returns the full list: the cached one while it is fresh
// (see SetListTTL), otherwise a new list call shared with concurrent
// callers. Callers must not modify the returned slice.
func (c *Client) ListAllCached(ctx context.Context) (List, error) { return c.cache.Get(ctx) }
