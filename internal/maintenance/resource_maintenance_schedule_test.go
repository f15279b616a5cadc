package maintenance_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/provider"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/maintenancefake"
)

const schedAddr = "o11y_maintenance_schedule.patch"

var (
	berlin = mustZone("Europe/Berlin")
	utc    = time.UTC
)

// startScheduleFake serves a fake in zone with its clock frozen at now; the
// provider's clock follows it.
func startScheduleFake(t *testing.T, zone *time.Location, now time.Time) (*maintenancefake.Server, resource.TestCase) {
	t.Helper()
	acctest.PreCheck(t)
	srv := maintenancefake.Start(t, maintenancefake.Options{Location: zone, Now: now, Auth: maintenancefake.Auth{APIKey: "test-key"}})
	return srv, resource.TestCase{
		ProtoV6ProviderFactories: acctest.FactoriesWithOptions(provider.Options{Now: srv.Now}),
		CheckDestroy:             func(*terraform.State) error { return allExpired(srv) },
	}
}

// schedule is the weekly patch night of the tests: Sundays 02:30 in
// Berlin, two hours, a ten-day horizon; extra lines are added to the block.
func scheduleConfig(srv *maintenancefake.Server, extra ...string) string {
	return providerBlock(srv) + fmt.Sprintf(`
resource "o11y_maintenance_schedule" "patch" {
  title       = "Patch night"
  targets     = [%s]
  time_zone   = "Europe/Berlin"
  first_start = "2027-03-07T02:30"
  rrule       = "FREQ=WEEKLY;BYDAY=SU"
  duration    = "2h"
  horizon     = "240h"
%s
}
`, infraGB, strings.Join(extra, "\n"))
}

// occ is an expected occurrence: key, start, end (RFC 3339 in Berlin) and
// status; its id is only checked to be set.
type occ struct{ key, start, end, status string }

func occurrences(want ...occ) statecheck.StateCheck {
	checks := make([]knownvalue.Check, 0, len(want))
	for _, o := range want {
		checks = append(checks, knownvalue.ObjectExact(map[string]knownvalue.Check{
			"key": knownvalue.StringExact(o.key), "starts_at": knownvalue.StringExact(o.start), "ends_at": knownvalue.StringExact(o.end),
			"status": knownvalue.StringExact(o.status), "id": knownvalue.NotNull(),
		}))
	}
	return statecheck.ExpectKnownValue(schedAddr, tfjsonpath.New("occurrences"), knownvalue.ListExact(checks))
}

// sent checks the windows the fake was asked to create since the last
// reset, as "start_date - end_date" in the API's naive local dates, and
// logs them.
func sent(t *testing.T, srv *maintenancefake.Server, want ...string) check {
	return func() error {
		var got []string
		for _, r := range srv.Requests(maintenancefake.PathCreate) {
			var b struct {
				StartDate string `json:"start_date"`
				EndDate   string `json:"end_date"`
			}
			if err := json.Unmarshal(r.Body, &b); err != nil {
				return err
			}
			got = append(got, b.StartDate+" - "+b.EndDate)
		}
		t.Logf("created in %s: %q", srv.Location(), got)
		if !slices.Equal(got, want) {
			return fmt.Errorf("the fake (zone %s) was asked to create %q, want %q", srv.Location(), got, want)
		}
		return nil
	}
}

// requests checks how many calls of path the fake got since the last
// reset.
func requests(srv *maintenancefake.Server, path string, want int) check {
	return func() error {
		if got := len(srv.Requests(path)); got != want {
			return fmt.Errorf("%s was called %d times, want %d", path, got, want)
		}
		return nil
	}
}

// at moves the fake's (and so the provider's) clock and forgets the
// requests so far.
func at(t *testing.T, srv *maintenancefake.Server, now string) func() {
	return func() {
		ts, err := time.Parse(time.RFC3339, now)
		if err != nil {
			t.Fatal(err)
		}
		srv.SetNow(ts)
		srv.ResetRequests()
		t.Logf("clock: %s (%s)", now, ts.In(berlin).Format(time.RFC3339))
	}
}

// logPlan logs what a plan does to the schedule, for the record.
type logPlan struct{ t *testing.T }

func (l logPlan) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != schedAddr {
			continue
		}
		after, _ := rc.Change.After.(map[string]any)
		var keys []string
		if occs, ok := after["occurrences"].([]any); ok {
			for _, o := range occs {
				m, _ := o.(map[string]any)
				id, _ := m["id"].(string)
				if id == "" {
					id = "(known after apply)"
				}
				keys = append(keys, fmt.Sprintf("%v %v %s", m["key"], m["status"], id))
			}
		}
		l.t.Logf("plan: %v; occurrences after: %q", rc.Change.Actions, keys)
	}
}

func allExpired(srv *maintenancefake.Server) error {
	ids := map[string]bool{}
	for _, r := range srv.Requests(maintenancefake.PathExpire) {
		var b struct {
			ID string `json:"maintenance_id"`
		}
		_ = json.Unmarshal(r.Body, &b)
		ids[b.ID] = true
	}
	for i := 12345; i < 12400; i++ {
		id := fmt.Sprintf("silence-%d", i)
		if st := srv.Status(id); st != "" && st != maintenancefake.StatusExpired {
			return fmt.Errorf("maintenance %s is still %s after destroy", id, st)
		}
	}
	return nil
}

var emptyPlan = resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}

