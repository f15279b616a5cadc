package maintenanceapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/maintenanceapi"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/maintenancefake"
)

var (
	seoul = mustZone("Asia/Seoul")
	t0    = time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
)

func mustZone(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

type waits struct {
	mu sync.Mutex
	d  []time.Duration
}

func (w *waits) sleep(_ context.Context, d time.Duration) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.d = append(w.d, d)
	return nil
}

func (w *waits) all() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.d...)
}

type setup struct {
	srv   *maintenancefake.Server
	c     *maintenanceapi.Client
	waits *waits
}

func newSetup(t *testing.T, fo maintenancefake.Options, auth httpx.Auth, clientLoc *time.Location, mod ...func(*httpx.Config)) setup {
	t.Helper()
	if fo.Now.IsZero() {
		fo.Now = t0
	}
	srv := maintenancefake.Start(t, fo)
	w := &waits{}
	cfg := httpx.Config{API: "maintenance", BaseURL: srv.URL, Auth: auth, MaxRetries: 2, Timeout: 2 * time.Second, Sleep: w.sleep}
	for _, m := range mod {
		m(&cfg)
	}
	h, err := httpx.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return setup{srv: srv, c: maintenanceapi.New(h, clientLoc), waits: w}
}

var key = httpx.Auth{APIKey: "k-123"}

func sampleTargets() []maintenanceapi.Target {
	return []maintenanceapi.Target{
		{Type: "infra", TargetIP: "10.2.14.55", Region: "DX-G-GB"},
		{Type: "service", TargetName: "next-iam-service", Region: "DX-G-SE"},
		{Type: "platform", TargetName: "next-observability", Region: "DX-G-GB"},
	}
}

func create(t *testing.T, s setup, start, end time.Time) string {
	t.Helper()
	got, err := s.c.Create(context.Background(), maintenanceapi.CreateInput{Title: "m", Start: start, End: end, Targets: sampleTargets()})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	return got.ID
}

func TestClient_createAndGetAcrossZones(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 2, 15, 10, 0, 0, 0, seoul)
	end := time.Date(2026, 2, 15, 18, 0, 0, 0, seoul)
	for _, tc := range []struct {
		zone           *time.Location
		wantStart, end string
	}{
		{time.UTC, "2026-02-15 01:00", "2026-02-15 09:00"},
		{seoul, "2026-02-15 10:00", "2026-02-15 18:00"},
	} {
		t.Run(tc.zone.String(), func(t *testing.T) {
			t.Parallel()
			s := newSetup(t, maintenancefake.Options{Location: tc.zone, Auth: maintenancefake.Auth{APIKey: "k-123"}}, key, tc.zone)
			created, err := s.c.Create(context.Background(), maintenanceapi.CreateInput{Title: "window", Start: start, End: end, Targets: sampleTargets()})
			if err != nil {
				t.Fatal(err)
			}
			if created.ID == "" || !created.CreatedAt.Equal(t0) {
				t.Fatalf("created = %+v", created)
			}
			var body map[string]any
			_ = json.Unmarshal(s.srv.Requests(maintenancefake.PathCreate)[0].Body, &body)
			if body["start_date"] != tc.wantStart || body["end_date"] != tc.end {
				t.Fatalf("sent %v / %v, want %s / %s", body["start_date"], body["end_date"], tc.wantStart, tc.end)
			}
			m, now, err := s.c.GetOne(context.Background(), created.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !m.Start.Equal(start) || !m.End.Equal(end) {
				t.Fatalf("got %s..%s, want %s..%s", m.Start, m.End, start, end)
			}
			if m.Status != maintenanceapi.StatusPending || m.Title != "window" || !reflect.DeepEqual(m.Targets, sampleTargets()) {
				t.Fatalf("got %+v", m)
			}
			if !now.Equal(t0) {
				t.Fatalf("server time %s, want the fake's clock %s", now, t0)
			}
		})
	}
}

