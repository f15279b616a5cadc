package maintenance_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/maintenancefake"
)

// getCalls is a query check: the fake served exactly n get calls (and
// nothing else) since the step's PreConfig reset its log.
type getCalls struct {
	srv *maintenancefake.Server
	n   int
}

func (c getCalls) CheckQuery(_ context.Context, _ querycheck.CheckQueryRequest, resp *querycheck.CheckQueryResponse) {
	if g, all := len(c.srv.Requests(maintenancefake.PathGet)), len(c.srv.Requests("")); g != c.n || all != c.n {
		resp.Error = fmt.Errorf("the query made %d get calls and %d requests in all, want %d get calls and nothing else", g, all, c.n)
	}
}

// TestListMaintenance_query (Terraform 1.14 or later): the API has no
// search, so `list "o11y_maintenance"` reads the ids it is given with one
// get call; an unknown id is a warning, not a result.
func TestListMaintenance_query(t *testing.T) {
	acctest.Needs(t, acctest.ListResources)
	srv := startFake(t, seoul, maintenancefake.Options{})
	active := srv.Put(maintenancefake.Maintenance{
		Title: "db upgrade",
		Start: t0.Add(-time.Hour), End: t0.Add(2 * time.Hour),
		Targets: []maintenancefake.Target{{Type: "infra", TargetIP: "10.2.14.55", Region: "DX-G-GB"}, {Type: "service", TargetName: "billing", Region: "DX-G-GB"}},
	})
	ended := srv.Put(maintenancefake.Maintenance{
		Title: "last week",
		Start: t0.Add(-7 * 24 * time.Hour), End: t0.Add(-6 * 24 * time.Hour),
		Targets: []maintenancefake.Target{{Type: "platform", TargetName: "next-observability", Region: "DX-G-SE"}},
	})
	byID := func(id string) queryfilter.QueryFilter {
		return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
	}
	reset := func() { srv.ResetRequests() }
	tc := factories(srv)
	tc.PreCheck = func() { acctest.PreCheck(t) }
	tc.Steps = []resource.TestStep{
		{Config: providerBlock(srv)},
		{
			PreConfig: reset,
			Query:     true,
			Config: fmt.Sprintf(`
list "o11y_maintenance" "windows" {
  provider         = o11y
  include_resource = true
  config {
    ids = [%q, %q, "silence-99999"]
  }
}
`, active, ended),
			QueryResultChecks: []querycheck.QueryResultCheck{
				querycheck.ExpectLength("o11y_maintenance.windows", 2),
				querycheck.ExpectIdentity("o11y_maintenance.windows", map[string]knownvalue.Check{"id": knownvalue.StringExact(active)}),
				querycheck.ExpectIdentity("o11y_maintenance.windows", map[string]knownvalue.Check{"id": knownvalue.StringExact(ended)}),
				querycheck.ExpectResourceDisplayName("o11y_maintenance.windows", byID(active),
					knownvalue.StringExact("db upgrade (active, 2026-02-01T08:00:00+09:00 to 2026-02-01T11:00:00+09:00)")),
				querycheck.ExpectResourceKnownValues("o11y_maintenance.windows", byID(active), []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("title"), KnownValue: knownvalue.StringExact("db upgrade")},
					{Path: tfjsonpath.New("start_date"), KnownValue: knownvalue.StringExact("2026-02-01T08:00:00+09:00")},
					{Path: tfjsonpath.New("end_date"), KnownValue: knownvalue.StringExact("2026-02-01T11:00:00+09:00")},
					{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact("active")},
					{Path: tfjsonpath.New("created_at"), KnownValue: knownvalue.Null()},
					{Path: tfjsonpath.New("targets"), KnownValue: knownvalue.SetExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"type": knownvalue.StringExact("infra"), "target_ip": knownvalue.StringExact("10.2.14.55"),
							"target_name": knownvalue.Null(), "region": knownvalue.StringExact("DX-G-GB")}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{"type": knownvalue.StringExact("service"), "target_ip": knownvalue.Null(),
							"target_name": knownvalue.StringExact("billing"), "region": knownvalue.StringExact("DX-G-GB")}),
					})},
				}),
				querycheck.ExpectResourceKnownValues("o11y_maintenance.windows", byID(ended), []querycheck.KnownValueCheck{
					{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact("expired")},
				}),
				getCalls{srv: srv, n: 1},
			},
		},
		{
			PreConfig: reset,
			Query:     true,
			Config: `
list "o11y_maintenance" "none" {
  provider = o11y
  config {
    ids = []
  }
}
`,
			ExpectError: regexp.MustCompile(`ids list must contain at least 1 elements`),
		},
		{
			Query: true,
			Config: `
list "o11y_maintenance" "none" {
  provider = o11y
}
`,
			ExpectError: regexp.MustCompile(`Missing config block`),
		},
	}
	resource.Test(t, tc)
	if n := len(srv.Requests("")); n != 0 {
		t.Errorf("bad ids sent %d requests, want none", n)
	}
}

