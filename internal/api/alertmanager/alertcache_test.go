package alertmanager_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
)

// alertsServer serves a fixed list of alerts (as Alertmanager would answer
// GET /alerts with no filter) and accepts silence writes, counting calls.
type alertsServer struct {
	lists    atomic.Int32
	failPost atomic.Bool
	replace  atomic.Bool // updates get a new id
	next     atomic.Int32
}

func (s *alertsServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/api/v2/alerts":
		s.lists.Add(1)
		if r.URL.Query().Has("filter") {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		past := time.Now().Add(-time.Minute).UTC().Format(time.RFC3339Nano)
		future := time.Now().Add(time.Hour).UTC().Format(time.RFC3339Nano)
		_, _ = w.Write([]byte(`[
{"fingerprint":"01","labels":{"alertname":"Disk","instance":"a"},"receivers":[{"name":"team-a"}],"endsAt":"` + future + `","status":{"state":"active","silencedBy":[],"inhibitedBy":[]}},
{"fingerprint":"02","labels":{"alertname":"Disk","instance":"b"},"receivers":[{"name":"team-b"}],"endsAt":"` + future + `","status":{"state":"suppressed","silencedBy":["ext1"],"inhibitedBy":[]}},
{"fingerprint":"03","labels":{"alertname":"CPU","instance":"a"},"receivers":[{"name":"team-a"},{"name":"pager"}],"endsAt":"` + future + `","status":{"state":"suppressed","silencedBy":[],"inhibitedBy":["01"]}},
{"fingerprint":"04","labels":{"alertname":"CPU","instance":"c"},"receivers":[{"name":"team-a"}],"endsAt":"` + past + `","status":{"state":"active","silencedBy":[],"inhibitedBy":[]}}]`))
	case r.Method == http.MethodPost && r.URL.Path == "/api/v2/silences":
		if s.failPost.Load() {
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`"boom"`))
			return
		}
		var body struct {
			ID string `json:"id"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		id := body.ID
		if id == "" || s.replace.Load() {
			id = fmt.Sprint("s-", s.next.Add(1))
		}
		_, _ = w.Write([]byte(`{"silenceID":"` + id + `"}`))
	case r.Method == http.MethodDelete:
		w.WriteHeader(http.StatusOK)
	default:
		w.WriteHeader(http.StatusNotFound)
	}
}

func alertsClient(t *testing.T) (*alertmanager.Client, *alertsServer) {
	t.Helper()
	as := &alertsServer{}
	srv := httptest.NewServer(as)
	t.Cleanup(srv.Close)
	return newClient(t, srv.URL, httpx.Auth{}, nil, alertmanager.Options{Flavor: alertmanager.FlavorPrometheus}), as
}

// matching is "fingerprint[silencedBy…]/state" of each alert f selects.
func matching(t *testing.T, c *alertmanager.Client, f alertmanager.AlertFilter) string {
	t.Helper()
	as, now, err := c.AlertsMatching(context.Background(), f)
	if err != nil {
		t.Fatalf("AlertsMatching(%+v): %v", f, err)
	}
	if now.IsZero() {
		t.Fatal("no server time")
	}
	var out []string
	for _, a := range as {
		sb := slices.Sorted(slices.Values(a.SilencedBy))
		out = append(out, a.Fingerprint+"["+strings.Join(sb, ",")+"]/"+a.State)
	}
	return strings.Join(out, " ")
}

func ptr(b bool) *bool { return &b }

func TestAlertsMatching_filtersAsTheServer(t *testing.T) {
	t.Parallel()
	c, as := alertsClient(t)
	for _, tc := range []struct {
		f    alertmanager.AlertFilter
		want string
	}{
		{alertmanager.AlertFilter{}, "01[]/active 02[ext1]/suppressed 03[]/suppressed"}, // 04 has ended
		{alertmanager.AlertFilter{Matchers: []alertmanager.Matcher{op("alertname", "=", "Disk")}}, "01[]/active 02[ext1]/suppressed"},
		{alertmanager.AlertFilter{Matchers: []alertmanager.Matcher{op("instance", "=~", "a|c")}}, "01[]/active 03[]/suppressed"},
		{alertmanager.AlertFilter{Matchers: []alertmanager.Matcher{op("instance", "!~", "a"), op("team", "=", "")}}, "02[ext1]/suppressed"},
		{alertmanager.AlertFilter{Silenced: ptr(false)}, "01[]/active 03[]/suppressed"},
		{alertmanager.AlertFilter{Inhibited: ptr(false)}, "01[]/active 02[ext1]/suppressed"},
		{alertmanager.AlertFilter{Active: ptr(false)}, "02[ext1]/suppressed 03[]/suppressed"},
		{alertmanager.AlertFilter{Active: ptr(false), Silenced: ptr(false), Inhibited: ptr(false)}, ""},
		{alertmanager.AlertFilter{Unprocessed: ptr(false)}, "01[]/active 02[ext1]/suppressed 03[]/suppressed"}, // ignored, as by Alertmanager
		{alertmanager.AlertFilter{Receiver: "team-a"}, "01[]/active 03[]/suppressed"},
		{alertmanager.AlertFilter{Receiver: "pag"}, ""}, // anchored
		{alertmanager.AlertFilter{Receiver: "pager|team-b"}, "02[ext1]/suppressed 03[]/suppressed"},
	} {
		if got := matching(t, c, tc.f); got != tc.want {
			t.Errorf("%+v: got %q, want %q", tc.f, got, tc.want)
		}
	}
	if n := as.lists.Load(); n != 1 {
		t.Fatalf("%d alerts requests, want 1", n)
	}
}

func TestAlertsMatching_concurrentCallsShareOneRequest(t *testing.T) {
	t.Parallel()
	c, as := alertsClient(t)
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := []string{"Disk", "CPU"}[i%2]
			got, _, err := c.AlertsMatching(context.Background(), alertmanager.AlertFilter{Matchers: []alertmanager.Matcher{op("alertname", "=", name)}})
			if err != nil || len(got) == 0 || got[0].Labels["alertname"] != name {
				t.Errorf("%s: %v, %v", name, got, err)
			}
		}()
	}
	wg.Wait()
	if n := as.lists.Load(); n != 1 {
		t.Fatalf("50 concurrent calls made %d alerts requests, want 1", n)
	}
}

// TestAlertsMatching_writesAreApplied: silences written through the client
// show in silencedBy and state at once, without asking the server again.
func TestAlertsMatching_writesAreApplied(t *testing.T) {
	t.Parallel()
	c, as := alertsClient(t)
	ctx := context.Background()
	all := alertmanager.AlertFilter{}
	if got := matching(t, c, all); got != "01[]/active 02[ext1]/suppressed 03[]/suppressed" {
		t.Fatalf("before: %s", got)
	}
	now := time.Now()
	disk := alertmanager.Silence{Matchers: []alertmanager.Matcher{op("alertname", "=", "Disk")}, StartsAt: now, EndsAt: now.Add(time.Hour)}
	id, _, err := c.Create(ctx, disk)
	if err != nil || id != "s-1" {
		t.Fatal(id, err)
	}
	steps := []struct {
		what string
		do   func() error
		want string
	}{
		{"create", func() error { return nil }, "01[s-1]/suppressed 02[ext1,s-1]/suppressed 03[]/suppressed"},
		{"update in place", func() error {
			s := disk
			s.ID, s.Matchers = "s-1", []alertmanager.Matcher{op("instance", "=", "a")}
			_, _, err := c.Update(ctx, s)
			return err
		}, "01[s-1]/suppressed 02[ext1]/suppressed 03[s-1]/suppressed"},
		{"update to a new id", func() error {
			as.replace.Store(true)
			s := disk
			s.ID = "s-1"
			id, _, err := c.Update(ctx, s)
			if err == nil && id != "s-2" {
				t.Errorf("replaced id %s", id)
			}
			return err
		}, "01[s-2]/suppressed 02[ext1,s-2]/suppressed 03[]/suppressed"},
		{"expire", func() error { _, err := c.Expire(ctx, "s-2"); return err }, "01[]/active 02[ext1]/suppressed 03[]/suppressed"},
		{"expire a silence the server reported", func() error { _, err := c.Expire(ctx, "ext1"); return err },
			"01[]/active 02[]/active 03[]/suppressed"},
		{"pending silence", func() error {
			s := disk
			s.StartsAt, s.EndsAt = now.Add(time.Hour), now.Add(2*time.Hour)
			_, _, err := c.Create(ctx, s)
			return err
		}, "01[]/active 02[]/active 03[]/suppressed"},
		{"silence from the past", func() error {
			s := alertmanager.Silence{Matchers: []alertmanager.Matcher{op("instance", "=~", "b|c")}, StartsAt: now.Add(-time.Hour), EndsAt: now.Add(time.Hour)}
			_, _, err := c.Create(ctx, s)
			return err
		}, "01[]/active 02[s-4]/suppressed 03[]/suppressed"},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.what, err)
		}
		if got := matching(t, c, all); got != st.want {
			t.Fatalf("after %s: %s, want %s", st.what, got, st.want)
		}
	}
	if got := matching(t, c, alertmanager.AlertFilter{Silenced: ptr(false)}); got != "01[]/active 03[]/suppressed" {
		t.Fatalf("silenced=false after the writes: %s", got)
	}
	if n := as.lists.Load(); n != 1 {
		t.Fatalf("%d alerts requests, want 1: writes are applied to the list, not fetched again", n)
	}
}

func TestAlertsMatching_failedWriteAsksAgain(t *testing.T) {
	t.Parallel()
	c, as := alertsClient(t)
	ctx := context.Background()
	matching(t, c, alertmanager.AlertFilter{})
	as.failPost.Store(true)
	if _, _, err := c.Create(ctx, alertmanager.Silence{Matchers: []alertmanager.Matcher{op("a", "=", "b")},
		StartsAt: time.Now(), EndsAt: time.Now().Add(time.Hour)}); err == nil {
		t.Fatal("create succeeded")
	}
	matching(t, c, alertmanager.AlertFilter{})
	matching(t, c, alertmanager.AlertFilter{})
	if n := as.lists.Load(); n != 2 {
		t.Fatalf("%d alerts requests, want 2: a write that failed may have changed the silences", n)
	}
}

func TestAlertsMatching_refusals(t *testing.T) {
	t.Parallel()
	c, as := alertsClient(t)
	ctx := context.Background()
	if _, _, err := c.AlertsMatching(ctx, alertmanager.AlertFilter{Matchers: []alertmanager.Matcher{op("a", "=~", "(")}}); err == nil ||
		!strings.Contains(err.Error(), "invalid regular expression") {
		t.Fatalf("invalid regex: %v", err)
	}
	if _, _, err := c.AlertsMatching(ctx, alertmanager.AlertFilter{Receiver: "["}); err == nil {
		t.Fatal("invalid receiver regex accepted")
	}
	if n := as.lists.Load(); n != 0 {
		t.Fatalf("%d requests for refused filters", n)
	}
	other := newClient(t, "http://127.0.0.1:1", httpx.Auth{}, nil, alertmanager.Options{Flavor: alertmanager.FlavorAlertSilence})
	if _, _, err := other.AlertsMatching(ctx, alertmanager.AlertFilter{}); err == nil || !strings.Contains(err.Error(), "no alerts API") {
		t.Fatalf("alert-silence flavor: %v", err)
	}
}
