package resourcewatcher_test

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/resourcewatcherfake"
)

func TestEventAlarmsDataSource_paging(t *testing.T) {
	srv := resourcewatcherfake.Start(t, resourcewatcherfake.Options{})
	var want []knownvalue.Check
	for i := range 7 {
		id := seedAlarm(t, srv, fmt.Sprintf("paged-%d", i), nil)
		want = append(want, knownvalue.StringExact(id))
	}
	seedAlarm(t, srv, "other", nil)
	closed := seedAlarm(t, srv, "paged-closed", nil)
	srv.SoftDelete(closed)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfgO11y(srv.URL, `
data "resourcewatcher_event_alarms" "paged" {
  provider      = o11y
  name_contains = "paged"
  page_size     = 3
}

data "resourcewatcher_event_alarms" "closed" {
  provider  = o11y
  statuses  = ["CLOSED"]
  page_size = 2
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.resourcewatcher_event_alarms.paged", tfjsonpath.New("ids"), knownvalue.ListExact(want)),
				statecheck.ExpectKnownValue("data.resourcewatcher_event_alarms.paged", tfjsonpath.New("alarms").AtSliceIndex(6), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"alarm_name": knownvalue.StringExact("paged-6"), "status": knownvalue.StringExact("STABLE"),
					"operator_uuid": knownvalue.StringExact(resourcewatcherfake.DefaultOperatorUUID), "description": knownvalue.StringExact("seeded paged-6"),
				})),
				statecheck.ExpectKnownValue("data.resourcewatcher_event_alarms.closed", tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(closed)})),
			},
			Check: pagesAsked(srv, "/event-alarms/search", "3", "0", "1", "2"),
		}},
	})
}
