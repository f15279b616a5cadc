// Package maintenancefake is an in-memory O11y maintenance API, faithful to the API as
// DESIGN.md describes it: the {flag, message, result} envelope (failures
// as flag=false, by default with HTTP 200), naive "yyyy-MM-dd HH:mm" dates in
// a configurable zone, `get` answering epoch seconds for several ids, target
// deltas with A/R, expire, and pending/active/expired status by an injectable
// clock. It authenticates with the scheme it is started with, records every
// request it receives, and has fault injection hooks for tests.
//
// It is used by client and Terraform tests, and by the local sandbox:
//
//	srv := maintenancefake.New(maintenancefake.Options{Location: seoul, Auth: maintenancefake.Auth{APIKey: "k"}})
//	http.ListenAndServe(addr, srv)
package maintenancefake

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/faultinject"
)

// DateLayout is the API's naive date format (yyyy-MM-dd HH:mm).
const DateLayout = "2006-01-02 15:04"

// Paths of the four endpoints.
const (
	PathCreate = "/api/v1/maintenance/create"
	PathUpdate = "/api/v1/maintenance/update"
	PathExpire = "/api/v1/maintenance/expire"
	PathGet    = "/api/v1/maintenance/get"
)

// Status values answered by get.
const (
	StatusPending = "pending"
	StatusActive  = "active"
	StatusExpired = "expired"
)

// Auth is the scheme the fake requires. Every non-empty credential is
// checked; all empty means no authentication.
type Auth struct {
	// APIKey is expected in APIKeyHeader (default X-API-Key).
	APIKey       string
	APIKeyHeader string
	// Token is expected as "Authorization: Bearer <token>".
	Token string
	// Username and Password are expected as HTTP basic auth.
	Username string
	Password string
}

// Options configure a fake server.
type Options struct {
	// Location is the zone of the naive dates (default UTC).
	Location *time.Location
	Auth     Auth
	// Now starts the clock frozen at this instant. Zero means the clock
	// follows real time until Set or Advance is called.
	Now time.Time
	// IDPrefix prefixes generated ids (default "silence-").
	IDPrefix string
	// ErrorStatus is the HTTP status of failure envelopes (validation, not
	// found, conflicts). Default 200: the spec allows flag=false with 200.
	ErrorStatus int
	// Retention is how long an expired window stays visible to get; zero
	// keeps it forever. After it, get omits the id (garbage-collected).
	Retention time.Duration
}

// Target is a maintenance target on the wire.
type Target struct {
	Type       string `json:"type,omitempty"`
	TargetIP   string `json:"target_ip,omitempty"`
	TargetName string `json:"target_name,omitempty"`
	Region     string `json:"region,omitempty"`
	Action     string `json:"action,omitempty"`
}

// Maintenance is a stored window.
type Maintenance struct {
	ID        string
	Title     string
	Start     time.Time
	End       time.Time
	Targets   []Target
	CreatedAt time.Time
	// ExpiredAt is set by expire.
	ExpiredAt time.Time
}

// Request is a request the fake received (after authentication).
type Request struct {
	Method string
	Path   string
	Header http.Header
	Body   []byte
}

// UpdateRequest is a decoded update body, as received.
type UpdateRequest struct {
	MaintenanceID string   `json:"maintenance_id"`
	Title         *string  `json:"title"`
	StartDate     *string  `json:"start_date"`
	EndDate       *string  `json:"end_date"`
	Targets       []Target `json:"targets"`
}

// Fault is injected into the next Times matching calls (see
// internal/api/faults). SoftFailure answers HTTP 200 with flag=false and
// Message; Status answers a failure envelope with that status.
type Fault = faultinject.Fault

// Server is the fake API. It is an http.Handler.
type Server struct {
	// Injector queues faults: Inject, FailNext, Clear.
	faultinject.Injector

	opts Options
	loc  *time.Location

	mu       sync.Mutex
	frozen   bool
	now      time.Time
	offset   time.Duration
	seq      int
	items    map[string]*Maintenance
	requests []Request

	// URL is set by Start.
	URL string
}

