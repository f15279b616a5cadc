// Package maintenance is the REST client of the O11y maintenance API.
package maintenanceapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/batch"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
)

// DateLayout is the API's naive date format, yyyy-MM-dd HH:mm, read in the
// client's Location.
const DateLayout = "2006-01-02 15:04"

// Target types.
const (
	TargetInfra    = "infra"
	TargetService  = "service"
	TargetPlatform = "platform"
)

// TargetTypes lists every target type the API knows.
var TargetTypes = []string{TargetInfra, TargetService, TargetPlatform}

// Delta actions of an update.
const (
	ActionAdd    = "A"
	ActionRemove = "R"
)

// Status values answered by get. The spec shows "active"; a window that has
// not begun is "pending", one that ended "expired".
const (
	StatusPending = "pending"
	StatusActive  = "active"
	StatusExpired = "expired"
)

// Endpoint paths.
const (
	pathCreate = "/api/v1/maintenance/create"
	pathUpdate = "/api/v1/maintenance/update"
	pathExpire = "/api/v1/maintenance/expire"
	pathGet    = "/api/v1/maintenance/get"
)

// Client talks to the O11y maintenance API.
type Client struct {
	http *httpx.Client
	loc  *time.Location

	// GetOne calls that arrive while a batch gathers share one get call
	// (Terraform reads every resource of a plan concurrently).
	gets batch.Coalescer[*GetResult]
}

// Batching defaults: how long the first GetOne waits for others to join,
// and how many ids one get call carries at most.
const (
	DefaultBatchWindow = 5 * time.Millisecond
	DefaultBatchMax    = 100
)

// New returns a client; loc is the zone of the API's "yyyy-MM-dd HH:mm" dates.
func New(h *httpx.Client, loc *time.Location) *Client {
	if loc == nil {
		loc = time.UTC
	}
	c := &Client{http: h, loc: loc}
	c.gets = batch.Coalescer[*GetResult]{Window: DefaultBatchWindow, Max: DefaultBatchMax,
		Fetch: func(ctx context.Context, ids []string) (*GetResult, error) { return c.Get(ctx, ids...) }}
	return c
}

// Location is the zone the API's naive dates are interpreted in.
func (c *Client) Location() *time.Location { return c.loc }

// HTTPClient is the underlying HTTP client.
func (c *Client) HTTPClient() *httpx.Client { return c.http }

// FormatDate renders t as the API's naive date in the client's zone. The
// API keeps minutes; seconds are dropped.
func (c *Client) FormatDate(t time.Time) string { return t.In(c.loc).Format(DateLayout) }

// Target is one maintenance target. Action is set only in update deltas.
type Target struct {
	Type       string `json:"type,omitempty"`
	TargetIP   string `json:"target_ip,omitempty"`
	TargetName string `json:"target_name,omitempty"`
	Region     string `json:"region,omitempty"`
	Action     string `json:"action,omitempty"`
}

// Key is the API's matching key: infra targets by IP, service and platform
// targets by name and region.
func (t Target) Key() string {
	if t.Type == TargetInfra {
		ip := t.TargetIP
		if a, err := netip.ParseAddr(ip); err == nil {
			ip = a.String()
		}
		return TargetInfra + "|" + ip
	}
	return t.Type + "|" + t.TargetName + "|" + t.Region
}

// CreateInput is a new window.
type CreateInput struct {
	Title   string
	Start   time.Time
	End     time.Time
	Targets []Target
}

// Created is create's answer.
type Created struct {
	ID        string
	CreatedAt time.Time
}

// UpdateInput changes a window: nil fields are not sent; Targets are deltas
// (each with Action A or R), unchanged targets are not sent.
type UpdateInput struct {
	ID      string
	Title   *string
	Start   *time.Time
	End     *time.Time
	Targets []Target
}

// Updated is update's answer.
type Updated struct {
	ID        string
	UpdatedAt time.Time
}

// Expired is expire's answer.
type Expired struct {
	ID        string
	Status    string
	ExpiredAt time.Time
}

// Maintenance is a window as get answers it.
type Maintenance struct {
	ID      string
	Title   string
	Status  string
	Start   time.Time
	End     time.Time
	Targets []Target
}

// GetResult is get's answer for several ids.
type GetResult struct {
	// Maintenances are the windows found, in the order the server sent them.
	Maintenances []Maintenance
	// Missing are the requested ids the answer lacks (not found).
	Missing []string
	// ServerTime is the server's Date header; zero when it sent none.
	ServerTime time.Time
}

// ByID returns the window with id.
func (r *GetResult) ByID(id string) (Maintenance, bool) {
	for _, m := range r.Maintenances {
		if m.ID == id {
			return m, true
		}
	}
	return Maintenance{}, false
}

