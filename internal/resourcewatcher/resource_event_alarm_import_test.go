package resourcewatcher_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/resourcewatcherfake"
)

// seededConfig is the configuration of seedAlarm's alarm, written as users
// write resourcewatcher_* blocks: one o11y provider, `provider = o11y`.
func seededConfig(url, name string) string {
	return cfgO11y(url, fmt.Sprintf(`
resource "resourcewatcher_event_alarm" "test" {
  provider = o11y

  alarm_name         = %q
  description        = "seeded %s"
  alarm_targets      = [{ type = "ROLE", target = %q, email = true }]
  resource_group_ids = [%q]
}
`, name, name, resourcewatcherfake.SeedRoleID, resourcewatcherfake.SeedGroupWeb))
}

func importBlock(id string, identity bool) string {
	how := fmt.Sprintf("id       = %q", id)
	if identity {
		how = fmt.Sprintf("identity = { id = %q }", id)
	}
	return fmt.Sprintf(`
import {
  to       = resourcewatcher_event_alarm.test
  provider = o11y
  %s
}
`, how)
}

// adopt is the steps of adopting the alarm id made outside Terraform with an
// import block: a no-op import, then an empty plan.
func adopt(url, name, id string, identity bool) []resource.TestStep {
	return []resource.TestStep{
		{
			Config: seededConfig(url, name) + importBlock(id, identity),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
			},
		},
		{
			Config: seededConfig(url, name),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
		},
	}
}

// TestEventAlarmResource_importBlock: an import block with `id` and
// `provider = o11y` adopts an alarm made in the console (Terraform 1.11+,
// OpenTofu 1.7+; older CLIs add the implied `resourcewatcher` provider and
// refuse the block, while `terraform import` works everywhere).
func TestEventAlarmResource_importBlock(t *testing.T) {
	acctest.Needs(t, acctest.ImportBlockOtherName)
	srv := resourcewatcherfake.Start(t, resourcewatcherfake.Options{})
	id := seedAlarm(t, srv, "console-alarm", nil)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             allClosed(srv),
		Steps:                    adopt(srv.URL, "console-alarm", id, false),
	})
}

// TestEventAlarmResource_identity (Terraform 1.12+): the same with
// `identity = { id }`; the identity is the id. An identity naming no alarm
// fails the import and leaves nothing in state.
func TestEventAlarmResource_identity(t *testing.T) {
	acctest.Needs(t, acctest.Identity)
	srv := resourcewatcherfake.Start(t, resourcewatcherfake.Options{})
	id := seedAlarm(t, srv, "identity-alarm", nil)
	steps := adopt(srv.URL, "identity-alarm", id, true)
	steps[0].ConfigStateChecks = append(steps[0].ConfigStateChecks,
		statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{"id": knownvalue.StringExact(id)}))
	steps[1].ConfigStateChecks = []statecheck.StateCheck{statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("id"))}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             allClosed(srv),
		Steps:                    steps,
	})

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      seededConfig(srv.URL, "missing") + importBlock("ea-404-nowhere", true),
				ExpectError: regexp.MustCompile(`Cannot import non-existent remote object`),
			},
			{
				Config: providerBlock("o11y", srv.URL),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
		},
	})
}
