package sandbox_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/sandbox"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/faultinject"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/maintenancefake"
)

func TestMain(m *testing.M) { acctest.Main(m) }

func start(t *testing.T, o sandbox.Options) *sandbox.Sandbox {
	t.Helper()
	sb, err := sandbox.Start(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sb.Close)
	return sb
}

// useSandbox points the provider (through its environment variables) at sb.
func useSandbox(t *testing.T, sb *sandbox.Sandbox) {
	for _, kv := range sb.Env() {
		t.Setenv(kv[0], kv[1])
	}
}

func get(t *testing.T, url, user, pass string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if user != "" {
		req.SetBasicAuth(user, pass)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// TestSandbox_servesEveryAPIWithAuth checks the sandbox as a user meets it:
// Grafana's paths need the printed basic auth, the fakes need their keys.
func TestSandbox_servesEveryAPIWithAuth(t *testing.T) {
	sb := start(t, sandbox.Options{})
	silences := sb.URLs[sandbox.APIGrafana] + "/api/alertmanager/grafana/api/v2/silences"
	if code, _ := get(t, silences, "", ""); code != http.StatusUnauthorized {
		t.Fatalf("Grafana path without auth: HTTP %d, want 401", code)
	}
	if code, body := get(t, silences, sb.GrafanaUser, sb.GrafanaPassword); code != http.StatusOK || strings.TrimSpace(string(body)) != "[]" {
		t.Fatalf("Grafana path with auth: HTTP %d %s, want 200 []", code, body)
	}
	if code, body := get(t, sb.URLs[sandbox.APIAlertSilence]+"/api/v1.0/alert-silence", "", ""); code != http.StatusOK || strings.TrimSpace(string(body)) != "[]" {
		t.Fatalf("alert-silence list: HTTP %d %s", code, body)
	}
	env := map[string]string{}
	for _, kv := range sb.Env() {
		env[kv[0]] = kv[1]
	}
	for _, k := range []string{"O11Y_MAINTENANCE_URL", "O11Y_MAINTENANCE_API_KEY", "GRAFANA_URL", "GRAFANA_PASSWORD", "NHN_APPKEY", "NHN_SECRET_ACCESS_KEY"} {
		if env[k] == "" {
			t.Errorf("export line for %s missing", k)
		}
	}
}

// TestSandbox_faultFlags: a fault queued for one API answers there once.
func TestSandbox_faultFlags(t *testing.T) {
	sb := start(t, sandbox.Options{Faults: map[string][]faultinject.Fault{sandbox.APIAlertSilence: {{Status: 503, Times: 1}}}})
	url := sb.URLs[sandbox.APIAlertSilence] + "/api/v1.0/alert-silence"
	if code, _ := get(t, url, "", ""); code != 503 {
		t.Fatalf("first call: HTTP %d, want the injected 503", code)
	}
	if code, _ := get(t, url, "", ""); code != 200 {
		t.Fatalf("second call: HTTP %d, want 200", code)
	}
	if err := sb.Inject("loki", faultinject.Fault{Status: 500}); err == nil {
		t.Fatal("unknown API accepted")
	}
}

// TestParseFaults: counts and percentages of calls; anything else is
// refused with the flag in the message.
func TestParseFaults(t *testing.T) {
	t.Parallel()
	got, err := sandbox.ParseFaults([]string{"prometheus:503:2.5%", "grafana:429:3:1"}, []string{"prometheus:2.5%", "maintenance"}, []string{"resource-watcher:2s:5%"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]faultinject.Fault{
		sandbox.APIPrometheus:      {{Status: 503, Probability: 0.025}, {Reset: true, Probability: 0.025}},
		sandbox.APIGrafana:         {{Status: 429, Times: 3, RetryAfter: "1"}},
		sandbox.APIMaintenance:     {{Reset: true, Times: 1}},
		sandbox.APIResourceWatcher: {{Delay: 2 * time.Second, Probability: 0.05}},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	for _, bad := range [][]string{{"prometheus:503:0%"}, {"prometheus:503:101%"}, {"prometheus:503:x%"}, {"prometheus:503:0"}, {"loki:503"}} {
		if _, err := sandbox.ParseFaults(bad, nil, nil); err == nil || !strings.Contains(err.Error(), bad[0]) {
			t.Errorf("%v: err = %v, want a refusal naming the flag", bad, err)
		}
	}
}

// TestSandbox_prometheusFront: Alertmanager itself is served through a front
// that counts requests and accepted TCP connections (a keep-alive client
// opens one), and takes faults like the other APIs.
func TestSandbox_prometheusFront(t *testing.T) {
	sb := start(t, sandbox.Options{Faults: map[string][]faultinject.Fault{sandbox.APIPrometheus: {{Status: 503, Times: 1}}}})
	url := sb.URLs[sandbox.APIPrometheus] + "/api/v2/silences"
	if code, _ := get(t, url, "", ""); code != http.StatusServiceUnavailable {
		t.Fatalf("first call: HTTP %d, want the injected 503", code)
	}
	sb.ResetCalls()
	client := &http.Client{Transport: &http.Transport{}}
	for i := 0; i < 5; i++ {
		resp, err := client.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || strings.TrimSpace(string(b)) != "[]" {
			t.Fatalf("call %d: HTTP %d %s, want Alertmanager's empty list", i, resp.StatusCode, b)
		}
	}
	if calls, conns := sb.Calls()[sandbox.APIPrometheus], sb.Conns()[sandbox.APIPrometheus]; calls != 5 || conns != 1 {
		t.Fatalf("%d calls over %d connections, want 5 over 1", calls, conns)
	}
	if sb.Faults()[sandbox.APIPrometheus] != 1 {
		t.Fatalf("faults fired: %v, want one on prometheus", sb.Faults())
	}
}

// TestSandbox_stateDirKeepsObjects: with --state-dir, credentials, fake
// objects and Alertmanager silences survive a restart.
func TestSandbox_stateDirKeepsObjects(t *testing.T) {
	dir := t.TempDir()
	sb, err := sandbox.Start(sandbox.Options{StateDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	id := sb.Maintenance.Put(maintenancefake.Maintenance{Title: "kept", Start: time.Now(), End: time.Now().Add(time.Hour),
		Targets: []maintenancefake.Target{{Type: "infra", TargetIP: "10.0.0.1", Region: "DX-G-SE"}}})
	body := fmt.Sprintf(`{"matchers":[{"name":"a","value":"b","isRegex":false}],"startsAt":%q,"endsAt":%q,"createdBy":"t","comment":"c"}`,
		time.Now().UTC().Format(time.RFC3339), time.Now().Add(time.Hour).UTC().Format(time.RFC3339))
	resp, err := http.Post(sb.Alertmanager.URL+"/api/v2/silences", "application/json", strings.NewReader(body))
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("creating a silence: %v %v", resp, err)
	}
	resp.Body.Close()
	password := sb.GrafanaPassword
	sb.Close()

	sb2 := start(t, sandbox.Options{StateDir: dir})
	if sb2.GrafanaPassword != password {
		t.Fatal("credentials changed across runs with the same state dir")
	}
	if got, ok := sb2.Maintenance.Get(id); !ok || got.Title != "kept" {
		t.Fatalf("maintenance %s not restored: %+v", id, got)
	}
	_, b := get(t, sb2.Alertmanager.URL+"/api/v2/silences", "", "")
	var list []map[string]any
	if err := json.Unmarshal(b, &list); err != nil || len(list) != 1 {
		t.Fatalf("silences after restart: %s", b)
	}
}

// exampleGroups are the example files applied together; every .tf file under
// examples/ must be in exactly one group, so a new example cannot escape.
//
// settles marks groups whose data sources read, at plan time, objects the
// same apply creates: their outputs change once after the first apply, so the
// second apply must be the no-op.
//
// alertSilence groups run with the provider on the Alert Silence API flavor;
// a group that needs a feature runs on the CLIs that have it.
var exampleGroups = []struct {
	name         string
	files        []string
	vars         config.Variables
	settles      bool
	alertSilence bool
	needs        *acctest.Feature
}{
	{"provider", []string{"provider/provider.tf"}, config.Variables{
		"o11y_api_key": config.StringVariable("k"), "grafana_token": config.StringVariable("t"),
		"nhn_app_key": config.StringVariable("a"), "nhn_access_key_id": config.StringVariable("i"),
		"nhn_secret_access_key": config.StringVariable("s"),
	}, false, false, nil},
	{"maintenance", []string{"resources/o11y_maintenance/resource.tf", "data-sources/o11y_maintenance/data-source.tf", "data-sources/o11y_maintenances/data-source.tf"}, nil, false, false, nil},
	{"silence", []string{"resources/o11y_silence/resource.tf", "data-sources/o11y_silence/data-source.tf", "data-sources/o11y_silences/data-source.tf", "data-sources/o11y_alerts/data-source.tf"}, nil, true, false, nil},
	{"silence-alert-silence", []string{"resources/o11y_silence/alert-silence.tf", "data-sources/o11y_silences/alert-silence.tf"}, nil, false, true, nil},
	{"resourcewatcher", []string{"resources/resourcewatcher_event_alarm/resource.tf", "data-sources/resourcewatcher_event_alarm/data-source.tf",
		"data-sources/resourcewatcher_event_alarms/data-source.tf", "data-sources/resourcewatcher_events/data-source.tf",
		"data-sources/resourcewatcher_alarm_history/data-source.tf"}, config.Variables{"webhook_secret": config.StringVariable("s3cret")}, true, false, nil},
	{"resourcewatcher-write-only", []string{"resources/resourcewatcher_event_alarm/write-only.tf"},
		config.Variables{"hook_secret": config.StringVariable("s3cret")}, false, false, &acctest.WriteOnly},
	{"schedules", []string{"resources/o11y_silence_schedule/resource.tf", "resources/o11y_maintenance_schedule/resource.tf"}, nil, false, false, nil},
	{"demo", []string{"demo/main.tf"}, config.Variables{"window_start": config.StringVariable(time.Now().UTC().Truncate(time.Minute).Format(time.RFC3339))}, false, false, nil},
}

func TestExamples_everyFileIsApplied(t *testing.T) {
	root := filepath.Join(acctest.RepoRoot(), "examples")
	covered := map[string]bool{}
	for _, g := range exampleGroups {
		for _, f := range g.files {
			covered[f] = true
		}
	}
	// The import blocks run in TestExamples_importBlocks.
	for _, ex := range importExamples {
		dir := filepath.Dir(ex.resource)
		covered[dir+"/import-by-string-id.tf"], covered[dir+"/import-by-identity.tf"] = true, true
	}
	var missing []string
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() && d.Name() == "ephemeral-resources" {
			// need Terraform >= 1.10 / OpenTofu >= 1.11: applied by
			// TestEphemeralResources_examples with those binaries
			return filepath.SkipDir
		}
		if err == nil && d.IsDir() && d.Name() == "actions" {
			// need Terraform >= 1.14: applied (and invoked) by
			// TestActionExamples in internal/silence with such a binary
			return filepath.SkipDir
		}
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".tf") {
			rel, _ := filepath.Rel(root, p)
			if !covered[filepath.ToSlash(rel)] {
				missing = append(missing, rel)
			}
		}
		return nil
	})
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("examples not applied by TestExamples_applyAgainstSandbox: %v; add them to exampleGroups", missing)
	}
}

// TestExamples_applyAgainstSandbox applies every example against the
// sandbox servers (provider configured from the sandbox's environment
// variables, as a user would after `make sandbox`), requires an empty plan
// afterwards, and checks that destroy leaves nothing active on the sandbox.
func TestExamples_applyAgainstSandbox(t *testing.T) {
	acctest.PreCheck(t)
	sb := start(t, sandbox.Options{})
	useSandbox(t, sb)
	root := filepath.Join(acctest.RepoRoot(), "examples")
	for _, g := range exampleGroups {
		t.Run(g.name, func(t *testing.T) {
			if g.needs != nil {
				acctest.Needs(t, *g.needs)
			}
			var cfg strings.Builder
			for _, f := range g.files {
				b, err := os.ReadFile(filepath.Join(root, f))
				if err != nil {
					t.Fatal(err)
				}
				cfg.Write(b)
				cfg.WriteString("\n")
			}
			if g.alertSilence {
				t.Setenv("GRAFANA_URL", "")
				t.Setenv("ALERTMANAGER_URL", sb.URLs[sandbox.APIAlertSilence])
				t.Setenv("O11Y_ALERTMANAGER_FLAVOR", "alert-silence")
			}
			if strings.Contains(cfg.String(), "required_providers") {
				// The example names the provider by its real source address;
				// attach the provider under test there.
				t.Setenv("TF_ACC_PROVIDER_NAMESPACE", acctest.ProviderNamespace)
			}
			steps := []resource.TestStep{{
				Config:          cfg.String(),
				ConfigVariables: g.vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			}}
			if g.settles {
				first := steps[0]
				first.ConfigPlanChecks = resource.ConfigPlanChecks{}
				first.ExpectNonEmptyPlan = true
				steps = append([]resource.TestStep{first}, steps...)
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				CheckDestroy:             func(*terraform.State) error { return nothingLeft(sb) },
				Steps:                    steps,
			})
		})
	}
}

