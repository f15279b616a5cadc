package resourcewatcher_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/resourcewatcherfake"
)

// TestEventAlarmResource_refreshUsesSearch: refreshing unchanged alarms
// reads them through one snapshot of the Appkey's alarms (a search, one per
// terraform command for this few) and never by id; an alarm changed out of
// band is then read in full and its drift planned back.
func TestEventAlarmResource_refreshUsesSearch(t *testing.T) {
	acctest.PreCheck(t)
	srv := resourcewatcherfake.Start(t, resourcewatcherfake.Options{})
	const n = 6
	cfg := cfgO11y(srv.URL, fmt.Sprintf(`
resource "resourcewatcher_event_alarm" "many" {
  provider = o11y
  count    = %d

  alarm_name         = "batch-${count.index}"
  alarm_targets      = [{ type = "ROLE", target = "ADMIN", email = true }]
  resource_group_ids = ["rg-web"]
}
`, n))
	var renamed string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             allClosed(srv),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: srv.ResetRequests,
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					gets := srv.Count(http.MethodGet, "/event-alarms/")
					searches := srv.Count(http.MethodPost, "/event-alarms/search")
					if gets != 0 || searches == 0 || searches > 4 {
						return fmt.Errorf("refresh of %d unchanged alarms made %d gets and %d searches; want 0 gets and one search per terraform command", n, gets, searches)
					}
					return nil
				},
			},
			{
				PreConfig: func() {
					renamed = srv.AlarmIDs()[2]
					srv.Rename(renamed, "edited in the console")
					srv.ResetRequests()
				},
				Config:             cfg,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
	if renamed == "" {
		t.Fatal("the drift step did not run")
	}
}
