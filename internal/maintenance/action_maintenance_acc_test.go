package maintenance_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	tfconfig "github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/provider"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/maintenancefake"
)

// Acceptance tests of the o11y_maintenance and o11y_maintenance_expire
// actions on the CLIs that have actions (Terraform 1.14+, see
// acctest.Needs), against the maintenance fake, in the set-up of the
// silence actions' tests: a terraform_data deploy that opens a window
// before it changes and expires it after, and a smoke test in between that
// asks the test process what the fake holds at that moment.

const actionTitle = "Deploy of checkout"

// actionSetup is the pipeline on srv; extra goes into the
// o11y_maintenance action's config.
func actionSetup(srv *maintenancefake.Server, probe *acctest.Probe, extra string) string {
	if extra == "" {
		extra = `duration = "45m"`
	}
	return providerBlock(srv) + fmt.Sprintf(`
action "o11y_maintenance" "deploy" {
  config {
    title   = %[1]q
    targets = [%[2]s, %[3]s]
    %[4]s
  }
}

action "o11y_maintenance_expire" "deploy" {
  config {
    title   = terraform_data.smoke_test.output
    targets = [%[3]s, %[2]s]
  }
}
`, actionTitle, iamSE, infraGB, extra) +
		acctest.ActionPipeline("o11y_maintenance", "o11y_maintenance_expire", actionTitle, probe.Command("${self.triggers_replace}"))
}

// windows lists the fake's windows as "id status title", in id order.
func windows(srv *maintenancefake.Server) []string {
	var out []string
	for n := 12345; ; n++ {
		id := fmt.Sprintf("silence-%d", n)
		m, ok := srv.Get(id)
		if !ok {
			return out
		}
		out = append(out, id+" "+srv.Status(id)+" "+m.Title)
	}
}

func expectWindows(srv *maintenancefake.Server, want ...string) error {
	if got := windows(srv); strings.Join(got, "\n") != strings.Join(want, "\n") {
		return fmt.Errorf("the fake holds %q, want %q", got, want)
	}
	return nil
}

// TestActionMaintenance_deployWindow: no window for an apply without a
// change or for a plan; one for the change, active while the smoke test
// runs and expired by title and targets when the apply ends.
func TestActionMaintenance_deployWindow(t *testing.T) {
	acctest.Needs(t, acctest.Actions)
	srv := startFake(t, time.UTC, maintenancefake.Options{})
	probe := acctest.NewProbe(t, func() string { return strings.Join(windows(srv), "\n") })
	cfg := actionSetup(srv, probe, "")
	v := func(release string) tfconfig.Variables {
		return tfconfig.Variables{"input": tfconfig.StringVariable(release)}
	}
	none := statecheck.StateCheck(check(func() error { return expectWindows(srv) }))
	one := check(func() error { return expectWindows(srv, "silence-12345 expired "+actionTitle) })
	tc := factories(srv)
	tc.PreCheck = func() { acctest.PreCheck(t) }
	tc.Steps = []resource.TestStep{
		{Config: cfg, ConfigVariables: v("v1"), ConfigStateChecks: []statecheck.StateCheck{none}},
		{Config: cfg, ConfigVariables: v("v1"), ConfigStateChecks: []statecheck.StateCheck{none}},
		{Config: cfg, ConfigVariables: v("v2"), PlanOnly: true, ExpectNonEmptyPlan: true},
		{
			PreConfig: func() {
				if err := expectWindows(srv); err != nil {
					t.Errorf("after the plan: %v", err)
				}
			},
			Config: cfg, ConfigVariables: v("v2"),
			ConfigStateChecks: []statecheck.StateCheck{one, check(func() error {
				if seen := probe.Seen("v2"); len(seen) != 1 || seen[0] != "silence-12345 active "+actionTitle {
					return fmt.Errorf("the smoke test saw %q, want the window active", seen)
				}
				m, _ := srv.Get("silence-12345")
				if !m.Start.Equal(t0) || !m.End.Equal(t0) || !m.ExpiredAt.Equal(t0) || len(m.Targets) != 2 {
					return fmt.Errorf("window %+v; want opened and expired at %s with 2 targets", m, t0)
				}
				return nil
			})},
		},
		{Config: cfg, ConfigVariables: v("v2"), ConfigStateChecks: []statecheck.StateCheck{one}},
	}
	resource.Test(t, tc)
	creates := srv.Requests(maintenancefake.PathCreate)
	if len(creates) != 1 {
		t.Fatalf("%d creates, want 1", len(creates))
	}
	var body struct {
		StartDate string `json:"start_date"`
		EndDate   string `json:"end_date"`
	}
	_ = json.Unmarshal(creates[0].Body, &body)
	if body.StartDate != "2026-02-01 00:00" || body.EndDate != "2026-02-01 00:45" {
		t.Errorf("created %+v; want 45 minutes from the provider's now", body)
	}
}

