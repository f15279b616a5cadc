// Package batch coalesces concurrent reads of single objects into one API
// call for many. Terraform refreshes resources concurrently (ten at a time by
// default), and each Read blocks until it has its answer, so every read that
// arrives while a batch is being gathered joins it.
package batch

import (
	"context"
	"sync"
	"time"
)

// Defaults: how long the first read waits for others to join, and the most
// keys one call carries.
const (
	DefaultWindow = 5 * time.Millisecond
	DefaultMax    = 100
)

// Coalescer gathers keys for Window (or until Max keys) and makes one Fetch
// for all of them. R is the whole answer; each caller finds its key in it.
type Coalescer[R any] struct {
	Window time.Duration
	Max    int
	Fetch  func(ctx context.Context, keys []string) (R, error)

	mu      sync.Mutex
	pending *call[R]
}

type call[R any] struct {
	ctx  context.Context
	keys []string
	seen map[string]bool
	done chan struct{}
	res  R
	err  error
}

// Do returns the answer of the batch that carried key. A caller that gives
// up gets ctx's error; the batch goes on for the others.
func (c *Coalescer[R]) Do(ctx context.Context, key string) (R, error) {
	b := c.join(ctx, key)
	select {
	case <-b.done:
		return b.res, b.err
	case <-ctx.Done():
		var zero R
		return zero, ctx.Err()
	}
}

func (c *Coalescer[R]) join(ctx context.Context, key string) *call[R] {
	window, maxKeys := c.Window, c.Max
	if window <= 0 {
		window = DefaultWindow
	}
	if maxKeys <= 0 {
		maxKeys = DefaultMax
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	b := c.pending
	if b == nil {
		// the call must not fail because the first caller gave up
		b = &call[R]{ctx: context.WithoutCancel(ctx), seen: map[string]bool{}, done: make(chan struct{})}
		c.pending = b
		time.AfterFunc(window, func() { c.send(b) })
	}
	if !b.seen[key] {
		b.seen[key] = true
		b.keys = append(b.keys, key)
	}
	if len(b.keys) >= maxKeys {
		// full: closed to new keys now, sent at once
		c.pending = nil
		go c.run(b)
	}
	return b
}

// send closes b to new keys and runs it, unless it was sent already.
func (c *Coalescer[R]) send(b *call[R]) {
	c.mu.Lock()
	if c.pending != b {
		c.mu.Unlock()
		return
	}
	c.pending = nil
	c.mu.Unlock()
	c.run(b)
}

func (c *Coalescer[R]) run(b *call[R]) {
	b.res, b.err = c.Fetch(b.ctx, b.keys)
	close(b.done)
}
