package provider

import (
	"context"
	"strings"
	"testing"

	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestProviderSchema_validatesImplementation(t *testing.T) {
	t.Parallel()
	p := New("test")()
	var resp fwprovider.SchemaResponse
	p.Schema(context.Background(), fwprovider.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("schema: %v", resp.Diagnostics)
	}
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatalf("ValidateImplementation: %v", diags)
	}
	// every secret is Sensitive
	for block, attrs := range map[string][]string{
		"maintenance":      {"api_key", "token", "password"},
		"alertmanager":     {"token", "password"},
		"resource_watcher": {"app_key", "user_access_key_id", "secret_access_key"},
	} {
		b := resp.Schema.Blocks[block].GetNestedObject().GetAttributes()
		for _, a := range attrs {
			if !b[a].IsSensitive() {
				t.Errorf("%s.%s must be Sensitive", block, a)
			}
		}
	}
}

// withEnv replaces the environment lookup for one test (tests using it do
// not run in parallel with each other).
func withEnv(t *testing.T, env map[string]string) {
	t.Helper()
	old := lookupEnv
	lookupEnv = func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	t.Cleanup(func() { lookupEnv = old })
}

func TestBuild_attributeBeatsEnvironment(t *testing.T) {
	withEnv(t, map[string]string{
		"O11Y_MAINTENANCE_URL":       "http://env-maintenance:1",
		"O11Y_MAINTENANCE_TIME_ZONE": "Europe/Berlin",
		"GRAFANA_URL":                "http://env-grafana:1",
		"ALERTMANAGER_URL":           "http://env-am:1",
		"O11Y_ALERTMANAGER_FLAVOR":   "prometheus",
		"NHN_APPKEY":                 "env-app",
		"NHN_USER_ACCESS_KEY_ID":     "env-id",
		"NHN_SECRET_ACCESS_KEY":      "env-secret",
		"O11Y_PREVIEW_ALERTS":        "false",
	})
	p := &o11yProvider{version: "test"}
	cfg := providerModel{
		Maintenance: &maintenanceModel{URL: types.StringValue("http://cfg-maintenance:1"), TimeZone: types.StringValue("Asia/Seoul")},
		Alertmanager: &alertmanagerModel{
			Flavor:        types.StringValue("grafana"),
			PreviewAlerts: types.BoolValue(true),
		},
	}
	data, diags := p.build(cfg)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if data.Maintenance == nil || data.Maintenance.Location().String() != "Asia/Seoul" {
		t.Fatalf("maintenance time zone from the attribute: got %v", data.Maintenance)
	}
	if got := data.Maintenance.HTTPClient().BaseURL(); got != "http://cfg-maintenance:1" {
		t.Errorf("maintenance url = %s, want the attribute's", got)
	}
	// url not in config: the first env var of the list (GRAFANA_URL) wins
	if data.Alertmanager == nil || data.Alertmanager.Flavor() != "grafana" {
		t.Fatalf("alertmanager flavor: attribute grafana must beat env prometheus, got %+v", data.Alertmanager)
	}
	if got := data.Alertmanager.HTTPClient().BaseURL(); got != "http://env-grafana:1" {
		t.Errorf("alertmanager url = %s, want GRAFANA_URL", got)
	}
	if !data.PreviewAlerts {
		t.Error("preview_alerts = true in config must beat O11Y_PREVIEW_ALERTS=false")
	}
	// resource watcher entirely from the environment, default URL
	if data.ResourceWatcher == nil || data.ResourceWatcher.HTTPClient().BaseURL() != "https://resource-watcher.api.nhncloudservice.com" {
		t.Fatalf("resource watcher from env with the default URL: %+v", data.ResourceWatcher)
	}
}

