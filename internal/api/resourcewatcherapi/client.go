// Package resourcewatcher is the REST client of NHN Cloud Resource Watcher.
//
// Every answer of the API is HTTP 200; success or failure is in the body's
// `header` envelope. The client turns `isSuccessful=false` into *api.Error
// (Status 200, Code = resultCode, Message = resultMessage); the result codes
// that mean "this alarm does not exist" wrap api.ErrNotFound. An HTTP 404 is
// not treated as not-found: this API never answers 404 for a missing object,
// so a 404 means a wrong URL, and resources must not vanish from state
// because of it.
package resourcewatcherapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/batch"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
)

// DefaultURL is NHN Cloud's public Resource Watcher endpoint.
const DefaultURL = "https://resource-watcher.api.nhncloudservice.com"

// DefaultPageSize is the page size the paging helpers ask for when the
// caller gives none.
const DefaultPageSize = 100

// maxPages bounds the paging helpers against a server whose totalItems lies.
const maxPages = 100000

// Client talks to Resource Watcher for one Appkey.
type Client struct {
	http   *httpx.Client
	appKey string
	// summaries is the snapshot of every live alarm AlarmSummary reads;
	// writes drop it.
	summaries batch.Snapshot[map[string]Alarm]
}

// New returns a client for appKey.
func New(h *httpx.Client, appKey string) *Client {
	c := &Client{http: h, appKey: appKey}
	c.summaries.TTL, c.summaries.Fetch = SummaryTTL, c.fetchSummaries
	return c
}

// HTTPClient is the underlying HTTP client.
func (c *Client) HTTPClient() *httpx.Client { return c.http }

func (c *Client) path(p string) string {
	return "/resource-watcher/v1.0/appkeys/" + c.appKey + p
}

// notFoundCodes are the envelope result codes that mean the object is gone.
var notFoundCodes = map[int]bool{CodeAlarmNotFound: true, CodeHistoryMissing: true, CodeAlreadyClosed: true}

// call sends req and decodes the envelope; out (may be nil) receives the body.
func (c *Client) call(ctx context.Context, op, id string, req httpx.Request, out any) error {
	req.Path = c.path(req.Path)
	resp, err := c.http.Do(ctx, req)
	if err != nil {
		// Transport errors name the URL, whose path carries the Appkey.
		msg := fmt.Sprintf("%s: %v", opID(op, id), err)
		if c.appKey != "" {
			msg = strings.ReplaceAll(msg, c.appKey, "***")
		}
		return &redactedError{msg: msg, err: err}
	}
	if resp.StatusCode != http.StatusOK {
		return &api.Error{Op: op, ID: id, Status: resp.StatusCode, Message: api.TrimBody(resp.Body)}
	}
	var env struct {
		Header *Header `json:"header"`
	}
	if err := json.Unmarshal(resp.Body, &env); err != nil || env.Header == nil {
		return &api.Error{Op: op, ID: id, Status: resp.StatusCode,
			Message: "the answer is not a Resource Watcher envelope: " + api.TrimBody(resp.Body)}
	}
	if !env.Header.IsSuccessful {
		msg := env.Header.ResultMessage
		if msg == "" {
			msg = "isSuccessful=false without a message"
		}
		return &api.Error{Op: op, ID: id, Status: resp.StatusCode, Code: strconv.Itoa(env.Header.ResultCode),
			Message: msg, NotFound: notFoundCodes[env.Header.ResultCode], Refused: true}
	}
	if out != nil {
		if err := json.Unmarshal(resp.Body, out); err != nil {
			return &api.Error{Op: op, ID: id, Status: resp.StatusCode,
				Message: fmt.Sprintf("cannot decode the answer (%v): %s", err, api.TrimBody(resp.Body))}
		}
	}
	return nil
}

// redactedError keeps the cause (for errors.As) under a message without
// the Appkey.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

func opID(op, id string) string {
	if id == "" {
		return op
	}
	return fmt.Sprintf("%s %q", op, id)
}

// CreateEventAlarm creates an alarm and returns the server's view of it. A
// create is never sent twice (see httpx).
func (c *Client) CreateEventAlarm(ctx context.Context, in EventAlarmRequest) (*EventAlarm, error) {
	defer c.summaries.Invalidate()
	var out EventAlarm
	err := c.call(ctx, "create event alarm", "", httpx.Request{
		Method: http.MethodPost, Path: "/event-alarms", Body: in, Secrets: in.Secrets(), AnswerSecrets: AnswerSecrets,
	}, &out)
	if err != nil {
		return nil, err
	}
	if out.Alarm.AlarmID == "" {
		return nil, &api.Error{Op: "create event alarm", Status: http.StatusOK, Message: "the answer carries no alarm.alarmId"}
	}
	return &out, nil
}

