// Package alertsilencefake is an in-memory Alert Silence API, faithful to the API:
// GUID ids, server-set createdAt, createdBy defaulting to "Admin", 400 for
// missing fields or startsAt not before endsAt, `*` patterns stored as given,
// expired silences kept in the full list and left out of /active, DELETE
// removing a silence (204, then 404), and 500 on injected faults.
package alertsilencefake

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/faultinject"
)

// BasePath is where the API lives.
const BasePath = "/api/v1.0/alert-silence"

// Silence is the API's AlertSilence.
type Silence struct {
	SilenceID       string    `json:"silenceId"`
	SourceType      string    `json:"sourceType"`
	SourceIDPattern string    `json:"sourceIdPattern"`
	Reason          string    `json:"reason"`
	CreatedBy       string    `json:"createdBy"`
	CreatedAt       time.Time `json:"createdAt"`
	StartsAt        time.Time `json:"startsAt"`
	EndsAt          time.Time `json:"endsAt"`
}

// Options configure a fake.
type Options struct {
	// Now is the fake's clock (default time.Now). Tests may move it.
	Now func() time.Time
}

// Server is the fake API; it is an http.Handler.
type Server struct {
	faultinject.Injector

	mu       sync.Mutex
	now      func() time.Time
	offset   time.Duration
	items    map[string]*Silence
	order    []string
	requests []Request

	// URL is set by Start.
	URL string
}

// Request is one call the fake received.
type Request struct {
	Method string
	Path   string
	Body   []byte
}

// New returns an empty fake.
func New(o Options) *Server {
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Server{now: o.Now, items: map[string]*Silence{}}
}

// TB is the part of testing.TB that Start needs.
type TB interface {
	Helper()
	Cleanup(func())
}

// Start serves a new fake on a local httptest server closed after the test.
func Start(t TB, o Options) *Server {
	t.Helper()
	s := New(o)
	ts := httptest.NewServer(s)
	s.URL = ts.URL
	t.Cleanup(ts.Close)
	return s
}

// Now is the fake's current time.
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now().Add(s.offset).UTC()
}

// Advance moves the fake's clock forward.
func (s *Server) Advance(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.offset += d
}

// Silences returns a copy of every stored silence, in creation order.
func (s *Server) Silences() []Silence {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Silence, 0, len(s.order))
	for _, id := range s.order {
		out = append(out, *s.items[id])
	}
	return out
}

// Get returns one stored silence.
func (s *Server) Get(id string) (Silence, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.items[id]
	if !ok {
		return Silence{}, false
	}
	return *it, true
}

// Remove deletes a silence behind the provider's back.
func (s *Server) Remove(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.removeLocked(id)
}

// Requests returns the calls received so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Count is how many calls matched method and path prefix.
func (s *Server) Count(method, pathPrefix string) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Method == method && strings.HasPrefix(r.Path, pathPrefix) {
			n++
		}
	}
	return n
}

func (s *Server) removeLocked(id string) {
	delete(s.items, id)
	for i, x := range s.order {
		if x == id {
			s.order = append(s.order[:i], s.order[i+1:]...)
			break
		}
	}
}

