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

// sched is the weekly patch night of the tests, Sundays 02:30 in Berlin,
// two hours, a ten-day horizon; a test changes what it needs.
type sched struct {
	title, first, rrule, duration, except string
}

func (c sched) config(srv *maintenancefake.Server) string {
	def := func(v, d string) string {
		if v == "" {
			return d
		}
		return v
	}
	except := ""
	if c.except != "" {
		except = fmt.Sprintf("\n  except_dates = [%q]", c.except)
	}
	return providerBlock(srv) + fmt.Sprintf(`
resource "o11y_maintenance_schedule" "patch" {
  title       = %q
  targets     = [%s]
  time_zone   = "Europe/Berlin"
  first_start = %q
  rrule       = %q
  duration    = %q
  horizon     = "240h"%s
}
`, def(c.title, "Patch night"), infraGB, def(c.first, "2027-03-07T02:30"), def(c.rrule, "FREQ=WEEKLY;BYDAY=SU"), def(c.duration, "2h"), except)
}

func scheduleConfig(srv *maintenancefake.Server) string { return sched{}.config(srv) }

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
	return sentChecked(t, srv, false, want)
}

// sentSorted is sent for creates whose order is not fixed (several
// resources are created in parallel).
func sentSorted(t *testing.T, srv *maintenancefake.Server, want ...string) check {
	return sentChecked(t, srv, true, want)
}

// sentChecked is sent, with the creates sorted before they are compared
// when sorted is set.
func sentChecked(t *testing.T, srv *maintenancefake.Server, sorted bool, want []string) check {
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
		if sorted {
			slices.Sort(got)
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

// allExpired checks, after destroy, that no window the fake holds is
// pending or active (the fake numbers them from silence-12345).
func allExpired(srv *maintenancefake.Server) error {
	for i := 12345; i < 12400; i++ {
		id := fmt.Sprintf("silence-%d", i)
		if st := srv.Status(id); st != "" && st != maintenancefake.StatusExpired {
			return fmt.Errorf("maintenance %s is still %s after destroy", id, st)
		}
	}
	return nil
}

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

// phrase matches s in Terraform's output, which wraps long lines.
func phrase(s string) *regexp.Regexp {
	words := strings.Fields(s)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	return regexp.MustCompile(strings.Join(words, `\s+`))
}

// status checks the fake's status of the id of the occurrence with key.
func status(srv *maintenancefake.Server, ids map[string]string, key, want string) check {
	return func() error {
		if got := srv.Status(ids[key]); got != want {
			return fmt.Errorf("maintenance %s (%s) is %q on the fake, want %q", ids[key], key, got, want)
		}
		return nil
	}
}

// captureIDs stores the id of every occurrence by key.
func captureIDs(ids map[string]string) statecheck.StateCheck {
	return statecheckFunc(func(attrs map[string]any) error {
		occs, _ := attrs["occurrences"].([]any)
		for _, o := range occs {
			m, _ := o.(map[string]any)
			k, _ := m["key"].(string)
			id, _ := m["id"].(string)
			ids[k] = id
		}
		return nil
	})
}

type statecheckFunc func(attrs map[string]any) error

func (f statecheckFunc) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address == schedAddr {
			resp.Error = f(r.AttributeValues)
			return
		}
	}
	resp.Error = fmt.Errorf("%s not in state", schedAddr)
}

