package provider_test

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/provider"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/grafanaproxy"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/maintenancefake"
)

func TestMain(m *testing.M) { acctest.Main(m) }

// providerEnv lists every environment variable the provider reads; tests
// clear them all first so the machine's environment cannot leak in.
var providerEnv = []string{
	"O11Y_MAINTENANCE_URL", "O11Y_MAINTENANCE_API_KEY", "O11Y_MAINTENANCE_API_KEY_HEADER", "O11Y_MAINTENANCE_TOKEN",
	"O11Y_MAINTENANCE_USERNAME", "O11Y_MAINTENANCE_PASSWORD", "O11Y_MAINTENANCE_TIME_ZONE",
	"GRAFANA_URL", "ALERTMANAGER_URL", "O11Y_ALERTMANAGER_FLAVOR", "GRAFANA_TOKEN", "GRAFANA_USERNAME",
	"GRAFANA_PASSWORD", "GRAFANA_ORG_ID", "GRAFANA_DATASOURCE_UID", "O11Y_PREVIEW_ALERTS",
	"NHN_RESOURCE_WATCHER_URL", "NHN_APPKEY", "NHN_USER_ACCESS_KEY_ID", "NHN_SECRET_ACCESS_KEY",
	"O11Y_REQUEST_TIMEOUT", "O11Y_MAX_RETRIES", "O11Y_INSECURE_SKIP_VERIFY", "O11Y_CA_CERT_PEM",
	"GRAFANA_AUTH", "TF_APPEND_USER_AGENT",
}

func clearEnv(t *testing.T) {
	for _, k := range providerEnv {
		t.Setenv(k, "")
	}
}

// TestProvider_configuredFromEnvironmentOnly runs the real terraform binary
// with an empty provider block: URL, API key (a header the fake insists on)
// and time zone all come from environment variables.
func TestProvider_configuredFromEnvironmentOnly(t *testing.T) {
	acctest.PreCheck(t)
	clearEnv(t)
	now := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	seoul, err := time.LoadLocation("Asia/Seoul")
	if err != nil {
		t.Fatal(err)
	}
	srv := maintenancefake.Start(t, maintenancefake.Options{Location: seoul, Auth: maintenancefake.Auth{APIKey: "env-key", APIKeyHeader: "X-Env-Key"}, Now: now})
	t.Setenv("O11Y_MAINTENANCE_URL", srv.URL)
	t.Setenv("O11Y_MAINTENANCE_API_KEY", "env-key")
	t.Setenv("O11Y_MAINTENANCE_API_KEY_HEADER", "X-Env-Key")
	t.Setenv("O11Y_MAINTENANCE_TIME_ZONE", "Asia/Seoul")

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.FactoriesWithOptions(provider.Options{Now: srv.Now}),
		Steps: []resource.TestStep{{
			Config: `
provider "o11y" {}

resource "o11y_maintenance" "env" {
  title      = "from the environment"
  start_date = "2026-02-15T10:00:00+09:00"
  end_date   = "2026-02-15T12:00:00+09:00"
  targets    = [{ type = "infra", target_ip = "10.0.0.1", region = "DX-G-SE" }]
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("o11y_maintenance.env", tfjsonpath.New("id"), knownvalue.NotNull()),
			},
		}},
	})
	// the fake stored the window with the env zone's wall clock
	reqs := srv.Requests(maintenancefake.PathCreate)
	if len(reqs) != 1 {
		t.Fatalf("creates = %d, want 1", len(reqs))
	}
	if got := string(reqs[0].Body); !regexp.MustCompile(`"start_date":"2026-02-15 10:00"`).MatchString(got) {
		t.Fatalf("create body %s: want start_date in Asia/Seoul wall clock (from O11Y_MAINTENANCE_TIME_ZONE)", got)
	}
}

// TestProvider_notConfigured shows the error a resource gives when its API
// has no configuration: it names the attributes and environment variables.
func TestProvider_notConfigured(t *testing.T) {
	acctest.PreCheck(t)
	clearEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
provider "o11y" {}

resource "o11y_maintenance" "nowhere" {
  title      = "no API configured"
  start_date = "2030-02-15T10:00:00+09:00"
  end_date   = "2030-02-15T12:00:00+09:00"
  targets    = [{ type = "infra", target_ip = "10.0.0.1", region = "DX-G-SE" }]
}
`,
			ExpectError: regexp.MustCompile(`(?s)O11y maintenance API is not configured.*O11Y_MAINTENANCE_URL`),
		}},
	})
}

