package silence_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/provider"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/alertsilencefake"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/grafanaproxy"
)

// The preview's acceptance tests: a real Alertmanager with five firing
// alerts, reached directly (prometheus) or through the Grafana proxy
// (grafana, basic auth and org 2), behind a proxy that counts the
// GET .../alerts requests and can make them fail.

// previewAlerts are the firing alerts every preview test starts with.
var previewAlerts = []map[string]string{
	{"alertname": "HighCPU", "instance": "web-1", "job": "node", "team": "infra"},
	{"alertname": "HighCPU", "instance": "web-2", "job": "node", "team": "infra"},
	{"alertname": "HighCPU", "instance": "web-3", "job": "node", "team": "infra"},
	{"alertname": "DiskFull", "instance": "db-1", "mountpoint": "/data", "team": "infra"},
	{"alertname": "DiskFull", "instance": "db-2", "mountpoint": "/logs", "team": "infra"},
}

// fireAlerts makes alerts fire on a real Alertmanager for an hour.
func fireAlerts(t *testing.T, amURL string, labelSets []map[string]string) {
	t.Helper()
	type postable struct {
		Labels   map[string]string `json:"labels"`
		StartsAt time.Time         `json:"startsAt"`
		EndsAt   time.Time         `json:"endsAt"`
	}
	var body []postable
	for _, ls := range labelSets {
		body = append(body, postable{Labels: ls, StartsAt: time.Now().Add(-time.Minute), EndsAt: time.Now().Add(time.Hour)})
	}
	b, _ := json.Marshal(body)
	resp, err := http.Post(amURL+"/api/v2/alerts", "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("posting alerts: HTTP %d", resp.StatusCode)
	}
}

// previewEnv is one flavor's server with a request-counting front.
type previewEnv struct {
	name   string
	url    string
	alerts atomic.Int64 // GET .../alerts requests seen
	fail   atomic.Int64 // when non-zero, the status those requests get
	client *alertmanager.Client
}

func newPreviewEnv(t *testing.T, name string, am *acctest.Alertmanager) *previewEnv {
	t.Helper()
	var upstream http.Handler
	if name == "grafana" {
		upstream = grafanaproxy.New(am.URL, grafanaproxy.Options{Username: "admin", Password: "s3cret", OrgID: 2})
	} else {
		u, _ := url.Parse(am.URL)
		upstream = httputil.NewSingleHostReverseProxy(u)
	}
	e := &previewEnv{name: name}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/api/v2/alerts") {
			e.alerts.Add(1)
			if code := e.fail.Load(); code != 0 {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(int(code))
				_, _ = fmt.Fprintf(w, `{"message":"injected %d: permissions needed: alert.instances:read"}`, code)
				return
			}
		}
		upstream.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	e.url = srv.URL
	tg := targetFor(t, name, am)
	e.client = tg.client
	return e
}

// provider is the provider block; extra goes into the alertmanager block.
func (e *previewEnv) provider(extra string) string {
	auth := ""
	if e.name == "grafana" {
		auth = "\n    username = \"admin\"\n    password = \"s3cret\"\n    org_id   = 2"
	}
	return fmt.Sprintf(`provider "o11y" {
  request_timeout = "5s"
  max_retries     = 0
  alertmanager {
    url    = %q
    flavor = %q%s
    %s
  }
}
`, e.url, e.name, auth, extra)
}

// silenceBlock is an o11y_silence with the given matchers (HCL list items).
func silenceBlock(name, comment, extra string, matchers ...string) string {
	return fmt.Sprintf(`resource "o11y_silence" %q {
  matchers = [
    %s,
  ]
  duration = "1h"
  comment  = %q
  %s
}
`, name, strings.Join(matchers, ",\n    "), comment, extra)
}

// alertRequests is a plan check: the plan made exactly want alerts
// requests since *since was taken.
type alertRequests struct {
	e     *previewEnv
	since *int64
	want  int64
}