func TestBuild_environmentOnly(t *testing.T) {
	withEnv(t, map[string]string{
		"ALERTMANAGER_URL":         "http://env-am:1",
		"O11Y_ALERTMANAGER_FLAVOR": "alert-silence",
		"O11Y_MAX_RETRIES":         "0",
	})
	data, diags := (&o11yProvider{version: "test"}).build(providerModel{})
	if diags.HasError() {
		t.Fatal(diags)
	}
	if data.AlertSilence == nil || data.Alertmanager != nil || data.Maintenance != nil || data.ResourceWatcher != nil {
		t.Fatalf("want only the alert-silence client, got %+v", data)
	}
}

func TestBuild_errorsNameTheSource(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		cfg  providerModel
		want string
	}{
		{"bad zone from env", map[string]string{"O11Y_MAINTENANCE_URL": "http://m:1", "O11Y_MAINTENANCE_TIME_ZONE": "Mars/Base"}, providerModel{}, "environment variable O11Y_MAINTENANCE_TIME_ZONE"},
		{"bad flavor from env", map[string]string{"GRAFANA_URL": "http://g:1", "O11Y_ALERTMANAGER_FLAVOR": "loki"}, providerModel{}, "O11Y_ALERTMANAGER_FLAVOR is \"loki\""},
		{"bad timeout", map[string]string{"O11Y_REQUEST_TIMEOUT": "soon"}, providerModel{}, "O11Y_REQUEST_TIMEOUT is \"soon\""},
		{"bad retries", map[string]string{"O11Y_MAX_RETRIES": "-3"}, providerModel{}, "use a whole number from 0 to 20"},
		{"bad org", map[string]string{"GRAFANA_URL": "http://g:1", "GRAFANA_ORG_ID": "x"}, providerModel{}, "GRAFANA_ORG_ID"},
		{"bad url", map[string]string{"GRAFANA_URL": "grafana:3000"}, providerModel{}, "environment variable GRAFANA_URL"},
		{"incomplete nhn", map[string]string{"NHN_APPKEY": "a"}, providerModel{ResourceWatcher: &resourceWatcherModel{}}, "`user_access_key_id` (NHN_USER_ACCESS_KEY_ID) and `secret_access_key` (NHN_SECRET_ACCESS_KEY)"},
		{"empty maintenance block", nil, providerModel{Maintenance: &maintenanceModel{}}, "O11Y_MAINTENANCE_URL"},
		{"datasource uid on prometheus", map[string]string{"GRAFANA_URL": "http://g:1", "O11Y_ALERTMANAGER_FLAVOR": "prometheus", "GRAFANA_DATASOURCE_UID": "x"}, providerModel{}, "datasource_uid needs the grafana flavor"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			withEnv(t, tc.env)
			_, diags := (&o11yProvider{version: "test"}).build(tc.cfg)
			if !diags.HasError() {
				t.Fatal("want an error")
			}
			var all []string
			for _, d := range diags.Errors() {
				all = append(all, d.Summary()+": "+d.Detail())
			}
			if !strings.Contains(strings.Join(all, "\n"), tc.want) {
				t.Fatalf("errors %q do not mention %q", all, tc.want)
			}
		})
	}
}

func TestNotConfiguredNamesSettings(t *testing.T) {
	withEnv(t, nil)
	data, diags := (&o11yProvider{version: "test"}).build(providerModel{})
	if diags.HasError() {
		t.Fatal(diags)
	}
	for name, fn := range map[string]func() string{
		"maintenance": func() string { _, d := data.MaintenanceClient("o11y_maintenance"); return d[0].Detail() },
		"silence":     func() string { _, d := data.AlertmanagerClient("o11y_silence"); return d[0].Detail() },
		"rw":          func() string { _, d := data.ResourceWatcherClient("resourcewatcher_event_alarm"); return d[0].Detail() },
	} {
		detail := fn()
		want := map[string]string{"maintenance": "O11Y_MAINTENANCE_URL", "silence": "GRAFANA_URL", "rw": "NHN_SECRET_ACCESS_KEY"}[name]
		if !strings.Contains(detail, want) {
			t.Errorf("%s: %q does not name %s", name, detail, want)
		}
	}
}
