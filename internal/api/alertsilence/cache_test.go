package alertsilence_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertsilence"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/alertsilencefake"
)

// lists counts full-list calls (GET on the base path itself).
func lists(srv *alertsilencefake.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method == http.MethodGet && r.Path == alertsilencefake.BasePath {
			n++
		}
	}
	return n
}

func TestClient_getSharesOneList(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	ctx := context.Background()
	var ids []string
	for range 3 {
		s, err := c.Create(ctx, req("Equipment-*", 0, time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, s.ID)
	}
	before := lists(srv)
	var wg sync.WaitGroup
	errs := make(chan error, 30)
	for i := range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, _, err := c.Get(ctx, ids[i%len(ids)]); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := lists(srv) - before; n != 1 {
		t.Fatalf("30 concurrent Gets made %d list calls, want 1", n)
	}
	// Out-of-band removal is not seen while the list is fresh ...
	srv.Remove(ids[0])
	if _, _, err := c.Get(ctx, ids[0]); err != nil {
		t.Fatalf("cached Get: %v", err)
	}
	// ... a write through the client drops the cache.
	if err := c.Delete(ctx, ids[1]); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids[:2] {
		if _, _, err := c.Get(ctx, id); !api.IsNotFound(err) {
			t.Fatalf("Get(%s) after delete: %v, want not found", id, err)
		}
	}
	s, err := c.Create(ctx, req("Sensor-1", 0, time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Get(ctx, s.ID); err != nil {
		t.Fatalf("Get after create: %v", err)
	}
	if n := lists(srv) - before; n != 3 {
		t.Fatalf("list calls = %d, want 3 (first read, after delete, after create)", n)
	}
}

func TestClient_listTTL(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	ctx := context.Background()
	c.SetListTTL(0)
	for range 3 {
		if _, _, err := c.Get(ctx, "x"); !api.IsNotFound(err) {
			t.Fatalf("err = %v, want not found", err)
		}
	}
	if n := lists(srv); n != 3 {
		t.Fatalf("without a TTL, 3 Gets made %d list calls, want 3", n)
	}
}

// A list that was in flight when a create happened must not be kept: it may
// lack the new silence.
func TestClient_listStartedBeforeWriteIsNotKept(t *testing.T) {
	t.Parallel()
	srv := alertsilencefake.New(alertsilencefake.Options{})
	hold := make(chan struct{})
	arrived := make(chan struct{})
	var once sync.Once
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		first := false
		if r.Method == http.MethodGet {
			once.Do(func() { first = true })
		}
		if !first {
			srv.ServeHTTP(w, r)
			return
		}
		// The answer is computed now, before the create, and delivered after it.
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, r)
		close(arrived)
		<-hold
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	}))
	t.Cleanup(ts.Close)
	h, err := httpx.New(httpx.Config{API: "alert-silence", BaseURL: ts.URL, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	c := alertsilence.New(h, nil)
	ctx := context.Background()
	done := make(chan error, 1)
	go func() {
		_, _, err := c.Get(ctx, "x")
		done <- err
	}()
	<-arrived
	s, err := c.Create(ctx, req("Equipment-01", 0, time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	close(hold)
	if err := <-done; !api.IsNotFound(err) {
		t.Fatalf("first Get: %v", err)
	}
	if _, _, err := c.Get(ctx, s.ID); err != nil {
		t.Fatalf("Get after create must list again and find it: %v", err)
	}
}

func TestClient_serverTime(t *testing.T) {
	t.Parallel()
	c, srv := setup(t)
	local := time.Now()
	if got := c.ServerTime(local); !got.Equal(local) {
		t.Fatalf("before any list: %v, want the local time", got)
	}
	if _, err := c.ListAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := c.ServerTime(local); !got.Equal(local) {
		t.Fatalf("clocks agree: %v, want the local time %v", got, local)
	}
	srv.Advance(2 * time.Hour)
	if _, _, err := c.Get(context.Background(), "x"); !api.IsNotFound(err) {
		t.Fatal(err) // cached: no new Date yet
	}
	if _, err := c.ListAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	if d := c.ServerTime(now).Sub(srv.Now()); d > 2*time.Second || d < -2*time.Second {
		t.Fatalf("ServerTime %v, fake clock %v", c.ServerTime(now), srv.Now())
	}
}

// TestClient_serverTimeUsesTheGivenClock: the skew is measured against the
// clock the client was given, the one whose instants ServerTime corrects. A
// provider whose clock agrees with the server's sees no skew, however far
// both are from the machine's clock; one 90 s behind the server sees 90 s.
func TestClient_serverTimeUsesTheGivenClock(t *testing.T) {
	t.Parallel()
	server := time.Date(2031, 6, 1, 12, 0, 0, 0, time.UTC)
	srv := alertsilencefake.Start(t, alertsilencefake.Options{Now: func() time.Time { return server }})
	for _, tc := range []struct {
		name  string
		local time.Time
		want  time.Time
	}{
		{"same clock as the server", server, server},
		{"90s behind the server", server.Add(-90 * time.Second), server},
	} {
		h, err := httpx.New(httpx.Config{API: "alert-silence", BaseURL: srv.URL, Timeout: 2 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		c := alertsilence.New(h, func() time.Time { return tc.local })
		if _, _, err := c.Get(context.Background(), "none"); !api.IsNotFound(err) {
			t.Fatalf("%s: Get: %v", tc.name, err)
		}
		if got := c.ServerTime(tc.local); !got.Equal(tc.want) {
			t.Errorf("%s: ServerTime(%s) = %s, want %s", tc.name, tc.local, got, tc.want)
		}
	}
}
