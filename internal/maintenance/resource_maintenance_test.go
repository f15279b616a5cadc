package maintenance_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
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

func TestMain(m *testing.M) { acctest.Main(m) }

const addr = "o11y_maintenance.test"

var (
	seoul = mustZone("Asia/Seoul")
	// t0 is the fake's (and the provider's) clock at the start of a test,
	// two weeks before the window of the configurations below.
	t0 = time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
)

func mustZone(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

// startFake serves a fake API in zone whose clock starts at t0 and also
// drives the provider's clock.
func startFake(t *testing.T, zone *time.Location, o maintenancefake.Options) *maintenancefake.Server {
	t.Helper()
	acctest.PreCheck(t)
	o.Location, o.Now = zone, t0
	if o.Auth == (maintenancefake.Auth{}) {
		o.Auth = maintenancefake.Auth{APIKey: "test-key"}
	}
	return maintenancefake.Start(t, o)
}

func factories(srv *maintenancefake.Server) resource.TestCase {
	return resource.TestCase{ProtoV6ProviderFactories: acctest.FactoriesWithOptions(provider.Options{Now: srv.Now})}
}

func providerBlock(srv *maintenancefake.Server) string {
	return fmt.Sprintf(`
provider "o11y" {
  max_retries     = 1
  request_timeout = "5s"
  maintenance {
    url       = %q
    api_key   = "test-key"
    time_zone = %q
  }
}
`, srv.URL, srv.Location().String())
}

const (
	infraGB  = `{ type = "infra", target_ip = "10.2.14.55", region = "DX-G-GB" }`
	infraSE  = `{ type = "infra", target_ip = "10.2.14.55", region = "DX-G-SE" }`
	iamSE    = `{ type = "service", target_name = "next-iam-service", region = "DX-G-SE" }`
	o11yGB   = `{ type = "platform", target_name = "next-observability", region = "DX-G-GB" }`
	billing  = `{ type = "service", target_name = "billing", region = "DX-G-GB" }`
	startKST = "2026-02-15T10:00:00+09:00"
	endKST   = "2026-02-15T18:00:00+09:00"
)

func config(srv *maintenancefake.Server, title, start, end string, targets ...string) string {
	return providerBlock(srv) + fmt.Sprintf(`
resource "o11y_maintenance" "test" {
  title      = %q
  start_date = %q
  end_date   = %q
  targets    = [%s]
}
`, title, start, end, strings.Join(targets, ", "))
}

// check is a statecheck from a function (for assertions on the fake).
type check func() error

func (f check) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f()
}

// captureID stores the resource's id when the state is checked.
type captureID struct{ id *string }

func (c captureID) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address == addr {
			*c.id, _ = r.AttributeValues["id"].(string)
			return
		}
	}
	resp.Error = fmt.Errorf("%s not in state", addr)
}

func lastUpdate(srv *maintenancefake.Server) (maintenancefake.UpdateRequest, error) {
	u := srv.Updates()
	if len(u) == 0 {
		return maintenancefake.UpdateRequest{}, fmt.Errorf("the fake received no update")
	}
	return u[len(u)-1], nil
}

func str(p *string) string {
	if p == nil {
		return "<not sent>"
	}
	return *p
}

// expectUpdate asserts the exact body of the last update the fake received.
func expectUpdate(srv *maintenancefake.Server, n int, title, start, end string, targets []maintenancefake.Target) check {
	return func() error {
		if got := len(srv.Updates()); got != n {
			return fmt.Errorf("the fake received %d updates, want %d", got, n)
		}
		u, err := lastUpdate(srv)
		if err != nil {
			return err
		}
		if str(u.Title) != title || str(u.StartDate) != start || str(u.EndDate) != end {
			return fmt.Errorf("update sent title=%s start=%s end=%s, want %s / %s / %s", str(u.Title), str(u.StartDate), str(u.EndDate), title, start, end)
		}
		if targets == nil {
			targets = []maintenancefake.Target{}
		}
		if !reflect.DeepEqual(u.Targets, targets) {
			return fmt.Errorf("update sent targets %+v, want %+v", u.Targets, targets)
		}
		return nil
	}
}

func target(typ, ip, name, region string) knownvalue.Check {
	v := func(s string) knownvalue.Check {
		if s == "" {
			return knownvalue.Null()
		}
		return knownvalue.StringExact(s)
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{"type": v(typ), "target_ip": v(ip), "target_name": v(name), "region": v(region)})
}

func attr(name string, c knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New(name), c)
}