func (c alertRequests) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	if got := c.e.alerts.Load() - *c.since; got != c.want {
		resp.Error = fmt.Errorf("%d GET /alerts requests during the plan, want %d", got, c.want)
	}
}

// phrases matches the given phrases in order, whatever way terraform wraps
// their words.
var phrases = acctest.Phrases

type tfDiag struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail"`
}

// planJSON runs `terraform plan -json` on config with the provider served
// in-process and returns the diagnostics terraform printed.
func planJSON(t *testing.T, config string) []tfDiag {
	t.Helper()
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	dir := t.TempDir()
	cfg := "terraform {\n  required_providers {\n    o11y = { source = \"nhn-o11y/o11y\" }\n  }\n}\n" + config
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "TF_REATTACH_PROVIDERS="+acctest.ServeInProcess(t, host+"/nhn-o11y/o11y", provider.Options{}),
		"TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
	run := func(args ...string) ([]byte, error) {
		cmd := exec.Command(bin, args...)
		cmd.Dir, cmd.Env = dir, env
		return cmd.CombinedOutput()
	}
	if out, err := run("init", "-input=false", "-no-color"); err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	out, err := run("plan", "-json", "-input=false", "-lock=false")
	var diags []tfDiag
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var line struct {
			Type       string `json:"type"`
			Diagnostic tfDiag `json:"diagnostic"`
		}
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Type == "diagnostic" {
			diags = append(diags, line.Diagnostic)
		}
	}
	if err != nil {
		t.Fatalf("plan failed: %v\n%s", err, out)
	}
	return diags
}

