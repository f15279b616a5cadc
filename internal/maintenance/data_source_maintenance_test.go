package maintenance_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/maintenancefake"
)

// TestMaintenanceDataSources reads one window by id, and several (one of
// them unknown) in a single get call.
func TestMaintenanceDataSources(t *testing.T) {
	srv := startFake(t, seoul, maintenancefake.Options{})
	cfg := config(srv, "read me", startKST, endKST, infraGB, iamSE) + `
data "o11y_maintenance" "one" {
  id = o11y_maintenance.test.id
}

data "o11y_maintenances" "some" {
  ids = [o11y_maintenance.test.id, "silence-404"]
}
`
	one := func(p string, c knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue("data.o11y_maintenance.one", tfjsonpath.New(p), c)
	}
	some := func(p tfjsonpath.Path, c knownvalue.Check) statecheck.StateCheck {
		return statecheck.ExpectKnownValue("data.o11y_maintenances.some", p, c)
	}
	tc := factories(srv)
	tc.Steps = []resource.TestStep{{
		Config: cfg,
		ConfigStateChecks: []statecheck.StateCheck{
			one("title", knownvalue.StringExact("read me")),
			one("start_date", knownvalue.StringExact(startKST)),
			one("end_date", knownvalue.StringExact(endKST)),
			one("status", knownvalue.StringExact("pending")),
			one("targets", knownvalue.SetSizeExact(2)),
			some(tfjsonpath.New("maintenances"), knownvalue.ListSizeExact(1)),
			some(tfjsonpath.New("maintenances").AtSliceIndex(0).AtMapKey("title"), knownvalue.StringExact("read me")),
			some(tfjsonpath.New("missing_ids"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("silence-404")})),
			check(func() error {
				for _, r := range srv.Requests(maintenancefake.PathGet) {
					var b struct {
						IDs []string `json:"maintenance_ids"`
					}
					_ = json.Unmarshal(r.Body, &b)
					if len(b.IDs) == 2 && b.IDs[1] == "silence-404" {
						return nil
					}
				}
				return fmt.Errorf("no single get call carried both ids")
			}),
		},
	}}
	resource.Test(t, tc)
}
