package silence_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/provider"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/alertsilencefake"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/maintenancefake"
)

// Acceptance tests of the o11y_silence and o11y_silence_expire actions on
// the CLIs of the test matrix that have actions (Terraform 1.14+; skipped
// with the reason on the others, see acctest.Needs), against a real
// Alertmanager, directly (prometheus) and through the Grafana proxy
// (grafana). The set-up is a deploy pipeline's: a terraform_data whose
// input is the release, which opens a silence before it changes and
// expires it after; a smoke test that runs in between (the expire action's
// config refers to it, which makes Terraform run it first) asks the test
// process, through a probe, what the server holds at that moment.

const (
	actionAuthor  = "ci-pipeline"
	actionComment = "Deploy of checkout "
)

// actionSetup is the pipeline's configuration on tg; probe is the smoke
// test's probe, extra more configuration.
func actionSetup(tg target, probe *acctest.Probe, extra string) string {
	return tg.provider + fmt.Sprintf(`
action "o11y_silence" "deploy" {
  config {
    matchers   = [{ name = "service", value = "checkout" }, { name = "env", value = "prod" }]
    comment    = "%[1]s${var.input}"
    created_by = %[2]q
    duration   = "30m"
%[3]s
  }
}

action "o11y_silence_expire" "deploy" {
  config {
    # the same set of matchers, in another order and with a default spelled out
    matchers   = [{ name = "env", value = "prod" }, { name = "service", value = "checkout", is_regex = false }]
    created_by = terraform_data.smoke_test.output
  }
}
`, actionComment, actionAuthor, extra) +
		acctest.ActionPipeline("o11y_silence", "o11y_silence_expire", actionAuthor, probe.Command("${self.triggers_replace}"))
}

// actionEnv is one flavor's server, its probe, and the silences seeded on
// it that the expire action must leave alone.
type actionEnv struct {
	tg     target
	probe  *acctest.Probe
	others []string
}

func newActionEnv(t *testing.T, name string) *actionEnv {
	t.Helper()
	e := &actionEnv{tg: ownTarget(t, name, acctest.AlertmanagerOptions{})}
	e.probe = acctest.NewProbe(t, e.look)
	// Someone else's silence with the same matchers, and the pipeline's
	// own with one more matcher and with a regex: none is the action's.
	for _, s := range []alertmanager.Silence{
		{Matchers: []alertmanager.Matcher{{Name: "service", Value: "checkout", IsEqual: true}, {Name: "env", Value: "prod", IsEqual: true}}, CreatedBy: "alice"},
		{Matchers: []alertmanager.Matcher{{Name: "service", Value: "checkout", IsEqual: true}, {Name: "env", Value: "prod", IsEqual: true}, {Name: "region", Value: "eu", IsEqual: true}}, CreatedBy: actionAuthor},
		{Matchers: []alertmanager.Matcher{{Name: "service", Value: "checkout", IsEqual: true, IsRegex: true}, {Name: "env", Value: "prod", IsEqual: true}}, CreatedBy: actionAuthor},
	} {
		s.Comment, s.StartsAt, s.EndsAt = "not the action's", time.Now(), time.Now().Add(2*time.Hour)
		id, _, err := e.tg.client.Create(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		e.others = append(e.others, id)
	}
	sort.Strings(e.others)
	return e
}

// actionSilences are the silences the action created (by comment), in the
// server's order.
func (e *actionEnv) actionSilences() ([]alertmanager.Silence, error) {
	all, _, err := e.tg.client.List(context.Background(), nil)
	if err != nil {
		return nil, err
	}
	var out []alertmanager.Silence
	for _, s := range all {
		if strings.HasPrefix(s.Comment, actionComment) {
			out = append(out, s)
		}
	}
	return out, nil
}

// look is what the probe reports: every silence of the action as
// "id state comment".
func (e *actionEnv) look() string {
	ss, err := e.actionSilences()
	if err != nil {
		return "error: " + err.Error()
	}
	var lines []string
	for _, s := range ss {
		lines = append(lines, s.ID+" "+s.State+" "+s.Comment)
	}
	return strings.Join(lines, "\n")
}

// expect checks the action's silences: n of them, the last with comment
// "Deploy of checkout <release>" in state, and the seeded ones still active.
func (e *actionEnv) expect(n int, release, state string) error {
	ss, err := e.actionSilences()
	if err != nil {
		return err
	}
	if len(ss) != n {
		return fmt.Errorf("the server holds %d silences of the action, want %d: %+v", len(ss), n, ss)
	}
	if n > 0 {
		s := latest(ss)
		if s.Comment != actionComment+release || s.State != state || s.CreatedBy != actionAuthor {
			return fmt.Errorf("the action's latest silence is %+v; want comment %q, state %s, author %s", s, actionComment+release, state, actionAuthor)
		}
	}
	for _, id := range e.others {
		if err := checkServerState(e.tg.client, id, alertmanager.StateActive); err != nil {
			return fmt.Errorf("a silence that is not the action's: %w", err)
		}
	}
	return nil
}

func latest(ss []alertmanager.Silence) alertmanager.Silence {
	out := ss[0]
	for _, s := range ss[1:] {
		if s.StartsAt.After(out.StartsAt) {
			out = s
		}
	}
	return out
}

// checkFunc is a state check from a function.
type checkFunc func() error

func (f checkFunc) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f()
}