// problem is ASP.NET's ProblemDetails, the service's error body.
type problem struct {
	Type   string              `json:"type,omitempty"`
	Title  string              `json:"title"`
	Status int                 `json:"status"`
	Detail string              `json:"detail,omitempty"`
	Errors map[string][]string `json:"errors,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	if v != nil {
		_ = json.NewEncoder(w).Encode(v)
	}
}

func writeProblem(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, problem{Title: http.StatusText(status), Status: status, Detail: msg})
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Body: body})
	s.mu.Unlock()
	w.Header().Set("Date", s.Now().Format(http.TimeFormat))

	f, faulty := s.Take(r)
	if faulty && !faultinject.Wait(r, f) {
		return
	}
	if faulty && !f.AfterApply && faultinject.Answer(w, f, `[{"silenceId": "`, writeProblem, nil) {
		return
	}
	rec := httptest.NewRecorder()
	s.route(rec, r, body)
	if faulty && faultinject.Answer(w, f, `[{"silenceId": "`, writeProblem, nil) {
		return
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

func (s *Server) route(w http.ResponseWriter, r *http.Request, body []byte) {
	rest, ok := strings.CutPrefix(r.URL.Path, BasePath)
	if !ok {
		writeProblem(w, http.StatusNotFound, "no such endpoint")
		return
	}
	switch {
	case rest == "" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, s.list(false))
	case rest == "/active" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, s.list(true))
	case rest == "" && r.Method == http.MethodPost:
		s.create(w, body)
	case strings.HasPrefix(rest, "/") && r.Method == http.MethodDelete:
		s.delete(w, strings.TrimPrefix(rest, "/"))
	default:
		writeProblem(w, http.StatusMethodNotAllowed, r.Method+" "+r.URL.Path+" is not an endpoint of this API")
	}
}

func (s *Server) list(activeOnly bool) []Silence {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Silence{}
	for _, id := range s.order {
		it := s.items[id]
		if activeOnly && (now.Before(it.StartsAt) || !now.Before(it.EndsAt)) {
			continue
		}
		out = append(out, *it)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedAt.Before(out[j].CreatedAt) })
	return out
}

type createRequest struct {
	SourceType      *string `json:"sourceType"`
	SourceIDPattern *string `json:"sourceIdPattern"`
	Reason          *string `json:"reason"`
	CreatedBy       *string `json:"createdBy"`
	StartsAt        *string `json:"startsAt"`
	EndsAt          *string `json:"endsAt"`
}

func (s *Server) create(w http.ResponseWriter, body []byte) {
	var req createRequest
	if err := json.Unmarshal(body, &req); err != nil {
		writeJSON(w, http.StatusBadRequest, problem{Title: "One or more validation errors occurred.", Status: 400,
			Errors: map[string][]string{"$": {"The JSON value could not be converted to CreateSilenceRequest: " + err.Error()}}})
		return
	}
	errs := map[string][]string{}
	required := func(name string, v *string) string {
		if v == nil || strings.TrimSpace(*v) == "" {
			errs[name] = append(errs[name], fmt.Sprintf("The %s field is required.", name))
			return ""
		}
		return *v
	}
	sourceType := required("SourceType", req.SourceType)
	pattern := required("SourceIdPattern", req.SourceIDPattern)
	reason := required("Reason", req.Reason)
	parse := func(name string, v *string) time.Time {
		raw := required(name, v)
		if raw == "" {
			return time.Time{}
		}
		t, err := time.Parse(time.RFC3339Nano, raw)
		if err != nil {
			errs[name] = append(errs[name], fmt.Sprintf("The JSON value %q could not be converted to System.DateTime.", raw))
		}
		return t.UTC()
	}
	starts := parse("StartsAt", req.StartsAt)
	ends := parse("EndsAt", req.EndsAt)
	if len(errs) == 0 && !starts.Before(ends) {
		errs["EndsAt"] = []string{"startsAt must be before endsAt."}
	}
	if len(errs) > 0 {
		writeJSON(w, http.StatusBadRequest, problem{Type: "https://tools.ietf.org/html/rfc9110#section-15.5.1",
			Title: "One or more validation errors occurred.", Status: 400, Errors: errs})
		return
	}
	createdBy := "Admin"
	if req.CreatedBy != nil && *req.CreatedBy != "" {
		createdBy = *req.CreatedBy
	}
	it := &Silence{SilenceID: newGUID(), SourceType: sourceType, SourceIDPattern: pattern, Reason: reason,
		CreatedBy: createdBy, CreatedAt: s.Now(), StartsAt: starts, EndsAt: ends}
	s.mu.Lock()
	s.items[it.SilenceID] = it
	s.order = append(s.order, it.SilenceID)
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, it)
}

func (s *Server) delete(w http.ResponseWriter, id string) {
	s.mu.Lock()
	_, ok := s.items[id]
	if ok {
		s.removeLocked(id)
	}
	s.mu.Unlock()
	if !ok {
		writeProblem(w, http.StatusNotFound, fmt.Sprintf("Silence %s was not found.", id))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func newGUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
