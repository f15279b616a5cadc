// Package alertmanager is the REST client of the Alertmanager v2 silence API,
// served by Prometheus Alertmanager and by Grafana.
package alertmanager

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/batch"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
)

// Flavors of the silence API.
const (
	FlavorGrafana      = "grafana"
	FlavorPrometheus   = "prometheus"
	FlavorAlertSilence = "alert-silence"
)

// Flavors lists every accepted flavor.
var Flavors = []string{FlavorGrafana, FlavorPrometheus, FlavorAlertSilence}

// Silence states as the server reports them in status.state.
const (
	StatePending = "pending"
	StateActive  = "active"
	StateExpired = "expired"
)

// States lists every silence state.
var States = []string{StatePending, StateActive, StateExpired}

// Defaults of the read-after-create retry (HA Grafana replicates a new
// silence to the other replicas a moment after answering the POST).
const (
	DefaultReadAfterCreateTimeout  = 5 * time.Second
	DefaultReadAfterCreateInterval = 250 * time.Millisecond
)

// Options select the flavor and, for Grafana, the Alertmanager behind it.
type Options struct {
	Flavor        string
	DatasourceUID string
	// ReadAfterCreateTimeout bounds how long GetAfterCreate retries a 404
	// (default DefaultReadAfterCreateTimeout; negative = no retry).
	ReadAfterCreateTimeout time.Duration
	// ReadAfterCreateInterval is the wait between those retries.
	ReadAfterCreateInterval time.Duration
}

// Client talks to one Alertmanager.
type Client struct {
	http *httpx.Client
	opts Options
	// list serves Lookup; writes drop it.
	list batch.Snapshot[silenceList]
	// alerts serves AlertsMatching; writes are applied to it (alertcache.go).
	alerts batch.Snapshot[*alertList]
	amu    sync.Mutex // guards writes and view
	writes []*silenceWrite
	view   *alertView
}

// New returns a client.
func New(h *httpx.Client, opts Options) *Client {
	if opts.Flavor == "" {
		opts.Flavor = FlavorGrafana
	}
	if opts.ReadAfterCreateTimeout == 0 {
		opts.ReadAfterCreateTimeout = DefaultReadAfterCreateTimeout
	}
	if opts.ReadAfterCreateInterval <= 0 {
		opts.ReadAfterCreateInterval = DefaultReadAfterCreateInterval
	}
	c := &Client{http: h, opts: opts}
	c.list.TTL, c.list.Fetch = ListTTL, c.fetchList
	c.alerts.TTL, c.alerts.Fetch = AlertsTTL, c.fetchAlerts
	return c
}

// Flavor is the flavor the client was built for.
func (c *Client) Flavor() string { return c.opts.Flavor }

// BasePath is the path of the v2 API under the client's URL.
func (c *Client) BasePath() string {
	return BasePath(c.opts.Flavor, c.opts.DatasourceUID)
}

// BasePath is the path of the v2 API for a flavor: Grafana serves its own
// Alertmanager under /api/alertmanager/grafana/api/v2 and an external one
// (a data source) under /api/alertmanager/{uid}/api/v2; Prometheus
// Alertmanager serves /api/v2.
func BasePath(flavor, datasourceUID string) string {
	if flavor == FlavorPrometheus {
		return "/api/v2"
	}
	uid := "grafana"
	if datasourceUID != "" {
		uid = url.PathEscape(datasourceUID)
	}
	return "/api/alertmanager/" + uid + "/api/v2"
}

// Matcher is one label matcher of a silence.
type Matcher struct {
	Name    string `json:"name"`
	Value   string `json:"value"`
	IsRegex bool   `json:"isRegex"`
	IsEqual bool   `json:"isEqual"`
}

// Operator is the matcher's operator in PromQL style: =, !=, =~ or !~.
func (m Matcher) Operator() string {
	switch {
	case m.IsEqual && !m.IsRegex:
		return "="
	case !m.IsEqual && !m.IsRegex:
		return "!="
	case m.IsEqual:
		return "=~"
	default:
		return "!~"
	}
}