// TestMaintenanceSchedule_changes: what each change of configuration, and
// of the server, does to the windows of a running and a pending
// occurrence; destroy expires every live one.
func TestMaintenanceSchedule_changes(t *testing.T) {
	t.Parallel()
	// 2027-03-21 runs (since 02:30 CET, 01:30Z), 2027-03-28 is pending.
	srv, tc := startScheduleFake(t, seoul, time.Date(2027, 3, 21, 2, 0, 0, 0, utc))
	ids := map[string]string{}
	prev := map[string]string{}
	const mar21, mar24, mar28 = "2027-03-21T02:30", "2027-03-24T02:30", "2027-03-28T02:30"
	remember := func() {
		clear(prev)
		for k, v := range ids {
			prev[k] = v
		}
		srv.ResetRequests()
	}
	changed := func(key string, want bool) check {
		return func() error {
			if (ids[key] != prev[key]) != want {
				return fmt.Errorf("%s: id %q before, %q after; want changed=%v", key, prev[key], ids[key], want)
			}
			return nil
		}
	}
	update := func(unknown ...int) resource.ConfigPlanChecks {
		checks := []plancheck.PlanCheck{logPlan{t}, plancheck.ExpectResourceAction(schedAddr, plancheck.ResourceActionUpdate)}
		for _, i := range unknown {
			checks = append(checks, plancheck.ExpectUnknownValue(schedAddr, tfjsonpath.New("occurrences").AtSliceIndex(i).AtMapKey("id")))
		}
		return resource.ConfigPlanChecks{PreApply: checks}
	}
	short := sched{duration: "90m"}
	skip := sched{duration: "90m", except: "2027-03-28"}
	renamed := sched{duration: "90m", except: "2027-03-28", title: "Patch night (CHG-7)"}
	twice := sched{duration: "90m", title: "Patch night (CHG-7)", rrule: "FREQ=WEEKLY;BYDAY=SU,WE"}
	tc.Steps = []resource.TestStep{
		{
			Config:            scheduleConfig(srv),
			ConfigStateChecks: []statecheck.StateCheck{captureIDs(ids), status(srv, ids, mar21, "active"), status(srv, ids, mar28, "pending")},
		},
		{
			// A new duration moves both windows: both are replaced, the new
			// ones created before the old ones are expired.
			PreConfig:        remember,
			Config:           short.config(srv),
			ConfigPlanChecks: update(0, 1),
			ConfigStateChecks: []statecheck.StateCheck{
				captureIDs(ids), changed(mar21, true), changed(mar28, true),
				status(srv, prev, mar21, "expired"), status(srv, prev, mar28, "expired"),
				status(srv, ids, mar21, "active"), status(srv, ids, mar28, "pending"),
				sent(t, srv, "2027-03-21 10:30 - 2027-03-21 12:00", "2027-03-28 10:00 - 2027-03-28 11:30"),
			},
		},
		{
			// Skipping 2027-03-28 expires its pending window; 03-21 runs on.
			PreConfig:        remember,
			Config:           skip.config(srv),
			ConfigPlanChecks: update(),
			ConfigStateChecks: []statecheck.StateCheck{
				captureIDs(ids), changed(mar21, false), status(srv, prev, mar28, "expired"), status(srv, ids, mar21, "active"),
				requests(srv, maintenancefake.PathExpire, 1), sent(t, srv),
				statecheck.ExpectKnownValue(schedAddr, tfjsonpath.New("occurrences"), knownvalue.ListSizeExact(1)),
			},
		},
		{
			// A new title is a new selection: the running window is replaced.
			PreConfig:        remember,
			Config:           renamed.config(srv),
			ConfigPlanChecks: update(0),
			ConfigStateChecks: []statecheck.StateCheck{
				captureIDs(ids), changed(mar21, true), status(srv, prev, mar21, "expired"), status(srv, ids, mar21, "active"),
				check(func() error {
					if m, _ := srv.Get(ids[mar21]); m.Title != "Patch night (CHG-7)" {
						return fmt.Errorf("title %q", m.Title)
					}
					return nil
				}),
			},
		},
		{
			// Someone expires the running window early: the next apply
			// creates it again.
			PreConfig:        func() { remember(); srv.Expire(ids[mar21]) },
			Config:           renamed.config(srv),
			ConfigPlanChecks: update(0),
			ConfigStateChecks: []statecheck.StateCheck{captureIDs(ids), changed(mar21, true), status(srv, ids, mar21, "active"),
				sent(t, srv, "2027-03-21 10:30 - 2027-03-21 12:00")},
		},
		{
			// Someone renames it in the console: the refresh notices, the
			// apply replaces it.
			PreConfig: func() {
				remember()
				m, _ := srv.Get(ids[mar21])
				m.Title = "renamed by hand"
				srv.Put(m)
			},
			Config:            renamed.config(srv),
			ConfigPlanChecks:  update(0),
			ConfigStateChecks: []statecheck.StateCheck{captureIDs(ids), changed(mar21, true), status(srv, prev, mar21, "expired"), status(srv, ids, mar21, "active")},
		},
		{
			// A second weekday and no except date: the running window is
			// kept, the new occurrences are created.
			PreConfig:        remember,
			Config:           twice.config(srv),
			ConfigPlanChecks: update(1, 2, 3),
			ConfigStateChecks: []statecheck.StateCheck{
				captureIDs(ids), changed(mar21, false), changed(mar24, true), changed(mar28, true), requests(srv, maintenancefake.PathExpire, 0),
				sent(t, srv, "2027-03-24 10:30 - 2027-03-24 12:00", "2027-03-28 10:00 - 2027-03-28 11:30", "2027-03-31 09:30 - 2027-03-31 11:00"),
			},
		},
	}
	resource.Test(t, tc)
}