// TestActionSilence_deployWindow: an apply that changes nothing creates no
// silence, nor does a plan; an apply that changes the deploy creates
// exactly one, which the smoke test sees active and which is expired when
// the apply ends; the silences that are not exactly the action's stay.
func TestActionSilence_deployWindow(t *testing.T) {
	acctest.Needs(t, acctest.Actions)
	for _, name := range flavors(false) {
		t.Run(name, func(t *testing.T) {
			e := newActionEnv(t, name)
			cfg := actionSetup(e.tg, e.probe, "")
			v := func(release string) config.Variables {
				return config.Variables{"input": config.StringVariable(release)}
			}
			resource.Test(t, resource.TestCase{
				PreCheck:                 func() { acctest.PreCheck(t) },
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						// The first create triggers nothing (the events are updates).
						Config: cfg, ConfigVariables: v("v1"),
						ConfigStateChecks: []statecheck.StateCheck{checkFunc(func() error { return e.expect(0, "", "") })},
					},
					{
						// An apply with no change.
						Config: cfg, ConfigVariables: v("v1"),
						ConfigStateChecks: []statecheck.StateCheck{checkFunc(func() error { return e.expect(0, "", "") })},
					},
					{
						// A plan of a change.
						Config: cfg, ConfigVariables: v("v2"), PlanOnly: true, ExpectNonEmptyPlan: true,
					},
					{
						PreConfig: func() {
							if err := e.expect(0, "", ""); err != nil {
								t.Errorf("after the plan: %v", err)
							}
						},
						// The change: one silence, seen active by the smoke test, expired afterwards.
						Config: cfg, ConfigVariables: v("v2"),
						ConfigStateChecks: []statecheck.StateCheck{checkFunc(func() error {
							if err := e.expect(1, "v2", alertmanager.StateExpired); err != nil {
								return err
							}
							seen := e.probe.Seen("v2")
							ss, _ := e.actionSilences()
							if want := ss[0].ID + " active " + actionComment + "v2"; len(seen) != 1 || seen[0] != want {
								return fmt.Errorf("the smoke test saw %q, want [%q]", seen, want)
							}
							return nil
						})},
					},
					{
						// No change again: still one.
						Config: cfg, ConfigVariables: v("v2"),
						ConfigStateChecks: []statecheck.StateCheck{checkFunc(func() error { return e.expect(1, "v2", alertmanager.StateExpired) })},
					},
				},
			})
		})
	}
}