func TestClient_statusFollowsServerClock(t *testing.T) {
	t.Parallel()
	s := newSetup(t, maintenancefake.Options{}, httpx.Auth{}, time.UTC)
	id := create(t, s, t0.Add(time.Hour), t0.Add(2*time.Hour))
	for _, step := range []struct {
		advance time.Duration
		want    string
	}{{0, "pending"}, {time.Hour, "active"}, {time.Hour, "expired"}} {
		s.srv.Advance(step.advance)
		m, now, err := s.c.GetOne(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if m.Status != step.want || !now.Equal(s.srv.Now()) {
			t.Fatalf("status %q at %s, want %q at %s", m.Status, now, step.want, s.srv.Now())
		}
	}
}

func TestClient_getSeveralIDsOneCall(t *testing.T) {
	t.Parallel()
	s := newSetup(t, maintenancefake.Options{}, httpx.Auth{}, time.UTC)
	a := create(t, s, t0.Add(time.Hour), t0.Add(2*time.Hour))
	b := create(t, s, t0.Add(time.Hour), t0.Add(3*time.Hour))
	s.srv.ResetRequests()
	res, err := s.c.Get(context.Background(), a, "silence-404", b)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.srv.Requests("")) != 1 {
		t.Fatalf("%d calls, want 1", len(s.srv.Requests("")))
	}
	if len(res.Maintenances) != 2 || !reflect.DeepEqual(res.Missing, []string{"silence-404"}) {
		t.Fatalf("got %+v", res)
	}
	if m, ok := res.ByID(b); !ok || !m.End.Equal(t0.Add(3*time.Hour)) {
		t.Fatalf("ByID(%s) = %+v, %v", b, m, ok)
	}
	_, _, err = s.c.GetOne(context.Background(), "silence-404")
	if !api.IsNotFound(err) {
		t.Fatalf("GetOne(missing) = %v, want not found", err)
	}
}

func TestClient_getFallsBackPerIDWhenBatchSaysNotFound(t *testing.T) {
	t.Parallel()
	s := newSetup(t, maintenancefake.Options{}, httpx.Auth{}, time.UTC)
	a := create(t, s, t0.Add(time.Hour), t0.Add(2*time.Hour))
	s.srv.Inject(maintenancefake.Fault{Path: maintenancefake.PathGet, SoftFailure: true, Message: "maintenance not found: silence-9"})
	res, err := s.c.Get(context.Background(), a, "silence-9")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Maintenances) != 1 || !reflect.DeepEqual(res.Missing, []string{"silence-9"}) {
		t.Fatalf("got %+v", res)
	}
	if n := len(s.srv.Requests(maintenancefake.PathGet)); n != 3 {
		t.Fatalf("%d get calls, want 1 batch + 2 single", n)
	}
}

