package silence_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/grafanaproxy"
)

func TestMain(m *testing.M) { acctest.Main(m) }

// Environment variables that point the grafana runs at a real Grafana
// (`make testacc-grafana`) instead of the in-process Grafana proxy.
const (
	envGrafanaURL      = "O11Y_TEST_GRAFANA_URL"
	envGrafanaUser     = "O11Y_TEST_GRAFANA_USER"
	envGrafanaPassword = "O11Y_TEST_GRAFANA_PASSWORD"
	envGrafanaToken    = "O11Y_TEST_GRAFANA_TOKEN"
	envGrafanaOrgID    = "O11Y_TEST_GRAFANA_ORG_ID"
)

// target is one silence API the suite runs against.
type target struct {
	name string
	// provider is the provider block.
	provider string
	// am is the Alertmanager behind the target, nil for an external Grafana
	// (steps that restart or crash it are left out there).
	am *acctest.Alertmanager
	// client acts on the server out of band (expire mid-test, checks).
	client *alertmanager.Client
}

type authCfg struct {
	username, password, token string
	orgID                     int64
	datasourceUID             string
}

func newTarget(t *testing.T, name, url, flavor string, a authCfg, am *acctest.Alertmanager) target {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "provider \"o11y\" {\n  request_timeout = \"10s\"\n  max_retries     = 2\n  alertmanager {\n    url    = %q\n    flavor = %q\n", url, flavor)
	headers := http.Header{}
	if a.username != "" {
		fmt.Fprintf(&b, "    username = %q\n    password = %q\n", a.username, a.password)
	}
	if a.token != "" {
		fmt.Fprintf(&b, "    token = %q\n", a.token)
	}
	if a.orgID != 0 {
		fmt.Fprintf(&b, "    org_id = %d\n", a.orgID)
		headers.Set("X-Grafana-Org-Id", strconv.FormatInt(a.orgID, 10))
	}
	if a.datasourceUID != "" {
		fmt.Fprintf(&b, "    datasource_uid = %q\n", a.datasourceUID)
	}
	b.WriteString("  }\n}\n")
	h, err := httpx.New(httpx.Config{API: "alertmanager", BaseURL: url, Headers: headers, MaxRetries: 2, Timeout: 10 * time.Second,
		Auth: httpx.Auth{Username: a.username, Password: a.password, Token: a.token}})
	if err != nil {
		t.Fatal(err)
	}
	return target{name: name, provider: b.String(), am: am,
		client: alertmanager.New(h, alertmanager.Options{Flavor: flavor, DatasourceUID: a.datasourceUID})}
}

// flavors names the runs of a test: prometheus at /api/v2, grafana through
// the Grafana proxy with basic auth and an org header (or the real Grafana
// named by O11Y_TEST_GRAFANA_URL), and optionally grafana-token: a Bearer
// token and an external-Alertmanager datasource uid.
func flavors(withToken bool) []string {
	out := []string{"prometheus", "grafana"}
	if withToken && os.Getenv(envGrafanaURL) == "" {
		out = append(out, "grafana-token")
	}
	return out
}

// external reports whether the named run targets a real Grafana.
func external(name string) bool { return name == "grafana" && os.Getenv(envGrafanaURL) != "" }

// targetFor builds the named run on top of am (nil for a real Grafana).
func targetFor(t *testing.T, name string, am *acctest.Alertmanager) target {
	t.Helper()
	switch {
	case name == "prometheus":
		return newTarget(t, name, am.URL, alertmanager.FlavorPrometheus, authCfg{}, am)
	case external(name):
		a := authCfg{username: os.Getenv(envGrafanaUser), password: os.Getenv(envGrafanaPassword), token: os.Getenv(envGrafanaToken)}
		if s := os.Getenv(envGrafanaOrgID); s != "" {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				t.Fatalf("%s=%q is not a number", envGrafanaOrgID, s)
			}
			a.orgID = n
		}
		return newTarget(t, name, os.Getenv(envGrafanaURL), alertmanager.FlavorGrafana, a, nil)
	case name == "grafana":
		srv := httptest.NewServer(grafanaproxy.New(am.URL, grafanaproxy.Options{Username: "admin", Password: "s3cret", OrgID: 2}))
		t.Cleanup(srv.Close)
		return newTarget(t, name, srv.URL, alertmanager.FlavorGrafana, authCfg{username: "admin", password: "s3cret", orgID: 2}, am)
	default:
		srv := httptest.NewServer(grafanaproxy.New(am.URL, grafanaproxy.Options{Token: "glsa_test_token", DatasourceUID: "ext-am"}))
		t.Cleanup(srv.Close)
		return newTarget(t, name, srv.URL, alertmanager.FlavorGrafana, authCfg{token: "glsa_test_token", datasourceUID: "ext-am"}, am)
	}
}

