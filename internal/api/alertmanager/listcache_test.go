package alertmanager_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
)

const silenceJSON = `{"id":"%s","status":{"state":"active"},"updatedAt":"2030-01-01T00:00:00Z","comment":"c","createdBy":"t",
"endsAt":"2030-01-01T02:00:00Z","matchers":[{"name":"a","value":"b","isRegex":false,"isEqual":true}],"startsAt":"2030-01-01T00:00:00Z"}`

// listServer answers the list with ids a and b, get-by-id for c (a silence
// the list hides), 404 for anything else, and counts each kind of call.
type listServer struct {
	lists, gets, posts atomic.Int32
	failList           atomic.Bool
}

func (ls *listServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	one := func(id string) string { return strings.Replace(silenceJSON, "%s", id, 1) }
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/api/v2/silences":
		ls.lists.Add(1)
		if ls.failList.Load() {
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"message":"no list permission"}`))
			return
		}
		_, _ = w.Write([]byte("[" + one("a") + "," + one("b") + "]"))
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/api/v2/silence/"):
		ls.gets.Add(1)
		if id := strings.TrimPrefix(r.URL.Path, "/api/v2/silence/"); id == "c" || id == "a" {
			_, _ = w.Write([]byte(one(id)))
			return
		}
		w.WriteHeader(http.StatusNotFound)
	case r.Method == http.MethodPost:
		ls.posts.Add(1)
		_, _ = w.Write([]byte(`{"silenceID":"a"}`))
	default:
		w.WriteHeader(http.StatusOK)
	}
}

func listClient(t *testing.T) (*alertmanager.Client, *listServer) {
	t.Helper()
	ls := &listServer{}
	srv := httptest.NewServer(ls)
	t.Cleanup(srv.Close)
	h, err := httpx.New(httpx.Config{API: "alertmanager", BaseURL: srv.URL, MaxRetries: -1, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return alertmanager.New(h, alertmanager.Options{Flavor: alertmanager.FlavorPrometheus}), ls
}

func TestLookup_concurrentReadsShareOneList(t *testing.T) {
	t.Parallel()
	c, ls := listClient(t)
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		id := []string{"a", "b"}[i%2]
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, now, err := c.Lookup(context.Background(), id)
			if err != nil || s.ID != id || now.IsZero() {
				t.Errorf("Lookup(%s) = %v, %v, %v", id, s.ID, now, err)
			}
		}()
	}
	wg.Wait()
	if ls.lists.Load() != 1 || ls.gets.Load() != 0 {
		t.Fatalf("20 lookups made %d lists and %d gets, want 1 list and no get", ls.lists.Load(), ls.gets.Load())
	}
}

func TestLookup_idMissingFromListIsReadByID(t *testing.T) {
	t.Parallel()
	c, ls := listClient(t)
	if s, _, err := c.Lookup(context.Background(), "c"); err != nil || s.ID != "c" {
		t.Fatalf("hidden silence: %v %v", s.ID, err)
	}
	if _, _, err := c.Lookup(context.Background(), "gone"); !api.IsNotFound(err) {
		t.Fatalf("missing silence: %v, want not found", err)
	}
	if ls.lists.Load() != 1 || ls.gets.Load() != 2 {
		t.Fatalf("lists %d gets %d, want 1 and 2", ls.lists.Load(), ls.gets.Load())
	}
}

func TestLookup_writeDropsTheList(t *testing.T) {
	t.Parallel()
	c, ls := listClient(t)
	ctx := context.Background()
	if _, _, err := c.Lookup(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Update(ctx, alertmanager.Silence{ID: "a", Matchers: []alertmanager.Matcher{{Name: "a", Value: "b"}},
		StartsAt: time.Now(), EndsAt: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Lookup(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Expire(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Lookup(ctx, "b"); err != nil {
		t.Fatal(err)
	}
	if ls.lists.Load() != 3 {
		t.Fatalf("lists = %d, want 3: a read after each write must see the server, not the old list", ls.lists.Load())
	}
}

func TestLookup_failedListFallsBackToGet(t *testing.T) {
	t.Parallel()
	c, ls := listClient(t)
	ls.failList.Store(true)
	s, _, err := c.Lookup(context.Background(), "a")
	if err != nil || s.ID != "a" || ls.gets.Load() != 1 {
		t.Fatalf("Lookup with a refused list = %v, %v (gets %d); want the silence read by id", s.ID, err, ls.gets.Load())
	}
}