// TestMaintenanceSchedule_fallBack: Sunday 02:30 in Berlin on 2027-10-31,
// when 02:30 happens twice; the occurrence starts at the first (CEST). Sent
// to an API in Seoul it is 09:30; to an API in Berlin it would be the
// naive "2027-10-31 02:30", which names both: refused at plan time with no
// request sent, until except_dates skips it.
func TestMaintenanceSchedule_fallBack(t *testing.T) {
	t.Parallel()
	fall := func(srv *maintenancefake.Server, except string) string {
		return sched{first: "2027-10-17T02:30", except: except}.config(srv)
	}
	t.Run("api_in_seoul", func(t *testing.T) {
		t.Parallel()
		srv, tc := startScheduleFake(t, seoul, time.Date(2027, 10, 25, 0, 0, 0, 0, utc))
		tc.Steps = []resource.TestStep{{
			PreConfig: at(t, srv, "2027-10-25T00:00:00Z"),
			Config:    fall(srv, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				occurrences(occ{"2027-10-31T02:30", "2027-10-31T02:30:00+02:00", "2027-10-31T03:30:00+01:00", "pending"}),
				sent(t, srv, "2027-10-31 09:30 - 2027-10-31 11:30"),
			},
		}, {
			PreConfig: at(t, srv, "2027-10-28T02:00:00Z"),
			Config:    fall(srv, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				occurrences(occ{"2027-10-31T02:30", "2027-10-31T02:30:00+02:00", "2027-10-31T03:30:00+01:00", "pending"},
					occ{"2027-11-07T02:30", "2027-11-07T02:30:00+01:00", "2027-11-07T04:30:00+01:00", "pending"}),
				sent(t, srv, "2027-11-07 10:30 - 2027-11-07 12:30"),
			},
		}}
		resource.Test(t, tc)
	})
	t.Run("api_in_berlin", func(t *testing.T) {
		t.Parallel()
		srv, tc := startScheduleFake(t, berlin, time.Date(2027, 10, 25, 0, 0, 0, 0, utc))
		tc.Steps = []resource.TestStep{{
			Config:      fall(srv, ""),
			ExpectError: phrase(`would be sent to the maintenance API as "2027-10-31 02:30" in the provider's maintenance.time_zone Europe/Berlin, a wall clock that happens twice that night`),
		}, {
			PreConfig: func() {
				if n := len(srv.Requests("")); n != 0 {
					t.Fatalf("the refused plan sent %d requests", n)
				}
			},
			Config:            fall(srv, "2027-10-31"),
			ConfigStateChecks: []statecheck.StateCheck{occurrences(), sent(t, srv)},
		}, {
			PreConfig:         at(t, srv, "2027-10-28T02:00:00Z"),
			Config:            fall(srv, "2027-10-31"),
			ConfigStateChecks: []statecheck.StateCheck{occurrences(occ{"2027-11-07T02:30", "2027-11-07T02:30:00+01:00", "2027-11-07T04:30:00+01:00", "pending"}), sent(t, srv, "2027-11-07 02:30 - 2027-11-07 04:30")},
		}}
		resource.Test(t, tc)
	})
}