// TestActionSilence_invoke: `terraform apply -invoke` runs each action
// alone, with the progress messages the docs promise, and the count of
// firing alerts the silence mutes.
func TestActionSilence_invoke(t *testing.T) {
	b := acctest.Needs(t, acctest.Actions)
	e := newActionEnv(t, "prometheus")
	fireAlerts(t, e.tg.am.URL, []map[string]string{
		{"alertname": "HighLatency", "service": "checkout", "env": "prod", "instance": "web-1"},
		{"alertname": "HighLatency", "service": "checkout", "env": "prod", "instance": "web-2"},
		{"alertname": "HighLatency", "service": "checkout", "env": "staging", "instance": "web-9"},
	})
	cli := acctest.NewCLI(t, b, provider.Options{})
	cli.Write(actionSetup(e.tg, e.probe, ""))
	apply := func(args ...string) string {
		return cli.MustRun(append([]string{"apply", "-auto-approve", "-input=false", "-var", "input=v1"}, args...)...)
	}
	apply()
	if err := e.expect(0, "", ""); err != nil {
		t.Fatal(err)
	}

	out := apply("-invoke=action.o11y_silence.deploy")
	if err := e.expect(1, "v1", alertmanager.StateActive); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	ss, _ := e.actionSilences()
	id := ss[0].ID
	for _, want := range []string{
		"Action action.o11y_silence.deploy (triggered by CLI): created silence " + id + " on " + e.tg.am.URL + "/api/v2 (flavor prometheus) " +
			`for {service="checkout", env="prod"}; it ends by itself at ` + ss[0].EndsAt.UTC().Format(time.RFC3339) + " (in 30m). " +
			"It mutes 2 alerts that fire now:\n" +
			`  - HighLatency{instance="web-1"}  (already silenced)` + "\n" +
			`  - HighLatency{instance="web-2"}  (already silenced)` + "\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the invoke output lacks %q:\n%s", want, out)
		}
	}
	if d := ss[0].EndsAt.Sub(ss[0].StartsAt); d < 30*time.Minute-time.Second || d > 30*time.Minute+time.Second {
		t.Errorf("the silence lasts %s, want 30m", d)
	}
	if len(e.probe.Seen("v1")) != 1 {
		t.Errorf("the smoke test ran %d times for v1, want once (at the first apply)", len(e.probe.Seen("v1")))
	}

	out = apply("-invoke=action.o11y_silence_expire.deploy")
	if err := e.expect(1, "v1", alertmanager.StateExpired); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if want := "Action action.o11y_silence_expire.deploy (triggered by CLI): expired silence " + id + ` ({service="checkout", env="prod"}, created by "ci-pipeline")`; !strings.Contains(out, want) {
		t.Errorf("the expire output lacks %q:\n%s", want, out)
	}
	out = apply("-invoke=action.o11y_silence_expire.deploy")
	if want := `nothing to expire on ` + e.tg.am.URL + `/api/v2 (flavor prometheus): no pending or active silence has exactly {env="prod", service="checkout"} and created_by "ci-pipeline" (1 silence with them ended already; 2 silences match the server's filter but have more matchers or another author, and were left alone)`; !strings.Contains(out, want) {
		t.Errorf("the second expire output lacks %q:\n%s", want, out)
	}
	if err := e.expect(1, "v1", alertmanager.StateExpired); err != nil {
		t.Fatal(err)
	}
	if out := cli.MustRun("plan", "-input=false", "-var", "input=v1", "-detailed-exitcode"); !strings.Contains(out, "No changes") {
		t.Errorf("plan after the invocations:\n%s", out)
	}

	// The guard: with max_matched_alerts below the count, nothing is created.
	cli.Write(actionSetup(e.tg, e.probe, "    max_matched_alerts = 1"))
	out, err := cli.Run("apply", "-auto-approve", "-input=false", "-var", "input=v1", "-invoke=action.o11y_silence.deploy")
	if err == nil || !strings.Contains(out, "Silence would mute more alerts than max_matched_alerts") {
		t.Errorf("invoke over max_matched_alerts: err %v\n%s", err, out)
	}
	if err := e.expect(1, "v1", alertmanager.StateExpired); err != nil {
		t.Fatal(err)
	}
}

