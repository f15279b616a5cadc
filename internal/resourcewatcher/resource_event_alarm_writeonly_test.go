package resourcewatcher_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/resourcewatcherfake"
)

const (
	woSecret1 = "wo-secret-one-7f3a55"
	woSecret2 = "wo-secret-two-91bc08"
)

// writeOnlyConfig passes the secret as users should: through an ephemeral
// variable (a literal in the configuration would show in the plan's copy of
// the configuration, whatever the provider does).
func writeOnlyConfig(url string, version int, description string) string {
	return cfgO11y(url, fmt.Sprintf(`
variable "webhook_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "resourcewatcher_event_alarm" "test" {
  provider = o11y

  alarm_name  = "write-only"
  description = %q
  alarm_targets = [{
    type                      = "WEBHOOK"
    webhook_url               = "https://hooks.example.com/wo"
    webhook_secret_wo         = var.webhook_secret
    webhook_secret_wo_version = %d
  }]
  resource_group_ids = ["rg-web"]
}
`, description, version))
}

func secretVar(s string) config.Variables {
	return config.Variables{"webhook_secret": config.StringVariable(s)}
}

// noSecretInPlan fails when the plan (as `terraform show -json` gives it)
// holds any of the secrets.
type noSecretInPlan []string

func (s noSecretInPlan) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	b, _ := json.Marshal(req.Plan)
	for _, sec := range s {
		if strings.Contains(string(b), sec) {
			resp.Error = fmt.Errorf("the plan holds the write-only secret %q", sec)
		}
	}
}

// noSecretInState fails when the state holds any of the secrets.
type noSecretInState []string

func (s noSecretInState) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	b, _ := json.Marshal(req.State)
	for _, sec := range s {
		if strings.Contains(string(b), sec) {
			resp.Error = fmt.Errorf("the state holds the write-only secret %q", sec)
		}
	}
}

// TestEventAlarmResource_writeOnlySecret (Terraform and OpenTofu 1.11+):
// webhook_secret_wo never reaches the state or the plan; the create and
// every update (a full PUT) send it from the configuration; a new
// webhook_secret_wo_version plans an update that sends the new secret; and
// nothing changed means no diff.
func TestEventAlarmResource_writeOnlySecret(t *testing.T) {
	acctest.Needs(t, acctest.WriteOnly)
	srv := resourcewatcherfake.Start(t, resourcewatcherfake.Options{})
	var id string
	sent := func(method, secret string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			path := "/event-alarms"
			if method == http.MethodPut {
				path += "/" + id
			}
			req, ok := srv.LastRequest(method, path)
			if !ok {
				return fmt.Errorf("no %s %s", method, path)
			}
			if !strings.Contains(string(req.Body), `"webhookSecret":"`+secret+`"`) {
				return fmt.Errorf("%s %s did not send the secret %q: %s", method, path, secret, req.Body)
			}
			return nil
		}
	}
	both := []string{woSecret1, woSecret2}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             allClosed(srv),
		Steps: []resource.TestStep{
			{
				Config: writeOnlyConfig(srv.URL, 1, "v1"), ConfigVariables: secretVar(woSecret1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate), noSecretInPlan(both),
				}},
				ConfigStateChecks: []statecheck.StateCheck{noSecretInState(both)},
				Check:             resource.ComposeTestCheckFunc(captureID(addr, &id), sent(http.MethodPost, woSecret1)),
			},
			{
				// Nothing changed: no diff.
				Config: writeOnlyConfig(srv.URL, 1, "v1"), ConfigVariables: secretVar(woSecret1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				// Another change: the full PUT sends the secret again.
				Config: writeOnlyConfig(srv.URL, 1, "v1, described"), ConfigVariables: secretVar(woSecret1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate), noSecretInPlan(both),
				}},
				ConfigStateChecks: []statecheck.StateCheck{noSecretInState(both)},
				Check:             sent(http.MethodPut, woSecret1),
			},
			{
				// A new version sends the new secret.
				Config: writeOnlyConfig(srv.URL, 2, "v1, described"), ConfigVariables: secretVar(woSecret2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate), noSecretInPlan(both),
				}},
				ConfigStateChecks: []statecheck.StateCheck{noSecretInState(both)},
				Check:             sent(http.MethodPut, woSecret2),
			},
			{
				Config: writeOnlyConfig(srv.URL, 2, "v1, described"), ConfigVariables: secretVar(woSecret2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
		},
	})
}

// TestEventAlarmResource_writeOnlyValidation: at most one of the two
// secrets, a version only with the write-only secret, and neither on a
// target that is not a webhook; refused before any request.
func TestEventAlarmResource_writeOnlyValidation(t *testing.T) {
	acctest.Needs(t, acctest.WriteOnly)
	srv := resourcewatcherfake.Start(t, resourcewatcherfake.Options{})
	alarm := func(target string) string {
		return cfgO11y(srv.URL, `
resource "resourcewatcher_event_alarm" "test" {
  provider = o11y

  alarm_name         = "write-only"
  alarm_targets      = [`+target+`]
  resource_group_ids = ["rg-web"]
}
`)
	}
	var steps []resource.TestStep
	for _, c := range []struct{ target, want string }{
		{`{ type = "WEBHOOK", webhook_url = "https://hooks.example.com/wo", webhook_secret = "x", webhook_secret_wo = "y" }`,
			`Set\s+at\s+most\s+one\s+of\s+.webhook_secret.\s+and\s+.webhook_secret_wo.`},
		{`{ type = "WEBHOOK", webhook_url = "https://hooks.example.com/wo", webhook_secret_wo_version = 2 }`,
			`webhook_secret_wo_version.\s+says\s+when\s+.webhook_secret_wo.\s+changes;\s+set\s+.webhook_secret_wo.\s+too`},
		{`{ type = "ROLE", target = "ADMIN", webhook_secret_wo = "y" }`,
			`.webhook_secret_wo.\s+is\s+only\s+for\s+WEBHOOK\s+targets`},
	} {
		steps = append(steps, resource.TestStep{Config: alarm(c.target), PlanOnly: true, ExpectError: regexp.MustCompile(c.want)})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories, Steps: steps})
	if n := len(srv.AlarmIDs()); n != 0 {
		t.Errorf("refused configurations created %d alarms", n)
	}
}

// TestEventAlarmResource_writeOnlyOnOlderCLIs (Terraform and OpenTofu
// before 1.11): webhook_secret_wo is refused at plan time with a message
// that names the version it needs and the alternative, and nothing is sent.
func TestEventAlarmResource_writeOnlyOnOlderCLIs(t *testing.T) {
	acctest.Lacks(t, acctest.WriteOnly)
	srv := resourcewatcherfake.Start(t, resourcewatcherfake.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfgO11y(srv.URL, `
resource "resourcewatcher_event_alarm" "test" {
  provider = o11y

  alarm_name         = "write-only"
  alarm_targets      = [{ type = "WEBHOOK", webhook_url = "https://hooks.example.com/wo", webhook_secret_wo = "y", webhook_secret_wo_version = 1 }]
  resource_group_ids = ["rg-web"]
}
`),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)webhook_secret_wo needs Terraform 1.11 or later.*use\s+.webhook_secret.\s+instead`),
		}},
	})
	if n := len(srv.AlarmIDs()); n != 0 {
		t.Errorf("a refused configuration created %d alarms", n)
	}
}
