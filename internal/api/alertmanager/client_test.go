package alertmanager_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/grafanaproxy"
)

func newClient(t *testing.T, baseURL string, auth httpx.Auth, headers http.Header, opts alertmanager.Options) *alertmanager.Client {
	t.Helper()
	h, err := httpx.New(httpx.Config{API: "alertmanager", BaseURL: baseURL, Auth: auth, Headers: headers,
		MaxRetries: -1, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return alertmanager.New(h, opts)
}

// TestClient_realAlertmanager runs the whole life of a silence against a
// real Alertmanager, directly (prometheus flavor) and through the Grafana
// proxy (grafana flavor, basic auth with an org header and Bearer token).
func TestClient_realAlertmanager(t *testing.T) {
	am := acctest.StartAlertmanager(t, acctest.AlertmanagerOptions{})
	proxyBasic := httptest.NewServer(grafanaproxy.New(am.URL, grafanaproxy.Options{Username: "admin", Password: "pw", OrgID: 2}))
	t.Cleanup(proxyBasic.Close)
	proxyToken := httptest.NewServer(grafanaproxy.New(am.URL, grafanaproxy.Options{Token: "glsa_test", DatasourceUID: "ext-am"}))
	t.Cleanup(proxyToken.Close)

	cases := map[string]*alertmanager.Client{
		"prometheus": newClient(t, am.URL, httpx.Auth{}, nil, alertmanager.Options{Flavor: alertmanager.FlavorPrometheus}),
		"grafana-basic": newClient(t, proxyBasic.URL, httpx.Auth{Username: "admin", Password: "pw"},
			http.Header{"X-Grafana-Org-Id": []string{"2"}}, alertmanager.Options{}),
		"grafana-token-datasource": newClient(t, proxyToken.URL, httpx.Auth{Token: "glsa_test"}, nil,
			alertmanager.Options{Flavor: alertmanager.FlavorGrafana, DatasourceUID: "ext-am"}),
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			lifecycle(t, c, name)
		})
	}
}

