package resourcewatcher_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/resourcewatcherfake"
)

// pagesAsked checks that the search/list requests with this size asked for
// exactly these pages (every page was walked).
func pagesAsked(srv *resourcewatcherfake.TestServer, part, size string, want ...string) func(*terraform.State) error {
	return func(*terraform.State) error {
		seen := map[string]bool{}
		for _, r := range srv.Requests() {
			if strings.Contains(r.Path, part) && r.Query.Get("size") == size {
				seen[r.Query.Get("page")] = true
			}
		}
		var got []string
		for p := range seen {
			got = append(got, p)
		}
		sort.Strings(got)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			return fmt.Errorf("pages asked for %s size %s: %v, want %v", part, size, got, want)
		}
		return nil
	}
}

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
						target("UUID", map[string]knownvalue.Check{"target": knownvalue.StringExact(resourcewatcherfake.SeedMemberUUID), "email": knownvalue.Bool(true)}),
						target("WEBHOOK", map[string]knownvalue.Check{"webhook_url": knownvalue.StringExact("https://hooks.example.com/x")}),
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
				ExpectError: regexp.MustCompile(`(?s)No\s+event\s+alarm\s+with\s+id\s+"does-not-exist".*code\s+40401`),
			},
		},
	})
}

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

func TestEventsDataSource_paging(t *testing.T) {
	srv := resourcewatcherfake.Start(t, resourcewatcherfake.Options{})
	ev := func(pid, pname, eid string) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"product_id": knownvalue.StringExact(pid), "product_name": knownvalue.StringExact(pname), "event_id": knownvalue.StringExact(eid),
		})
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfgO11y(srv.URL, `
data "resourcewatcher_events" "en" {
  provider    = o11y
  product_ids = ["compute", "network"]
  lang        = "en"
  page_size   = 2
}

data "resourcewatcher_events" "ko" {
  provider            = o11y
  event_name_contains = "삭제"
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.resourcewatcher_events.en", tfjsonpath.New("events"), knownvalue.ListExact([]knownvalue.Check{
					ev("compute", "Instance", "iaas.instance.create"),
					ev("compute", "Instance", "iaas.instance.delete"),
					ev("compute", "Instance", "iaas.instance.stop"),
					ev("network", "VPC", "iaas.vpc.create"),
					ev("network", "VPC", "iaas.vpc.delete"),
				})),
				statecheck.ExpectKnownValue("data.resourcewatcher_events.ko", tfjsonpath.New("events"), knownvalue.ListExact([]knownvalue.Check{
					ev("network", "VPC", "iaas.vpc.delete"),
					ev("compute", "인스턴스", "iaas.instance.delete"),
				})),
			},
			Check: pagesAsked(srv, "/events", "2", "0", "1", "2"),
		}},
	})
}

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

// The examples are the documentation's configurations: apply them all
// against the fake, as users write them (one `o11y` provider).
func TestExamples_apply(t *testing.T) {
	srv := resourcewatcherfake.Start(t, resourcewatcherfake.Options{})
	root := acctest.RepoRoot()
	files := []string{filepath.Join(root, "examples", "resources", "resourcewatcher_event_alarm", "resource.tf")}
	for _, ds := range []string{"resourcewatcher_event_alarm", "resourcewatcher_event_alarms", "resourcewatcher_events", "resourcewatcher_alarm_history"} {
		files = append(files, filepath.Join(root, "examples", "data-sources", ds, "data-source.tf"))
	}
	var body, resourcesOnly strings.Builder
	for i, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "provider = o11y") {
			t.Fatalf("%s: every resourcewatcher_* block needs `provider = o11y`", f)
		}
		body.Write(b)
		body.WriteString("\n")
		if i == 0 {
			resourcesOnly.Write(b)
		}
	}
	vars := config.Variables{"webhook_secret": config.StringVariable("example-secret")}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             allClosed(srv),
		Steps: []resource.TestStep{{
			// The resources first, so that the data sources read them next.
			Config:          cfgO11y(srv.URL, resourcesOnly.String()),
			ConfigVariables: vars,
		}, {
			Config:          cfgO11y(srv.URL, body.String()),
			ConfigVariables: vars,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("resourcewatcher_event_alarm.member", tfjsonpath.New("events"), knownvalue.SetSizeExact(2)),
				statecheck.ExpectKnownOutputValue("vpc_event_ids", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("iaas.vpc.create"), knownvalue.StringExact("iaas.vpc.delete")})),
				statecheck.ExpectKnownOutputValue("member_alarm_status", knownvalue.StringExact("STABLE")),
				statecheck.ExpectKnownOutputValue("instance_alarm_ids", knownvalue.ListSizeExact(1)),
				statecheck.ExpectKnownOutputValue("failed_deliveries", knownvalue.Int64Exact(0)),
			},
			Check: func(*terraform.State) error {
				if n := len(srv.AlarmIDs()); n != 4 {
					return fmt.Errorf("want 4 alarms, got %d", n)
				}
				for _, r := range srv.Requests() {
					if r.Method == http.MethodPost && strings.Contains(string(r.Body), `"webhookSecret":"example-secret"`) {
						return nil
					}
				}
				return fmt.Errorf("no create carried the webhook secret variable")
			},
		}},
	})
}
