package resourcewatcherapi

import (
	"context"
	"errors"
	"fmt"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
)

// AlarmSummary returns an alarm as search answers it (name, description,
// status, rule, modDatetime — no targets, events or scope), CLOSED alarms
// included. Concurrent calls share one search with alarmIds, walking every
// page, so refreshing many alarms costs a search per batch instead of a get
// per alarm. found is false when the search does not return the id; the
// caller then reads it by id to tell "gone" from "not listed".
func (c *Client) AlarmSummary(ctx context.Context, id string) (a Alarm, found bool, err error) {
	res, err := c.summaries.Do(ctx, id)
	if err != nil {
		// The search is shared by a batch: name this caller's alarm.
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

func (c *Client) searchByIDs(ctx context.Context, ids []string) (map[string]Alarm, error) {
	alarms, err := c.SearchAllEventAlarms(ctx, SearchFilter{AlarmIDs: ids, AlarmStatusCodes: AlarmStatuses}, DefaultPageSize, "")
	if err != nil {
		return nil, err
	}
	out := make(map[string]Alarm, len(alarms))
	for _, a := range alarms {
		out[a.AlarmID] = a
	}
	return out, nil
}