// TestActionMaintenance_invoke: `-invoke` runs each action alone. Expiring
// by title and targets finds only the windows opened in the same run (the
// API has no search); by id it expires any, and with title and targets
// the ids are only candidates.
func TestActionMaintenance_invoke(t *testing.T) {
	b := acctest.Needs(t, acctest.Actions)
	srv := startFake(t, seoul, maintenancefake.Options{})
	probe := acctest.NewProbe(t, func() string { return "" })
	cli := acctest.NewCLI(t, b, provider.Options{Now: srv.Now})
	cli.Write(actionSetup(srv, probe, `end_date = "2026-02-01T12:30:00+09:00"`))
	apply := func(args ...string) string {
		return cli.MustRun(append([]string{"apply", "-auto-approve", "-input=false", "-var", "input=v1"}, args...)...)
	}
	apply()
	if err := expectWindows(srv); err != nil {
		t.Fatal(err)
	}
	out := apply("-invoke=action.o11y_maintenance.deploy")
	if err := expectWindows(srv, "silence-12345 active "+actionTitle); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if want := `Action action.o11y_maintenance.deploy (triggered by CLI): opened maintenance silence-12345 "Deploy of checkout" on ` + srv.URL +
		" for 2 targets, from 2026-02-01T09:00:00+09:00 until 2026-02-01T12:30:00+09:00; it ends by itself then."; !strings.Contains(out, want) {
		t.Errorf("the invoke output lacks %q:\n%s", want, out)
	}

	// Another run: the window is not known by title.
	out = apply("-invoke=action.o11y_maintenance_expire.deploy")
	if want := `nothing to expire on ` + srv.URL + `: no window is known with title "Deploy of checkout" and these targets. The maintenance API has no search`; !strings.Contains(out, want) {
		t.Errorf("the expire output lacks %q:\n%s", want, out)
	}
	if err := expectWindows(srv, "silence-12345 active "+actionTitle); err != nil {
		t.Fatal(err)
	}

	// Title and targets among given ids: one with other targets is left.
	other := srv.Put(maintenancefake.Maintenance{Title: actionTitle, Start: t0, End: t0.Add(time.Hour),
		Targets: []maintenancefake.Target{{Type: "service", TargetName: "next-iam-service", Region: "DX-G-SE"}}})
	cli.Write(actionSetup(srv, probe, `end_date = "2026-02-01T12:30:00+09:00"`) + fmt.Sprintf(`
action "o11y_maintenance_expire" "candidates" {
  config {
    ids     = ["silence-12345", %q, "silence-99999"]
    title   = %q
    targets = [%s, %s]
  }
}

action "o11y_maintenance_expire" "ids" {
  config {
    ids = [%[1]q]
  }
}
`, other, actionTitle, infraGB, iamSE))
	out = apply("-invoke=action.o11y_maintenance_expire.candidates")
	if want := `expired maintenance silence-12345 "Deploy of checkout" on ` + srv.URL + "; it was to end at 2026-02-01T12:30:00+09:00."; !strings.Contains(out, want) {
		t.Errorf("the candidates output lacks %q:\n%s", want, out)
	}
	if err := expectWindows(srv, "silence-12345 expired "+actionTitle, other+" active "+actionTitle); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	out = apply("-invoke=action.o11y_maintenance_expire.candidates")
	flat := strings.Join(strings.Fields(out), " ")
	if want := "nothing to expire on " + srv.URL + ": ended already: silence-12345; unknown to the API: silence-99999; another title or other targets than \"Deploy of checkout\" and the 2 targets configured: " + other; !strings.Contains(flat, want) {
		t.Errorf("the second candidates output lacks %q:\n%s", want, out)
	}
	apply("-invoke=action.o11y_maintenance_expire.ids")
	if err := expectWindows(srv, "silence-12345 expired "+actionTitle, other+" expired "+actionTitle); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Requests(maintenancefake.PathCreate)); n != 1 {
		t.Errorf("%d windows created, want 1", n)
	}
}

