package maintenance_test

import (
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/maintenancefake"
)

// TestMaintenanceResource_identity (Terraform 1.12 and later): a window made
// outside Terraform is adopted with `import { identity = { id } }` in a
// no-op plan, its identity is its id, and the plan after is empty. An
// identity naming no window fails the import and leaves nothing in state.
func TestMaintenanceResource_identity(t *testing.T) {
	acctest.Needs(t, acctest.Identity)
	srv := startFake(t, seoul, maintenancefake.Options{})
	id := srv.Put(maintenancefake.Maintenance{
		Title: "made in the console",
		Start: time.Date(2026, 2, 15, 1, 0, 0, 0, time.UTC), End: time.Date(2026, 2, 15, 9, 0, 0, 0, time.UTC),
		Targets: []maintenancefake.Target{{Type: "infra", TargetIP: "10.2.14.55", Region: "DX-G-GB"}},
	})
	body := config(srv, "made in the console", startKST, endKST, infraGB)
	tc := factories(srv)
	tc.Steps = []resource.TestStep{
		{
			Config: body + `
import {
  to       = o11y_maintenance.test
  identity = { id = "` + id + `" }
}
`,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
				statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{"id": knownvalue.StringExact(id)}),
			},
		},
		{
			Config: body,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("id"))},
		},
		{
			// The testing framework's own import by identity: a no-op.
			ResourceName:    addr,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithResourceIdentity,
			Config:          body,
		},
	}
	resource.Test(t, tc)

	missing := factories(srv)
	missing.Steps = []resource.TestStep{
		{
			Config: config(srv, "nowhere", startKST, endKST, infraGB) + `
import {
  to       = o11y_maintenance.test
  identity = { id = "silence-404404" }
}
`,
			ExpectError: regexp.MustCompile(`Cannot import non-existent remote object`),
		},
		{
			Config: providerBlock(srv),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
		},
	}
	resource.Test(t, missing)
}