// New returns a fake server.
func New(o Options) *Server {
	if o.Location == nil {
		o.Location = time.UTC
	}
	if o.IDPrefix == "" {
		o.IDPrefix = "silence-"
	}
	if o.ErrorStatus == 0 {
		o.ErrorStatus = http.StatusOK
	}
	if o.Auth.APIKey != "" && o.Auth.APIKeyHeader == "" {
		o.Auth.APIKeyHeader = "X-API-Key"
	}
	s := &Server{opts: o, loc: o.Location, items: map[string]*Maintenance{}, seq: 12344}
	if !o.Now.IsZero() {
		s.frozen, s.now = true, o.Now
	}
	return s
}

// TB is the part of testing.TB that Start needs.
type TB interface {
	Helper()
	Cleanup(func())
}

// Start serves a new fake on a local httptest server closed when the test
// ends; URL holds its address.
func Start(t TB, o Options) *Server {
	t.Helper()
	s := New(o)
	ts := httptest.NewServer(s)
	s.URL = ts.URL
	t.Cleanup(ts.Close)
	return s
}

// Location is the zone of the naive dates.
func (s *Server) Location() *time.Location { return s.loc }

// ---- clock ----

// Now is the fake's clock.
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nowLocked()
}

func (s *Server) nowLocked() time.Time {
	if s.frozen {
		return s.now
	}
	return time.Now().Add(s.offset)
}

// SetNow freezes the clock at t.
func (s *Server) SetNow(t time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.frozen, s.now = true, t
}

// Advance moves the clock forward by d (it stays frozen or running).
func (s *Server) Advance(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.frozen {
		s.now = s.now.Add(d)
	} else {
		s.offset += d
	}
}

// ---- inspection and seeding ----

// Requests returns the requests received so far for path ("" = all).
func (s *Server) Requests(path string) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Request
	for _, r := range s.requests {
		if path == "" || r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

// Updates returns the decoded bodies of the update calls received so far.
func (s *Server) Updates() []UpdateRequest {
	var out []UpdateRequest
	for _, r := range s.Requests(PathUpdate) {
		var u UpdateRequest
		_ = json.Unmarshal(r.Body, &u)
		out = append(out, u)
	}
	return out
}

// ResetRequests forgets the recorded requests.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

// Get returns a copy of a stored window.
func (s *Server) Get(id string) (Maintenance, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.items[id]
	if !ok {
		return Maintenance{}, false
	}
	c := *m
	c.Targets = append([]Target(nil), m.Targets...)
	return c, true
}

// Status is the status get would answer for id now.
func (s *Server) Status(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.items[id]
	if !ok {
		return ""
	}
	return s.statusLocked(m)
}

// Visible reports whether get would answer id now (false when unknown or
// garbage-collected after Retention).
func (s *Server) Visible(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.items[id]
	return ok && !s.collectedLocked(m)
}

// Put stores a window as is (out-of-band creation or edits); an empty ID
// gets a new one. It returns the id.
func (s *Server) Put(m Maintenance) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m.ID == "" {
		m.ID = s.newIDLocked()
	}
	if m.CreatedAt.IsZero() {
		m.CreatedAt = s.nowLocked()
	}
	c := m
	c.Targets = append([]Target(nil), m.Targets...)
	s.items[m.ID] = &c
	return m.ID
}

// Expire expires a window out of band, as a person in the O11y console would.
func (s *Server) Expire(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.items[id]
	if !ok {
		return false
	}
	s.expireLocked(m)
	return true
}

// Delete removes a window entirely (lost, garbage-collected).
func (s *Server) Delete(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.items, id)
}

// ClearFaults drops every pending fault.
func (s *Server) ClearFaults() { s.Clear() }

// ---- HTTP ----

type envelope struct {
	Flag    bool   `json:"flag"`
	Message string `json:"message"`
	Result  any    `json:"result"`
}

// failure is a flag=false answer.
type failure struct {
	status  int
	message string
}

func (s *Server) fail(msg string, args ...any) *failure {
	return &failure{status: s.opts.ErrorStatus, message: fmt.Sprintf(msg, args...)}
}

