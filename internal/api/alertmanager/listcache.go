package alertmanager

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// ListTTL is how long one list of every silence serves reads by id. A plan
// refreshes all its silences within it; any write through this client drops
// the list at once.
const ListTTL = 30 * time.Second

// silenceList is one answer of GET /silences, by id, with the server's time.
type silenceList struct {
	byID map[string]Silence
	now  ServerTime
}

func (c *Client) fetchList(ctx context.Context) (silenceList, error) {
	list, now, err := c.List(ctx, nil)
	if err != nil {
		return silenceList{}, err
	}
	out := silenceList{byID: make(map[string]Silence, len(list)), now: now}
	for _, s := range list {
		out.byID[s.ID] = s
	}
	return out, nil
}

// Lookup reads one silence through a list of every silence that all
// concurrent and later reads of this client share (one GET /silences per
// plan instead of one GET per silence). An id the list lacks — Grafana
// leaves out silences the caller may not list, and garbage-collected ones
// are gone — is read by id, so the answer is exactly what Get would give. A
// list that fails falls back to Get as well.
func (c *Client) Lookup(ctx context.Context, id string) (Silence, ServerTime, error) {
	l, err := c.list.Get(ctx)
	if err != nil {
		tflog.Debug(ctx, "listing silences failed; reading by id", map[string]any{"id": id, "error": err.Error()})
		return c.Get(ctx, id)
	}
	if s, ok := l.byID[id]; ok {
		return s, l.now, nil
	}
	return c.Get(ctx, id)
}