// String renders the matcher as Alertmanager's filter syntax: name="value".
func (m Matcher) String() string {
	return strconv.Quote(m.Name) + m.Operator() + strconv.Quote(m.Value)
}

// Silence is a silence as sent to and read from the API.
type Silence struct {
	// ID is empty for a new silence.
	ID        string
	Matchers  []Matcher
	StartsAt  time.Time
	EndsAt    time.Time
	CreatedBy string
	Comment   string
	// State and UpdatedAt are set by the server.
	State     string
	UpdatedAt time.Time
}

type wireSilence struct {
	ID        string    `json:"id,omitempty"`
	Matchers  []Matcher `json:"matchers"`
	StartsAt  time.Time `json:"startsAt"`
	EndsAt    time.Time `json:"endsAt"`
	CreatedBy string    `json:"createdBy"`
	Comment   string    `json:"comment"`
}

// wireMatcher decodes isEqual leniently: absent means true.
type wireMatcher struct {
	Name    string `json:"name"`
	Value   string `json:"value"`
	IsRegex bool   `json:"isRegex"`
	IsEqual *bool  `json:"isEqual"`
}

type wireGettable struct {
	ID        string        `json:"id"`
	Matchers  []wireMatcher `json:"matchers"`
	StartsAt  time.Time     `json:"startsAt"`
	EndsAt    time.Time     `json:"endsAt"`
	CreatedBy string        `json:"createdBy"`
	Comment   string        `json:"comment"`
	Status    struct {
		State string `json:"state"`
	} `json:"status"`
	UpdatedAt time.Time `json:"updatedAt"`
}

func (w wireGettable) silence() Silence {
	s := Silence{
		ID: w.ID, StartsAt: w.StartsAt, EndsAt: w.EndsAt, CreatedBy: w.CreatedBy,
		Comment: w.Comment, State: w.Status.State, UpdatedAt: w.UpdatedAt,
	}
	s.Matchers = make([]Matcher, 0, len(w.Matchers))
	for _, m := range w.Matchers {
		eq := m.IsEqual == nil || *m.IsEqual
		s.Matchers = append(s.Matchers, Matcher{Name: m.Name, Value: m.Value, IsRegex: m.IsRegex, IsEqual: eq})
	}
	return s
}

func postable(s Silence) wireSilence {
	ms := s.Matchers
	if ms == nil {
		ms = []Matcher{}
	}
	return wireSilence{
		ID: s.ID, Matchers: ms, StartsAt: s.StartsAt.UTC(), EndsAt: s.EndsAt.UTC(),
		CreatedBy: s.CreatedBy, Comment: s.Comment,
	}
}

// ServerTime is the server's clock at the moment it answered (its Date
// header), the "now" of expiry decisions. It is the zero time when the
// answer had no usable Date header or no answer came back.
type ServerTime = time.Time

func (c *Client) checkFlavor(op string) error {
	if c.opts.Flavor == FlavorAlertSilence {
		return &api.Error{Op: op, Message: "the alert-silence flavor is not served by the Alertmanager v2 client"}
	}
	return nil
}

func serverNow(r *httpx.Response) time.Time {
	if d, ok := r.Date(); ok {
		return d
	}
	return time.Time{}
}

// Create posts a new silence and returns the id the server gave it.
func (c *Client) Create(ctx context.Context, s Silence) (string, ServerTime, error) {
	s.ID = ""
	return c.post(ctx, "create silence", s, false)
}

// Update posts s with its id. The server may answer with a different id
// (it then expired the old silence or s.ID was already expired); the
// returned id is the one to keep.
func (c *Client) Update(ctx context.Context, s Silence) (string, ServerTime, error) {
	if s.ID == "" {
		return "", time.Time{}, &api.Error{Op: "update silence", Message: "no silence id to update"}
	}
	return c.post(ctx, "update silence", s, true)
}

