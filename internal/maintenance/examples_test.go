package maintenance_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/maintenancefake"
)

func example(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(acctest.RepoRoot(), "examples", rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestMaintenanceExamples applies the documentation's examples against the
// fake: they must create cleanly, plan empty afterwards, and the data source
// examples must read what the resource example created.
func TestMaintenanceExamples(t *testing.T) {
	srv := startFake(t, seoul, maintenancefake.Options{})
	res := providerBlock(srv) + example(t, "resources/o11y_maintenance/resource.tf")
	// the first window alone first, so that it gets the id the data source
	// examples use (Terraform creates independent resources in parallel)
	first, _, ok := strings.Cut(res, "# A change window")
	if !ok {
		t.Fatal("resource.tf changed: update this test's split marker")
	}
	tc := factories(srv)
	tc.Steps = []resource.TestStep{
		{
			Config: first,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("o11y_maintenance.db_patch", tfjsonpath.New("id"), knownvalue.StringExact("silence-12345")),
			},
		},
		{
			Config: res,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("o11y_maintenance.deploy", tfjsonpath.New("id"), knownvalue.StringExact("silence-12346")),
				statecheck.ExpectKnownValue("o11y_maintenance.deploy", tfjsonpath.New("end_date"), knownvalue.StringExact("2030-03-20T23:30:00+09:00")),
				statecheck.ExpectKnownValue("o11y_maintenance.deploy", tfjsonpath.New("targets"), knownvalue.SetSizeExact(3)),
			},
		},
		{
			PreConfig: func() { srv.SetNow(time.Date(2030, 3, 15, 12, 0, 0, 0, seoul)) },
			Config:    res + example(t, "data-sources/o11y_maintenance/data-source.tf") + example(t, "data-sources/o11y_maintenances/data-source.tf"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("db_patch_active", knownvalue.Bool(true)),
				statecheck.ExpectKnownOutputValue("active_windows", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("DB patch (CHG-1042)")})),
				statecheck.ExpectKnownOutputValue("unknown_windows", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("silence-99999")})),
			},
		},
	}
	resource.Test(t, tc)
}
