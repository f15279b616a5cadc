package silence_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/provider"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/maintenancefake"
)

// Acceptance tests of the ephemeral o11y_silence and o11y_maintenance,
// on the CLIs of the test matrix that know ephemeral resources (Terraform
// 1.15.9 and OpenTofu 1.12.6; skipped with the reason on the others, see
// acctest.Needs), against a real Alertmanager and the maintenance fake. Both resources sit in one configuration, as a deploy
// pipeline would use them.

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// ephEnv is one test's servers: a real Alertmanager behind a recording
// proxy that can fail silence creation, and the maintenance fake.
type ephEnv struct {
	am    *acctest.Alertmanager
	amc   *alertmanager.Client // straight to Alertmanager, for checks
	proxy *amProxy
	mf    *maintenancefake.Server
	dir   string // where provisioners write what they saw
	clock *offsetClock
	// renewEvery is the provider's renew interval for ephemeral windows (0: half-time).
	renewEvery time.Duration
}

// amProxy forwards to Alertmanager, records every call and can answer the
// next silence creations with a failure.
type amProxy struct {
	URL string

	mu        sync.Mutex
	calls     []amCall
	failPosts int
	// failStatus is the status of those failures (500 when zero), and
	// failMethod the method that fails (POST of a silence when empty; else
	// that method on any silence path).
	failStatus int
	failMethod string
}

type amCall struct {
	Method, Path string
	Body         []byte
	Status       int
	Answer       []byte
}

type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(s int) { r.status = s; r.ResponseWriter.WriteHeader(s) }
func (r *recorder) Write(b []byte) (int, error) {
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}

func startAMProxy(t *testing.T, upstream string) *amProxy {
	t.Helper()
	u, _ := url.Parse(upstream)
	rp := httputil.NewSingleHostReverseProxy(u)
	p := &amProxy{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		p.mu.Lock()
		fail := p.failPosts > 0 && (p.failMethod == "" && r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/silences") ||
			p.failMethod != "" && r.Method == p.failMethod && strings.Contains(r.URL.Path, "/silence"))
		if fail {
			p.failPosts--
		}
		p.mu.Unlock()
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		if fail {
			p.mu.Lock()
			status := p.failStatus
			p.mu.Unlock()
			if status == 0 {
				status = http.StatusInternalServerError
			}
			rec.WriteHeader(status)
			_, _ = rec.Write([]byte(`"silence store unavailable (injected)"`))
		} else {
			rp.ServeHTTP(rec, r)
		}
		p.mu.Lock()
		p.calls = append(p.calls, amCall{Method: r.Method, Path: r.URL.Path, Body: body, Status: rec.status, Answer: rec.body.Bytes()})
		p.mu.Unlock()
	}))
	t.Cleanup(srv.Close)
	p.URL = srv.URL
	return p
}

func (p *amProxy) failNextPosts(n int) { p.failNextPostsWith(n, http.StatusInternalServerError) }

// failNextPostsWith answers the next n silence creations with status.
func (p *amProxy) failNextPostsWith(n, status int) { p.failNextWith("", n, status) }

// failNextWith answers the next n calls of method on a silence path with
// status ("" is the creation of a silence).
func (p *amProxy) failNextWith(method string, n, status int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.failPosts, p.failStatus, p.failMethod = n, status, method
}