// Create opens a window. It is not retried once it may have reached the
// server (an *httpx.AmbiguousError then says so).
func (c *Client) Create(ctx context.Context, in CreateInput) (*Created, error) {
	body := map[string]any{
		"title":      in.Title,
		"start_date": c.FormatDate(in.Start),
		"end_date":   c.FormatDate(in.End),
		"targets":    nonNil(stripActions(in.Targets)),
	}
	var out struct {
		MaintenanceID string `json:"maintenance_id"`
		CreatedAt     string `json:"created_at"`
	}
	resp, err := c.call(ctx, "create maintenance", "", http.MethodPost, pathCreate, body, false, &out)
	if err != nil {
		return nil, err
	}
	if out.MaintenanceID == "" {
		return nil, &api.Error{Op: "create maintenance", Status: resp.StatusCode, Message: "the answer has no maintenance_id"}
	}
	return &Created{ID: out.MaintenanceID, CreatedAt: parseRFC3339(out.CreatedAt)}, nil
}

// Update changes a window in place.
func (c *Client) Update(ctx context.Context, in UpdateInput) (*Updated, error) {
	body := map[string]any{
		"maintenance_id": in.ID,
		"targets":        nonNil(in.Targets),
	}
	if in.Title != nil {
		body["title"] = *in.Title
	}
	if in.Start != nil {
		body["start_date"] = c.FormatDate(*in.Start)
	}
	if in.End != nil {
		body["end_date"] = c.FormatDate(*in.End)
	}
	var out struct {
		MaintenanceID string `json:"maintenance_id"`
		UpdatedAt     string `json:"updated_at"`
	}
	if _, err := c.call(ctx, "update maintenance", in.ID, http.MethodPut, pathUpdate, body, true, &out); err != nil {
		return nil, err
	}
	id := out.MaintenanceID
	if id == "" {
		id = in.ID
	}
	return &Updated{ID: id, UpdatedAt: parseRFC3339(out.UpdatedAt)}, nil
}

// Expire ends a window now.
func (c *Client) Expire(ctx context.Context, id string) (*Expired, error) {
	var out struct {
		MaintenanceID string `json:"maintenance_id"`
		Status        string `json:"status"`
		ExpiredAt     string `json:"expired_at"`
	}
	if _, err := c.call(ctx, "expire maintenance", id, http.MethodPost, pathExpire, map[string]any{"maintenance_id": id}, true, &out); err != nil {
		return nil, err
	}
	return &Expired{ID: id, Status: out.Status, ExpiredAt: parseRFC3339(out.ExpiredAt)}, nil
}