func TestClient_updateSendsOnlyChanges(t *testing.T) {
	t.Parallel()
	s := newSetup(t, maintenancefake.Options{Location: seoul}, httpx.Auth{}, seoul)
	id := create(t, s, t0.Add(time.Hour), t0.Add(2*time.Hour))
	title := "renamed"
	end := t0.Add(3 * time.Hour)
	_, err := s.c.Update(context.Background(), maintenanceapi.UpdateInput{ID: id, Title: &title, End: &end, Targets: []maintenanceapi.Target{
		{Type: "service", TargetName: "next-iam-service", Region: "DX-G-SE", Action: "R"},
		{Type: "service", TargetName: "next-iam-service", Region: "DX-G-KR", Action: "A"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	// title only, no target change: targets is sent as [] (the spec requires it)
	if _, err := s.c.Update(context.Background(), maintenanceapi.UpdateInput{ID: id, Title: &title}); err != nil {
		t.Fatal(err)
	}
	var raw []map[string]any
	for _, r := range s.srv.Requests(maintenancefake.PathUpdate) {
		var m map[string]any
		_ = json.Unmarshal(r.Body, &m)
		raw = append(raw, m)
		if r.Method != http.MethodPut {
			t.Fatalf("update used %s", r.Method)
		}
	}
	if _, ok := raw[0]["start_date"]; ok {
		t.Fatalf("unchanged start_date was sent: %v", raw[0])
	}
	if raw[0]["end_date"] != "2026-02-01 12:00" || raw[0]["title"] != "renamed" {
		t.Fatalf("first update body %v", raw[0])
	}
	if ts, ok := raw[1]["targets"].([]any); !ok || len(ts) != 0 {
		t.Fatalf("second update targets = %#v, want []", raw[1]["targets"])
	}
	m, _, err := s.c.GetOne(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	want := []maintenanceapi.Target{sampleTargets()[0], sampleTargets()[2], {Type: "service", TargetName: "next-iam-service", Region: "DX-G-KR"}}
	if !reflect.DeepEqual(m.Targets, want) || !m.End.Equal(end) || m.Title != "renamed" {
		t.Fatalf("after update: %+v", m)
	}
}

func TestClient_expire(t *testing.T) {
	t.Parallel()
	s := newSetup(t, maintenancefake.Options{}, httpx.Auth{}, time.UTC)
	id := create(t, s, t0.Add(-time.Hour), t0.Add(2*time.Hour))
	s.srv.Advance(time.Minute)
	got, err := s.c.Expire(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != "expired" || !got.ExpiredAt.Equal(t0.Add(time.Minute)) {
		t.Fatalf("expire = %+v", got)
	}
	m, _, _ := s.c.GetOne(context.Background(), id)
	if m.Status != "expired" || !m.End.Equal(t0.Add(time.Minute)) {
		t.Fatalf("after expire: %+v (the end moves to the expiry time)", m)
	}
	_, err = s.c.Expire(context.Background(), id)
	if !maintenanceapi.IsAlreadyExpired(err) || api.IsNotFound(err) {
		t.Fatalf("second expire = %v, want already expired", err)
	}
	_, err = s.c.Expire(context.Background(), "silence-1")
	if !api.IsNotFound(err) {
		t.Fatalf("expire unknown = %v, want not found", err)
	}
}

func TestClient_failureEnvelopes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newSetup(t, maintenancefake.Options{}, httpx.Auth{}, time.UTC)
	id := create(t, s, t0.Add(time.Hour), t0.Add(2*time.Hour))
	bad := func(ts ...maintenanceapi.Target) maintenanceapi.CreateInput {
		return maintenanceapi.CreateInput{Title: "x", Start: t0.Add(time.Hour), End: t0.Add(2 * time.Hour), Targets: ts}
	}
	cases := []struct {
		name string
		call func() error
		want string
	}{
		{"infra without ip", func() error {
			_, err := s.c.Create(ctx, bad(maintenanceapi.Target{Type: "infra", Region: "r"}))
			return err
		}, "target_ip is required"},
		{"service without name", func() error {
			_, err := s.c.Create(ctx, bad(maintenanceapi.Target{Type: "service", Region: "r"}))
			return err
		}, "target_name is required"},
		{"unknown type", func() error {
			_, err := s.c.Create(ctx, bad(maintenanceapi.Target{Type: "vm", TargetIP: "10.0.0.1", Region: "r"}))
			return err
		}, "unknown target type"},
		{"no targets", func() error { _, err := s.c.Create(ctx, bad()); return err }, "targets is required"},
		{"end before start", func() error {
			_, err := s.c.Create(ctx, maintenanceapi.CreateInput{Title: "x", Start: t0.Add(2 * time.Hour), End: t0.Add(time.Hour), Targets: sampleTargets()})
			return err
		}, "end_date must be after start_date"},
		{"remove absent target", func() error {
			_, err := s.c.Update(ctx, maintenanceapi.UpdateInput{ID: id, Targets: []maintenanceapi.Target{{Type: "infra", TargetIP: "10.9.9.9", Region: "r", Action: "R"}}})
			return err
		}, "cannot remove a target"},
	}
	for _, tc := range cases {
		err := tc.call()
		var ae *api.Error
		if !errors.As(err, &ae) || ae.Status != http.StatusOK || !strings.Contains(ae.Message, tc.want) || api.IsNotFound(err) || !ae.Refused {
			t.Errorf("%s: err = %#v, want an HTTP 200 flag=false (refused) error containing %q", tc.name, err, tc.want)
		}
	}
	// a not-found message inside an HTTP 200 failure envelope
	_, err := s.c.Update(ctx, maintenanceapi.UpdateInput{ID: "silence-1"})
	if !api.IsNotFound(err) || !strings.Contains(err.Error(), `"silence-1"`) {
		t.Fatalf("update unknown = %v", err)
	}
	// flag=false with 200 injected on a healthy call
	s.srv.Inject(maintenancefake.Fault{Path: maintenancefake.PathGet, SoftFailure: true, Message: "database is down"})
	_, err = s.c.Get(ctx, id)
	var ae *api.Error
	if !errors.As(err, &ae) || ae.Status != 200 || ae.Message != "database is down" || ae.ID != id || !ae.Refused {
		t.Fatalf("flag=false: %#v", err)
	}
}

func TestClient_statusErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newSetup(t, maintenancefake.Options{}, httpx.Auth{}, time.UTC)
	id := create(t, s, t0.Add(time.Hour), t0.Add(2*time.Hour))

	// 404 is not found
	s.srv.Inject(maintenancefake.Fault{Path: maintenancefake.PathGet, Status: 404, Message: "gone"})
	if _, _, err := s.c.GetOne(ctx, id); !api.IsNotFound(err) {
		t.Fatalf("404: %v", err)
	}
	// 429 with Retry-After is retried after the server's delay
	s.srv.Inject(maintenancefake.Fault{Path: maintenancefake.PathGet, Status: 429, RetryAfter: "7"})
	if _, _, err := s.c.GetOne(ctx, id); err != nil {
		t.Fatalf("429 then success: %v", err)
	}
	if w := s.waits.all(); len(w) != 1 || w[0] != 7*time.Second {
		t.Fatalf("waits %v, want [7s]", w)
	}
	// 500 on a read is retried until the budget is spent, then surfaced
	s.srv.ResetRequests()
	s.srv.Inject(maintenancefake.Fault{Path: maintenancefake.PathGet, Status: 500, Times: 3, Message: "boom"})
	_, _, err := s.c.GetOne(ctx, id)
	var ae *api.Error
	if !errors.As(err, &ae) || ae.Status != 500 || ae.Message != "boom" {
		t.Fatalf("500: %v", err)
	}
	if n := len(s.srv.Requests(maintenancefake.PathGet)); n != 3 {
		t.Fatalf("%d attempts, want 3 (1 + max_retries 2)", n)
	}
	// 500 on a create is not repeated
	s.srv.ResetRequests()
	s.srv.Inject(maintenancefake.Fault{Path: maintenancefake.PathCreate, Status: 500})
	if _, err := s.c.Create(ctx, maintenanceapi.CreateInput{Title: "x", Start: t0.Add(time.Hour), End: t0.Add(2 * time.Hour), Targets: sampleTargets()}); api.StatusOf(err) != 500 {
		t.Fatalf("create 500: %v", err)
	}
	if n := len(s.srv.Requests(maintenancefake.PathCreate)); n != 1 {
		t.Fatalf("create sent %d times", n)
	}
	// malformed body
	s.srv.Inject(maintenancefake.Fault{Path: maintenancefake.PathGet, Malformed: true})
	_, _, err = s.c.GetOne(ctx, id)
	var mae *api.Error
	if !errors.As(err, &mae) || !strings.Contains(mae.Message, "envelope") || mae.Refused {
		t.Fatalf("malformed: %#v (an unreadable answer is not a refusal)", err)
	}
}

func TestClient_lostAnswers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := newSetup(t, maintenancefake.Options{}, httpx.Auth{}, time.UTC, func(c *httpx.Config) { c.Timeout = 150 * time.Millisecond })
	in := maintenanceapi.CreateInput{Title: "x", Start: t0.Add(time.Hour), End: t0.Add(2 * time.Hour), Targets: sampleTargets()}

	// a create whose connection is reset after the server acted is not resent
	s.srv.Inject(maintenancefake.Fault{Path: maintenancefake.PathCreate, Reset: true, AfterApply: true})
	_, err := s.c.Create(ctx, in)
	var amb *httpx.AmbiguousError
	if !errors.As(err, &amb) {
		t.Fatalf("reset create: %v", err)
	}
	if n := len(s.srv.Requests(maintenancefake.PathCreate)); n != 1 {
		t.Fatalf("create sent %d times", n)
	}
	// a create that times out is not resent either
	s.srv.Inject(maintenancefake.Fault{Path: maintenancefake.PathCreate, Delay: time.Second})
	if _, err := s.c.Create(ctx, in); !errors.As(err, &amb) {
		t.Fatalf("slow create: %v", err)
	}
	if n := len(s.srv.Requests(maintenancefake.PathCreate)); n != 2 {
		t.Fatalf("create sent %d times in all, want 2", n)
	}
	// a read that times out is retried and succeeds
	s.srv.Inject(maintenancefake.Fault{Path: maintenancefake.PathGet, Delay: time.Second})
	if _, err := s.c.Get(ctx, "silence-12345"); err != nil {
		t.Fatalf("slow get then fast: %v", err)
	}
	// a read whose every attempt is reset fails with a transport error
	s.srv.Inject(maintenancefake.Fault{Path: maintenancefake.PathGet, Reset: true, Times: 3})
	var te *httpx.TransportError
	if _, err := s.c.Get(ctx, "silence-12345"); !errors.As(err, &te) {
		t.Fatalf("reset get: %v", err)
	}
}

func TestClient_auth(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		server     maintenancefake.Auth
		good, bad  httpx.Auth
		wantHeader func(h http.Header) bool
	}{
		{"api key", maintenancefake.Auth{APIKey: "k1", APIKeyHeader: "X-O11y-Key"}, httpx.Auth{APIKey: "k1", APIKeyHeader: "X-O11y-Key"}, httpx.Auth{APIKey: "k2", APIKeyHeader: "X-O11y-Key"},
			func(h http.Header) bool { return h.Get("X-O11y-Key") == "k1" }},
		{"bearer", maintenancefake.Auth{Token: "t1"}, httpx.Auth{Token: "t1"}, httpx.Auth{APIKey: "t1"},
			func(h http.Header) bool { return h.Get("Authorization") == "Bearer t1" }},
		{"basic", maintenancefake.Auth{Username: "u", Password: "p"}, httpx.Auth{Username: "u", Password: "p"}, httpx.Auth{Username: "u", Password: "x"},
			func(h http.Header) bool {
				u, p, ok := (&http.Request{Header: h}).BasicAuth()
				return ok && u == "u" && p == "p"
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			good := newSetup(t, maintenancefake.Options{Auth: tc.server}, tc.good, time.UTC)
			if _, err := good.c.Get(context.Background(), "silence-1"); err != nil {
				t.Fatalf("good credentials: %v", err)
			}
			if !tc.wantHeader(good.srv.Requests("")[0].Header) {
				t.Fatalf("headers %v", good.srv.Requests("")[0].Header)
			}
			bad := newSetup(t, maintenancefake.Options{Auth: tc.server}, tc.bad, time.UTC)
			_, err := bad.c.Get(context.Background(), "silence-1")
			if api.StatusOf(err) != http.StatusUnauthorized || api.IsNotFound(err) {
				t.Fatalf("bad credentials: %v", err)
			}
		})
	}
}

func TestClient_epochForms(t *testing.T) {
	t.Parallel()
	// a server that sends epochs as floats, strings and milliseconds
	mux := http.NewServeMux()
	mux.HandleFunc("/api/v1/maintenance/get", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"flag":true,"message":"","result":{"maintenances":[
			{"maintenance_id":"a","status":"active","active_since":1739523600,"active_till":"1739552400","targets":[]},
			{"maintenance_id":"b","status":"active","active_since":1739523600.0,"active_till":1739552400000,"targets":[]}]}}`))
	})
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	h, _ := httpx.New(httpx.Config{BaseURL: ts.URL})
	res, err := maintenanceapi.New(h, nil).Get(context.Background(), "a", "b")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range res.Maintenances {
		if m.Start.Unix() != 1739523600 || m.End.Unix() != 1739552400 {
			t.Errorf("%s: %s..%s", m.ID, m.Start, m.End)
		}
	}
}

func TestTargetKey(t *testing.T) {
	t.Parallel()
	a := maintenanceapi.Target{Type: "infra", TargetIP: "2001:DB8::1", Region: "r1"}
	b := maintenanceapi.Target{Type: "infra", TargetIP: "2001:db8:0::1", Region: "r2"}
	if a.Key() != b.Key() {
		t.Fatalf("infra targets match by IP: %s vs %s", a.Key(), b.Key())
	}
	s1 := maintenanceapi.Target{Type: "service", TargetName: "n", Region: "r1"}
	s2 := maintenanceapi.Target{Type: "service", TargetName: "n", Region: "r2"}
	if s1.Key() == s2.Key() {
		t.Fatal("service targets match by name and region")
	}
}

func TestClient_concurrentGetOneShareOneCall(t *testing.T) {
	t.Parallel()
	s := newSetup(t, maintenancefake.Options{}, httpx.Auth{}, time.UTC)
	var ids []string
	for i := 0; i < 12; i++ {
		ids = append(ids, create(t, s, t0.Add(time.Hour), t0.Add(time.Duration(i+2)*time.Hour)))
	}
	s.c.SetBatching(300*time.Millisecond, 10)
	s.srv.ResetRequests()
	// the caller that opens the batch gives up at once: the batch still runs
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	errs := make([]error, len(ids)+1)
	_, _, errs[0] = s.c.GetOne(ctx, ids[0])
	var wg sync.WaitGroup
	for i, id := range append(ids, "silence-404") {
		if i == 0 {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			m, _, err := s.c.GetOne(context.Background(), id)
			if err == nil && (m.ID != id || !m.End.Equal(t0.Add(time.Duration(i+2)*time.Hour))) {
				err = errors.New("wrong window for " + id)
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	if !errors.Is(errs[0], context.Canceled) {
		t.Errorf("cancelled caller: %v", errs[0])
	}
	for i, err := range errs[1:len(ids)] {
		if err != nil {
			t.Errorf("%s: %v", ids[i+1], err)
		}
	}
	if !api.IsNotFound(errs[len(ids)]) || !strings.Contains(errs[len(ids)].Error(), "silence-404") {
		t.Errorf("missing id: %v", errs[len(ids)])
	}
	// 13 ids, at most 10 per call: the first batch is sent when full, the
	// rest when the window closes
	if n := len(s.srv.Requests(maintenancefake.PathGet)); n != 2 {
		t.Fatalf("%d get calls for 13 concurrent reads, want 2", n)
	}
}