// diagWith returns the one diagnostic whose detail contains key.
func diagWith(t *testing.T, diags []tfDiag, key string) tfDiag {
	t.Helper()
	var found []tfDiag
	for _, d := range diags {
		if strings.Contains(d.Detail, key) {
			found = append(found, d)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d diagnostics mention %s, want 1: %+v", len(found), key, diags)
	}
	return found[0]
}

func expectDiag(t *testing.T, d tfDiag, severity, summary string, contains []string, lacks ...string) {
	t.Helper()
	if d.Severity != severity || d.Summary != summary {
		t.Errorf("got %s %q, want %s %q", d.Severity, d.Summary, severity, summary)
	}
	for _, s := range contains {
		if !strings.Contains(d.Detail, s) {
			t.Errorf("%q: detail lacks %q:\n%s", d.Summary, s, d.Detail)
		}
	}
	for _, s := range lacks {
		if strings.Contains(d.Detail, s) {
			t.Errorf("%q: detail has %q:\n%s", d.Summary, s, d.Detail)
		}
	}
}

// TestSilencePreview_warning plans five new silences with `terraform plan
// -json` and reads the warnings: counts and label sets for =, =~, != and
// !~ matchers, an alert another silence already mutes, no match at all,
// and one alerts request for the plan, however many silences it previews.
func TestSilencePreview_warning(t *testing.T) {
	acctest.PreCheck(t)
	t.Parallel()
	am := acctest.StartAlertmanager(t, acctest.AlertmanagerOptions{})
	fireAlerts(t, am.URL, previewAlerts)
	// Another silence already mutes web-1.
	other, _, err := targetFor(t, "prometheus", am).client.Create(context.Background(), alertmanager.Silence{
		Matchers: []alertmanager.Matcher{{Name: "instance", Value: "web-1", IsEqual: true}},
		StartsAt: time.Now(), EndsAt: time.Now().Add(time.Hour), CreatedBy: "test", Comment: "web-1 is being rebuilt",
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"prometheus", "grafana"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newPreviewEnv(t, name, am)
			cfg := e.provider("") +
				silenceBlock("cpu", "all HighCPU", "", `{ name = "alertname", value = "HighCPU" }`) +
				silenceBlock("regex", "web-1 and web-2", "", `{ name = "alertname", value = "HighCPU" }`, `{ name = "instance", value = "web-[12]", is_regex = true }`) +
				silenceBlock("negative", "all but HighCPU", "", `{ name = "team", value = "infra" }`, `{ name = "alertname", value = "HighCPU", is_equal = false }`) +
				silenceBlock("negregex", "not web-1, web-2, db-1", "", `{ name = "team", value = "infra" }`, `{ name = "instance", value = "web-[12]|db-1", is_regex = true, is_equal = false }`) +
				silenceBlock("none", "a typo", "", `{ name = "alertname", value = "HighCPUU" }`)
			diags := planJSON(t, cfg)
			if n := e.alerts.Load(); n != 1 {
				t.Errorf("%d alerts requests for 5 planned silences, want 1 (one per plan phase)", n)
			}
			if len(diags) != 5 {
				t.Errorf("%d diagnostics, want 5: %+v", len(diags), diags)
			}
			expectDiag(t, diagWith(t, diags, `{alertname="HighCPU"}`), "warning", "Silence would mute 3 firing alerts", []string{
				`match 3 alerts that fire now:`,
				`  - HighCPU{instance="web-1"}  (already silenced)`,
				`  - HighCPU{instance="web-2"}`,
				`  - HighCPU{instance="web-3"}`,
				"1 of them is already silenced by another silence (" + other + ").",
			}, "DiskFull")
			expectDiag(t, diagWith(t, diags, `{alertname="HighCPU", instance=~"web-[12]"}`), "warning", "Silence would mute 2 firing alerts", []string{
				`  - HighCPU{instance="web-1"}  (already silenced)`, `  - HighCPU{instance="web-2"}`,
			}, "web-3")
			expectDiag(t, diagWith(t, diags, `{team="infra", alertname!="HighCPU"}`), "warning", "Silence would mute 2 firing alerts", []string{
				`  - DiskFull{instance="db-1", mountpoint="/data"}`, `  - DiskFull{instance="db-2", mountpoint="/logs"}`,
			}, "HighCPU{", "already silenced")
			expectDiag(t, diagWith(t, diags, `{team="infra", instance!~"web-[12]|db-1"}`), "warning", "Silence would mute 2 firing alerts", []string{
				`  - DiskFull{instance="db-2", mountpoint="/logs"}`, `  - HighCPU{instance="web-3", job="node"}`,
			}, "web-1", `instance="db-1"`)
			expectDiag(t, diagWith(t, diags, `{alertname="HighCPUU"}`), "warning", "Silence would mute no firing alert", []string{
				"match no alert that fires now", "check the matchers for typos",
			})
		})
	}
}

