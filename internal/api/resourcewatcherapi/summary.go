package resourcewatcherapi

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
)

// SummaryTTL is how long one snapshot of every alarm of the Appkey serves
// AlarmSummary: a plan refreshes all its alarms within it; any write
// through this client drops it at once.
const SummaryTTL = 30 * time.Second

// SnapshotPageSize is the page size of the snapshot's search: the client's
// usual page size, which the API is known to honour.
const SnapshotPageSize = DefaultPageSize

// snapshotFetches bounds the pages the snapshot fetches at once.
const snapshotFetches = 4

// AlarmSummary returns an alarm as search answers it (name, description,
// status, rule, modDatetime — no targets, events or scope). The first call
// fetches every STABLE and DISABLED alarm of the Appkey, all pages, into one
// snapshot that concurrent and later calls share (SummaryTTL; writes drop
// it), so a refresh of N alarms costs ⌈total / SnapshotPageSize⌉ searches,
// not one per batch of concurrent reads. found is false when the snapshot
// lacks the id (a CLOSED alarm, one the search does not list, one made
// since): the caller then reads it by id to tell "gone" from "not listed".
func (c *Client) AlarmSummary(ctx context.Context, id string) (a Alarm, found bool, err error) {
	res, err := c.summaries.Get(ctx)
	if err != nil {
		// The search is shared by every read: name this caller's alarm.
		var ae *api.Error
		if errors.As(err, &ae) && ae.ID == "" {
			cp := *ae
			cp.ID = id
			return Alarm{}, false, &cp
		}
		return Alarm{}, false, fmt.Errorf("read event alarm %q: %w", id, err)
	}
	a, found = res[id]
	return a, found, nil
}

// snapshotStatuses are the alarms the snapshot holds: the live ones. CLOSED
// alarms (soft-deleted, kept by the API) would only grow it; an alarm in
// state that was closed is read by id and found CLOSED.
var snapshotStatuses = []string{StatusStable, StatusDisabled}

// fetchSummaries reads every page of the search: the first page gives the
// total, the others are fetched a few at a time.
func (c *Client) fetchSummaries(ctx context.Context) (map[string]Alarm, error) {
	f := SearchFilter{AlarmStatusCodes: snapshotStatuses}
	first, err := c.SearchEventAlarms(ctx, f, PageRequest{Page: 0, Size: SnapshotPageSize})
	if err != nil {
		return nil, err
	}
	out := make(map[string]Alarm, max(first.TotalItems, int64(len(first.Alarms))))
	for _, a := range first.Alarms {
		out[a.AlarmID] = a
	}
	pages := int((first.TotalItems + SnapshotPageSize - 1) / SnapshotPageSize)
	if len(first.Alarms) == 0 || pages > maxPages {
		pages = 1
	}
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
		sem  = make(chan struct{}, snapshotFetches)
	)
	for p := 1; p < pages; p++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			pg, err := c.SearchEventAlarms(ctx, f, PageRequest{Page: p, Size: SnapshotPageSize})
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			for _, a := range pg.Alarms {
				out[a.AlarmID] = a
			}
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return out, nil
}