// GetEventAlarm reads one alarm, CLOSED ones included.
func (c *Client) GetEventAlarm(ctx context.Context, id string) (*EventAlarm, error) {
	var out EventAlarm
	err := c.call(ctx, "read event alarm", id, httpx.Request{
		Method: http.MethodGet, Path: "/event-alarms/" + url.PathEscape(id), Idempotent: true, AnswerSecrets: AnswerSecrets,
	}, &out)
	if err != nil {
		return nil, err
	}
	if out.Alarm.AlarmID == "" {
		return nil, &api.Error{Op: "read event alarm", ID: id, Status: http.StatusOK, NotFound: true, Message: "the answer carries no alarm"}
	}
	return &out, nil
}

// UpdateEventAlarm replaces every field of an alarm (the API has no partial
// update) and returns the server's view of it afterwards.
func (c *Client) UpdateEventAlarm(ctx context.Context, id string, in EventAlarmRequest) (*EventAlarm, error) {
	defer c.summaries.Invalidate()
	var out EventAlarm
	err := c.call(ctx, "update event alarm", id, httpx.Request{
		Method: http.MethodPut, Path: "/event-alarms/" + url.PathEscape(id), Body: in, Secrets: in.Secrets(), Idempotent: true,
		AnswerSecrets: AnswerSecrets,
	}, &out)
	if err != nil {
		return nil, err
	}
	if out.Alarm.AlarmID == "" {
		// The guide does not promise a body for update: read it back.
		return c.GetEventAlarm(ctx, id)
	}
	return &out, nil
}

// DeleteEventAlarm soft-deletes an alarm (it becomes CLOSED).
func (c *Client) DeleteEventAlarm(ctx context.Context, id string) error {
	defer c.summaries.Invalidate()
	return c.call(ctx, "delete event alarm", id, httpx.Request{
		Method: http.MethodDelete, Path: "/event-alarms/" + url.PathEscape(id), Idempotent: true,
	}, nil)
}

// DeleteEventAlarms soft-deletes several alarms in one call.
func (c *Client) DeleteEventAlarms(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return errors.New("delete event alarms: at least one alarm id is required")
	}
	defer c.summaries.Invalidate()
	return c.call(ctx, "delete event alarms", "", httpx.Request{
		Method: http.MethodDelete, Path: "/event-alarms", Query: url.Values{"alarmIds": ids}, Idempotent: true,
	}, nil)
}

func pageQuery(q url.Values, p PageRequest) url.Values {
	if q == nil {
		q = url.Values{}
	}
	q.Set("page", strconv.Itoa(p.Page))
	if p.Size > 0 {
		q.Set("size", strconv.Itoa(p.Size))
	}
	if p.Sort != "" {
		q.Set("sort", p.Sort)
	}
	return q
}