func lifecycle(t *testing.T, c *alertmanager.Client, label string) {
	ctx := context.Background()
	local := time.Now()
	s := alertmanager.Silence{
		Matchers:  []alertmanager.Matcher{{Name: "alertname", Value: "Client" + label, IsEqual: true}, {Name: "env", Value: "prod|stage", IsRegex: true, IsEqual: true}},
		StartsAt:  local.Add(-time.Hour),
		EndsAt:    local.Add(time.Hour).Truncate(time.Millisecond),
		CreatedBy: "tf", Comment: "c1",
	}
	id, now, err := c.Create(ctx, s)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if now.IsZero() || now.Sub(local) > time.Minute || local.Sub(now) > time.Minute {
		t.Fatalf("server time %v is not near %v", now, local)
	}
	got, _, err := c.GetAfterCreate(ctx, id)
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	if got.ID != id || got.State != alertmanager.StateActive || got.Comment != "c1" || got.CreatedBy != "tf" {
		t.Fatalf("unexpected silence %+v", got)
	}
	if !got.EndsAt.Equal(s.EndsAt) || !got.StartsAt.After(s.StartsAt) {
		t.Fatalf("times: start %v (sent %v, must be clamped), end %v (sent %v)", got.StartsAt, s.StartsAt, got.EndsAt, s.EndsAt)
	}
	if len(got.Matchers) != 2 || got.Matchers[1] != s.Matchers[1] || got.Matchers[0] != s.Matchers[0] {
		t.Fatalf("matchers %+v", got.Matchers)
	}

	// In place: comment and end, with the stored start.
	upd := got
	upd.Comment, upd.EndsAt = "c2", s.EndsAt.Add(time.Hour)
	id2, _, err := c.Update(ctx, upd)
	if err != nil || id2 != id {
		t.Fatalf("in-place update: id %q (want %q), %v", id2, id, err)
	}
	// Matchers changed: new id, old expired.
	upd.Matchers = []alertmanager.Matcher{upd.Matchers[1], upd.Matchers[0]}
	id3, _, err := c.Update(ctx, upd)
	if err != nil || id3 == id {
		t.Fatalf("matcher change: id %q (old %q), %v", id3, id, err)
	}
	old, _, err := c.Get(ctx, id)
	if err != nil || old.State != alertmanager.StateExpired {
		t.Fatalf("old silence after replacement: %+v, %v", old, err)
	}

	list, _, err := c.List(ctx, []alertmanager.Matcher{{Name: "alertname", Value: "Client" + label, IsEqual: true}})
	if err != nil {
		t.Fatalf("list: %v", err)
	}
	if len(list) != 2 {
		t.Fatalf("list with filter returned %d silences, want 2 (active + expired)", len(list))
	}

	if _, err := c.Expire(ctx, id3); err != nil {
		t.Fatalf("expire: %v", err)
	}
	exp, _, err := c.Get(ctx, id3)
	if err != nil || exp.State != alertmanager.StateExpired {
		t.Fatalf("after expire: %+v, %v", exp, err)
	}
	if _, err := c.Expire(ctx, id3); err != nil {
		t.Fatalf("expire again: %v", err)
	}
	const unknown = "2b1c4a8e-0000-4000-8000-000000000000"
	if _, err := c.Expire(ctx, unknown); err != nil {
		t.Fatalf("expire unknown: %v", err)
	}
	_, now, err = c.Get(ctx, unknown)
	if !errors.Is(err, api.ErrNotFound) || now.IsZero() {
		t.Fatalf("get unknown: err %v, now %v; want ErrNotFound and a server time", err, now)
	}
	// Updating an unknown id is a 404 too.
	upd.ID = unknown
	if _, _, err := c.Update(ctx, upd); !api.IsNotFound(err) {
		t.Fatalf("update unknown: %v", err)
	}

	// Validation errors carry the server's text.
	bad := s
	bad.Matchers = []alertmanager.Matcher{{Name: "alertname", Value: "(", IsRegex: true, IsEqual: true}}
	_, _, err = c.Create(ctx, bad)
	if !alertmanager.IsValidationError(err) || !strings.Contains(err.Error(), "regular expression") {
		t.Fatalf("invalid regex: %v", err)
	}
	bad = s
	bad.EndsAt = local.Add(-time.Minute)
	_, _, err = c.Create(ctx, bad)
	if !alertmanager.IsValidationError(err) || !strings.Contains(err.Error(), "in the past") {
		t.Fatalf("end in the past: %v", err)
	}
	bad = s
	bad.Matchers = nil
	_, _, err = c.Create(ctx, bad)
	if !alertmanager.IsValidationError(err) {
		t.Fatalf("no matchers: %v", err)
	}
}

func TestClient_basePath(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ flavor, uid, want string }{
		{alertmanager.FlavorGrafana, "", "/api/alertmanager/grafana/api/v2"},
		{"", "", "/api/alertmanager/grafana/api/v2"},
		{alertmanager.FlavorGrafana, "my am", "/api/alertmanager/my%20am/api/v2"},
		{alertmanager.FlavorPrometheus, "", "/api/v2"},
	} {
		if got := alertmanager.BasePath(tc.flavor, tc.uid); got != tc.want {
			t.Errorf("BasePath(%q, %q) = %q, want %q", tc.flavor, tc.uid, got, tc.want)
		}
	}
}

type answer struct {
	status int
	body   string
}

// fakeServer answers each request with the next answer and records paths.
func fakeServer(t *testing.T, answers ...answer) (*httptest.Server, *[]string) {
	t.Helper()
	var paths []string
	var mu sync.Mutex
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		mu.Lock()
		defer mu.Unlock()
		paths = append(paths, r.Method+" "+r.URL.RequestURI()+" auth="+r.Header.Get("Authorization")+" org="+r.Header.Get("X-Grafana-Org-Id"))
		i := int(n.Add(1)) - 1
		if i >= len(answers) {
			i = len(answers) - 1
		}
		w.Header().Set("Date", "Sun, 22 Nov 2026 22:02:51 GMT")
		w.WriteHeader(answers[i].status)
		_, _ = io.WriteString(w, answers[i].body)
	}))
	t.Cleanup(srv.Close)
	return srv, &paths
}

