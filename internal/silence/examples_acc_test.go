package silence_test

import (
	"os"
	"path/filepath"
	"testing"

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