// SearchEventAlarms returns one page of alarms matching f. The search is a
// read, so it is retried like one.
func (c *Client) SearchEventAlarms(ctx context.Context, f SearchFilter, p PageRequest) (*AlarmPage, error) {
	var out AlarmPage
	err := c.call(ctx, "search event alarms", "", httpx.Request{
		Method: http.MethodPost, Path: "/event-alarms/search", Query: pageQuery(nil, p), Body: f, Idempotent: true,
	}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// walk calls fetch for pages 0, 1, ... until every item is collected.
func walk(size int, fetch func(PageRequest) (n int, total int64, err error)) error {
	if size <= 0 {
		size = DefaultPageSize
	}
	var got int64
	for page := 0; page < maxPages; page++ {
		n, total, err := fetch(PageRequest{Page: page, Size: size})
		if err != nil {
			return err
		}
		got += int64(n)
		if n == 0 || got >= total {
			return nil
		}
	}
	return fmt.Errorf("gave up after %d pages", maxPages)
}

// SearchAllEventAlarms walks every page of a search. sort may be empty.
func (c *Client) SearchAllEventAlarms(ctx context.Context, f SearchFilter, pageSize int, sort string) ([]Alarm, error) {
	var all []Alarm
	err := walk(pageSize, func(p PageRequest) (int, int64, error) {
		p.Sort = sort
		pg, err := c.SearchEventAlarms(ctx, f, p)
		if err != nil {
			return 0, 0, err
		}
		all = append(all, pg.Alarms...)
		return len(pg.Alarms), pg.TotalItems, nil
	})
	return all, err
}

// GetAlarmHistory reads one delivery record of an alarm.
func (c *Client) GetAlarmHistory(ctx context.Context, alarmID, historyID string) (*AlarmHistoryDetail, error) {
	var out AlarmHistoryDetail
	err := c.call(ctx, "read alarm history", alarmID+"/"+historyID, httpx.Request{
		Method: http.MethodGet, Idempotent: true,
		Path: "/alarms/" + url.PathEscape(alarmID) + "/alarm-history/" + url.PathEscape(historyID),
	}, &out)
	if err != nil {
		return nil, err
	}
	fixHistoryID(&out.AlarmHistory)
	return &out, nil
}

func fixHistoryID(h *AlarmHistory) {
	if h.AlarmHistoryID == "" {
		h.AlarmHistoryID = h.AlarmHistoriesID
	}
}

func addAll(q url.Values, key string, vals []string) {
	for _, v := range vals {
		q.Add(key, v)
	}
}

func setIf(q url.Values, key, val string) {
	if val != "" {
		q.Set(key, val)
	}
}

// ListAlarmHistory returns one page of an alarm's delivery records.
func (c *Client) ListAlarmHistory(ctx context.Context, alarmID string, f HistoryFilter, p PageRequest) (*HistoryPage, error) {
	q := url.Values{}
	addAll(q, "resourceKeys", f.ResourceKeys)
	setIf(q, "resourceNameAnyLike", f.ResourceNameAnyLike)
	addAll(q, "eventIds", f.EventIDs)
	addAll(q, "eventSourceTypes", f.EventSourceTypes)
	addAll(q, "projectIds", f.ProjectIDs)
	addAll(q, "productIds", f.ProductIDs)
	addAll(q, "alarmSendResultTypeCodes", f.AlarmSendResultTypeCodes)
	setIf(q, "regDateFrom", f.RegDateFrom)
	setIf(q, "regDateTo", f.RegDateTo)
	var out HistoryPage
	err := c.call(ctx, "list alarm history", alarmID, httpx.Request{
		Method: http.MethodGet, Path: "/alarms/" + url.PathEscape(alarmID) + "/alarm-history",
		Query: pageQuery(q, p), Idempotent: true,
	}, &out)
	if err != nil {
		return nil, err
	}
	for i := range out.AlarmHistories {
		fixHistoryID(&out.AlarmHistories[i])
	}
	return &out, nil
}

// ListAllAlarmHistory walks every page of an alarm's delivery records.
func (c *Client) ListAllAlarmHistory(ctx context.Context, alarmID string, f HistoryFilter, pageSize int, sort string) ([]AlarmHistory, error) {
	var all []AlarmHistory
	err := walk(pageSize, func(p PageRequest) (int, int64, error) {
		p.Sort = sort
		pg, err := c.ListAlarmHistory(ctx, alarmID, f, p)
		if err != nil {
			return 0, 0, err
		}
		all = append(all, pg.AlarmHistories...)
		return len(pg.AlarmHistories), pg.TotalItems, nil
	})
	return all, err
}

// ListEvents returns one page of the event catalogue.
func (c *Client) ListEvents(ctx context.Context, f EventFilter, p PageRequest) (*EventPage, error) {
	q := url.Values{}
	addAll(q, "productIdList", f.ProductIDs)
	setIf(q, "productNameLike", f.ProductNameLike)
	setIf(q, "eventNameLike", f.EventNameLike)
	var h http.Header
	if f.Lang != "" {
		h = http.Header{"lang": []string{f.Lang}}
	}
	var out EventPage
	err := c.call(ctx, "list events", "", httpx.Request{
		Method: http.MethodGet, Path: "/events", Query: pageQuery(q, p), Header: h, Idempotent: true,
	}, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// ListAllEvents walks every page of the event catalogue.
func (c *Client) ListAllEvents(ctx context.Context, f EventFilter, pageSize int, sort string) ([]CatalogueEvent, error) {
	var all []CatalogueEvent
	err := walk(pageSize, func(p PageRequest) (int, int64, error) {
		p.Sort = sort
		pg, err := c.ListEvents(ctx, f, p)
		if err != nil {
			return 0, 0, err
		}
		all = append(all, pg.Events...)
		return len(pg.Events), pg.TotalItems, nil
	})
	return all, err
}