// TestActionMaintenance_failures: a failing before_update action fails the
// apply before the deploy changes and shows the server's message; a lost
// create answer is "may exist", sent once; an expire that fails halfway
// says which windows it expired.
func TestActionMaintenance_failures(t *testing.T) {
	b := acctest.Needs(t, acctest.Actions)
	srv := startFake(t, time.UTC, maintenancefake.Options{})
	probe := acctest.NewProbe(t, func() string { return "" })
	cli := acctest.NewCLI(t, b, provider.Options{Now: srv.Now})
	cli.Write(strings.Replace(actionSetup(srv, probe, ""), "max_retries     = 1", "max_retries     = 0", 1))
	apply := func(release string, args ...string) (string, error) {
		return cli.Run(append([]string{"apply", "-auto-approve", "-input=false", "-var", "input=" + release}, args...)...)
	}
	if out, err := apply("v1"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, c := range []struct {
		name  string
		fault maintenancefake.Fault
		want  []string
		lacks string
		made  int
	}{
		{"refused", maintenancefake.Fault{Path: maintenancefake.PathCreate, SoftFailure: true, Message: "database is locked"},
			[]string{"Unable to create maintenance", "HTTP status: 200", "Server message: database is locked"}, "may have been created", 0},
		{"lost answer", maintenancefake.Fault{Path: maintenancefake.PathCreate, AfterApply: true, Reset: true},
			[]string{"Unable to create maintenance", "The maintenance may have been created anyway: the provider did not send the request again",
				`look for "Deploy of checkout" in the O11y console`}, "", 1},
	} {
		before := len(srv.Requests(maintenancefake.PathCreate))
		srv.Inject(c.fault)
		out, err := apply("v2")
		if err == nil {
			t.Fatalf("%s: the apply succeeded:\n%s", c.name, out)
		}
		flat := strings.Join(strings.Fields(out), " ")
		for _, w := range c.want {
			if !strings.Contains(flat, w) {
				t.Errorf("%s: the output lacks %q:\n%s", c.name, w, out)
			}
		}
		if c.lacks != "" && strings.Contains(flat, c.lacks) {
			t.Errorf("%s: the output says %q", c.name, c.lacks)
		}
		if n := len(srv.Requests(maintenancefake.PathCreate)) - before; n != 1 {
			t.Errorf("%s: %d creates sent, want exactly 1", c.name, n)
		}
		if show := cli.MustRun("state", "show", "terraform_data.deploy"); !strings.Contains(show, `input  = "v1"`) {
			t.Errorf("%s: terraform_data.deploy changed although its before_update action failed:\n%s", c.name, show)
		}
		if n := len(windows(srv)); n != c.made {
			t.Errorf("%s: %d windows on the fake, want %d", c.name, n, c.made)
		}
	}

	// Two windows, one expire that fails on the first.
	srv.ClearFaults()
	a := srv.Put(maintenancefake.Maintenance{Title: "a", Start: t0, End: t0.Add(time.Hour), Targets: []maintenancefake.Target{{Type: "infra", TargetIP: "10.0.0.1", Region: "DX-G-GB"}}})
	z := srv.Put(maintenancefake.Maintenance{Title: "z", Start: t0, End: t0.Add(time.Hour), Targets: []maintenancefake.Target{{Type: "infra", TargetIP: "10.0.0.2", Region: "DX-G-GB"}}})
	ids := []string{a, z}
	sort.Strings(ids)
	cli.Write(strings.Replace(actionSetup(srv, probe, ""), "max_retries     = 1", "max_retries     = 0", 1) + fmt.Sprintf(`
action "o11y_maintenance_expire" "ids" {
  config {
    ids = [%q, %q]
  }
}
`, ids[0], ids[1]))
	srv.Inject(maintenancefake.Fault{Path: maintenancefake.PathExpire, Status: http.StatusInternalServerError, Message: "expire is broken"})
	out, err := apply("v1", "-invoke=action.o11y_maintenance_expire.ids")
	flat := strings.Join(strings.Fields(out), " ")
	if want := fmt.Sprintf("Unable to expire 1 maintenance window: Expired: %s. Not expired (they end by themselves at their end_date; run the action again to retry): - %s: HTTP status: 500 Server message: expire is broken",
		ids[1], ids[0]); err == nil || !strings.Contains(flat, want) {
		t.Errorf("half-failed expire: err %v; the output lacks %q:\n%s", err, want, out)
	}
	if srv.Status(ids[0]) != maintenancefake.StatusActive || srv.Status(ids[1]) != maintenancefake.StatusExpired {
		t.Errorf("after the half-failed expire: %s is %s, %s is %s", ids[0], srv.Status(ids[0]), ids[1], srv.Status(ids[1]))
	}
}

// TestActionMaintenance_planTimeValidation: the resource's rules and
// messages, and the action's own bounds, before anything is sent.
func TestActionMaintenance_planTimeValidation(t *testing.T) {
	acctest.Needs(t, acctest.Actions)
	srv := startFake(t, seoul, maintenancefake.Options{})
	for _, c := range []struct{ typ, config, err string }{
		{"o11y_maintenance", `title = "x"
    targets = [` + infraGB + `]
    duration = "90s"`, "the maintenance API keeps whole minutes"},
		{"o11y_maintenance", `title = "x"
    targets = [` + infraGB + `]
    duration = "25h"`, `duration is "25h"; it must be between 1m and 24h`},
		{"o11y_maintenance", `title = "x"
    targets = [` + infraGB + `]
    end_date = "2026-02-01T09:30:00+09:00"
    duration = "30m"`, "Exactly one of these attributes must be configured: [end_date,duration]"},
		{"o11y_maintenance", `title = "x"
    targets = [{ type = "infra", region = "DX-G-GB" }]
    duration = "30m"`, "Infra target without IP"},
		{"o11y_maintenance", `title = "x"
    targets = [` + infraGB + `]
    start_date = "2026-02-01T10:00:30+09:00"
    end_date = "2026-02-01T11:00:00+09:00"`, "Maintenance times have minute precision"},
		{"o11y_maintenance", `title = "x"
    targets = [` + infraGB + `]
    end_date = "2026-01-31T11:00:00+09:00"`, "Maintenance ends in the past"},
		{"o11y_maintenance", `title = "x"
    targets = [` + infraGB + `]
    end_date = "2026-02-03T11:00:00+09:00"`, "Maintenance window too long for an action"},
		{"o11y_maintenance_expire", `title = "x"`, "Missing targets"},
		{"o11y_maintenance_expire", `targets = [` + infraGB + `, ` + infraSE + `]
    title = "x"`, "Duplicate maintenance target"},
	} {
		tc := factories(srv)
		tc.Steps = []resource.TestStep{{
			Config:   providerBlock(srv) + acctest.ActionPlanCheck(c.typ, c.config),
			PlanOnly: true, ExpectNonEmptyPlan: true, ExpectError: acctest.Phrases(c.err),
		}}
		resource.Test(t, tc)
	}
	if n := len(srv.Requests(maintenancefake.PathCreate)); n != 0 {
		t.Errorf("%d creates after refused plans", n)
	}
}