// TestSilencePreview_guard: max_matched_alerts refuses a create that
// matches too much (the guard's error names the count and the matches),
// lets one within the limit through, is never checked on no-op and
// comment-only plans (no alerts request at all, nor on destroy), and
// checks a matcher change (a replacement: one request in its plan). The
// counts are per plan phase: the previews of one phase share one alerts
// list.
func TestSilencePreview_guard(t *testing.T) {
	acctest.PreCheck(t)
	t.Parallel()
	am := acctest.StartAlertmanager(t, acctest.AlertmanagerOptions{})
	fireAlerts(t, am.URL, previewAlerts)
	for _, name := range []string{"prometheus", "grafana"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newPreviewEnv(t, name, am)
			const guard = "max_matched_alerts = 2"
			one := silenceBlock("test", "web-1", guard, `{ name = "alertname", value = "HighCPU" }`, `{ name = "instance", value = "web-1" }`)
			oneComment := silenceBlock("test", "web-1, longer", guard, `{ name = "alertname", value = "HighCPU" }`, `{ name = "instance", value = "web-1" }`)
			two := silenceBlock("test", "web-1, longer", guard, `{ name = "alertname", value = "HighCPU" }`, `{ name = "instance", value = "web-[12]", is_regex = true }`)
			var since int64
			mark := func() { since = e.alerts.Load() }
			requests := func(n int64) plancheck.PlanCheck { return alertRequests{e: e, since: &since, want: n} }
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy: func(*terraform.State) error {
					if got := e.alerts.Load() - since; got != 0 {
						return fmt.Errorf("%d alerts requests since the last plan (destroy), want 0", got)
					}
					return nil
				},
				Steps: []resource.TestStep{
					{
						Config: e.provider("") + silenceBlock("test", "all HighCPU", guard, `{ name = "alertname", value = "HighCPU" }`),
						ExpectError: phrases("Silence would mute more alerts than max_matched_alerts",
							"match 3 alerts that fire now, more than max_matched_alerts = 2:", `HighCPU{instance="web-1"}`, `HighCPU{instance="web-2"}`,
							`HighCPU{instance="web-3"}`, "Narrow the matchers", "raise `max_matched_alerts` to 3 or more"),
					},
					{
						PreConfig: mark,
						Config:    e.provider("") + one,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate), requests(1),
						}},
					},
					{
						PreConfig: mark,
						Config:    e.provider("") + one,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectEmptyPlan(), requests(0),
						}},
					},
					{
						PreConfig: mark,
						Config:    e.provider("") + oneComment,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate), requests(0)},
							PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), requests(0)}, // nor during apply
						},
					},
					{
						PreConfig: mark,
						Config:    e.provider("") + two,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate), requests(1),
						}},
					},
					{
						Config:      e.provider("") + silenceBlock("test", "web-1, longer", guard, `{ name = "alertname", value = "HighCPU" }`, `{ name = "instance", value = "web-.+", is_regex = true }`),
						ExpectError: phrases(`{alertname="HighCPU", instance=~"web-.+"}`, "match 3 alerts that fire now, more than max_matched_alerts = 2"),
					},
					{
						PreConfig: mark,
						Config:    e.provider("") + two,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectEmptyPlan(), requests(0),
						}},
					},
				},
			})
		})
	}
}

// TestSilencePreview_unavailable: an alerts request that fails (403, 500,
// unreachable) leaves a plan working with a "no preview" warning, and
// fails it when max_matched_alerts is set.
func TestSilencePreview_unavailable(t *testing.T) {
	acctest.PreCheck(t)
	t.Parallel()
	am := acctest.StartAlertmanager(t, acctest.AlertmanagerOptions{})
	fireAlerts(t, am.URL, previewAlerts)
	for _, name := range []string{"prometheus", "grafana"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newPreviewEnv(t, name, am)
			block := silenceBlock("test", "cpu", "", `{ name = "alertname", value = "HighCPU" }`)
			guarded := silenceBlock("test", "cpu", "max_matched_alerts = 10", `{ name = "alertname", value = "HighCPU" }`)

			e.fail.Store(http.StatusForbidden)
			diags := planJSON(t, e.provider("")+block)
			if len(diags) != 1 {
				t.Fatalf("diagnostics: %+v, want one warning", diags)
			}
			expectDiag(t, diags[0], "warning", "No preview of the alerts this silence would mute", []string{
				`{alertname="HighCPU"}`, "HTTP 403", "alert.instances:read", "preview_alerts = false",
			})

			// Unreachable: the plan still works.
			dead := httptest.NewServer(http.NotFoundHandler())
			deadURL := dead.URL
			dead.Close()
			diags = planJSON(t, strings.Replace(e.provider(""), e.url, deadURL, 1)+block)
			if len(diags) != 1 {
				t.Fatalf("diagnostics: %+v, want one warning", diags)
			}
			expectDiag(t, diags[0], "warning", "No preview of the alerts this silence would mute", []string{"connection refused"})

			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						PreConfig:   func() { e.fail.Store(http.StatusForbidden) },
						Config:      e.provider("") + guarded,
						ExpectError: phrases("Unable to check max_matched_alerts", "max_matched_alerts is 10", "HTTP 403", "The guard cannot be checked"),
					},
					{
						PreConfig:   func() { e.fail.Store(http.StatusInternalServerError) },
						Config:      e.provider("") + guarded,
						ExpectError: phrases("Unable to check max_matched_alerts", "HTTP 500"),
					},
					{
						// Without the guard a failing preview does not stop the apply.
						Config: e.provider("") + block,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
						}},
					},
				},
			})
		})
	}
}