func (p *amProxy) callsOf(method string) []amCall {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []amCall
	for _, c := range p.calls {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// offsetClock is the provider's clock: real time plus an offset the test
// moves (the maintenance fake's clock is moved along).
type offsetClock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *offsetClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

func (c *offsetClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

func newEphEnv(t *testing.T) *ephEnv {
	t.Helper()
	am := acctest.StartAlertmanager(t, acctest.AlertmanagerOptions{})
	h, err := httpx.New(httpx.Config{API: "alertmanager", BaseURL: am.URL, MaxRetries: -1, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return &ephEnv{
		am:    am,
		amc:   alertmanager.New(h, alertmanager.Options{Flavor: alertmanager.FlavorPrometheus}),
		proxy: startAMProxy(t, am.URL),
		mf:    maintenancefake.Start(t, maintenancefake.Options{}),
		dir:   t.TempDir(),
		clock: &offsetClock{},
	}
}

// factories serve o11y (on the env's clock) and the echo provider.
func (e *ephEnv) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		acctest.ProviderName: providerserver.NewProtocol6WithError(provider.NewWithOptions("test", provider.Options{Now: e.clock.Now, EphemeralRenewInterval: e.renewEvery})()),
		"echo":               echoprovider.NewProviderServer(),
	}
}

// config is a deploy under an ephemeral silence and maintenance window: a
// local-exec provisioner writes the ids it sees (then runs extra, such as a
// sleep), and echo shows what Open returned in the apply.
func (e *ephEnv) config(maxSilence, maxMaintenance, extra string) string {
	return e.baseConfig(maxSilence, maxMaintenance, extra) + `
provider "echo" {
  data = {
    silence_id     = ephemeral.o11y_silence.deploy.id
    silence_ends   = ephemeral.o11y_silence.deploy.ends_at
    maintenance_id = ephemeral.o11y_maintenance.deploy.id
    enabled        = ephemeral.o11y_silence.deploy.enabled
  }
}

resource "echo" "seen" {}
`
}

// providerBlock points the provider at the env's servers, without retries.
func (e *ephEnv) providerBlock() string {
	return fmt.Sprintf(`
provider "o11y" {
  max_retries     = 0
  request_timeout = "5s"
  alertmanager {
    url    = %q
    flavor = "prometheus"
  }
  maintenance {
    url     = %q
    api_key = "test-key"
  }
}
`, e.proxy.URL, e.mf.URL)
}

// baseConfig is config without the echo provider.
func (e *ephEnv) baseConfig(maxSilence, maxMaintenance, extra string) string {
	return e.providerBlock() + fmt.Sprintf(`
ephemeral "o11y_silence" "deploy" {
  enabled      = terraform.applying
  max_duration = %[1]q
  comment      = "deploy of api v2"
  matchers     = [{ name = "service", value = "api" }]
}

ephemeral "o11y_maintenance" "deploy" {
  enabled      = terraform.applying
  max_duration = %[2]q
  title        = "deploy of api v2"
  targets      = [{ type = "service", target_name = "api", region = "DX-G-GB" }]
}

resource "terraform_data" "deploy" {
  provisioner "local-exec" {
    command = "printf '%%s %%s' '${ephemeral.o11y_silence.deploy.id}' '${ephemeral.o11y_maintenance.deploy.id}' > '%[3]s' %[4]s"
  }
}
`, maxSilence, maxMaintenance, filepath.Join(e.dir, "ids"), extra)
}

// seenIDs are the ids the provisioner wrote.
func (e *ephEnv) seenIDs(t *testing.T) (silenceID, maintenanceID string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(e.dir, "ids"))
	if err != nil {
		t.Fatalf("the local-exec provisioner wrote no ids: %v", err)
	}
	f := strings.Fields(string(b))
	if len(f) != 2 {
		t.Fatalf("the provisioner saw %q, want a silence id and a maintenance id", b)
	}
	return f[0], f[1]
}

func (e *ephEnv) silences(t *testing.T) []alertmanager.Silence {
	t.Helper()
	ss, _, err := e.amc.List(context.Background(), nil)
	if err != nil {
		t.Fatalf("listing silences: %v", err)
	}
	return ss
}

// maintenanceIDs are the ids of the windows the fake holds. The fake
// numbers them silence-12345, silence-12346, ... (only successful creates
// take a number).
func (e *ephEnv) maintenanceIDs() []string {
	var ids []string
	for n := 12345; ; n++ {
		id := fmt.Sprintf("silence-%d", n)
		if _, ok := e.mf.Get(id); !ok {
			return ids
		}
		ids = append(ids, id)
	}
}

// expectNothingOpened is a plan check: the server holds no silence and no
// maintenance window (the plan opened the ephemeral resources disabled).
type expectNothingOpened struct{ e *ephEnv }

func (c expectNothingOpened) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	ss, _, err := c.e.amc.List(context.Background(), nil)
	switch {
	case err != nil:
		resp.Error = err
	case len(ss) != 0:
		resp.Error = fmt.Errorf("the plan created %d silences: %+v", len(ss), ss)
	case len(c.e.mf.Requests(maintenancefake.PathCreate)) != 0:
		resp.Error = fmt.Errorf("the plan created %d maintenance windows", len(c.e.mf.Requests(maintenancefake.PathCreate)))
	}
}

// expectOneClosed is a plan check: the apply and every plan so far
// created exactly one silence and one window, the ones the provisioner saw,
// and both are expired.
type expectOneClosed struct{ e *ephEnv }

func (c expectOneClosed) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	b, err := os.ReadFile(filepath.Join(c.e.dir, "ids"))
	if err != nil {
		resp.Error = fmt.Errorf("the local-exec provisioner wrote no ids: %w", err)
		return
	}
	seen := strings.Fields(string(b))
	ss, _, err := c.e.amc.List(context.Background(), nil)
	switch {
	case err != nil:
		resp.Error = err
	case len(seen) != 2:
		resp.Error = fmt.Errorf("the provisioner saw %q, want a silence id and a maintenance id", b)
	case len(ss) != 1 || ss[0].ID != seen[0] || ss[0].State != alertmanager.StateExpired:
		resp.Error = fmt.Errorf("silences on the server: %+v; want exactly %s, expired", ss, seen[0])
	case len(c.e.mf.Requests(maintenancefake.PathCreate)) != 1:
		resp.Error = fmt.Errorf("%d maintenance windows created, want 1", len(c.e.mf.Requests(maintenancefake.PathCreate)))
	case c.e.mf.Status(seen[1]) != maintenancefake.StatusExpired:
		resp.Error = fmt.Errorf("maintenance %s is %q after the apply, want expired", seen[1], c.e.mf.Status(seen[1]))
	}
}