func TestClient_answers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	wantNow := time.Date(2026, 11, 22, 22, 2, 51, 0, time.UTC)
	sil := alertmanager.Silence{ID: "x", Matchers: []alertmanager.Matcher{{Name: "a", Value: "b", IsEqual: true}},
		StartsAt: wantNow, EndsAt: wantNow.Add(time.Hour), Comment: "c", CreatedBy: "tf"}

	t.Run("create 202 returns the id and server time", func(t *testing.T) {
		t.Parallel()
		srv, paths := fakeServer(t, answer{202, `{"silenceID":"new-id"}`})
		c := newClient(t, srv.URL, httpx.Auth{Token: "tok"}, http.Header{"X-Grafana-Org-Id": {"3"}}, alertmanager.Options{})
		id, now, err := c.Create(ctx, sil)
		if err != nil || id != "new-id" || !now.Equal(wantNow) {
			t.Fatalf("got %q %v %v", id, now, err)
		}
		if want := "POST /api/alertmanager/grafana/api/v2/silences auth=Bearer tok org=3"; (*paths)[0] != want {
			t.Fatalf("request %q, want %q", (*paths)[0], want)
		}
	})
	t.Run("update returns the server's new id", func(t *testing.T) {
		t.Parallel()
		srv, _ := fakeServer(t, answer{200, `{"silenceID":"other"}`})
		c := newClient(t, srv.URL, httpx.Auth{}, nil, alertmanager.Options{Flavor: alertmanager.FlavorPrometheus})
		id, _, err := c.Update(ctx, sil)
		if err != nil || id != "other" {
			t.Fatalf("got %q %v", id, err)
		}
	})
	t.Run("200 without silenceID is an error", func(t *testing.T) {
		t.Parallel()
		srv, _ := fakeServer(t, answer{200, `{}`})
		c := newClient(t, srv.URL, httpx.Auth{}, nil, alertmanager.Options{})
		if _, _, err := c.Create(ctx, sil); err == nil || !strings.Contains(err.Error(), "no silenceID") {
			t.Fatalf("got %v", err)
		}
	})
	errCases := []struct {
		name       string
		ans        answer
		validation bool
		notFound   bool
		want       string
	}{
		{"422 swagger", answer{422, `{"code":612,"message":"matchers in body should have at least 1 items"}`}, true, false, "code 612: matchers in body"},
		{"400 JSON string", answer{400, `"Failed to create silence: end time can't be in the past"`}, true, false, "HTTP 400: Failed to create silence"},
		{"400 grafana", answer{400, `{"message":"silence failed validation: x","messageId":"alerting.notifications.silences.badRequest"}`}, true, false, "silence failed validation"},
		{"404 JSON body", answer{404, `{"message":"silence not found","messageId":"alerting.notifications.silences.notFound"}`}, false, true, "silence not found"},
		{"401", answer{401, `{"message":"Unauthorized"}`}, false, false, "HTTP 401: Unauthorized"},
		{"403 empty", answer{403, ``}, false, false, "forbidden"},
		{"409", answer{409, `{"message":"Alertmanager is not ready yet"}`}, false, false, "HTTP 409: Alertmanager is not ready yet"},
		{"500 text", answer{500, `boom`}, false, false, "HTTP 500: boom"},
	}
	for _, tc := range errCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, _ := fakeServer(t, tc.ans)
			c := newClient(t, srv.URL, httpx.Auth{}, nil, alertmanager.Options{})
			_, now, err := c.Create(ctx, sil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want it to contain %q", err, tc.want)
			}
			if alertmanager.IsValidationError(err) != tc.validation || api.IsNotFound(err) != tc.notFound {
				t.Fatalf("validation=%v notFound=%v for %v", alertmanager.IsValidationError(err), api.IsNotFound(err), err)
			}
			if api.StatusOf(err) != tc.ans.status || !now.Equal(wantNow) {
				t.Fatalf("status %d now %v", api.StatusOf(err), now)
			}
		})
	}
	t.Run("get 404 with JSON body is ErrNotFound and keeps the server time", func(t *testing.T) {
		t.Parallel()
		srv, _ := fakeServer(t, answer{404, `{"message":"silence x not found"}`})
		c := newClient(t, srv.URL, httpx.Auth{}, nil, alertmanager.Options{ReadAfterCreateTimeout: -1})
		_, now, err := c.Get(ctx, "x")
		if !api.IsNotFound(err) || !now.Equal(wantNow) {
			t.Fatalf("got %v %v", now, err)
		}
	})
	t.Run("delete 404 is success, 403 is not", func(t *testing.T) {
		t.Parallel()
		srv, _ := fakeServer(t, answer{404, ``}, answer{403, `{"message":"denied"}`})
		c := newClient(t, srv.URL, httpx.Auth{}, nil, alertmanager.Options{})
		if _, err := c.Expire(ctx, "x"); err != nil {
			t.Fatalf("404: %v", err)
		}
		if _, err := c.Expire(ctx, "x"); api.StatusOf(err) != 403 || !strings.Contains(err.Error(), "denied") {
			t.Fatalf("403: %v", err)
		}
	})
	t.Run("read after create retries a 404", func(t *testing.T) {
		t.Parallel()
		srv, paths := fakeServer(t, answer{404, ``}, answer{404, ``},
			answer{200, `{"id":"x","status":{"state":"active"},"updatedAt":"2026-11-22T22:02:51.471Z","comment":"c","createdBy":"tf","endsAt":"2026-11-22T23:02:51.000Z","matchers":[{"isRegex":false,"name":"a","value":"b"}],"startsAt":"2026-11-22T22:02:51.471Z"}`})
		c := newClient(t, srv.URL, httpx.Auth{}, nil, alertmanager.Options{ReadAfterCreateInterval: 10 * time.Millisecond})
		s, _, err := c.GetAfterCreate(ctx, "x")
		if err != nil || len(*paths) != 3 {
			t.Fatalf("got %v after %d requests", err, len(*paths))
		}
		// isEqual absent means true.
		if !s.Matchers[0].IsEqual || s.State != "active" || s.EndsAt.Format(time.RFC3339) != "2026-11-22T23:02:51Z" {
			t.Fatalf("decoded %+v", s)
		}
	})
	t.Run("read after create gives up", func(t *testing.T) {
		t.Parallel()
		srv, paths := fakeServer(t, answer{404, ``})
		c := newClient(t, srv.URL, httpx.Auth{}, nil, alertmanager.Options{ReadAfterCreateTimeout: 50 * time.Millisecond, ReadAfterCreateInterval: 10 * time.Millisecond})
		if _, _, err := c.GetAfterCreate(ctx, "x"); !api.IsNotFound(err) || len(*paths) < 2 {
			t.Fatalf("got %v after %d requests", err, len(*paths))
		}
	})
	// classic label names go bare: the older matcher parser in Grafana
	// refuses quoted names
	t.Run("list sends exact filters", func(t *testing.T) {
		t.Parallel()
		srv, paths := fakeServer(t, answer{200, `[]`})
		c := newClient(t, srv.URL, httpx.Auth{}, nil, alertmanager.Options{Flavor: alertmanager.FlavorPrometheus})
		_, _, err := c.List(ctx, []alertmanager.Matcher{{Name: "a", Value: "b", IsEqual: true}, {Name: "c", Value: "d.*", IsRegex: true}})
		if err != nil || !strings.HasPrefix((*paths)[0], `GET /api/v2/silences?filter=a%3D%22b%22&filter=c%21~%22d.%2A%22`) {
			t.Fatalf("%v %v", err, *paths)
		}
	})
	t.Run("alert-silence flavor is refused", func(t *testing.T) {
		t.Parallel()
		c := newClient(t, "http://127.0.0.1:1", httpx.Auth{}, nil, alertmanager.Options{Flavor: alertmanager.FlavorAlertSilence})
		if _, _, err := c.Get(ctx, "x"); err == nil {
			t.Fatal("want an error")
		}
	})
}
