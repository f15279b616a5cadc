// Package alertsilence is the REST client of the Alert Silence API: list all,
// list active, create and delete. It has no update and no get-by-id, so Get
// lists and finds by id; the list is cached for a short while and shared by
// concurrent callers (one list call for the refresh of every silence of a
// Terraform plan), and every write through the client drops it.
package alertsilence

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/batch"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
)

// BasePath is where the API lives under the configured URL.
const BasePath = "/api/v1.0/alert-silence"

// Client talks to the Alert Silence API.
type Client struct {
	http *httpx.Client
	// cache is the full list that Get reads (see ListAllCached).
	cache batch.Snapshot[List]
	skew  clockSkew
}

// New returns a client whose Get shares list answers for DefaultListTTL.
// The server's clock skew is measured against clock (time.Now when nil),
// the clock whose instants ServerTime's callers pass.
func New(h *httpx.Client, clock func() time.Time) *Client {
	c := &Client{http: h}
	c.skew.local = clock
	if clock == nil {
		c.skew.local = time.Now
	}
	c.cache.TTL = DefaultListTTL
	c.cache.Fetch = func(ctx context.Context) (List, error) { return c.list(ctx, "") }
	return c
}

// Silence is one silence as the API answers it.
type Silence struct {
	ID              string    `json:"silenceId"`
	SourceType      string    `json:"sourceType"`
	SourceIDPattern string    `json:"sourceIdPattern"`
	Reason          string    `json:"reason"`
	CreatedBy       string    `json:"createdBy"`
	CreatedAt       time.Time `json:"createdAt"`
	StartsAt        time.Time `json:"startsAt"`
	EndsAt          time.Time `json:"endsAt"`
}

// State is pending, active or expired at now; the API itself has no state.
// now usually comes from the Date header, which has second precision, so a
// start within that second counts as started.
func (s Silence) State(now time.Time) string {
	switch {
	case now.Add(time.Second).Before(s.StartsAt):
		return "pending"
	case now.Before(s.EndsAt):
		return "active"
	default:
		return "expired"
	}
}

// CreateRequest is the body of a create. CreatedBy may be empty (the server
// then says "Admin").
type CreateRequest struct {
	SourceType      string    `json:"sourceType"`
	SourceIDPattern string    `json:"sourceIdPattern"`
	Reason          string    `json:"reason"`
	CreatedBy       string    `json:"createdBy,omitempty"`
	StartsAt        time.Time `json:"startsAt"`
	EndsAt          time.Time `json:"endsAt"`
}

// List is an answer to a list call with the server's clock.
type List struct {
	Silences []Silence
	// Now is the server's Date header, or the zero time when absent.
	Now time.Time
}

// Find returns the silence with id.
func (l List) Find(id string) (Silence, bool) {
	for _, s := range l.Silences {
		if s.ID == id {
			return s, true
		}
	}
	return Silence{}, false
}

// ListAll returns every silence, expired ones included, from a fresh list
// call (which then serves Get too).
func (c *Client) ListAll(ctx context.Context) (List, error) { return c.cache.Refresh(ctx) }

// ListActive returns the silences active now.
func (c *Client) ListActive(ctx context.Context) (List, error) { return c.list(ctx, "/active") }

func (c *Client) list(ctx context.Context, suffix string) (List, error) {
	op := "list silences"
	resp, err := c.http.Do(ctx, httpx.Request{Method: http.MethodGet, Path: BasePath + suffix, Idempotent: true})
	if err != nil {
		return List{}, fmt.Errorf("%s: %w", op, err)
	}
	if resp.StatusCode != http.StatusOK {
		return List{}, apiError(op, "", resp)
	}
	var out []Silence
	if err := json.Unmarshal(resp.Body, &out); err != nil {
		return List{}, &api.Error{Op: op, Status: resp.StatusCode, Message: "malformed answer: " + err.Error()}
	}
	now, _ := resp.Date()
	c.skew.observe(now)
	return List{Silences: out, Now: now}, nil
}