// TestEphemeralResources_planAndApply: a plan (enabled = terraform.applying
// is false) creates nothing; the apply creates exactly one silence and one
// window, the provisioner of the same apply sees both ids, and when the
// apply ends both are expired on the server.
func TestEphemeralResources_planAndApply(t *testing.T) {
	b := acctest.Needs(t, acctest.Ephemeral)
	e := newEphEnv(t)
	cfg := e.config("30m", "30m", "")
	var echoed map[string]string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg, PlanOnly: true, ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPreRefresh: []plancheck.PlanCheck{expectNothingOpened{e}}},
			},
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("echo.seen", tfjsonpath.New("data").AtMapKey("silence_id"), knownvalue.StringRegexp(uuidPattern)),
					statecheck.ExpectKnownValue("echo.seen", tfjsonpath.New("data").AtMapKey("maintenance_id"), knownvalue.StringRegexp(regexp.MustCompile(`^silence-\d+$`))),
					statecheck.ExpectKnownValue("echo.seen", tfjsonpath.New("data").AtMapKey("enabled"), knownvalue.Bool(true)),
					captureEcho{&echoed},
				},
			},
			{
				// After the apply and its follow-up plans: still exactly one of each, closed.
				Config: cfg, PlanOnly: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPreRefresh: []plancheck.PlanCheck{expectOneClosed{e}}},
			},
		},
	})
	if t.Failed() {
		return
	}
	sid, mid := e.seenIDs(t)
	if echoed["silence_id"] != sid || echoed["maintenance_id"] != mid {
		t.Errorf("Open returned %v to the apply, but the provisioner saw %s %s", echoed, sid, mid)
	}
	ss := e.silences(t)
	for _, s := range ss {
		if s.ID == sid && (s.Comment != "deploy of api v2" || s.CreatedBy != "terraform" || len(s.Matchers) != 1 || s.Matchers[0].Name != "service") {
			t.Errorf("silence fields: %+v", s)
		}
	}
	if m, _ := e.mf.Get(mid); m.Title != "deploy of api v2" || len(m.Targets) != 1 || m.Targets[0].TargetName != "api" {
		t.Errorf("maintenance fields: %+v", m)
	}
	// The destroy at the end of the test opens the resources again on
	// OpenTofu (echo's provider configuration refers to them); whatever
	// was opened is closed.
	e.expectNothingLeft(t, "after the test")
	t.Logf("%s: silence %s and maintenance %s lived for one apply", b, sid, mid)
}