func (c *Client) post(ctx context.Context, op string, s Silence, idempotent bool) (string, ServerTime, error) {
	if err := c.checkFlavor(op); err != nil {
		return "", time.Time{}, err
	}
	defer c.list.Invalidate()
	sent := time.Now()
	id, now, err := c.postSilence(ctx, op, s, idempotent)
	if err != nil {
		c.alerts.Invalidate() // the silence may or may not have changed
		return id, now, err
	}
	if s.ID != "" && id != s.ID {
		c.endedSilence(s.ID) // the server expired it and made a new one
	}
	c.wroteSilence(id, s, sent)
	return id, now, nil
}

func (c *Client) postSilence(ctx context.Context, op string, s Silence, idempotent bool) (string, ServerTime, error) {
	resp, err := c.http.Do(ctx, httpx.Request{
		Method: http.MethodPost, Path: c.BasePath() + "/silences", Body: postable(s), Idempotent: idempotent,
	})
	if err != nil {
		return "", time.Time{}, err
	}
	now := serverNow(resp)
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusAccepted {
		return "", now, apiError(op, s.ID, resp)
	}
	var out struct {
		SilenceID string `json:"silenceID"`
	}
	if err := json.Unmarshal(resp.Body, &out); err != nil || out.SilenceID == "" {
		return "", now, &api.Error{Op: op, ID: s.ID, Status: resp.StatusCode,
			Message: "the answer carries no silenceID (the server accepted the silence, so it may exist): " + api.TrimBody(resp.Body)}
	}
	return out.SilenceID, now, nil
}

// Get reads one silence. A missing silence is an error wrapping
// api.ErrNotFound; the server time is returned in every case where an
// answer came back, 404 included.
func (c *Client) Get(ctx context.Context, id string) (Silence, ServerTime, error) {
	const op = "read silence"
	if err := c.checkFlavor(op); err != nil {
		return Silence{}, time.Time{}, err
	}
	resp, err := c.http.Do(ctx, httpx.Request{
		Method: http.MethodGet, Path: c.BasePath() + "/silence/" + url.PathEscape(id), Idempotent: true,
	})
	if err != nil {
		return Silence{}, time.Time{}, err
	}
	now := serverNow(resp)
	if resp.StatusCode != http.StatusOK {
		return Silence{}, now, apiError(op, id, resp)
	}
	var w wireGettable
	if err := json.Unmarshal(resp.Body, &w); err != nil {
		return Silence{}, now, &api.Error{Op: op, ID: id, Status: resp.StatusCode,
			Message: "malformed answer: " + err.Error()}
	}
	return w.silence(), now, nil
}

// GetAfterCreate reads a silence that was just created or updated, retrying
// a 404 for a short while: an HA Grafana may answer the POST before the
// silence reached the replica serving the GET.
func (c *Client) GetAfterCreate(ctx context.Context, id string) (Silence, ServerTime, error) {
	deadline := time.Now().Add(c.opts.ReadAfterCreateTimeout)
	for {
		s, now, err := c.Get(ctx, id)
		if err == nil || !api.IsNotFound(err) || !time.Now().Add(c.opts.ReadAfterCreateInterval).Before(deadline) {
			return s, now, err
		}
		t := time.NewTimer(c.opts.ReadAfterCreateInterval)
		select {
		case <-ctx.Done():
			t.Stop()
			return s, now, err
		case <-t.C:
		}
	}
}

