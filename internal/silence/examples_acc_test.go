package silence_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
)

func readExample(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(acctest.RepoRoot(), "examples", rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSilenceExamples applies the documented examples against a real
// Alertmanager, so the docs stay valid.
func TestSilenceExamples(t *testing.T) {
	acctest.PreCheck(t)
	t.Parallel()
	tg := targetFor(t, "prometheus", acctest.StartAlertmanager(t, acctest.AlertmanagerOptions{}))
	config := tg.provider + readExample(t, "resources/o11y_silence/resource.tf") +
		readExample(t, "data-sources/o11y_silences/data-source.tf")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				// The data source was read before the deploy silence existed.
				ExpectNonEmptyPlan: true,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("o11y_silence.db_upgrade", tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue("o11y_silence.deploy", tfjsonpath.New("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue("o11y_silence.rule", tfjsonpath.New("status"), knownvalue.StringExact("pending")),
				},
			},
			{
				// On the second run the data source sees the deploy silence.
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.o11y_silences.checkout", tfjsonpath.New("silences"), knownvalue.ListSizeExact(1)),
				},
			},
		},
	})
}

// TestSilenceScheduleExamples applies the schedule examples against a real
// Alertmanager on the real clock: every occurrence inside the horizon has
// its silence, with the schedule's times, and the plan after is empty.
func TestSilenceScheduleExamples(t *testing.T) {
	acctest.PreCheck(t)
	t.Parallel()
	tg := targetFor(t, "prometheus", acctest.StartAlertmanager(t, acctest.AlertmanagerOptions{}))
	onServer := func(addr string, atLeast int) statecheck.StateCheck {
		return stateFunc(func(attrs map[string]map[string]any) error {
			occs, _ := attrs[addr]["occurrences"].([]any)
			if len(occs) < atLeast {
				return fmt.Errorf("%s has %d occurrences, want at least %d", addr, len(occs), atLeast)
			}
			for _, o := range occs {
				m, _ := o.(map[string]any)
				id, _ := m["id"].(string)
				s, _, err := tg.client.Get(context.Background(), id)
				if err != nil {
					return err
				}
				ends, _ := m["ends_at"].(string)
				end, _ := time.Parse(time.RFC3339, ends)
				if !s.EndsAt.Equal(end) || s.State != m["status"] {
					return fmt.Errorf("%s occurrence %v: the server has %s until %s", addr, m["key"], s.State, s.EndsAt)
				}
			}
			return nil
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: tg.provider + readExample(t, "resources/o11y_silence_schedule/resource.tf"),
			// Two Sundays fall in any 14 days (one may be the skipped one);
			// a second Tuesday in any 35.
			ConfigStateChecks: []statecheck.StateCheck{onServer("o11y_silence_schedule.patch_night", 1), onServer("o11y_silence_schedule.failover_drill", 1)},
		}},
	})
}