func (s *Server) write(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Date", s.Now().UTC().Format(http.TimeFormat))
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func (s *Server) writeFailure(w http.ResponseWriter, f *failure) {
	s.write(w, f.status, envelope{Flag: false, Message: f.message})
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if msg, ok := s.authenticate(r); !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="o11y"`)
		s.writeFailure(w, &failure{status: http.StatusUnauthorized, message: msg})
		return
	}
	s.mu.Lock()
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
	s.mu.Unlock()

	w.Header().Set("Date", s.Now().UTC().Format(http.TimeFormat))
	f, faulty := s.Take(r)
	if faulty && !faultinject.Wait(r, f) {
		return
	}
	if faulty && !f.AfterApply && s.answerFault(w, f) {
		return
	}

	ops := map[string]struct {
		method string
		run    func([]byte) (any, *failure)
	}{
		PathCreate: {http.MethodPost, s.create},
		PathUpdate: {http.MethodPut, s.update},
		PathExpire: {http.MethodPost, s.expire},
		PathGet:    {http.MethodPost, s.get},
	}
	op, known := ops[r.URL.Path]
	if !known {
		s.writeFailure(w, &failure{status: http.StatusNotFound, message: "no such endpoint: " + r.URL.Path})
		return
	}
	if r.Method != op.method {
		s.writeFailure(w, &failure{status: http.StatusMethodNotAllowed, message: fmt.Sprintf("%s needs %s, got %s", r.URL.Path, op.method, r.Method)})
		return
	}
	result, fl := op.run(body)
	if faulty && s.answerFault(w, f) {
		return
	}
	if fl != nil {
		s.writeFailure(w, fl)
		return
	}
	s.write(w, http.StatusOK, envelope{Flag: true, Result: result})
}

// answerFault answers f in the API's failure envelope; false when f only
// delays.
func (s *Server) answerFault(w http.ResponseWriter, f Fault) bool {
	envelope := func(w http.ResponseWriter, status int, msg string) {
		s.writeFailure(w, &failure{status: status, message: msg})
	}
	return faultinject.Answer(w, f, `{"flag": true, "result": {"maintenance`, envelope, envelope)
}

func (s *Server) authenticate(r *http.Request) (string, bool) {
	a := s.opts.Auth
	eq := func(x, y string) bool { return subtle.ConstantTimeCompare([]byte(x), []byte(y)) == 1 }
	if a.APIKey != "" && !eq(r.Header.Get(a.APIKeyHeader), a.APIKey) {
		return "invalid or missing API key in " + a.APIKeyHeader, false
	}
	if a.Token != "" && !eq(r.Header.Get("Authorization"), "Bearer "+a.Token) {
		return "invalid or missing bearer token", false
	}
	if a.Username != "" || a.Password != "" {
		u, p, ok := r.BasicAuth()
		if !ok || !eq(u, a.Username) || !eq(p, a.Password) {
			return "invalid or missing basic credentials", false
		}
	}
	return "", true
}

// ---- operations ----

func (s *Server) parseDate(field, v string) (time.Time, *failure) {
	if v == "" {
		return time.Time{}, s.fail("%s is required (yyyy-MM-dd HH:mm)", field)
	}
	t, err := time.ParseInLocation(DateLayout, v, s.loc)
	if err != nil {
		return time.Time{}, s.fail("%s %q is not in the format yyyy-MM-dd HH:mm", field, v)
	}
	return t, nil
}

// key is the spec's matching key: infra by target_ip; service and platform
// by target_name + region.
func key(t Target) string {
	if t.Type == "infra" || (t.Type == "" && t.TargetIP != "") {
		ip := t.TargetIP
		if a, err := netip.ParseAddr(ip); err == nil {
			ip = a.String()
		}
		return "infra|" + ip
	}
	return t.Type + "|" + t.TargetName + "|" + t.Region
}

func (s *Server) validTarget(i int, t Target) *failure {
	switch t.Type {
	case "infra":
		if t.TargetIP == "" {
			return s.fail("targets[%d]: target_ip is required for infra targets", i)
		}
		if _, err := netip.ParseAddr(t.TargetIP); err != nil {
			return s.fail("targets[%d]: target_ip %q is not an IP address", i, t.TargetIP)
		}
	case "service", "platform":
		if t.TargetName == "" {
			return s.fail("targets[%d]: target_name is required for %s targets", i, t.Type)
		}
	case "":
		return s.fail("targets[%d]: type is required (infra, service or platform)", i)
	default:
		return s.fail("targets[%d]: unknown target type %q (infra, service or platform)", i, t.Type)
	}
	if t.Region == "" {
		return s.fail("targets[%d]: region is required", i)
	}
	return nil
}

type createBody struct {
	Title     string   `json:"title"`
	StartDate string   `json:"start_date"`
	EndDate   string   `json:"end_date"`
	Targets   []Target `json:"targets"`
}

func (s *Server) create(body []byte) (any, *failure) {
	var in createBody
	if err := json.Unmarshal(body, &in); err != nil {
		return nil, s.fail("invalid request body: %v", err)
	}
	if strings.TrimSpace(in.Title) == "" {
		return nil, s.fail("title is required")
	}
	start, f := s.parseDate("start_date", in.StartDate)
	if f != nil {
		return nil, f
	}
	end, f := s.parseDate("end_date", in.EndDate)
	if f != nil {
		return nil, f
	}
	if !end.After(start) {
		return nil, s.fail("end_date must be after start_date")
	}
	if len(in.Targets) == 0 {
		return nil, s.fail("targets is required")
	}
	seen := map[string]bool{}
	for i, t := range in.Targets {
		if f := s.validTarget(i, t); f != nil {
			return nil, f
		}
		if seen[key(t)] {
			return nil, s.fail("targets[%d]: duplicate target", i)
		}
		seen[key(t)] = true
		in.Targets[i].Action = ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nowLocked()
	m := &Maintenance{ID: s.newIDLocked(), Title: in.Title, Start: start, End: end, Targets: in.Targets, CreatedAt: now}
	s.items[m.ID] = m
	return map[string]any{"maintenance_id": m.ID, "created_at": now.UTC().Format(time.RFC3339)}, nil
}

func (s *Server) newIDLocked() string {
	s.seq++
	return fmt.Sprintf("%s%d", s.opts.IDPrefix, s.seq)
}

func (s *Server) lookupLocked(id string) (*Maintenance, *failure) {
	if id == "" {
		return nil, s.fail("maintenance_id is required")
	}
	m, ok := s.items[id]
	if !ok || s.collectedLocked(m) {
		return nil, s.fail("maintenance not found: %s", id)
	}
	return m, nil
}

func (s *Server) update(body []byte) (any, *failure) {
	var in UpdateRequest
	if err := json.Unmarshal(body, &in); err != nil {
		return nil, s.fail("invalid request body: %v", err)
	}
	var present struct {
		Targets json.RawMessage `json:"targets"`
	}
	_ = json.Unmarshal(body, &present)
	if len(present.Targets) == 0 || string(present.Targets) == "null" {
		return nil, s.fail("targets is required (send [] when no target changes)")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, f := s.lookupLocked(in.MaintenanceID)
	if f != nil {
		return nil, f
	}
	if s.statusLocked(m) == StatusExpired {
		return nil, &failure{status: http.StatusBadRequest, message: fmt.Sprintf("maintenance %s is expired and cannot be updated", m.ID)}
	}
	next := *m
	if in.Title != nil {
		if strings.TrimSpace(*in.Title) == "" {
			return nil, s.fail("title must not be empty")
		}
		next.Title = *in.Title
	}
	if in.StartDate != nil {
		t, f := s.parseDate("start_date", *in.StartDate)
		if f != nil {
			return nil, f
		}
		next.Start = t
	}
	if in.EndDate != nil {
		t, f := s.parseDate("end_date", *in.EndDate)
		if f != nil {
			return nil, f
		}
		next.End = t
	}
	if !next.End.After(next.Start) {
		return nil, s.fail("end_date must be after start_date")
	}
	targets := append([]Target(nil), m.Targets...)
	for i, d := range in.Targets {
		t := d
		t.Action = ""
		switch d.Action {
		case "R":
			idx := -1
			for j, have := range targets {
				if key(have) == key(withType(t, have)) {
					idx = j
					break
				}
			}
			if idx < 0 {
				return nil, s.fail("targets[%d]: cannot remove a target that is not in maintenance %s", i, m.ID)
			}
			targets = append(targets[:idx], targets[idx+1:]...)
		case "A":
			if t.Type == "" && t.TargetIP != "" {
				t.Type = "infra"
			}
			if f := s.validTarget(i, t); f != nil {
				return nil, f
			}
			for _, have := range targets {
				if key(have) == key(t) {
					return nil, s.fail("targets[%d]: target already in maintenance %s", i, m.ID)
				}
			}
			targets = append(targets, t)
		default:
			return nil, s.fail("targets[%d]: action must be A (add) or R (remove), got %q", i, d.Action)
		}
	}
	if len(targets) == 0 {
		return nil, s.fail("a maintenance needs at least one target")
	}
	next.Targets = targets
	*m = next
	return map[string]any{"maintenance_id": m.ID, "updated_at": s.nowLocked().UTC().Format(time.RFC3339)}, nil
}

// withType fills a removal's missing type from the stored target it may
// match, so that an untyped removal (as in the spec's example) finds it.
func withType(t, have Target) Target {
	if t.Type == "" {
		if t.TargetIP != "" {
			t.Type = "infra"
		} else {
			t.Type = have.Type
		}
	}
	return t
}

type idBody struct {
	MaintenanceID string `json:"maintenance_id"`
}

func (s *Server) expire(body []byte) (any, *failure) {
	var in idBody
	if err := json.Unmarshal(body, &in); err != nil {
		return nil, s.fail("invalid request body: %v", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	m, f := s.lookupLocked(in.MaintenanceID)
	if f != nil {
		return nil, f
	}
	if s.statusLocked(m) == StatusExpired {
		return nil, s.fail("maintenance %s is already expired", m.ID)
	}
	s.expireLocked(m)
	return map[string]any{"maintenance_id": m.ID, "status": StatusExpired, "expired_at": m.ExpiredAt.UTC().Format(time.RFC3339)}, nil
}

// expireLocked ends a window now, as Alertmanager expires a silence: the end
// moves to now (and the start too when it had not begun).
func (s *Server) expireLocked(m *Maintenance) {
	now := s.nowLocked()
	if !m.ExpiredAt.IsZero() {
		return
	}
	m.ExpiredAt = now
	if now.Before(m.End) {
		m.End = now
	}
	if now.Before(m.Start) {
		m.Start = now
	}
}

func (s *Server) statusLocked(m *Maintenance) string {
	now := s.nowLocked()
	switch {
	case !m.ExpiredAt.IsZero() || !now.Before(m.End):
		return StatusExpired
	case now.Before(m.Start):
		return StatusPending
	default:
		return StatusActive
	}
}

// collectedLocked reports whether an expired window is past its retention.
func (s *Server) collectedLocked(m *Maintenance) bool {
	if s.opts.Retention <= 0 || s.statusLocked(m) != StatusExpired {
		return false
	}
	end := m.End
	if !m.ExpiredAt.IsZero() && m.ExpiredAt.Before(end) {
		end = m.ExpiredAt
	}
	return !s.nowLocked().Before(end.Add(s.opts.Retention))
}

type getBody struct {
	MaintenanceIDs []string `json:"maintenance_ids"`
}

type wireMaintenance struct {
	MaintenanceID string   `json:"maintenance_id"`
	Title         string   `json:"title"`
	Status        string   `json:"status"`
	ActiveSince   int64    `json:"active_since"`
	ActiveTill    int64    `json:"active_till"`
	Targets       []Target `json:"targets"`
}

func (s *Server) get(body []byte) (any, *failure) {
	var in getBody
	if err := json.Unmarshal(body, &in); err != nil {
		return nil, s.fail("invalid request body: %v", err)
	}
	if len(in.MaintenanceIDs) == 0 {
		return nil, s.fail("maintenance_ids is required")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []wireMaintenance{}
	for _, id := range in.MaintenanceIDs {
		m, ok := s.items[id]
		if !ok || s.collectedLocked(m) {
			continue
		}
		out = append(out, wireMaintenance{
			MaintenanceID: m.ID, Title: m.Title, Status: s.statusLocked(m),
			ActiveSince: m.Start.Unix(), ActiveTill: m.End.Unix(),
			Targets: append([]Target{}, m.Targets...),
		})
	}
	return map[string]any{"maintenances": out}, nil
}
