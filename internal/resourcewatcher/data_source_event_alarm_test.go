package resourcewatcher_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/resourcewatcherfake"
)

func TestEventAlarmDataSource_basic(t *testing.T) {
	srv := resourcewatcherfake.Start(t, resourcewatcherfake.Options{})
	id := seedAlarm(t, srv, "read-me", map[string]any{
		"alarmTargets": []any{
			map[string]any{"alarmTargetTypeCode": "UUID", "alarmTarget": resourcewatcherfake.SeedMemberUUID, "emailAlarm": "Y", "smsAlarm": "N"},
			map[string]any{"alarmTargetTypeCode": "WEBHOOK", "webhookUrl": "https://hooks.example.com/x", "webhookSecret": "never-echoed"},
		},
		"events": []any{map[string]any{"productId": "network", "eventId": "iaas.vpc.create"}},
	})
	closed := seedAlarm(t, srv, "closed", nil)
	srv.SoftDelete(closed)
	const ds = "data.resourcewatcher_event_alarm.test"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfgO11y(srv.URL, fmt.Sprintf(`
data "resourcewatcher_event_alarm" "test" {
  provider = o11y
  id       = %q
}
`, id)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("alarm_name"), knownvalue.StringExact("read-me")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("description"), knownvalue.StringExact("seeded read-me")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("status"), knownvalue.StringExact("STABLE")),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("alarm_targets"), knownvalue.ListExact([]knownvalue.Check{
						dataTarget("UUID", map[string]knownvalue.Check{"target": knownvalue.StringExact(resourcewatcherfake.SeedMemberUUID), "email": knownvalue.Bool(true)}),
						dataTarget("WEBHOOK", map[string]knownvalue.Check{"webhook_url": knownvalue.StringExact("https://hooks.example.com/x")}),
					})),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("events"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"product_id": knownvalue.StringExact("network"), "event_id": knownvalue.StringExact("iaas.vpc.create")}),
					})),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("resource_group_ids"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(resourcewatcherfake.SeedGroupWeb)})),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("resource_tag_ids"), knownvalue.Null()),
				},
			},
			{
				Config: cfgO11y(srv.URL, fmt.Sprintf(`
data "resourcewatcher_event_alarm" "test" {
  provider = o11y
  id       = %q
}
`, closed)),
				ExpectError: regexp.MustCompile(`(?s)Unable to read event alarm.*was\s+deleted\s+\(status\s+CLOSED`),
			},
			{
				Config: cfgO11y(srv.URL, `
data "resourcewatcher_event_alarm" "test" {
  provider = o11y
  id       = "does-not-exist"
}
`),
				ExpectError: regexp.MustCompile(`(?s)No\s+event\s+alarm\s+with\s+id\s+"does-not-exist".*Event alarm id: does-not-exist\s+HTTP status: 200\s+API code: 40401`),
			},
		},
	})
}