// Get reads several windows in one call. Ids the answer lacks are listed in
// Missing. When the server answers a batch with a not-found failure instead
// of leaving ids out, each id is asked for on its own.
func (c *Client) Get(ctx context.Context, ids ...string) (*GetResult, error) {
	if len(ids) == 0 {
		return &GetResult{}, nil
	}
	res, err := c.get(ctx, ids)
	if err != nil && api.IsNotFound(err) && len(ids) > 1 {
		res = &GetResult{}
		for _, id := range ids {
			one, err := c.get(ctx, []string{id})
			switch {
			case api.IsNotFound(err):
				res.Missing = append(res.Missing, id)
				continue
			case err != nil:
				return nil, err
			}
			res.Maintenances = append(res.Maintenances, one.Maintenances...)
			res.Missing = append(res.Missing, one.Missing...)
			res.ServerTime = one.ServerTime
		}
		return res, nil
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// GetOne reads one window; a window the server does not know is an error
// wrapping api.ErrNotFound. It also returns the server's time (zero when
// the answer had no Date header). Concurrent calls are coalesced into one
// get call for several ids.
func (c *Client) GetOne(ctx context.Context, id string) (Maintenance, time.Time, error) {
	res, err := c.gets.Do(ctx, id)
	if err != nil {
		var ae *api.Error
		if errors.As(err, &ae) && ae.ID == "" {
			cp := *ae
			cp.ID = id
			return Maintenance{}, time.Time{}, &cp
		}
		if ctx.Err() != nil {
			return Maintenance{}, time.Time{}, fmt.Errorf("get maintenance %q: %w", id, err)
		}
		return Maintenance{}, time.Time{}, err
	}
	m, ok := res.ByID(id)
	if !ok {
		return Maintenance{}, res.ServerTime, &api.Error{Op: "get maintenance", ID: id, Status: http.StatusOK,
			Message: "the server's answer does not include this maintenance", NotFound: true}
	}
	return m, res.ServerTime, nil
}

func (c *Client) get(ctx context.Context, ids []string) (*GetResult, error) {
	var out struct {
		Maintenances []struct {
			MaintenanceID string   `json:"maintenance_id"`
			Title         string   `json:"title"`
			Status        string   `json:"status"`
			ActiveSince   epoch    `json:"active_since"`
			ActiveTill    epoch    `json:"active_till"`
			Targets       []Target `json:"targets"`
		} `json:"maintenances"`
	}
	id := ""
	if len(ids) == 1 {
		id = ids[0]
	}
	resp, err := c.call(ctx, "get maintenance", id, http.MethodPost, pathGet, map[string]any{"maintenance_ids": ids}, true, &out)
	if err != nil {
		return nil, err
	}
	res := &GetResult{}
	if d, ok := resp.Date(); ok {
		res.ServerTime = d
	}
	seen := map[string]bool{}
	for _, m := range out.Maintenances {
		seen[m.MaintenanceID] = true
		targets := make([]Target, 0, len(m.Targets))
		for _, t := range m.Targets {
			t.Action = ""
			targets = append(targets, t)
		}
		res.Maintenances = append(res.Maintenances, Maintenance{
			ID: m.MaintenanceID, Title: m.Title, Status: m.Status,
			Start: time.Time(m.ActiveSince), End: time.Time(m.ActiveTill), Targets: targets,
		})
	}
	for _, id := range ids {
		if !seen[id] {
			res.Missing = append(res.Missing, id)
		}
	}
	return res, nil
}

// envelope is every answer: {flag, message, result}.
type envelope struct {
	Flag    *bool           `json:"flag"`
	Message string          `json:"message"`
	Result  json.RawMessage `json:"result"`
}

// call sends one request and decodes the envelope's result into out. Every
// failure (non-2xx, flag=false even with HTTP 200, a body that is not the
// envelope) is an *api.Error; not-found ones wrap api.ErrNotFound.
func (c *Client) call(ctx context.Context, op, id, method, path string, body any, idempotent bool, out any) (*httpx.Response, error) {
	resp, err := c.http.Do(ctx, httpx.Request{Method: method, Path: path, Body: body, Idempotent: idempotent})
	if err != nil {
		return nil, fmt.Errorf("%s%s: %w", op, quoted(id), err)
	}
	var env envelope
	jerr := json.Unmarshal(resp.Body, &env)
	ok2xx := resp.StatusCode >= 200 && resp.StatusCode < 300
	switch {
	case jerr != nil || env.Flag == nil:
		msg := api.TrimBody(resp.Body)
		if ok2xx {
			msg = "the answer is not the API's {flag, message, result} envelope: " + msg
		}
		return resp, &api.Error{Op: op, ID: id, Status: resp.StatusCode, Message: msg, NotFound: resp.StatusCode == http.StatusNotFound}
	case !*env.Flag || !ok2xx:
		msg := env.Message
		if strings.TrimSpace(msg) == "" {
			msg = http.StatusText(resp.StatusCode)
			if !*env.Flag {
				msg = "the server answered flag=false without a message"
			}
		}
		return resp, &api.Error{Op: op, ID: id, Status: resp.StatusCode, Message: msg, Refused: !*env.Flag,
			NotFound: resp.StatusCode == http.StatusNotFound || IsNotFoundMessage(msg)}
	}
	if out != nil && len(env.Result) > 0 && string(env.Result) != "null" {
		if err := json.Unmarshal(env.Result, out); err != nil {
			return resp, &api.Error{Op: op, ID: id, Status: resp.StatusCode, Message: "cannot read the answer's result: " + err.Error()}
		}
	}
	return resp, nil
}

// IsNotFoundMessage reports whether a failure message says the window does
// not exist (the spec defines no error codes, so the text is all there is).
func IsNotFoundMessage(msg string) bool {
	m := strings.ToLower(msg)
	for _, s := range []string{"not found", "not exist", "no such", "unknown maintenance", "존재하지", "찾을 수 없"} {
		if strings.Contains(m, s) {
			return true
		}
	}
	return false
}

// IsAlreadyExpired reports whether err is the server refusing to expire or
// change a window because it has ended already.
func IsAlreadyExpired(err error) bool {
	var ae *api.Error
	if !errors.As(err, &ae) {
		return false
	}
	m := strings.ToLower(ae.Message)
	return strings.Contains(m, "already expired") || strings.Contains(m, "is expired") || strings.Contains(m, "이미 만료")
}

func quoted(id string) string {
	if id == "" {
		return ""
	}
	return " " + strconv.Quote(id)
}

func nonNil(ts []Target) []Target {
	if ts == nil {
		return []Target{}
	}
	return ts
}

func stripActions(ts []Target) []Target {
	out := make([]Target, len(ts))
	for i, t := range ts {
		t.Action = ""
		out[i] = t
	}
	return out
}

func parseRFC3339(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// epoch reads Unix seconds sent as a JSON number (integer or not) or a
// numeric string.
type epoch time.Time

func (e *epoch) UnmarshalJSON(b []byte) error {
	s := strings.Trim(strings.TrimSpace(string(b)), `"`)
	if s == "" || s == "null" {
		*e = epoch(time.Time{})
		return nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil { // exact for the integer forms
		t := time.Unix(n, 0).UTC()
		if n > 1e11 { // milliseconds, as Alertmanager-backed servers sometimes send
			t = time.UnixMilli(n).UTC()
		}
		return e.set(t, b)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e15 {
		return fmt.Errorf("epoch seconds expected, got %s", b)
	}
	if f > 1e11 {
		f /= 1000
	}
	sec := int64(f)
	return e.set(time.Unix(sec, int64((f-float64(sec))*1e9)).UTC(), b)
}

// set stores t when every zone can print it as RFC 3339 (years 1 to 9998).
func (e *epoch) set(t time.Time, b []byte) error {
	if t.Year() < 1 || t.Year() > 9998 {
		return fmt.Errorf("epoch %s is out of range", b)
	}
	*e = epoch(t)
	return nil
}