// captureEcho copies echo.seen's data out of the state.
type captureEcho struct{ into *map[string]string }

func (c captureEcho) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address != "echo.seen" {
			continue
		}
		m := map[string]string{}
		data, _ := r.AttributeValues["data"].(map[string]any)
		for k, v := range data {
			m[k] = fmt.Sprint(v)
		}
		*c.into = m
		return
	}
	resp.Error = fmt.Errorf("echo.seen not in state")
}

// TestEphemeralResources_openFailure: when creating either object fails,
// the run fails and nothing stays open on the servers.
func TestEphemeralResources_openFailure(t *testing.T) {
	acctest.Needs(t, acctest.Ephemeral)
	e := newEphEnv(t)
	e.mf.Inject(maintenancefake.Fault{Path: maintenancefake.PathCreate, Status: http.StatusInternalServerError, Message: "maintenance store unavailable (injected)", Times: 5})
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config:      e.baseConfig("30m", "30m", ""),
			ExpectError: regexp.MustCompile(`(?s)Unable to create maintenance.*maintenance store unavailable`),
		}},
	})
	e.expectNothingLeft(t, "maintenance create failed")
	if _, err := os.Stat(filepath.Join(e.dir, "ids")); err == nil {
		t.Error("the provisioner ran although opening failed")
	}

	e.mf.ClearFaults()
	e.proxy.failNextPosts(5)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			Config:      e.baseConfig("30m", "30m", ""),
			ExpectError: regexp.MustCompile(`(?s)Unable to create silence.*HTTP status: 500.*silence store unavailable`),
		}},
	})
	e.expectNothingLeft(t, "silence create failed")
}

// expectNothingLeft: every silence and window that was created is expired.
func (e *ephEnv) expectNothingLeft(t *testing.T, when string) {
	t.Helper()
	for _, s := range e.silences(t) {
		if s.State != alertmanager.StateExpired {
			t.Errorf("%s: silence %s is still %s", when, s.ID, s.State)
		}
	}
	for _, id := range e.maintenanceIDs() {
		if st := e.mf.Status(id); st != maintenancefake.StatusExpired {
			t.Errorf("%s: maintenance %s is still %s", when, id, st)
		}
	}
	t.Logf("%s: %d silences and %d windows created, all expired", when, len(e.silences(t)), len(e.maintenanceIDs()))
}