// Get returns the silence with id from the full list (the cached one while
// it is fresh, see SetListTTL); a missing id is api.ErrNotFound. The list's
// server time comes back too.
func (c *Client) Get(ctx context.Context, id string) (Silence, time.Time, error) {
	l, err := c.ListAllCached(ctx)
	if err != nil {
		var ae *api.Error
		if errors.As(err, &ae) && ae.ID == "" {
			cp := *ae // the list failed: say which silence was being read
			cp.ID = id
			return Silence{}, time.Time{}, &cp
		}
		return Silence{}, time.Time{}, fmt.Errorf("read silence %q: %w", id, err)
	}
	s, ok := l.Find(id)
	if !ok {
		return Silence{}, l.Now, &api.Error{Op: "read silence", ID: id, Status: http.StatusOK, Message: "not in the list of silences", NotFound: true}
	}
	return s, l.Now, nil
}

// Create creates a silence and returns it as stored (id, createdAt).
func (c *Client) Create(ctx context.Context, req CreateRequest) (Silence, error) {
	op := "create silence"
	req.StartsAt, req.EndsAt = req.StartsAt.UTC(), req.EndsAt.UTC()
	// Even a failed or lost create may have stored a silence.
	defer c.Invalidate()
	resp, err := c.http.Do(ctx, httpx.Request{Method: http.MethodPost, Path: BasePath, Body: req})
	if err != nil {
		return Silence{}, fmt.Errorf("%s: %w", op, err)
	}
	if d, ok := resp.Date(); ok {
		c.skew.observe(d)
	}
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		return Silence{}, apiError(op, "", resp)
	}
	var out Silence
	if err := json.Unmarshal(resp.Body, &out); err != nil || out.ID == "" {
		msg := "the answer carries no silenceId"
		if err != nil {
			msg = "malformed answer: " + err.Error()
		}
		return Silence{}, &api.Error{Op: op, Status: resp.StatusCode, Message: msg + "; the silence may exist on the server"}
	}
	return out, nil
}

// Delete removes a silence. A 404 (already gone) is success.
func (c *Client) Delete(ctx context.Context, id string) error {
	op := "delete silence"
	defer c.Invalidate()
	resp, err := c.http.Do(ctx, httpx.Request{Method: http.MethodDelete, Path: BasePath + "/" + id, Idempotent: true})
	if err != nil {
		return fmt.Errorf("%s %q: %w", op, id, err)
	}
	if d, ok := resp.Date(); ok {
		c.skew.observe(d)
	}
	switch resp.StatusCode {
	case http.StatusNoContent, http.StatusOK, http.StatusNotFound:
		return nil
	}
	return apiError(op, id, resp)
}

// apiError turns a non-success answer into *api.Error with the server's
// message (ProblemDetails title/detail/errors, or the raw body).
func apiError(op, id string, resp *httpx.Response) error {
	e := &api.Error{Op: op, ID: id, Status: resp.StatusCode, NotFound: resp.StatusCode == http.StatusNotFound}
	var p struct {
		Title  string              `json:"title"`
		Detail string              `json:"detail"`
		Errors map[string][]string `json:"errors"`
	}
	if json.Unmarshal(resp.Body, &p) == nil && (p.Title != "" || p.Detail != "" || len(p.Errors) > 0) {
		parts := []string{}
		if p.Title != "" {
			parts = append(parts, p.Title)
		}
		if p.Detail != "" {
			parts = append(parts, p.Detail)
		}
		keys := make([]string, 0, len(p.Errors))
		for k := range p.Errors {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			parts = append(parts, k+": "+strings.Join(p.Errors[k], " "))
		}
		e.Message = strings.Join(parts, " ")
	} else {
		e.Message = api.TrimBody(resp.Body)
	}
	return e
}