// TestActionSilence_failures: a silence action that fails on before_update
// fails the apply before the deploy changes (its input stays), shows the
// server's message, and a create whose answer was lost is reported as
// "may exist" and sent once.
func TestActionSilence_failures(t *testing.T) {
	b := acctest.Needs(t, acctest.Actions)
	am := acctest.StartAlertmanager(t, acctest.AlertmanagerOptions{})
	proxy := startAMProxy(t, am.URL)
	e := &actionEnv{tg: newTarget(t, "prometheus", proxy.URL, alertmanager.FlavorPrometheus, authCfg{}, am)}
	e.probe = acctest.NewProbe(t, e.look)
	cli := acctest.NewCLI(t, b, provider.Options{})
	cli.Write(strings.Replace(actionSetup(e.tg, e.probe, ""), "max_retries     = 2", "max_retries     = 0", 1))
	apply := func(release string) (string, error) {
		return cli.Run("apply", "-auto-approve", "-input=false", "-var", "input="+release)
	}
	if out, err := apply("v1"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	input := func() string {
		var show struct {
			Values struct {
				RootModule struct {
					Resources []struct {
						Address string         `json:"address"`
						Values  map[string]any `json:"values"`
					} `json:"resources"`
				} `json:"root_module"`
			} `json:"values"`
		}
		if err := json.Unmarshal([]byte(cli.MustRun("show", "-json")), &show); err != nil {
			t.Fatal(err)
		}
		for _, r := range show.Values.RootModule.Resources {
			if r.Address == "terraform_data.deploy" {
				s, _ := r.Values["input"].(string)
				return s
			}
		}
		t.Fatal("terraform_data.deploy is not in the state")
		return ""
	}
	posts := func() int { return len(proxy.callsOf(http.MethodPost)) }

	for _, c := range []struct {
		status int
		want   []string
		lacks  string
	}{
		{http.StatusInternalServerError, []string{"Unable to create silence", "HTTP status: 500", "Server message: silence store unavailable (injected)"}, "may have been created"},
		{http.StatusBadGateway, []string{"Unable to create silence", "The silence may have been created anyway: the provider did not send the request again",
			`created_by "ci-pipeline", comment "Deploy of checkout v2"`}, ""},
	} {
		before := posts()
		proxy.failNextPostsWith(1, c.status)
		out, err := apply("v2")
		if err == nil {
			t.Fatalf("HTTP %d: the apply succeeded:\n%s", c.status, out)
		}
		flat := strings.Join(strings.Fields(out), " ")
		for _, w := range c.want {
			if !strings.Contains(flat, w) {
				t.Errorf("HTTP %d: the output lacks %q:\n%s", c.status, w, out)
			}
		}
		if c.lacks != "" && strings.Contains(flat, c.lacks) {
			t.Errorf("HTTP %d: the output says %q:\n%s", c.status, c.lacks, out)
		}
		if n := posts() - before; n != 1 {
			t.Errorf("HTTP %d: %d silence creations sent, want exactly 1", c.status, n)
		}
		if got := input(); got != "v1" {
			t.Errorf("HTTP %d: terraform_data.deploy's input is %q after the failed before_update action, want the old v1", c.status, got)
		}
		if err := e.expect(0, "", ""); err != nil {
			t.Errorf("HTTP %d: %v", c.status, err)
		}
		if n := len(e.probe.Seen("v2")); n != 0 {
			t.Errorf("HTTP %d: the smoke test ran %d times", c.status, n)
		}
	}
	// The next apply goes through.
	if out, err := apply("v2"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got := input(); got != "v2" {
		t.Errorf("input %q after the good apply", got)
	}
	if err := e.expect(1, "v2", alertmanager.StateExpired); err != nil {
		t.Error(err)
	}

	// An expire that fails halfway says which silences it expired.
	var ids []string
	for i := 0; i < 2; i++ {
		id, _, err := e.tg.client.Create(context.Background(), alertmanager.Silence{
			Matchers: []alertmanager.Matcher{{Name: "job", Value: fmt.Sprint("batch-", i), IsEqual: true}},
			StartsAt: time.Now(), EndsAt: time.Now().Add(time.Hour), CreatedBy: "ops", Comment: "maintenance"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	sort.Strings(ids)
	cli.Write(strings.Replace(actionSetup(e.tg, e.probe, ""), "max_retries     = 2", "max_retries     = 0", 1) + fmt.Sprintf(`
action "o11y_silence_expire" "ids" {
  config {
    ids = [%q, %q]
  }
}
`, ids[0], ids[1]))
	proxy.failNextWith(http.MethodDelete, 1, http.StatusInternalServerError)
	out, err := cli.Run("apply", "-auto-approve", "-input=false", "-var", "input=v2", "-invoke=action.o11y_silence_expire.ids")
	flat := strings.Join(strings.Fields(out), " ")
	if want := fmt.Sprintf("Unable to expire 1 silence: Expired: %s. Not expired (they end by themselves at their end; run the action again to retry): - %s: HTTP status: 500 Server message: silence store unavailable (injected)",
		ids[1], ids[0]); err == nil || !strings.Contains(flat, want) {
		t.Errorf("half-failed expire: err %v, output lacks %q:\n%s", err, want, out)
	}
	if err := checkServerState(e.tg.client, ids[0], alertmanager.StateActive); err != nil {
		t.Error(err)
	}
	if err := checkServerState(e.tg.client, ids[1], alertmanager.StateExpired); err != nil {
		t.Error(err)
	}
}

// TestActionSilence_planTimeValidation: the resource's rules and messages,
// before anything runs.
func TestActionSilence_planTimeValidation(t *testing.T) {
	acctest.Needs(t, acctest.Actions)
	tg := targetFor(t, "prometheus", acctest.StartAlertmanager(t, acctest.AlertmanagerOptions{}))
	for _, c := range []struct {
		typ, config, err string
	}{
		{"o11y_silence", `matchers = [{ name = "alertname", value = ".*", is_regex = true }]
    comment  = "c"
    duration = "30m"`, "Every matcher matches the empty string"},
		{"o11y_silence", `matchers = [{ name = "alertname", value = "x", is_equal = false }, { name = "a", value = ".+", is_regex = true }]
    comment  = "c"
    duration = "30m"`, "Silence would match almost every alert"},
		{"o11y_silence", `matchers = [{ name = "alertname", value = "x" }]
    comment  = "c"
    duration = "25h"`, `duration is "25h"; it must be between 1m and 24h`},
		{"o11y_silence", `source_type       = "Equipment"
    source_id_pattern = "Equipment-01"
    comment           = "c"
    duration          = "30m"`, "source_type needs the alert-silence flavor"},
		{"o11y_silence", `comment  = "c"
    duration = "30m"`, "Nothing to silence"},
		{"o11y_silence_expire", `matchers = [{ name = "alertname", value = "x" }]`, "Missing created_by"},
		{"o11y_silence_expire", `ids        = ["2243b2e6-8e2c-4a3b-9d1a-1f6a0c1e7b5d"]
    created_by = "me"`, "ids and matchers together"},
		{"o11y_silence_expire", `ids = ["not-an-id"]`, `"not-an-id" is not a silence id`},
	} {
		resource.Test(t, resource.TestCase{
			PreCheck:                 func() { acctest.PreCheck(t) },
			ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config:   tg.provider + acctest.ActionPlanCheck(c.typ, c.config),
				PlanOnly: true, ExpectNonEmptyPlan: true, ExpectError: phrases(c.err),
			}},
		})
	}
	// Nothing reached the server.
	if ss, _, err := tg.client.List(context.Background(), nil); err != nil || len(ss) != 0 {
		t.Errorf("silences after refused plans: %v %+v", err, ss)
	}
}

// TestActionSilence_alertSilenceFlavor: on the Alert Silence API the action
// creates a silence by source (and says it cannot count alerts), and the
// expire action deletes exactly the one with the same source and author.
func TestActionSilence_alertSilenceFlavor(t *testing.T) {
	b := acctest.Needs(t, acctest.Actions)
	srv := alertsilencefake.Start(t, alertsilencefake.Options{})
	other := outOfBand(t, srv, "Equipment", "Equipment-01")
	cli := acctest.NewCLI(t, b, provider.Options{})
	cli.Write(alertSilenceProvider(srv.URL) + `
action "o11y_silence" "motor" {
  config {
    source_type       = "Equipment"
    source_id_pattern = "Equipment-01"
    comment           = "Motor replacement, CHG-1234"
    created_by        = "ci-pipeline"
    duration          = "2h"
  }
}

action "o11y_silence_expire" "motor" {
  config {
    source_type       = "Equipment"
    source_id_pattern = "Equipment-01"
    created_by        = "ci-pipeline"
  }
}
`)
	out := cli.MustRun("apply", "-auto-approve", "-input=false", "-invoke=action.o11y_silence.motor")
	var mine []alertsilencefake.Silence
	for _, s := range srv.Silences() {
		if s.SilenceID != other {
			mine = append(mine, s)
		}
	}
	if len(mine) != 1 || mine[0].Reason != "Motor replacement, CHG-1234" || mine[0].CreatedBy != "ci-pipeline" ||
		mine[0].EndsAt.Sub(mine[0].StartsAt) < 2*time.Hour-time.Second {
		t.Fatalf("silences created: %+v\n%s", mine, out)
	}
	for _, want := range []string{
		"created silence " + mine[0].SilenceID + " on " + srv.URL + "/api/v1.0/alert-silence (flavor alert-silence) for source_type \"Equipment\", source_id_pattern \"Equipment-01\"",
		"The alert-silence API has no alerts API, so the firing alerts it mutes were not counted.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
	out = cli.MustRun("apply", "-auto-approve", "-input=false", "-invoke=action.o11y_silence_expire.motor")
	if !strings.Contains(out, "deleted silence "+mine[0].SilenceID) {
		t.Errorf("the expire output:\n%s", out)
	}
	if _, ok := srv.Get(mine[0].SilenceID); ok {
		t.Errorf("silence %s is still on the server", mine[0].SilenceID)
	}
	if _, ok := srv.Get(other); !ok {
		t.Errorf("someone else's silence %s with the same source was deleted", other)
	}
}

// TestActionExamples applies the documented action examples (silence and
// maintenance together, as a pipeline would) on a CLI with actions: the
// first apply and a change each open and close one silence and one window,
// an apply without a change and a plan open nothing, and the by-hand
// expire actions run alone with `-invoke`.
func TestActionExamples(t *testing.T) {
	b := acctest.Needs(t, acctest.Actions)
	e := newEphEnv(t)
	cli := acctest.NewCLI(t, b, provider.Options{})
	cfg := e.providerBlock()
	for _, name := range []string{"o11y_silence", "o11y_silence_expire", "o11y_maintenance", "o11y_maintenance_expire"} {
		cfg += readExample(t, "actions/"+name+"/action.tf")
	}
	cli.Write(cfg)
	run := func(release string, args ...string) string {
		return cli.MustRun(append([]string{"apply", "-auto-approve", "-input=false", "-var", "release=" + release, "-var", "schema_version=42"}, args...)...)
	}
	expect := func(when string, comments ...string) {
		t.Helper()
		var got []string
		for _, s := range e.silences(t) {
			if s.State != alertmanager.StateExpired || s.CreatedBy != "ci-checkout-deploy" {
				t.Errorf("%s: silence %+v; want expired, by ci-checkout-deploy", when, s)
			}
			got = append(got, s.Comment)
		}
		sort.Strings(got)
		if strings.Join(got, "|") != strings.Join(comments, "|") {
			t.Errorf("%s: silences %q, want %q", when, got, comments)
		}
		ids := e.maintenanceIDs()
		if len(ids) != 1 || e.mf.Status(ids[0]) != maintenancefake.StatusExpired {
			t.Errorf("%s: windows %v, want silence-12345 expired", when, ids)
		} else if m, _ := e.mf.Get(ids[0]); m.Title != "Schema migration of orders-db to 42" || len(m.Targets) != 2 {
			t.Errorf("%s: window %+v", when, m)
		}
	}
	run("v1")
	expect("after the first apply", "Deploy of checkout-api v1 by CI")
	run("v1")
	expect("after an apply without a change", "Deploy of checkout-api v1 by CI")
	run("v2")
	expect("after the change", "Deploy of checkout-api v1 by CI", "Deploy of checkout-api v2 by CI")
	cli.MustRun("plan", "-input=false", "-var", "release=v3", "-var", "schema_version=43")
	expect("after a plan", "Deploy of checkout-api v1 by CI", "Deploy of checkout-api v2 by CI")

	for _, c := range []struct{ action, want string }{
		{"action.o11y_silence_expire.checkout_leftovers", "nothing to expire"},
		{"action.o11y_silence_expire.by_id", "nothing to expire on " + e.proxy.URL + "/api/v2 (flavor prometheus): not on the server: 2243b2e6-8e2c-4a3b-9d1a-1f6a0c1e7b5d."},
		{"action.o11y_maintenance_expire.by_id", "nothing to expire on " + e.mf.URL + ": ended already: silence-12345."},
	} {
		if out := run("v2", "-invoke="+c.action); !strings.Contains(out, c.want) {
			t.Errorf("%s: the output lacks %q:\n%s", c.action, c.want, out)
		}
	}
	expect("after the invocations", "Deploy of checkout-api v1 by CI", "Deploy of checkout-api v2 by CI")
}