// TestEphemeralResources_renew: an apply that outlasts RenewAt (the test
// hook asks for a renewal every second; the provisioner sleeps) moves the
// ends on the server, in place, before Close expires them.
func TestEphemeralResources_renew(t *testing.T) {
	b := acctest.Needs(t, acctest.Ephemeral)
	e := newEphEnv(t)
	e.renewEvery = time.Second // a renewal every second instead of at half-time
	// Once the window is open, let a minute pass for the provider and the
	// fake: the maintenance API counts whole minutes, so only then has a
	// renewal something to move.
	done := make(chan struct{})
	go func() {
		for len(e.mf.Requests(maintenancefake.PathCreate)) == 0 {
			select {
			case <-done:
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
		e.clock.advance(time.Minute)
		e.mf.Advance(time.Minute)
	}()
	defer close(done)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{{
			// 2m for the window: the clock may move its minute while the
			// create is still in flight, and the window must not be born
			// expired then.
			Config: e.baseConfig("1m", "2m", "&& sleep 4"),
		}},
	})
	if t.Failed() {
		return
	}
	sid, mid := e.seenIDs(t)

	// Silence: created, then updated in place (same id, later end),
	// then expired.
	posts := e.proxy.callsOf(http.MethodPost)
	var created time.Time
	updates := 0
	for i, c := range posts {
		var in struct {
			ID     string    `json:"id"`
			EndsAt time.Time `json:"endsAt"`
		}
		var out struct {
			SilenceID string `json:"silenceID"`
		}
		_ = json.Unmarshal(c.Body, &in)
		_ = json.Unmarshal(c.Answer, &out)
		if out.SilenceID != sid {
			t.Errorf("POST %d answered id %q, want %s for every call", i, out.SilenceID, sid)
		}
		if i == 0 {
			created = in.EndsAt
			continue
		}
		if in.ID != sid || !in.EndsAt.After(created) {
			t.Errorf("renewal %d sent id %q end %s; want %s with an end after %s", i, in.ID, in.EndsAt, sid, created)
		}
		updates++
	}
	if updates == 0 {
		t.Fatalf("the silence was never renewed during a %s apply with renewals every second (calls: %d POSTs)", "4s+", len(posts))
	}
	if del := e.proxy.callsOf(http.MethodDelete); len(del) != 1 || !strings.HasSuffix(del[0].Path, sid) {
		t.Errorf("expected one DELETE of %s at Close, got %+v", sid, del)
	}
	if ss := e.silences(t); len(ss) != 1 || ss[0].State != alertmanager.StateExpired {
		t.Errorf("silences after the apply: %+v", ss)
	}

	// Maintenance: created, end_date moved in place a minute later,
	// then expired.
	creates := e.mf.Requests(maintenancefake.PathCreate)
	var cb struct {
		EndDate string `json:"end_date"`
	}
	_ = json.Unmarshal(creates[0].Body, &cb)
	ups := e.mf.Updates()
	if len(creates) != 1 || len(ups) == 0 {
		t.Fatalf("maintenance: %d creates, %d updates; want 1 create and a renewal", len(creates), len(ups))
	}
	for _, u := range ups {
		if u.MaintenanceID != mid || u.EndDate == nil || *u.EndDate <= cb.EndDate || u.StartDate != nil {
			t.Errorf("renewal %+v; want an end_date after %s for %s", u, cb.EndDate, mid)
		}
	}
	if st := e.mf.Status(mid); st != maintenancefake.StatusExpired {
		t.Errorf("maintenance %s is %q after the apply, want expired", mid, st)
	}
	t.Logf("%s: silence renewed %d times, maintenance %d times (end %s -> %s)", b, updates, len(ups), cb.EndDate, *ups[len(ups)-1].EndDate)
}

// TestEphemeralResources_killed: a run killed after Open (SIGKILL of the
// CLI, so nothing is closed) leaves one silence and one window, each ending
// by itself at most max_duration after its start.
func TestEphemeralResources_killed(t *testing.T) {
	b := acctest.Needs(t, acctest.Ephemeral)
	e := newEphEnv(t)
	const maxDur = 2 * time.Minute
	dir := t.TempDir()
	cfg := `terraform {
  required_providers {
    o11y = { source = "nhn-o11y/o11y" }
  }
}
` + e.baseConfig("2m", "2m", "&& sleep 60")
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(),
		"TF_REATTACH_PROVIDERS="+acctest.ServeInProcess(t, b.ProviderHost+"/nhn-o11y/o11y", provider.Options{}),
		"TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "TF_CLI_CONFIG_FILE="+os.DevNull)
	run := func(args ...string) *exec.Cmd {
		cmd := exec.Command(b.Path, args...)
		cmd.Dir, cmd.Env = dir, env
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		return cmd
	}
	if out, err := run("init", "-input=false", "-no-color").CombinedOutput(); err != nil {
		t.Fatalf("%s init: %v\n%s", b.Name, err, out)
	}
	var out bytes.Buffer
	apply := run("apply", "-auto-approve", "-input=false", "-no-color")
	apply.Stdout, apply.Stderr = &out, &out
	if err := apply.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- apply.Wait() }()
	kill := func() { _ = syscall.Kill(-apply.Process.Pid, syscall.SIGKILL) }
	defer kill()

	deadline := time.After(30 * time.Second)
