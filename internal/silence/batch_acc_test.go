package silence_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
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
