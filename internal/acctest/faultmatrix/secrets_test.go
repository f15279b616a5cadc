package faultmatrix_test

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/acctest"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/grafanaproxy"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/maintenancefake"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/testserver/resourcewatcherfake"
)

func randomSecret(prefix string) string {
	var b [10]byte
	_, _ = rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
}

// TestFaultSecretsNotLogged: with TF_LOG=TRACE, an apply, plan and destroy
// of every resource type (and their data sources) writes no configured
// secret into the logs: maintenance API key and password, Grafana token,
// NHN Appkey, access key id and secret key, webhook secret and URL. The servers
// check every credential, so each one was sent; the log must show the
// provider's requests, so the test cannot pass on an empty log.
// (It sets environment variables, so it does not run in parallel.)
func TestFaultSecretsNotLogged(t *testing.T) {
	acctest.PreCheck(t)
	sec := map[string]string{
		"maintenance API key":  randomSecret("mk-"),
		"maintenance password": randomSecret("mp-"),
		"Grafana token":        randomSecret("glsa_"),
		"NHN Appkey":           randomSecret("app"),
		"NHN access key id":    randomSecret("uak-"),
		"NHN secret key":       randomSecret("sak-"),
		"webhook secret":       randomSecret("whs-"),
		// A chat tool's webhook URL carries its token.
		"webhook URL": "https://hooks.example.com/services/" + randomSecret("whu-"),
	}
	maint := maintenancefake.Start(t, maintenancefake.Options{Auth: maintenancefake.Auth{APIKey: sec["maintenance API key"], Username: "ops", Password: sec["maintenance password"]}})
	am := acctest.StartAlertmanager(t, acctest.AlertmanagerOptions{})
	grafana := startFaultServer(t, grafanaproxy.New(am.URL, grafanaproxy.Options{Token: sec["Grafana token"]}), nil, nil)
	rw := resourcewatcherfake.Start(t, resourcewatcherfake.Options{AppKey: sec["NHN Appkey"], AccessKeyID: sec["NHN access key id"], SecretAccessKey: sec["NHN secret key"]})

	// Credentials come from the environment and the webhook secret from a
	// sensitive variable, so the configuration itself holds none of them.
	for k, v := range map[string]string{
		"O11Y_MAINTENANCE_URL": maint.URL, "O11Y_MAINTENANCE_API_KEY": sec["maintenance API key"],
		"O11Y_MAINTENANCE_USERNAME": "ops", "O11Y_MAINTENANCE_PASSWORD": sec["maintenance password"],
		"GRAFANA_URL": grafana.URL, "GRAFANA_TOKEN": sec["Grafana token"],
		"NHN_RESOURCE_WATCHER_URL": rw.URL, "NHN_APPKEY": sec["NHN Appkey"],
		"NHN_USER_ACCESS_KEY_ID": sec["NHN access key id"], "NHN_SECRET_ACCESS_KEY": sec["NHN secret key"],
		"TF_VAR_webhook_secret": sec["webhook secret"], "TF_VAR_webhook_url": sec["webhook URL"],
	} {
		t.Setenv(k, v)
	}
	dir := t.TempDir()
	// terraform-plugin-testing hands TF_LOG and TF_LOG_PATH to terraform,
	// and the provider under test logs into the same file.
	tfLog := filepath.Join(dir, "terraform.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH", tfLog)

	config := `
variable "webhook_secret" {
  type      = string
  sensitive = true
}

variable "webhook_url" {
  type      = string
  sensitive = true
}

resource "o11y_maintenance" "m" {
  title      = "secrets test"
  start_date = "2030-03-15T10:00:00Z"
  end_date   = "2030-03-15T18:00:00Z"
  targets    = [{ type = "service", target_name = "iam", region = "DX-G-GB" }]
}

data "o11y_maintenance" "m" {
  id = o11y_maintenance.m.id
}

resource "o11y_silence" "s" {
  matchers = [{ name = "alertname", value = "SecretsTest" }]
  duration = "1h"
  comment  = "secrets test"
}

data "o11y_silence" "s" {
  id = o11y_silence.s.id
}

resource "resourcewatcher_event_alarm" "w" {
  provider   = o11y
  alarm_name = "secrets-test"
  alarm_targets = [
    { type = "WEBHOOK", webhook_url = var.webhook_url, webhook_secret = var.webhook_secret },
    { type = "ROLE", target = "ADMIN", email = true },
  ]
  resource_tag_ids = [101]
}

data "resourcewatcher_event_alarm" "w" {
  provider = o11y
  id       = resourcewatcher_event_alarm.w.id
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			for _, id := range rw.AlarmIDs() {
				if st := rw.Status(id); st != "CLOSED" {
					return fmt.Errorf("alarm %s is %s after destroy", id, st)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{
			{Config: config},
			{Config: config, PlanOnly: true},
		},
	})

	b, err := os.ReadFile(tfLog)
	if err != nil {
		t.Fatalf("TF_LOG_PATH: %v", err)
	}
	log := string(b)
	// The log is live: Terraform's TRACE lines and the provider's requests
	// to each of the three servers, with their bodies.
	for _, want := range []string{"[TRACE]", "API request", "API request body", "API response body", maint.URL, grafana.URL, rw.URL, "webhookUrl"} {
		if !strings.Contains(log, want) {
			t.Fatalf("the TRACE log (%d bytes) lacks %q: the test would prove nothing", len(log), want)
		}
	}
	for what, s := range sec {
		if n := strings.Count(log, s); n > 0 {
			t.Errorf("the TRACE log contains the %s %d time(s)", what, n)
		}
	}
	t.Logf("TRACE log: %d bytes, %d provider request lines; no secret found", len(log), strings.Count(log, "API request"))
}
