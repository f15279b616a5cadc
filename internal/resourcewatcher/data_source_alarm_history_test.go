package resourcewatcher_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/resourcewatcherfake"
)

func TestAlarmHistoryDataSource_paging(t *testing.T) {
	srv := resourcewatcherfake.Start(t, resourcewatcherfake.Options{})
	id := seedAlarm(t, srv, "noisy", nil)
	base := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	var hs []resourcewatcherfake.History
	for i := range 5 {
		res := "SUCCESS"
		if i == 1 || i == 3 {
			res = "FAILURE"
		}
		hs = append(hs, resourcewatcherfake.History{SendResult: res, ResourceKey: fmt.Sprintf("key-%d", i), ResourceName: fmt.Sprintf("vm-%d", i),
			EventID: "iaas.instance.stop", EventSourceType: "USER", UserID: "ops", ProductID: "compute",
			EventTime: base.Add(time.Duration(i) * time.Hour), Registered: base.Add(time.Duration(i) * time.Hour)})
	}
	hids := srv.SeedAlarmHistory(id, hs...)
	const all, failed = "data.resourcewatcher_alarm_history.all", "data.resourcewatcher_alarm_history.failed"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfgO11y(srv.URL, fmt.Sprintf(`
data "resourcewatcher_alarm_history" "all" {
  provider  = o11y
  alarm_id  = %[1]q
  page_size = 2
}

data "resourcewatcher_alarm_history" "failed" {
  provider        = o11y
  alarm_id        = %[1]q
  send_results    = ["FAILURE"]
  registered_from = "2026-02-01T11:30:00+09:00"
}
`, id)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(all, tfjsonpath.New("histories"), knownvalue.ListSizeExact(5)),
				statecheck.ExpectKnownValue(all, tfjsonpath.New("histories").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"id": knownvalue.StringExact(hids[4]), "resource_name": knownvalue.StringExact("vm-4"), "send_result": knownvalue.StringExact("SUCCESS"),
					"event_time": knownvalue.StringExact("2026-02-01T04:00:00Z"), "event_id": knownvalue.StringExact("iaas.instance.stop"),
				})),
				// 11:30 KST is 02:30 UTC: only the FAILURE at 03:00 is left.
				statecheck.ExpectKnownValue(failed, tfjsonpath.New("histories"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(hids[3]), "resource_key": knownvalue.StringExact("key-3")}),
				})),
			},
			Check: pagesAsked(srv, "/alarm-history", "2", "0", "1", "2"),
		}},
	})
}
