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

// TestMaintenanceScheduleExamples applies the schedule examples against the
// fake in Seoul, its clock on 2027-03-19: the Berlin patch nights and the
// Seoul release window are sent as the API's Seoul minutes.
func TestMaintenanceScheduleExamples(t *testing.T) {
	srv, tc := startScheduleFake(t, seoul, time.Date(2027, 3, 19, 12, 0, 0, 0, time.UTC))
	cfg := providerBlock(srv) + example(t, "resources/o11y_maintenance_schedule/resource.tf")
	tc.Steps = []resource.TestStep{{
		Config: cfg,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("o11y_maintenance_schedule.patch_night", tfjsonpath.New("occurrences"), knownvalue.ListExact([]knownvalue.Check{
				knownvalue.ObjectPartial(map[string]knownvalue.Check{"key": knownvalue.StringExact("2027-03-20T22:00"), "starts_at": knownvalue.StringExact("2027-03-20T22:00:00+01:00")}),
				// The night the clocks go forward: three elapsed hours end at 01:00 CET, before the change.
				knownvalue.ObjectPartial(map[string]knownvalue.Check{"key": knownvalue.StringExact("2027-03-27T22:00"), "ends_at": knownvalue.StringExact("2027-03-28T01:00:00+01:00")}),
			})),
			statecheck.ExpectKnownValue("o11y_maintenance_schedule.release", tfjsonpath.New("occurrences"), knownvalue.ListExact([]knownvalue.Check{
				knownvalue.ObjectPartial(map[string]knownvalue.Check{"key": knownvalue.StringExact("2027-04-13T22:00"), "status": knownvalue.StringExact("pending")}),
			})),
			sentSorted(t, srv, "2027-03-21 06:00 - 2027-03-21 09:00", "2027-03-28 06:00 - 2027-03-28 09:00", "2027-04-13 22:00 - 2027-04-13 23:30"),
		},
	}}
	resource.Test(t, tc)
}