// nothingLeft checks the servers after destroy: no active silence, no
// maintenance that is not expired, no alarm that is not CLOSED.
func nothingLeft(sb *sandbox.Sandbox) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, sb.Alertmanager.URL+"/api/v2/silences", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var list []struct {
		ID     string `json:"id"`
		Status struct {
			State string `json:"state"`
		} `json:"status"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		return err
	}
	for _, s := range list {
		if s.Status.State != "expired" {
			return fmt.Errorf("silence %s is still %s after destroy", s.ID, s.Status.State)
		}
	}
	b, err := sb.Maintenance.Snapshot()
	if err != nil {
		return err
	}
	var snap struct{ Items []maintenancefake.Maintenance }
	if err := json.Unmarshal(b, &snap); err != nil {
		return err
	}
	for _, m := range snap.Items {
		if st := sb.Maintenance.Status(m.ID); st != maintenancefake.StatusExpired {
			return fmt.Errorf("maintenance %s is still %s after destroy", m.ID, st)
		}
	}
	for _, s := range sb.AlertSilence.Silences() {
		if s.EndsAt.After(time.Now()) {
			return fmt.Errorf("alert-silence silence %s (until %s) is still there after destroy", s.SilenceID, s.EndsAt)
		}
	}
	for _, id := range sb.ResourceWatcher.AlarmIDs() {
		if st := sb.ResourceWatcher.Status(id); st != "CLOSED" {
			return fmt.Errorf("alarm %s is still %s after destroy", id, st)
		}
	}
	return nil
}