// TestMaintenanceResource_lifecycle: create -> import -> retitle -> move end ->
// add/remove/change targets (exact deltas) -> ends by time (empty plan) ->
// changing the ended window is refused -> destroy (already expired).
func TestMaintenanceResource_lifecycle(t *testing.T) {
	srv := startFake(t, seoul, maintenancefake.Options{})
	var id string
	tc := factories(srv)
	tc.CheckDestroy = func(*terraform.State) error {
		if st := srv.Status(id); st != "expired" {
			return fmt.Errorf("after destroy %s is %q, want expired", id, st)
		}
		if n := len(srv.Requests(maintenancefake.PathExpire)); n != 1 {
			return fmt.Errorf("destroy sent %d expire calls, want 1", n)
		}
		return nil
	}
	tc.Steps = []resource.TestStep{
		{
			Config: config(srv, "DB patch", startKST, endKST, infraGB, iamSE, o11yGB),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				plancheck.ExpectUnknownValue(addr, tfjsonpath.New("id")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				captureID{&id},
				attr("id", knownvalue.StringRegexp(regexp.MustCompile(`^silence-\d+$`))),
				attr("title", knownvalue.StringExact("DB patch")),
				attr("start_date", knownvalue.StringExact(startKST)),
				attr("end_date", knownvalue.StringExact(endKST)),
				attr("status", knownvalue.StringExact("pending")),
				attr("created_at", knownvalue.StringExact("2026-02-01T00:00:00Z")),
				attr("targets", knownvalue.SetExact([]knownvalue.Check{
					target("infra", "10.2.14.55", "", "DX-G-GB"),
					target("service", "", "next-iam-service", "DX-G-SE"),
					target("platform", "", "next-observability", "DX-G-GB"),
				})),
				check(func() error {
					var body map[string]any
					_ = json.Unmarshal(srv.Requests(maintenancefake.PathCreate)[0].Body, &body)
					if body["start_date"] != "2026-02-15 10:00" || body["end_date"] != "2026-02-15 18:00" {
						return fmt.Errorf("create sent %v .. %v", body["start_date"], body["end_date"])
					}
					return nil
				}),
			},
		},
		{
			ResourceName:            addr,
			ImportState:             true,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"created_at"},
		},
		{
			Config: config(srv, "DB patch (extended scope)", startKST, endKST, infraGB, iamSE, o11yGB),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				attr("title", knownvalue.StringExact("DB patch (extended scope)")),
				expectUpdate(srv, 1, "DB patch (extended scope)", "<not sent>", "<not sent>", nil),
			},
		},
		{
			Config: config(srv, "DB patch (extended scope)", startKST, "2026-02-15T20:00:00+09:00", infraGB, iamSE, o11yGB),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				attr("end_date", knownvalue.StringExact("2026-02-15T20:00:00+09:00")),
				expectUpdate(srv, 2, "<not sent>", "<not sent>", "2026-02-15 20:00", nil),
			},
		},
		{
			// platform removed, infra moved to another region (remove + add),
			// billing added, next-iam-service unchanged (not sent)
			Config: config(srv, "DB patch (extended scope)", startKST, "2026-02-15T20:00:00+09:00", infraSE, iamSE, billing),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				expectUpdate(srv, 3, "<not sent>", "<not sent>", "<not sent>", []maintenancefake.Target{
					{Type: "infra", TargetIP: "10.2.14.55", Region: "DX-G-GB", Action: "R"},
					{Type: "platform", TargetName: "next-observability", Region: "DX-G-GB", Action: "R"},
					{Type: "infra", TargetIP: "10.2.14.55", Region: "DX-G-SE", Action: "A"},
					{Type: "service", TargetName: "billing", Region: "DX-G-GB", Action: "A"},
				}),
				attr("targets", knownvalue.SetExact([]knownvalue.Check{
					target("infra", "10.2.14.55", "", "DX-G-SE"),
					target("service", "", "next-iam-service", "DX-G-SE"),
					target("service", "", "billing", "DX-G-GB"),
				})),
				check(func() error {
					m, _ := srv.Get(id)
					if len(m.Targets) != 3 {
						return fmt.Errorf("the fake holds %+v", m.Targets)
					}
					return nil
				}),
			},
		},
		{
			// the window ends by time: the server says expired, nothing to do
			PreConfig: func() { srv.SetNow(time.Date(2026, 2, 15, 20, 1, 0, 0, seoul)) },
			Config:    config(srv, "DB patch (extended scope)", startKST, "2026-02-15T20:00:00+09:00", infraSE, iamSE, billing),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				attr("status", knownvalue.StringExact("expired")),
				attr("end_date", knownvalue.StringExact("2026-02-15T20:00:00+09:00")),
				check(func() error {
					if n := len(srv.Updates()); n != 3 {
						return fmt.Errorf("%d updates, want still 3", n)
					}
					return nil
				}),
			},
		},
		{
			Config:      config(srv, "renamed after the end", startKST, "2026-02-15T20:00:00+09:00", infraSE, iamSE, billing),
			ExpectError: regexp.MustCompile(`Maintenance has already ended`),
		},
	}
	resource.Test(t, tc)
}