// TestProvider_badEnvironmentValue: a wrong environment variable fails the
// run with an error that names the variable.
func TestProvider_badEnvironmentValue(t *testing.T) {
	acctest.PreCheck(t)
	clearEnv(t)
	t.Setenv("GRAFANA_URL", "http://127.0.0.1:1")
	t.Setenv("O11Y_ALERTMANAGER_FLAVOR", "loki")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
provider "o11y" {}

data "o11y_maintenances" "none" {
  ids = ["silence-1"]
}
`,
			ExpectError: regexp.MustCompile(`environment variable O11Y_ALERTMANAGER_FLAVOR is "loki"`),
		}},
	})
}

// TestProvider_unknownURL: a provider attribute taken from a resource that
// does not exist yet is an error at that attribute during plan, not a
// silent fall back to the environment.
func TestProvider_unknownURL(t *testing.T) {
	acctest.PreCheck(t)
	clearEnv(t)
	// Would be used if an unknown value counted as unset.
	t.Setenv("GRAFANA_URL", "http://127.0.0.1:1")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
resource "terraform_data" "grafana" {
  input = "http://127.0.0.1:1"
}

provider "o11y" {
  alertmanager {
    url    = terraform_data.grafana.output
    flavor = "prometheus"
  }
}

data "o11y_silences" "all" {}
`,
			ExpectError: regexp.MustCompile(`(?s)alertmanager\.url is not known yet.*` + "`alertmanager.url`" + `.*not\s+known\s+until\s+apply.*GRAFANA_URL\s+or\s+ALERTMANAGER_URL.*-target`),
		}},
	})
}

// TestProvider_userAgent: every request names Terraform's version, the
// provider's and TF_APPEND_USER_AGENT.
func TestProvider_userAgent(t *testing.T) {
	acctest.PreCheck(t)
	clearEnv(t)
	srv := maintenancefake.Start(t, maintenancefake.Options{Auth: maintenancefake.Auth{APIKey: "k"}})
	t.Setenv("TF_APPEND_USER_AGENT", "  change-pipeline/7 (ops)  ")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.FactoriesWithOptions(provider.Options{Now: srv.Now}),
		Steps: []resource.TestStep{{
			Config: `
provider "o11y" {
  maintenance {
    url     = "` + srv.URL + `"
    api_key = "k"
  }
}

data "o11y_maintenances" "some" {
  ids = ["silence-1"]
}
`,
		}},
	})
	reqs := srv.Requests(maintenancefake.PathGet)
	if len(reqs) == 0 {
		t.Fatal("no request reached the fake")
	}
	want := regexp.MustCompile(`^Terraform/\d+\.\d+\.\d+\S* \(\+https://www\.terraform\.io\) terraform-provider-o11y/test change-pipeline/7 \(ops\)$`)
	for _, r := range reqs {
		if ua := r.Header.Get("User-Agent"); !want.MatchString(ua) {
			t.Fatalf("User-Agent %q does not match %s", ua, want)
		}
	}
}

func randomHex(prefix string) string {
	var b [10]byte
	_, _ = rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
}

// TestProvider_grafanaAuth: GRAFANA_AUTH, the Grafana provider's variable,
// authenticates against Grafana in both its forms, and with TF_LOG=TRACE
// the log holds no byte of it.
func TestProvider_grafanaAuth(t *testing.T) {
	acctest.PreCheck(t)
	// An Alertmanager with no silences behind Grafana's paths and auth.
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`[]`))
	}))
	t.Cleanup(upstream.Close)
	password, token := randomHex("pw-"), randomHex("glsa_")
	for name, tc := range map[string]struct {
		opts  grafanaproxy.Options
		value string
	}{
		"user:password": {grafanaproxy.Options{Username: "ops", Password: password}, "ops:" + password},
		"token":         {grafanaproxy.Options{Token: token}, token},
	} {
		t.Run(name, func(t *testing.T) {
			clearEnv(t)
			grafana := httptest.NewServer(grafanaproxy.New(upstream.URL, tc.opts))
			t.Cleanup(grafana.Close)
			t.Setenv("GRAFANA_URL", grafana.URL)
			t.Setenv("GRAFANA_AUTH", tc.value)
			logFile := filepath.Join(t.TempDir(), "terraform.log")
			t.Setenv("TF_LOG", "TRACE")
			t.Setenv("TF_LOG_PATH", logFile)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: "provider \"o11y\" {}\n\ndata \"o11y_silences\" \"all\" {}\n",
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("data.o11y_silences.all", tfjsonpath.New("silences"), knownvalue.ListSizeExact(0)),
					},
				}},
			})
			b, err := os.ReadFile(logFile)
			if err != nil {
				t.Fatal(err)
			}
			log := string(b)
			for _, want := range []string{"[TRACE]", "API request", grafana.URL} {
				if !strings.Contains(log, want) {
					t.Fatalf("the TRACE log (%d bytes) lacks %q: the test would prove nothing", len(log), want)
				}
			}
			secrets := []string{tc.value, base64.StdEncoding.EncodeToString([]byte(tc.value))}
			if tc.opts.Password != "" {
				secrets = append(secrets, tc.opts.Password)
			}
			for _, s := range secrets {
				if strings.Contains(log, s) {
					t.Errorf("the TRACE log contains %q", s)
				}
			}
		})
	}
}
