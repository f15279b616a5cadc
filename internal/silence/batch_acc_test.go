package silence_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/windowtime"
)

// TestSilenceResource_refreshListsOnce: a plan refreshing many silences
// reads them through one list per Terraform command and never by id.
func TestSilenceResource_refreshListsOnce(t *testing.T) {
	acctest.PreCheck(t)
	am := acctest.StartAlertmanager(t, acctest.AlertmanagerOptions{})
	upstream, _ := url.Parse(am.URL)
	var lists, gets atomic.Int32
	rp := httputil.NewSingleHostReverseProxy(upstream)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/api/v2/silences" {
			lists.Add(1)
		}
		if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/api/v2/silence/") {
			gets.Add(1)
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)

	const n = 12
	cfg := fmt.Sprintf(`
provider "o11y" {
  alertmanager {
    url    = %q
    flavor = "prometheus"
  }
}

resource "o11y_silence" "many" {
  count    = %d
  matchers = [{ name = "instance", value = "host-${count.index}" }]
  duration = "1h"
  comment  = "batch ${count.index}"
}
`, proxy.URL, n)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() { lists.Store(0); gets.Store(0) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if gets.Load() != 0 || lists.Load() == 0 || lists.Load() > 4 {
						return fmt.Errorf("refreshing %d silences made %d gets and %d lists; want no get and one list per terraform command", n, gets.Load(), lists.Load())
					}
					return nil
				},
			},
		},
	})
}

// TestSilenceResource_createDerivesState: an apply of n silences makes n
// POSTs and no GET /silence/{id}: each create's state comes from its
// request and the answer's id (createdRecord). The state is what the
// server stores (same ids, comments, matchers and ends; a start at or
// before the server's clamped one, within a second of it), and the plan
// after the apply is empty.
func TestSilenceResource_createDerivesState(t *testing.T) {
	acctest.PreCheck(t)
	am := acctest.StartAlertmanager(t, acctest.AlertmanagerOptions{})
	upstream, _ := url.Parse(am.URL)
	var posts, gets atomic.Int32
	rp := httputil.NewSingleHostReverseProxy(upstream)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == "/api/v2/silences" {
			posts.Add(1)
		}
		if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/api/v2/silence/") {
			gets.Add(1)
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	tg := targetFor(t, "prometheus", am)

	const n = 12
	end := time.Now().Add(3 * time.Hour).UTC().Truncate(time.Second)
	cfg := fmt.Sprintf(`
provider "o11y" {
  alertmanager {
    url    = %q
    flavor = "prometheus"
  }
}

resource "o11y_silence" "many" {
  count    = %d
  matchers = [{ name = "alertname", value = "Derived" }, { name = "instance", value = "host-${count.index}" }]
  ends_at  = %q
  comment  = "derived ${count.index}"
}

resource "o11y_silence" "dur" {
  count    = 2
  matchers = [{ name = "alertname", value = "DerivedDuration" }, { name = "instance", value = "host-${count.index}" }]
  duration = "90m"
  comment  = "duration ${count.index}"
}
`, proxy.URL, n, end.Format(time.RFC3339))
	asServer := stateFunc(func(attrs map[string]map[string]any) error {
		list, _, err := tg.client.List(context.Background(), nil)
		if err != nil {
			return err
		}
		byID := map[string]alertmanager.Silence{}
		for _, s := range list {
			byID[s.ID] = s
		}
		if len(attrs) != n+2 {
			return fmt.Errorf("%d resources in state, want %d", len(attrs), n+2)
		}
		for addr, a := range attrs {
			s, ok := byID[a["id"].(string)]
			if !ok {
				return fmt.Errorf("%s: id %v is not on the server", addr, a["id"])
			}
			startsAt, _ := a["starts_at"].(string)
			endsAt, _ := a["ends_at"].(string)
			start, _ := time.Parse(time.RFC3339Nano, startsAt)
			stEnd, _ := time.Parse(time.RFC3339Nano, endsAt)
			ms, _ := a["matchers"].([]any)
			switch {
			case a["comment"] != s.Comment || a["created_by"] != s.CreatedBy || len(ms) != len(s.Matchers):
				return fmt.Errorf("%s: state %v, server %+v", addr, a, s)
			case !windowtime.Same(stEnd, s.EndsAt, windowtime.Millisecond):
				return fmt.Errorf("%s: ends_at %s, server %s", addr, stEnd, s.EndsAt)
			case start.After(s.StartsAt) || s.StartsAt.Sub(start) > time.Second:
				return fmt.Errorf("%s: starts_at %s, server's start %s: want at or before it, within a second", addr, start, s.StartsAt)
			case a["status"] != s.State || s.State != alertmanager.StateActive:
				return fmt.Errorf("%s: status %v, server %s", addr, a["status"], s.State)
			}
		}
		return nil
	})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{asServer},
				Check: func(*terraform.State) error {
					if posts.Load() != n+2 || gets.Load() != 0 {
						return fmt.Errorf("applying %d silences made %d POSTs and %d GET /silence/{id}; want %d and none", n+2, posts.Load(), gets.Load(), n+2)
					}
					return nil
				},
			},
			{
				// And a plan later (a refresh from the server's list) stays empty.
				Config:   cfg,
				PlanOnly: true,
			},
		},
	})
}