wait:
	for {
		select {
		case err := <-exited:
			t.Fatalf("%s apply ended before the provisioner ran: %v\n%s", b.Name, err, out.String())
		case <-deadline:
			t.Fatalf("the provisioner did not run within 30s:\n%s", out.String())
		case <-time.After(100 * time.Millisecond):
			if _, err := os.Stat(filepath.Join(e.dir, "ids")); err == nil {
				break wait
			}
		}
	}
	kill()
	if err := <-exited; err == nil {
		t.Fatal("the killed terraform apply exited cleanly; it was not killed mid-apply")
	}
	sid, mid := e.seenIDs(t)

	ss := e.silences(t)
	if len(ss) != 1 || ss[0].ID != sid || ss[0].State != alertmanager.StateActive {
		t.Fatalf("silences after the kill: %+v; want %s, still active", ss, sid)
	}
	if d := ss[0].EndsAt.Sub(ss[0].StartsAt); d <= 0 || d > maxDur {
		t.Errorf("the orphaned silence lasts %s (%s .. %s); want at most max_duration %s", d, ss[0].StartsAt, ss[0].EndsAt, maxDur)
	}
	if n := len(e.proxy.callsOf(http.MethodDelete)); n != 0 {
		t.Errorf("%d silences expired although the run was killed", n)
	}
	if n := len(e.mf.Requests(maintenancefake.PathCreate)); n != 1 {
		t.Fatalf("%d windows created, want 1", n)
	}
	m, _ := e.mf.Get(mid)
	if st := e.mf.Status(mid); st != maintenancefake.StatusActive {
		t.Fatalf("window %s is %q after the kill, want active", mid, st)
	}
	if d := m.End.Sub(m.Start); d <= 0 || d > maxDur {
		t.Errorf("the orphaned window lasts %s (%s .. %s); want at most max_duration %s", d, m.Start, m.End, maxDur)
	}
	t.Logf("%s killed after Open: silence %s ends %s after its start, window %s ends %s after its start",
		b, sid, ss[0].EndsAt.Sub(ss[0].StartsAt), mid, m.End.Sub(m.Start))
}

// TestEphemeralResources_examples applies the documented examples: a plan
// opens nothing, the apply runs both deploys under one silence and one
// window, and both are expired afterwards.
func TestEphemeralResources_examples(t *testing.T) {
	acctest.Needs(t, acctest.Ephemeral)
	e := newEphEnv(t)
	cfg := e.providerBlock() + readExample(t, "ephemeral-resources/o11y_silence/ephemeral-resource.tf") +
		readExample(t, "ephemeral-resources/o11y_maintenance/ephemeral-resource.tf")
	vars := config.Variables{"release": config.StringVariable("v2.3.0")}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg, ConfigVariables: vars, PlanOnly: true, ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPreRefresh: []plancheck.PlanCheck{expectNothingOpened{e}}},
			},
			{Config: cfg, ConfigVariables: vars},
		},
	})
	if t.Failed() {
		return
	}
	ss := e.silences(t)
	if len(ss) != 1 || ss[0].State != alertmanager.StateExpired || ss[0].Comment != "Deploy of checkout-api v2.3.0 by CI" ||
		ss[0].CreatedBy != "ci-pipeline" || len(ss[0].Matchers) != 2 || ss[0].Matchers[1].IsEqual {
		t.Errorf("silences after the example: %+v; want one, expired, as configured", ss)
	}
	ids := e.maintenanceIDs()
	if len(ids) != 1 || e.mf.Status(ids[0]) != maintenancefake.StatusExpired {
		t.Fatalf("maintenance windows after the example: %v", ids)
	}
	if m, _ := e.mf.Get(ids[0]); m.Title != "Schema migration of orders-db" || len(m.Targets) != 2 {
		t.Errorf("window %+v", m)
	}
}
