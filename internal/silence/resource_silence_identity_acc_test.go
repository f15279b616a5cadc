package silence_test

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
)

// TestSilenceResource_identity (Terraform 1.12 and later): the identity is
// the server's id. An update that makes the server issue a new id (an
// expired silence given a future end) carries the new id into the
// identity, and the plan after it is empty. Import by identity gives an
// empty plan. An identity that names no silence fails the import and
// leaves nothing in state.
func TestSilenceResource_identity(t *testing.T) {
	acctest.Needs(t, acctest.Identity)
	t.Parallel()
	am := acctest.StartAlertmanager(t, acctest.AlertmanagerOptions{})
	for _, tg := range targets(t, am, false) {
		t.Run(tg.name, func(t *testing.T) {
			t.Parallel()
			short := time.Now().Add(5 * time.Second).UTC().Truncate(time.Second)
			later := rfc(time.Now().Add(time.Hour))
			cfg := func(end string) string {
				return silenceConfig(tg, fmt.Sprintf(`  matchers = [{ name = "alertname", value = %q }]
  ends_at  = %q
  comment  = "identity"`, "Identity-"+tg.name, end))
			}
			identityIsID := statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("id"))
			var id1 string
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config: cfg(rfc(short)),
						ConfigStateChecks: []statecheck.StateCheck{
							captureID(addr, &id1), identityIsID,
							statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{"id": knownvalue.NotNull()}),
						},
					},
					{
						// The silence ends by itself; a future end makes the
						// server issue a new id.
						PreConfig: func() {
							waitUntil(t, "the silence to expire", 20*time.Second, func() bool {
								return checkServerState(tg.client, id1, alertmanager.StateExpired) == nil
							})
						},
						Config: cfg(later),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
							plancheck.ExpectUnknownValue(addr, tfjsonpath.New("id")),
						}},
						ConfigStateChecks: []statecheck.StateCheck{expectID(addr, &id1, false), identityIsID},
					},
					{
						Config: cfg(later),
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectEmptyPlan(),
						}},
						ConfigStateChecks: []statecheck.StateCheck{identityIsID},
					},
					{
						// An import block with identity = { id = ... }: a no-op
						// import whose identity is the state's.
						ResourceName:    addr,
						ImportState:     true,
						ImportStateKind: resource.ImportBlockWithResourceIdentity,
						Config:          cfg(later),
					},
				},
			})
		})
	}
}

// TestSilenceResource_importMissingIdentity: an import block whose
// identity names no silence fails, and nothing reaches the state.
func TestSilenceResource_importMissingIdentity(t *testing.T) {
	acctest.Needs(t, acctest.Identity)
	t.Parallel()
	am := acctest.StartAlertmanager(t, acctest.AlertmanagerOptions{})
	tg := targetFor(t, "prometheus", am)
	body := silenceConfig(tg, fmt.Sprintf(`  matchers = [{ name = "alertname", value = "Missing" }]
  ends_at  = %q
  comment  = "missing"`, rfc(time.Now().Add(time.Hour))))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: body + `
import {
  to       = o11y_silence.test
  identity = { id = "00000000-0000-4000-8000-00000000dead" }
}
`,
				ExpectError: regexp.MustCompile(`Cannot import non-existent remote object`),
			},
			{
				// Nothing was imported: without the block there is nothing
				// to plan.
				Config: tg.provider,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				// And an id that cannot be a silence id is refused first.
				Config: body + `
import {
  to       = o11y_silence.test
  identity = { id = "not-a-uuid" }
}
`,
				ExpectError: regexp.MustCompile(`Invalid silence id`),
			},
		},
	})
}
