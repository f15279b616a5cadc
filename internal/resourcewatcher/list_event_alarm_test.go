package resourcewatcher_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/resourcewatcherfake"
)

// Query-mode tests of `list "resourcewatcher_event_alarm"` (Terraform 1.14
// or later) against the Resource Watcher fake: the search filters, every
// page read, one get per alarm only with include_resource, and what a
// result holds for each target type.

// requestCount is a query check on the fake's request log since the
// step's PreConfig reset it.
type requestCount struct {
	srv                 *resourcewatcherfake.TestServer
	searches, gets, all int
}

func (c requestCount) CheckQuery(_ context.Context, _ querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	s, g, a := c.srv.Count(http.MethodPost, "/event-alarms/search"), c.srv.Count(http.MethodGet, "/event-alarms/"), len(c.srv.Requests())
	if s != c.searches || g != c.gets || a != c.all {
		resp.Error = fmt.Errorf("the query made %d searches, %d gets, %d requests in all; want %d, %d, %d", s, g, a, c.searches, c.gets, c.all)
	}
}

func alarmByID(id string) queryfilter.QueryFilter {
	return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
}

func TestListEventAlarm_query(t *testing.T) {
	acctest.Needs(t, acctest.ListResources)
	srv := resourcewatcherfake.Start(t, resourcewatcherfake.Options{})
	member := seedAlarm(t, srv, "member and role", map[string]any{
		"alarmTargets": []any{
			map[string]any{"alarmTargetTypeCode": "UUID", "alarmTarget": resourcewatcherfake.SeedMemberUUID, "emailAlarm": "Y", "smsAlarm": "N"},
			map[string]any{"alarmTargetTypeCode": "ROLE", "alarmTarget": resourcewatcherfake.SeedRoleID, "emailAlarm": "N", "smsAlarm": "Y"},
		},
		"events": []any{map[string]any{"productId": "compute", "eventId": "iaas.instance.delete"}},
	})
	group := seedAlarm(t, srv, "oncall group", map[string]any{
		"alarmTargets": []any{map[string]any{"alarmTargetTypeCode": "ALARM_KEY", "alarmTarget": resourcewatcherfake.SeedAlarmKey}},
		"target":       map[string]any{"resourceGroupIds": []string{resourcewatcherfake.SeedGroupDB}},
	})
	hook := seedAlarm(t, srv, "chat webhook", map[string]any{
		"alarmTargets": []any{map[string]any{"alarmTargetTypeCode": "WEBHOOK", "webhookUrl": "https://hooks.example.com/T0/B0/token", "webhookSecret": "sign-me"}},
		"target":       map[string]any{"resourceTagIds": []int64{resourcewatcherfake.SeedTagProd}},
	})
	disabled := seedAlarm(t, srv, "paused", nil)
	if !srv.SetStatus(disabled, "DISABLED") {
		t.Fatal("disable")
	}
	closed := seedAlarm(t, srv, "deleted", nil)
	if !srv.SoftDelete(closed) {
		t.Fatal("delete")
	}
	reset := func() { srv.ResetRequests() }
	target := func(typ, tgt string, email, sms bool, url string) knownvalue.Check {
		str := func(s string) knownvalue.Check {
			if s == "" {
				return knownvalue.Null()
			}
			return knownvalue.StringExact(s)
		}
		flag := func(b bool) knownvalue.Check {
			if b {
				return knownvalue.Bool(true)
			}
			return knownvalue.Null()
		}
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"type": knownvalue.StringExact(typ), "target": str(tgt), "email": flag(email), "sms": flag(sms),
			"webhook_url": str(url), "webhook_secret": knownvalue.Null(),
			"webhook_secret_wo": knownvalue.Null(), "webhook_secret_wo_version": knownvalue.Null(),
		})
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: providerBlock("o11y", srv.URL)},
			{
				// 4 importable alarms, 2 a page: 2 searches, no get.
				PreConfig: reset,
				Query:     true,
				Config: `
list "resourcewatcher_event_alarm" "all" {
  provider = o11y
  config {
    page_size = 2
  }
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("resourcewatcher_event_alarm.all", 4),
					querycheck.ExpectIdentity("resourcewatcher_event_alarm.all", map[string]knownvalue.Check{"id": knownvalue.StringExact(disabled)}),
					querycheck.ExpectResourceDisplayName("resourcewatcher_event_alarm.all", alarmByID(hook), knownvalue.StringExact("chat webhook (STABLE)")),
					querycheck.ExpectResourceDisplayName("resourcewatcher_event_alarm.all", alarmByID(disabled), knownvalue.StringExact("paused (DISABLED)")),
					requestCount{srv: srv, searches: 2, all: 2},
				},
			},
			{
				// 3 a page: ⌈4/3⌉ = 2 searches, then one get per alarm.
				PreConfig: reset,
				Query:     true,
				Config: `
list "resourcewatcher_event_alarm" "all" {
  provider         = o11y
  include_resource = true
  config {
    page_size = 3
  }
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("resourcewatcher_event_alarm.all", 4),
					querycheck.ExpectResourceKnownValues("resourcewatcher_event_alarm.all", alarmByID(member), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("alarm_name"), KnownValue: knownvalue.StringExact("member and role")},
						{Path: tfjsonpath.New("description"), KnownValue: knownvalue.StringExact("seeded member and role")},
						{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact("STABLE")},
						{Path: tfjsonpath.New("alarm_targets"), KnownValue: knownvalue.ListExact([]knownvalue.Check{
							target("UUID", resourcewatcherfake.SeedMemberUUID, true, false, ""),
							target("ROLE", resourcewatcherfake.SeedRoleID, false, true, ""),
						})},
						{Path: tfjsonpath.New("events"), KnownValue: knownvalue.SetExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
							"product_id": knownvalue.StringExact("compute"), "event_id": knownvalue.StringExact("iaas.instance.delete"),
						})})},
						{Path: tfjsonpath.New("resource_group_ids"), KnownValue: knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(resourcewatcherfake.SeedGroupWeb)})},
						{Path: tfjsonpath.New("resource_tag_ids"), KnownValue: knownvalue.Null()},
					}),
					querycheck.ExpectResourceKnownValues("resourcewatcher_event_alarm.all", alarmByID(group), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("alarm_targets"), KnownValue: knownvalue.ListExact([]knownvalue.Check{
							target("ALARM_KEY", resourcewatcherfake.SeedAlarmKey, false, false, ""),
						})},
						{Path: tfjsonpath.New("resource_group_ids"), KnownValue: knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(resourcewatcherfake.SeedGroupDB)})},
					}),
					// The secret is never returned: null, as after an import.
					querycheck.ExpectResourceKnownValues("resourcewatcher_event_alarm.all", alarmByID(hook), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("alarm_targets"), KnownValue: knownvalue.ListExact([]knownvalue.Check{
							target("WEBHOOK", "", false, false, "https://hooks.example.com/T0/B0/token"),
						})},
						{Path: tfjsonpath.New("resource_tag_ids"), KnownValue: knownvalue.SetExact([]knownvalue.Check{knownvalue.Int64Exact(resourcewatcherfake.SeedTagProd)})},
					}),
					requestCount{srv: srv, searches: 2, gets: 4, all: 6},
				},
			},
			{
				// Filters go to the search: one request.
				PreConfig: reset,
				Query:     true,
				Config: fmt.Sprintf(`
list "resourcewatcher_event_alarm" "named" {
  provider = o11y
  config {
    name_contains = "WEBHOOK"
  }
}

list "resourcewatcher_event_alarm" "paused" {
  provider = o11y
  config {
    statuses = ["DISABLED"]
  }
}

list "resourcewatcher_event_alarm" "ids" {
  provider = o11y
  config {
    ids = [%q, %q]
  }
}
`, member, closed),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("resourcewatcher_event_alarm.named", 1),
					querycheck.ExpectIdentity("resourcewatcher_event_alarm.named", map[string]knownvalue.Check{"id": knownvalue.StringExact(hook)}),
					querycheck.ExpectLength("resourcewatcher_event_alarm.paused", 1),
					querycheck.ExpectIdentity("resourcewatcher_event_alarm.paused", map[string]knownvalue.Check{"id": knownvalue.StringExact(disabled)}),
					// A deleted (CLOSED) alarm is never listed: it cannot be imported.
					querycheck.ExpectLength("resourcewatcher_event_alarm.ids", 1),
					querycheck.ExpectIdentity("resourcewatcher_event_alarm.ids", map[string]knownvalue.Check{"id": knownvalue.StringExact(member)}),
					requestCount{srv: srv, searches: 3, all: 3},
				},
			},
			{
				PreConfig: reset,
				Query:     true,
				Config: `
list "resourcewatcher_event_alarm" "bad" {
  provider = o11y
  config {
    statuses = ["CLOSED"]
  }
}
`,
				ExpectError: regexp.MustCompile(`statuses\[Value\("CLOSED"\)\]|value must be one of`),
			},
			{
				Query: true,
				Config: `
list "resourcewatcher_event_alarm" "bad" {
  provider = o11y
  config {
    page_size = 0
  }
}
`,
				ExpectError: regexp.MustCompile(`page_size value must be between 1 and 1000`),
			},
		},
	})
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("bad filters sent %d requests, want none", n)
	}
}