// TestSilencePreview_noRequest: preview_alerts = false sends no alerts
// request (and refuses max_matched_alerts, which it could not check), and
// matchers known only at apply skip the preview in the plan.
func TestSilencePreview_noRequest(t *testing.T) {
	acctest.PreCheck(t)
	t.Parallel()
	am := acctest.StartAlertmanager(t, acctest.AlertmanagerOptions{})
	fireAlerts(t, am.URL, previewAlerts)
	for _, name := range []string{"prometheus", "grafana"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newPreviewEnv(t, name, am)
			off := e.provider("preview_alerts = false")
			var since int64
			mark := func() { since = e.alerts.Load() }
			requests := func(n int64) plancheck.PlanCheck { return alertRequests{e: e, since: &since, want: n} }
			unknown := `resource "terraform_data" "name" {
  input = "HighCPU"
}
` + silenceBlock("test", "cpu", "", `{ name = "alertname", value = terraform_data.name.output }`)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy: func(*terraform.State) error {
					if n := e.alerts.Load(); n != 1 {
						return fmt.Errorf("%d alerts requests in all, want 1 (the apply of the unknown matcher)", n)
					}
					return nil
				},
				Steps: []resource.TestStep{
					{
						Config:      off + silenceBlock("test", "cpu", "max_matched_alerts = 5", `{ name = "alertname", value = "HighCPU" }`),
						ExpectError: phrases("Unable to check max_matched_alerts", "`alertmanager.preview_alerts` is false"),
					},
					{
						PreConfig: mark,
						Config:    off + silenceBlock("test", "cpu", "", `{ name = "alertname", value = "HighCPU" }`),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate), requests(0)},
							PostApplyPostRefresh: []plancheck.PlanCheck{requests(0)},
						},
					},
					{
						PreConfig: mark,
						Config:    off + silenceBlock("test", "cpu", "", `{ name = "alertname", value = "DiskFull" }`),
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate), requests(0)},
							PostApplyPostRefresh: []plancheck.PlanCheck{requests(0)},
						},
					},
					{
						// The matcher's value is known only at apply: no preview in
						// the plan; the apply, which plans again, previews it.
						PreConfig: mark,
						Config:    e.provider("") + unknown,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate), requests(0)},
							PostApplyPostRefresh: []plancheck.PlanCheck{requests(1)},
						},
					},
				},
			})
		})
	}
}

// TestSilencePreview_alertSilenceFlavor: the Alert Silence API has no alerts
// API, so a create warns that there is no preview, and max_matched_alerts
// is refused at plan time.
func TestSilencePreview_alertSilenceFlavor(t *testing.T) {
	acctest.PreCheck(t)
	t.Parallel()
	srv := alertsilencefake.Start(t, alertsilencefake.Options{})
	body := `resource "o11y_silence" "test" {
  source_type       = "Equipment"
  source_id_pattern = "Equipment-01"
  duration          = "1h"
  comment           = "motor replacement"
  %s
}
`
	diags := planJSON(t, alertSilenceProvider(srv.URL)+fmt.Sprintf(body, ""))
	if len(diags) != 1 {
		t.Fatalf("diagnostics: %+v, want one warning", diags)
	}
	expectDiag(t, diags[0], "warning", "No preview of the alerts this silence would mute", []string{`"alert-silence"`, "has no alerts API", "preview_alerts = false"})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      alertSilenceProvider(srv.URL) + fmt.Sprintf(body, "max_matched_alerts = 3"),
			ExpectError: phrases("max_matched_alerts needs the grafana or prometheus flavor", "Remove `max_matched_alerts`"),
		}},
	})
}
