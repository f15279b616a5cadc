package silence_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
)

// TestAlertsDataSource: with five firing alerts, o11y_alerts filters by
// matchers (regex and negative ones included) and by silenced (false leaves
// silenced alerts out, as the server does), and reports
// silenced_by with the id of the silence this configuration created; both
// flavors.
func TestAlertsDataSource(t *testing.T) {
	acctest.PreCheck(t)
	am := acctest.StartAlertmanager(t, acctest.AlertmanagerOptions{})
	fireAlerts(t, am.URL, previewAlerts)
	for _, name := range []string{"prometheus", "grafana"} {
		t.Run(name, func(t *testing.T) {
			e := newPreviewEnv(t, name, am)
			cfg := e.provider("preview_alerts = false") + fmt.Sprintf(`
resource "o11y_silence" "web1" {
  matchers = [{ name = "instance", value = "web-1" }, { name = "team", value = %[1]q }]
  duration = "1h"
  comment  = "alerts data source test"
}

data "o11y_alerts" "cpu" {
  matchers = [{ name = "alertname", value = "HighCPU" }]
}

data "o11y_alerts" "web12" {
  matchers = [{ name = "instance", value = "web-[12]", is_regex = true }]
}

data "o11y_alerts" "not_cpu" {
  matchers = [{ name = "alertname", value = "HighCPU", is_equal = false }]
}

data "o11y_alerts" "muted" {
  matchers   = [{ name = "instance", value = "web-1" }]
  depends_on = [o11y_silence.web1]
}

data "o11y_alerts" "unmuted" {
  matchers   = [{ name = "team", value = "infra" }]
  silenced   = false
  depends_on = [o11y_silence.web1]
}

check "deploy_alerts_muted" {
  assert {
    condition     = length(data.o11y_alerts.muted.alerts) == 1 && contains(data.o11y_alerts.muted.alerts[0].silenced_by, o11y_silence.web1.id)
    error_message = "the silence does not mute web-1"
  }
}
`, "infra")
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: e.provider("") + `
data "o11y_alerts" "bad" {
  matchers = [{ name = "instance", value = "web-(", is_regex = true }]
}
`,
					ExpectError: regexp.MustCompile(`(?i)regular expression|regex`),
				}, {
					Config: cfg,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("data.o11y_alerts.cpu", tfjsonpath.New("alerts"), knownvalue.ListSizeExact(3)),
						statecheck.ExpectKnownValue("data.o11y_alerts.web12", tfjsonpath.New("alerts"), knownvalue.ListSizeExact(2)),
						statecheck.ExpectKnownValue("data.o11y_alerts.not_cpu", tfjsonpath.New("alerts"), knownvalue.ListSizeExact(2)),
						statecheck.ExpectKnownValue("data.o11y_alerts.muted", tfjsonpath.New("alerts"), knownvalue.ListSizeExact(1)),
						statecheck.ExpectKnownValue("data.o11y_alerts.unmuted", tfjsonpath.New("alerts"), knownvalue.ListSizeExact(4)),
						statecheck.ExpectKnownValue("data.o11y_alerts.muted", tfjsonpath.New("alerts").AtSliceIndex(0).AtMapKey("state"),
							knownvalue.StringExact("suppressed")),
						statecheck.CompareValuePairs("data.o11y_alerts.muted", tfjsonpath.New("alerts").AtSliceIndex(0).AtMapKey("silenced_by").AtSliceIndex(0),
							"o11y_silence.web1", tfjsonpath.New("id"), compare.ValuesSame()),
					},
				}},
			})
		})
	}
}