// TestMaintenanceResource_importEndedEarly (every CLI): windows expired
// early, as a query finds them, import as they are and plan no change: one
// expired while active has seconds in its end, one expired before it began
// has its start and end at the same instant. The configuration is the one
// `terraform query -generate-config-out` writes for them; the minute and
// order rules apply only to times that are sent.
func TestMaintenanceResource_importEndedEarly(t *testing.T) {
	srv := startFake(t, seoul, maintenancefake.Options{})
	target := []maintenancefake.Target{{Type: "service", TargetName: "payments", Region: "DX-G-GB"}}
	short := srv.Put(maintenancefake.Maintenance{Title: "cut short", Start: t0.Add(-time.Hour), End: t0.Add(time.Hour), Targets: target})
	off := srv.Put(maintenancefake.Maintenance{Title: "called off", Start: t0.Add(time.Hour), End: t0.Add(2 * time.Hour), Targets: target})
	srv.Advance(90 * time.Second)
	if !srv.Expire(short) || !srv.Expire(off) {
		t.Fatal("expire")
	}
	at := func(d time.Duration) string { return t0.Add(d).In(seoul).Format(time.RFC3339) }
	block := func(name, id, title, start, end string) string {
		return fmt.Sprintf(`
resource "o11y_maintenance" %[1]q {
  title      = %[3]q
  start_date = %[4]q
  end_date   = %[5]q
  targets    = [{ type = "service", target_name = "payments", region = "DX-G-GB" }]
}

import {
  to = o11y_maintenance.%[1]s
  id = %[2]q
}
`, name, id, title, start, end)
	}
	cfg := providerBlock(srv) + block("short", short, "cut short", at(-time.Hour), at(90*time.Second)) +
		block("off", off, "called off", at(90*time.Second), at(90*time.Second))
	tc := factories(srv)
	tc.PreCheck = func() { acctest.PreCheck(t) }
	tc.Steps = []resource.TestStep{
		{
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction("o11y_maintenance.short", plancheck.ResourceActionNoop),
				plancheck.ExpectResourceAction("o11y_maintenance.off", plancheck.ResourceActionNoop),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("o11y_maintenance.short", tfjsonpath.New("status"), knownvalue.StringExact("expired")),
				statecheck.ExpectKnownValue("o11y_maintenance.off", tfjsonpath.New("end_date"), knownvalue.StringExact(at(90*time.Second))),
			},
		},
		{Config: cfg, PlanOnly: true},
		{
			// Changing the title of an ended window is refused as before.
			Config:      strings.Replace(cfg, `"cut short"`, `"cut shorter"`, 1),
			ExpectError: regexp.MustCompile(`Maintenance has already ended`),
		},
	}
	resource.Test(t, tc)
	if n := len(srv.Requests(maintenancefake.PathUpdate)) + len(srv.Requests(maintenancefake.PathCreate)); n != 0 {
		t.Errorf("%d writes, want none", n)
	}
}