// targets builds every run of a test on one shared Alertmanager.
func targets(t *testing.T, am *acctest.Alertmanager, withToken bool) []target {
	t.Helper()
	var out []target
	for _, name := range flavors(withToken) {
		out = append(out, targetFor(t, name, am))
	}
	return out
}

// ownTarget gives the named run its own Alertmanager (for tests that
// restart or crash it), or the real Grafana.
func ownTarget(t *testing.T, name string, opts acctest.AlertmanagerOptions) target {
	t.Helper()
	if external(name) {
		return targetFor(t, name, nil)
	}
	return targetFor(t, name, acctest.StartAlertmanager(t, opts))
}

// rfc renders a time for HCL.
func rfc(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// stateFunc is a custom state check.
type stateFunc func(attrs map[string]map[string]any) error

func (f stateFunc) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	attrs := map[string]map[string]any{}
	if req.State != nil && req.State.Values != nil && req.State.Values.RootModule != nil {
		for _, r := range req.State.Values.RootModule.Resources {
			attrs[r.Address] = r.AttributeValues
		}
	}
	resp.Error = f(attrs)
}

// captureID stores the id of addr into *into.
func captureID(addr string, into *string) statecheck.StateCheck {
	return stateFunc(func(attrs map[string]map[string]any) error {
		id, _ := attrs[addr]["id"].(string)
		if id == "" {
			return fmt.Errorf("%s has no id", addr)
		}
		*into = id
		return nil
	})
}

// expectID checks the id of addr against a captured one.
func expectID(addr string, other *string, same bool) statecheck.StateCheck {
	return stateFunc(func(attrs map[string]map[string]any) error {
		id, _ := attrs[addr]["id"].(string)
		if (id == *other) != same {
			return fmt.Errorf("%s id is %q, captured %q; want same=%v", addr, id, *other, same)
		}
		return nil
	})
}

// serverState checks the server's state of a captured silence id.
func serverState(c *alertmanager.Client, id *string, want string) statecheck.StateCheck {
	return stateFunc(func(map[string]map[string]any) error {
		return checkServerState(c, *id, want)
	})
}

func checkServerState(c *alertmanager.Client, id, want string) error {
	s, _, err := c.Get(context.Background(), id)
	if err != nil {
		return fmt.Errorf("reading silence %s: %w", id, err)
	}
	if s.State != want {
		return fmt.Errorf("silence %s is %s on the server, want %s", id, s.State, want)
	}
	return nil
}

// waitUntil polls cond until it holds or the deadline passes.
func waitUntil(t *testing.T, what string, limit time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", limit, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// captureAttrs copies the string attributes of addr into into.
func captureAttrs(addr string, into map[string]string) statecheck.StateCheck {
	return stateFunc(func(attrs map[string]map[string]any) error {
		for k, v := range attrs[addr] {
			if s, ok := v.(string); ok {
				into[k] = s
			}
		}
		return nil
	})
}

// sameSecond checks that attribute k of got and want holds equal RFC 3339
// values as timetypes.RFC3339 compares them (the same instant to the
// second), the equality the framework applies on every refresh.
func sameSecond(k string, got, want map[string]string) error {
	eq, diags := timetypes.NewRFC3339ValueMust(want[k]).StringSemanticEquals(context.Background(), timetypes.NewRFC3339ValueMust(got[k]))
	if diags.HasError() || !eq {
		return fmt.Errorf("%s: imported %s, state %s: not the same instant to the second", k, got[k], want[k])
	}
	return nil
}

// within checks that the RFC 3339 time got lies in [ref+lo, ref+hi].
func within(got, ref string, lo, hi time.Duration) error {
	g, err1 := time.Parse(time.RFC3339Nano, got)
	r, err2 := time.Parse(time.RFC3339Nano, ref)
	if err1 != nil || err2 != nil {
		return fmt.Errorf("times %q and %q: %v %v", got, ref, err1, err2)
	}
	if d := g.Sub(r); d < lo || d > hi {
		return fmt.Errorf("%s is %s from %s, want within [%s, %s]", got, d, ref, lo, hi)
	}
	return nil
}