// TestMaintenanceResource_zones: the same configuration round-trips without a
// diff whatever the API's zone (get's epoch answers compared as instants).
func TestMaintenanceResource_zones(t *testing.T) {
	for _, tc := range []struct {
		zone       *time.Location
		start, end string
	}{
		{time.UTC, "2026-02-15 01:00", "2026-02-15 09:00"},
		{seoul, "2026-02-15 10:00", "2026-02-15 18:00"},
	} {
		t.Run(tc.zone.String(), func(t *testing.T) {
			srv := startFake(t, tc.zone, maintenancefake.Options{})
			cfg := config(srv, "zones", startKST, endKST, infraGB)
			test := factories(srv)
			test.Steps = []resource.TestStep{
				{
					Config: cfg,
					ConfigStateChecks: []statecheck.StateCheck{
						attr("start_date", knownvalue.StringExact(startKST)),
						attr("end_date", knownvalue.StringExact(endKST)),
						check(func() error {
							var body map[string]any
							_ = json.Unmarshal(srv.Requests(maintenancefake.PathCreate)[0].Body, &body)
							if body["start_date"] != tc.start || body["end_date"] != tc.end {
								return fmt.Errorf("create sent %v .. %v, want %s .. %s", body["start_date"], body["end_date"], tc.start, tc.end)
							}
							return nil
						}),
					},
				},
				{
					Config:           cfg,
					ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				},
				{
					// the same instants written in UTC: no API call is needed
					Config: config(srv, "zones", "2026-02-15T01:00:00Z", "2026-02-15T09:00:00Z", infraGB),
					ConfigStateChecks: []statecheck.StateCheck{
						attr("start_date", knownvalue.StringExact("2026-02-15T01:00:00Z")),
						check(func() error {
							if n := len(srv.Updates()); n != 0 {
								return fmt.Errorf("a change of spelling sent %d updates", n)
							}
							return nil
						}),
					},
				},
			}
			resource.Test(t, test)
		})
	}
}

// TestMaintenanceResource_disappears: a window expired early by a person, or
// lost, while its end is ahead is created again; an out-of-band edit is
// updated back.
func TestMaintenanceResource_disappears(t *testing.T) {
	srv := startFake(t, time.UTC, maintenancefake.Options{Auth: maintenancefake.Auth{Username: "u", Password: "p"}})
	cfg := strings.Replace(config(srv, "disappears", startKST, endKST, iamSE), `api_key   = "test-key"`, `username  = "u"
    password  = "p"`, 1)
	var id string
	differs := statecheck.CompareValue(compare.ValuesDiffer())
	tc := factories(srv)
	tc.Steps = []resource.TestStep{
		{
			Config:            cfg,
			ConfigStateChecks: []statecheck.StateCheck{captureID{&id}, differs.AddStateValue(addr, tfjsonpath.New("id"))},
		},
		{
			PreConfig: func() { srv.Advance(time.Hour); srv.Expire(id) },
			Config:    cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{captureID{&id}, differs.AddStateValue(addr, tfjsonpath.New("id")), attr("status", knownvalue.StringExact("pending"))},
		},
		{
			PreConfig: func() { srv.Delete(id) },
			Config:    cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{captureID{&id}, differs.AddStateValue(addr, tfjsonpath.New("id"))},
		},
		{
			PreConfig: func() {
				m, _ := srv.Get(id)
				m.Title, m.End = "edited in the console", m.End.Add(time.Hour)
				srv.Put(m)
			},
			Config: cfg,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				attr("title", knownvalue.StringExact("disappears")),
				check(func() error {
					m, _ := srv.Get(id)
					if m.Title != "disappears" || !m.End.Equal(time.Date(2026, 2, 15, 18, 0, 0, 0, seoul)) {
						return fmt.Errorf("not updated back: %+v", m)
					}
					return nil
				}),
			},
		},
	}
	resource.Test(t, tc)
}