// TestMaintenanceSchedule_weeklyAcrossSpringForward: Sunday 02:30 in
// Berlin across 2027-03-28, when 02:30 does not exist (the occurrence
// starts at 03:00 CEST), with the API in Seoul (other zone) and in Berlin
// (same zone). Occurrences that become active and end by themselves leave
// the plan empty; one that comes inside the horizon plans an update that
// names it; refreshing K occurrences is one get call.
func TestMaintenanceSchedule_weeklyAcrossSpringForward(t *testing.T) {
	for _, c := range []struct {
		name string
		zone *time.Location
		// the windows sent at the first apply and when 2027-04-04 comes
		// inside the horizon
		first, april []string
	}{
		{"api_in_seoul", seoul,
			[]string{"2027-03-21 10:30 - 2027-03-21 12:30", "2027-03-28 10:00 - 2027-03-28 12:00"},
			[]string{"2027-04-04 09:30 - 2027-04-04 11:30"}},
		{"api_in_berlin", berlin,
			[]string{"2027-03-21 02:30 - 2027-03-21 04:30", "2027-03-28 03:00 - 2027-03-28 05:00"},
			[]string{"2027-04-04 02:30 - 2027-04-04 04:30"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			srv, tc := startScheduleFake(t, c.zone, time.Date(2027, 3, 19, 12, 0, 0, 0, utc))
			cfg := scheduleConfig(srv)
			mar21 := occ{"2027-03-21T02:30", "2027-03-21T02:30:00+01:00", "2027-03-21T04:30:00+01:00", "pending"}
			mar28 := occ{"2027-03-28T02:30", "2027-03-28T03:00:00+02:00", "2027-03-28T05:00:00+02:00", "pending"}
			apr04 := occ{"2027-04-04T02:30", "2027-04-04T02:30:00+02:00", "2027-04-04T04:30:00+02:00", "pending"}
			with := func(o occ, status string) occ { o.status = status; return o }
			tc.Steps = []resource.TestStep{
				{
					// 2027-03-14 has ended; 03-21 and 03-28 are inside the ten days.
					PreConfig: at(t, srv, "2027-03-19T12:00:00Z"),
					Config:    cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						logPlan{t}, plancheck.ExpectResourceAction(schedAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectUnknownValue(schedAddr, tfjsonpath.New("occurrences")),
					}},
					ConfigStateChecks: []statecheck.StateCheck{occurrences(mar21, mar28), sent(t, srv, c.first...)},
				},
				{
					// Refreshing two occurrences is one get call.
					PreConfig:    at(t, srv, "2027-03-20T12:00:00Z"),
					RefreshState: true,
					Check:        func(*terraform.State) error { return requests(srv, maintenancefake.PathGet, 1)() },
				},
				{
					// 03-21 runs (03:00 CET): status changes, the plan does not.
					PreConfig:         at(t, srv, "2027-03-21T02:00:00Z"),
					Config:            cfg,
					ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{logPlan{t}, plancheck.ExpectEmptyPlan()}},
					ConfigStateChecks: []statecheck.StateCheck{occurrences(with(mar21, "active"), mar28), sent(t, srv)},
				},
				{
					// 03-21 ended by itself at 04:30 CET: still listed, expired, no diff.
					PreConfig:         at(t, srv, "2027-03-21T04:00:00Z"),
					Config:            cfg,
					ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{logPlan{t}, plancheck.ExpectEmptyPlan()}},
					ConfigStateChecks: []statecheck.StateCheck{occurrences(with(mar21, "expired"), mar28), sent(t, srv)},
				},
				{
					// 04-04 02:30 CEST (00:30Z) comes inside the ten days at
					// 03-25 00:30Z: an in-place update that names it; the
					// ended 03-21 leaves the list.
					PreConfig: at(t, srv, "2027-03-25T01:00:00Z"),
					Config:    cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
						logPlan{t}, plancheck.ExpectResourceAction(schedAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(schedAddr, tfjsonpath.New("occurrences").AtSliceIndex(0).AtMapKey("key"), knownvalue.StringExact(mar28.key)),
						plancheck.ExpectKnownValue(schedAddr, tfjsonpath.New("occurrences").AtSliceIndex(0).AtMapKey("id"), knownvalue.NotNull()),
						plancheck.ExpectKnownValue(schedAddr, tfjsonpath.New("occurrences").AtSliceIndex(1).AtMapKey("key"), knownvalue.StringExact(apr04.key)),
						plancheck.ExpectKnownValue(schedAddr, tfjsonpath.New("occurrences").AtSliceIndex(1).AtMapKey("starts_at"), knownvalue.StringExact(apr04.start)),
						plancheck.ExpectUnknownValue(schedAddr, tfjsonpath.New("occurrences").AtSliceIndex(1).AtMapKey("id")),
					}},
					ConfigStateChecks: []statecheck.StateCheck{occurrences(mar28, apr04), sent(t, srv, c.april...), requests(srv, maintenancefake.PathExpire, 0)},
				},
				{
					// The shifted 03-28 occurrence runs from 03:00 CEST (01:00Z).
					PreConfig:         at(t, srv, "2027-03-28T01:30:00Z"),
					Config:            cfg,
					ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{logPlan{t}, plancheck.ExpectEmptyPlan()}},
					ConfigStateChecks: []statecheck.StateCheck{occurrences(with(mar28, "active"), apr04), sent(t, srv)},
				},
				{
					// and ended at 05:00 CEST (03:00Z), two hours of elapsed time.
					PreConfig:         at(t, srv, "2027-03-28T03:00:00Z"),
					Config:            cfg,
					ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{logPlan{t}, plancheck.ExpectEmptyPlan()}},
					ConfigStateChecks: []statecheck.StateCheck{occurrences(with(mar28, "expired"), apr04), sent(t, srv)},
				},
			}
			resource.Test(t, tc)
		})
	}
}

// keep regexp imported for the tests below.
var _ = regexp.MustCompile