// List returns the silences, expired ones included, optionally filtered by
// exact matchers (a silence is kept when it has a matcher with the same
// name, operator and value for every filter).
func (c *Client) List(ctx context.Context, filter []Matcher) ([]Silence, ServerTime, error) {
	const op = "list silences"
	if err := c.checkFlavor(op); err != nil {
		return nil, time.Time{}, err
	}
	var q url.Values
	if len(filter) > 0 {
		q = url.Values{}
		for _, m := range filter {
			q.Add("filter", FilterString(m))
		}
	}
	resp, err := c.http.Do(ctx, httpx.Request{
		Method: http.MethodGet, Path: c.BasePath() + "/silences", Query: q, Idempotent: true,
	})
	if err != nil {
		return nil, time.Time{}, err
	}
	now := serverNow(resp)
	if resp.StatusCode != http.StatusOK {
		return nil, now, apiError(op, "", resp)
	}
	var ws []wireGettable
	if err := json.Unmarshal(resp.Body, &ws); err != nil {
		return nil, now, &api.Error{Op: op, Status: resp.StatusCode, Message: "malformed answer: " + err.Error()}
	}
	out := make([]Silence, 0, len(ws))
	for _, w := range ws {
		out = append(out, w.silence())
	}
	return out, now, nil
}

// Expire ends a silence now (DELETE). A silence that does not exist any
// more counts as expired: 404 is success.
func (c *Client) Expire(ctx context.Context, id string) (ServerTime, error) {
	const op = "expire silence"
	if err := c.checkFlavor(op); err != nil {
		return time.Time{}, err
	}
	defer c.list.Invalidate()
	resp, err := c.http.Do(ctx, httpx.Request{
		Method: http.MethodDelete, Path: c.BasePath() + "/silence/" + url.PathEscape(id), Idempotent: true,
	})
	if err != nil {
		c.alerts.Invalidate()
		return time.Time{}, err
	}
	now := serverNow(resp)
	switch resp.StatusCode {
	case http.StatusOK, http.StatusAccepted, http.StatusNoContent, http.StatusNotFound:
		c.endedSilence(id)
		return now, nil
	}
	c.alerts.Invalidate()
	return now, apiError(op, id, resp)
}

// IsValidationError reports whether err is the server refusing the silence
// as invalid (HTTP 400 or 422).
func IsValidationError(err error) bool {
	var ae *api.Error
	return errors.As(err, &ae) && (ae.Status == http.StatusBadRequest || ae.Status == http.StatusUnprocessableEntity)
}

// apiError turns a non-success answer into *api.Error carrying the server's
// own text. Alertmanager answers errors as a JSON string, a swagger
// {"code","message"} object, or an empty body; Grafana as {"message",
// "messageId"}.
func apiError(op, id string, resp *httpx.Response) error {
	e := &api.Error{Op: op, ID: id, Status: resp.StatusCode, NotFound: resp.StatusCode == http.StatusNotFound}
	e.Code, e.Message = decodeErrorBody(resp.Body)
	if e.Message == "" {
		switch resp.StatusCode {
		case http.StatusNotFound:
			e.Message = "silence not found"
		case http.StatusUnauthorized:
			e.Message = "unauthorized: check the token or username/password"
		case http.StatusForbidden:
			e.Message = "forbidden: the credentials lack a silence permission"
		default:
			e.Message = http.StatusText(resp.StatusCode)
		}
	}
	return e
}

func decodeErrorBody(body []byte) (code, msg string) {
	b := strings.TrimSpace(string(body))
	if b == "" {
		return "", ""
	}
	var s string
	if json.Unmarshal(body, &s) == nil {
		return "", strings.TrimSpace(s)
	}
	var obj struct {
		Code      json.RawMessage `json:"code"`
		Message   string          `json:"message"`
		MessageID string          `json:"messageId"`
		Error     string          `json:"error"`
	}
	if json.Unmarshal(body, &obj) == nil && (obj.Message != "" || obj.Error != "") {
		msg = obj.Message
		if msg == "" {
			msg = obj.Error
		}
		code = obj.MessageID
		if code == "" && len(obj.Code) > 0 {
			code = strings.Trim(string(obj.Code), `"`)
		}
		return code, msg
	}
	return "", api.TrimBody(body)
}