// TestMaintenanceResource_expiredThenExtended: a window that ended and was
// garbage-collected stays in state as expired without a diff; moving its end
// into the future replaces it with a new window.
func TestMaintenanceResource_expiredThenExtended(t *testing.T) {
	srv := startFake(t, seoul, maintenancefake.Options{Retention: time.Hour, Auth: maintenancefake.Auth{Token: "tok"}})
	cfg := func(end string) string {
		return strings.Replace(config(srv, "extended", startKST, end, o11yGB), `api_key   = "test-key"`, `token     = "tok"`, 1)
	}
	var id string
	differs := statecheck.CompareValue(compare.ValuesDiffer())
	tc := factories(srv)
	tc.Steps = []resource.TestStep{
		{
			Config:            cfg(endKST),
			ConfigStateChecks: []statecheck.StateCheck{captureID{&id}, differs.AddStateValue(addr, tfjsonpath.New("id"))},
		},
		{
			// ended two hours ago, collected after one: get no longer knows it
			PreConfig: func() { srv.SetNow(time.Date(2026, 2, 15, 20, 0, 0, 0, seoul)) },
			Config:    cfg(endKST),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectEmptyPlan(),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				attr("status", knownvalue.StringExact("expired")),
				check(func() error {
					if srv.Visible(id) {
						return fmt.Errorf("%s should have been garbage-collected by the fake", id)
					}
					return nil
				}),
			},
		},
		{
			Config: cfg("2026-02-16T18:00:00+09:00"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
				plancheck.ExpectUnknownValue(addr, tfjsonpath.New("id")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				differs.AddStateValue(addr, tfjsonpath.New("id")),
				attr("status", knownvalue.StringExact("active")),
				attr("end_date", knownvalue.StringExact("2026-02-16T18:00:00+09:00")),
			},
		},
	}
	resource.Test(t, tc)
}

// TestMaintenanceResource_badInput: every rule is refused at plan time with a
// message that says what to change; nothing reaches the API.
func TestMaintenanceResource_badInput(t *testing.T) {
	srv := startFake(t, time.UTC, maintenancefake.Options{})
	step := func(cfg, want string) resource.TestStep {
		return resource.TestStep{Config: cfg, ExpectError: regexp.MustCompile(want)}
	}
	tc := factories(srv)
	tc.CheckDestroy = func(*terraform.State) error {
		if n := len(srv.Requests(maintenancefake.PathCreate)); n != 0 {
			return fmt.Errorf("bad input reached the API %d times", n)
		}
		return nil
	}
	tc.Steps = []resource.TestStep{
		step(config(srv, "t", "2026-02-15T10:00:30+09:00", endKST, infraGB), `Maintenance times have minute precision`),
		step(config(srv, "t", startKST, "2026-02-15T10:00:00.5+09:00", infraGB), `Maintenance times have minute precision`),
		step(config(srv, "t", startKST, "2026-02-15T01:00:00Z", infraGB), `Maintenance ends before it starts`),
		step(config(srv, "t", "2026-01-30T10:00:00Z", "2026-01-31T10:00:00Z", infraGB), `Maintenance ends in the past`),
		step(config(srv, "t", startKST, endKST, `{ type = "infra", region = "DX-G-GB" }`), `Infra target without IP`),
		step(config(srv, "t", startKST, endKST, `{ type = "infra", target_ip = "10.2.14.355", region = "DX-G-GB" }`), `Infra target with an invalid IP`),
		step(config(srv, "t", startKST, endKST, `{ type = "service", region = "DX-G-GB" }`), `Target without name`),
		step(config(srv, "t", startKST, endKST, `{ type = "platform", target_name = "", region = "DX-G-GB" }`), `Target without name`),
		step(config(srv, "t", startKST, endKST, `{ type = "service", target_name = "iam", region = "" }`), `Target without region`),
		step(config(srv, "t", startKST, endKST, infraGB, infraSE), `Duplicate maintenance target`),
		step(config(srv, "t", startKST, endKST), `A maintenance needs at least one target`),
		step(config(srv, "t", startKST, endKST, `{ type = "vm", target_ip = "10.0.0.1", region = "DX-G-GB" }`), `value must be one of`),
	}
	resource.Test(t, tc)
}

// TestMaintenanceResource_serverErrors: a failure envelope with HTTP 200
// surfaces the server's message and leaves the state as it was; a 503 on a
// read is retried.
func TestMaintenanceResource_serverErrors(t *testing.T) {
	srv := startFake(t, time.UTC, maintenancefake.Options{})
	retitled := config(srv, "second", startKST, endKST, iamSE)
	tc := factories(srv)
	tc.Steps = []resource.TestStep{
		{Config: config(srv, "first", startKST, endKST, iamSE)},
		{
			PreConfig: func() {
				srv.Inject(maintenancefake.Fault{Path: maintenancefake.PathUpdate, SoftFailure: true, Message: "database is locked"})
			},
			Config:      retitled,
			ExpectError: regexp.MustCompile(`(?s)Unable to update maintenance.*Maintenance id: silence-\d+\s+HTTP status: 200\s+Server message: database is locked`),
		},
		{
			PreConfig: func() { srv.Inject(maintenancefake.Fault{Path: maintenancefake.PathGet, Status: 503, RetryAfter: "0"}) },
			Config:    retitled,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{attr("title", knownvalue.StringExact("second"))},
		},
	}
	resource.Test(t, tc)
}