// TestMaintenanceSchedule_badInput: each mistake is refused at plan time
// with its own message, at its attribute, and no request reaches the API.
func TestMaintenanceSchedule_badInput(t *testing.T) {
	t.Parallel()
	srv, tc := startScheduleFake(t, seoul, time.Date(2027, 3, 19, 12, 0, 0, 0, utc))
	with := func(from, to string) string { return strings.Replace(scheduleConfig(srv), from, to, 1) }
	cases := []struct{ config, want string }{
		{with(`"FREQ=WEEKLY;BYDAY=SU"`, `"FREQ=WEEKLI;BYDAY=SU"`), `"FREQ=WEEKLI": FREQ must be one of SECONDLY, MINUTELY`},
		{with(`"FREQ=WEEKLY;BYDAY=SU"`, `"DTSTART:20270307T023000\nRRULE:FREQ=WEEKLY;BYDAY=SU"`), `put the start in first_start`},
		{with(`"FREQ=WEEKLY;BYDAY=SU"`, `"FREQ=WEEKLY;BYDAY=SU;UNTIL=20270101T000000Z"`), `is before first_start 2027-03-07T02:30, so the rule has no occurrence`},
		{with(`"2h"`, `"168h"`), `so their windows would overlap; use a duration shorter than 167h`},
		{with(`"240h"`, `"2161h"`), `it can be at most 2160h (90 days)`},
		{sched{rrule: "FREQ=HOURLY", duration: "30m"}.config(srv), `horizon 240h holds more than 50 occurrences from 2027-03-19T13:00:00+01:00 on`},
		{with(`"Europe/Berlin"`, `"Europe/Berlim"`), `"Europe/Berlim" is not an IANA time zone`},
		{with(`"2027-03-07T02:30"`, `"2027-03-07T02:30:15"`), `has seconds, but the maintenance API keeps whole minutes`},
		{with(`"FREQ=WEEKLY;BYDAY=SU"`, `"FREQ=WEEKLY;BYDAY=SU;BYSECOND=30"`), `remove BYSECOND`},
		{with(`"2h"`, `"90m30s"`), `use a whole number of minutes such as "1h31m"`},
		{with(`"2027-03-07T02:30"`, `"2027-03-07T02:30+01:00"`), `has a zone offset ("+01:00")`},
		{with(infraGB, ``), `A maintenance needs at least one target`},
	}
	for _, c := range cases {
		tc.Steps = append(tc.Steps, resource.TestStep{Config: c.config, ExpectError: phrase(c.want)})
	}
	tc.Steps = append(tc.Steps, resource.TestStep{
		PreConfig: func() {
			if n := len(srv.Requests("")); n != 0 {
				t.Fatalf("the refused plans sent %d requests", n)
			}
		},
		Config: scheduleConfig(srv),
	})
	resource.Test(t, tc)
}

// TestMaintenanceSchedule_failures: a create the API refuses leaves
// nothing behind; one that fails during an update leaves the state as it
// was (the old windows kept); a create whose answer was lost says the
// window may exist. Applying again finishes the job.
func TestMaintenanceSchedule_failures(t *testing.T) {
	t.Parallel()
	srv, tc := startScheduleFake(t, seoul, time.Date(2027, 3, 19, 12, 0, 0, 0, utc))
	ids := map[string]string{}
	tc.Steps = []resource.TestStep{
		{
			PreConfig: func() {
				srv.Inject(maintenancefake.Fault{Path: maintenancefake.PathCreate, SoftFailure: true, Message: "database is locked"})
			},
			Config:      scheduleConfig(srv),
			ExpectError: phrase(`Occurrence 2027-03-21T02:30 (2027-03-21T02:30:00+01:00 to 2027-03-21T04:30:00+01:00): HTTP status: 200 Server message: database is locked`),
		},
		{
			Config:            scheduleConfig(srv),
			ConfigStateChecks: []statecheck.StateCheck{captureIDs(ids), statecheck.ExpectKnownValue(schedAddr, tfjsonpath.New("occurrences"), knownvalue.ListSizeExact(2))},
		},
		{
			// The new duration's first create fails: nothing is expired.
			PreConfig: func() {
				srv.ResetRequests()
				srv.Inject(maintenancefake.Fault{Path: maintenancefake.PathCreate, SoftFailure: true, Message: "quota exceeded"})
			},
			Config:      sched{duration: "90m"}.config(srv),
			ExpectError: phrase(`quota exceeded`),
		},
		{
			PreConfig: func() {
				if n := len(srv.Requests(maintenancefake.PathExpire)); n != 0 {
					t.Fatalf("a failed replacement expired %d windows", n)
				}
				if srv.Status(ids["2027-03-21T02:30"]) != "pending" || srv.Status(ids["2027-03-28T02:30"]) != "pending" {
					t.Fatal("the old windows are not pending any more")
				}
				srv.SetNow(time.Date(2027, 3, 25, 1, 0, 0, 0, utc))
				srv.Inject(maintenancefake.Fault{Path: maintenancefake.PathCreate, AfterApply: true, Reset: true})
			},
			// 2027-04-04 comes inside the horizon; its create's answer is lost.
			Config:      scheduleConfig(srv),
			ExpectError: phrase(`The maintenance may have been created anyway`),
		},
		{
			// The orphan the lost answer left is expired by hand, as the
			// message says; the next apply creates the occurrence again.
			PreConfig: func() {
				srv.Expire("silence-12347")
			},
			Config: scheduleConfig(srv),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(schedAddr, tfjsonpath.New("occurrences"), knownvalue.ListSizeExact(2)),
				statecheck.ExpectKnownValue(schedAddr, tfjsonpath.New("occurrences").AtSliceIndex(1).AtMapKey("id"), knownvalue.StringExact("silence-12348")),
			},
		},
	}
	resource.Test(t, tc)
}
