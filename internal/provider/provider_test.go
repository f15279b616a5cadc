package provider

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
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
	data, diags := p.build(cfg, "")
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
	data, diags := (&o11yProvider{version: "test"}).build(providerModel{}, "")
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
			_, diags := (&o11yProvider{version: "test"}).build(tc.cfg, "")
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
	data, diags := (&o11yProvider{version: "test"}).build(providerModel{}, "")
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

// TestAttributeEnvs_matchSchema: the environment variables named in the
// errors about values not known yet are the ones each attribute documents.
func TestAttributeEnvs_matchSchema(t *testing.T) {
	t.Parallel()
	var resp fwprovider.SchemaResponse
	New("test")().Schema(context.Background(), fwprovider.SchemaRequest{}, &resp)
	seen := map[string]bool{}
	check := func(name string, a interface{ GetMarkdownDescription() string }) {
		seen[name] = true
		envs, ok := attributeEnvs[name]
		if !ok || len(envs) == 0 {
			t.Errorf("attributeEnvs has no entry for %s", name)
			return
		}
		for _, e := range envs {
			if !strings.Contains(a.GetMarkdownDescription(), "`"+e+"`") {
				t.Errorf("%s: the description does not name %s: %s", name, e, a.GetMarkdownDescription())
			}
		}
	}
	for name, a := range resp.Schema.Attributes {
		check(name, a)
	}
	for block, b := range resp.Schema.Blocks {
		for name, a := range b.GetNestedObject().GetAttributes() {
			check(block+"."+name, a)
		}
	}
	for name := range attributeEnvs {
		if !seen[name] {
			t.Errorf("attributeEnvs names %s, which the schema does not have", name)
		}
	}
}

// configWith is a provider configuration with every attribute null except
// those in values (by attribute path, such as "alertmanager.url"); a
// block named in values gets that value as a whole.
func configWith(t *testing.T, values map[string]tftypes.Value) tfsdk.Config {
	t.Helper()
	ctx := context.Background()
	var resp fwprovider.SchemaResponse
	New("test")().Schema(ctx, fwprovider.SchemaRequest{}, &resp)
	typ, ok := resp.Schema.Type().TerraformType(ctx).(tftypes.Object)
	if !ok {
		t.Fatal("the provider schema is not an object")
	}
	used := map[string]bool{}
	var object func(prefix string, typ tftypes.Object) tftypes.Value
	object = func(prefix string, typ tftypes.Object) tftypes.Value {
		attrs := map[string]tftypes.Value{}
		for name, at := range typ.AttributeTypes {
			key := prefix + name
			switch v, ok := values[key]; {
			case ok:
				used[key] = true
				attrs[name] = v
			case at.Is(tftypes.Object{}):
				attrs[name] = tftypes.NewValue(at, nil)
				block, _ := at.(tftypes.Object)
				for k := range values {
					if strings.HasPrefix(k, key+".") {
						attrs[name] = object(key+".", block)
						break
					}
				}
			default:
				attrs[name] = tftypes.NewValue(at, nil)
			}
		}
		return tftypes.NewValue(typ, attrs)
	}
	raw := object("", typ)
	for k := range values {
		if !used[k] {
			t.Fatalf("no attribute %s in the provider schema", k)
		}
	}
	return tfsdk.Config{Schema: resp.Schema, Raw: raw}
}

func TestConfigure_unknownValuesAreErrorsAtTheirPaths(t *testing.T) {
	// The environment has a value for every one of them: none may be used.
	withEnv(t, map[string]string{
		"GRAFANA_URL": "http://env-grafana:1", "O11Y_REQUEST_TIMEOUT": "5s", "O11Y_MAINTENANCE_URL": "http://env-m:1",
		"NHN_APPKEY": "a", "NHN_USER_ACCESS_KEY_ID": "i", "NHN_SECRET_ACCESS_KEY": "s",
	})
	unknown := func(t tftypes.Type) tftypes.Value { return tftypes.NewValue(t, tftypes.UnknownValue) }
	cfg := configWith(t, map[string]tftypes.Value{
		"alertmanager.url":                   unknown(tftypes.String),
		"alertmanager.token":                 unknown(tftypes.String),
		"request_timeout":                    unknown(tftypes.String),
		"max_retries":                        unknown(tftypes.Number),
		"maintenance.url":                    tftypes.NewValue(tftypes.String, "http://m:1"),
		"maintenance.time_zone":              unknown(tftypes.String),
		"resource_watcher.secret_access_key": unknown(tftypes.String),
	})
	var resp fwprovider.ConfigureResponse
	New("test")().Configure(context.Background(), fwprovider.ConfigureRequest{Config: cfg, TerraformVersion: "1.5.7"}, &resp)
	want := map[string]string{
		"alertmanager.url":                   "GRAFANA_URL or ALERTMANAGER_URL",
		"alertmanager.token":                 "GRAFANA_TOKEN",
		"max_retries":                        "O11Y_MAX_RETRIES",
		"maintenance.time_zone":              "O11Y_MAINTENANCE_TIME_ZONE",
		"request_timeout":                    "O11Y_REQUEST_TIMEOUT",
		"resource_watcher.secret_access_key": "NHN_SECRET_ACCESS_KEY",
	}
	errs := resp.Diagnostics.Errors()
	if len(errs) != len(want) {
		t.Fatalf("%d errors, want one per unknown value (%d): %v", len(errs), len(want), errs)
	}
	for _, d := range errs {
		wp, ok := d.(diag.DiagnosticWithPath)
		if !ok {
			t.Errorf("no attribute path: %s", d.Summary())
			continue
		}
		name := wp.Path().String()
		env, ok := want[name]
		if !ok {
			t.Errorf("unexpected error at %s: %s", name, d.Summary())
			continue
		}
		if d.Summary() != name+" is not known yet" {
			t.Errorf("%s: summary %q", name, d.Summary())
		}
		for _, s := range []string{"`" + name + "`", "not known until apply", "statically", env, "-target"} {
			if !strings.Contains(d.Detail(), s) {
				t.Errorf("%s: the detail lacks %q: %s", name, s, d.Detail())
			}
		}
	}
	if resp.ResourceData != nil || resp.DataSourceData != nil {
		t.Fatal("a provider with unknown configuration must not hand out clients")
	}
}

func TestConfigure_unknownBlock(t *testing.T) {
	withEnv(t, nil)
	var resp fwprovider.SchemaResponse
	New("test")().Schema(context.Background(), fwprovider.SchemaRequest{}, &resp)
	blockType := resp.Schema.Blocks["maintenance"].Type().TerraformType(context.Background())
	cfg := configWith(t, map[string]tftypes.Value{"maintenance": tftypes.NewValue(blockType, tftypes.UnknownValue)})
	var cr fwprovider.ConfigureResponse
	New("test")().Configure(context.Background(), fwprovider.ConfigureRequest{Config: cfg}, &cr)
	errs := cr.Diagnostics.Errors()
	if len(errs) != 1 || errs[0].Summary() != "maintenance is not known yet" {
		t.Fatalf("%v", errs)
	}
	if wp, ok := errs[0].(diag.DiagnosticWithPath); !ok || !wp.Path().Equal(path.Root("maintenance")) {
		t.Fatalf("want the error at the block: %v", errs[0])
	}
}

func TestConfigure_knownValues(t *testing.T) {
	withEnv(t, nil)
	cfg := configWith(t, map[string]tftypes.Value{
		"request_timeout":       tftypes.NewValue(tftypes.String, "7s"),
		"maintenance.url":       tftypes.NewValue(tftypes.String, "http://m:1"),
		"maintenance.time_zone": tftypes.NewValue(tftypes.String, "Asia/Seoul"),
	})
	var resp fwprovider.ConfigureResponse
	New("test")().Configure(context.Background(), fwprovider.ConfigureRequest{Config: cfg, TerraformVersion: "1.5.7"}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	data, ok := resp.ResourceData.(*providerdata.Data)
	if !ok || data.Maintenance == nil || data.Maintenance.Location().String() != "Asia/Seoul" {
		t.Fatalf("%+v", data)
	}
}

// TestBuild_errorsCarryPaths: an error about a value in the configuration
// points at its attribute; one about an environment variable has no path
// and names the variable.
func TestBuild_errorsCarryPaths(t *testing.T) {
	m := path.Root("maintenance")
	a := path.Root("alertmanager")
	cases := []struct {
		name string
		env  map[string]string
		cfg  providerModel
		want path.Path // empty: no path
		text string
	}{
		{"time zone attribute", nil, providerModel{Maintenance: &maintenanceModel{URL: types.StringValue("http://m:1"), TimeZone: types.StringValue("Mars/Olympus")}}, m.AtName("time_zone"), "attribute `maintenance.time_zone`"},
		{"time zone variable", map[string]string{"O11Y_MAINTENANCE_TIME_ZONE": "Mars/Olympus"}, providerModel{Maintenance: &maintenanceModel{URL: types.StringValue("http://m:1")}}, path.Empty(), "environment variable O11Y_MAINTENANCE_TIME_ZONE"},
		{"url attribute", nil, providerModel{Maintenance: &maintenanceModel{URL: types.StringValue("m:1")}}, m.AtName("url"), "attribute `maintenance.url`"},
		{"url variable", map[string]string{"GRAFANA_URL": "grafana"}, providerModel{}, path.Empty(), "environment variable GRAFANA_URL"},
		{"flavor attribute", nil, providerModel{Alertmanager: &alertmanagerModel{URL: types.StringValue("http://g:1"), Flavor: types.StringValue("loki")}}, a.AtName("flavor"), "\"loki\""},
		{"org id attribute", nil, providerModel{Alertmanager: &alertmanagerModel{URL: types.StringValue("http://g:1"), OrgID: types.Int64Value(0)}}, a.AtName("org_id"), "positive whole number"},
		{"datasource uid attribute", nil, providerModel{Alertmanager: &alertmanagerModel{URL: types.StringValue("http://g:1"), Flavor: types.StringValue("prometheus"), DatasourceUID: types.StringValue("x")}}, a.AtName("datasource_uid"), `use flavor "grafana"`},
		{"retries attribute", nil, providerModel{MaxRetries: types.Int64Value(21)}, path.Root("max_retries"), "0 to 20"},
		{"timeout variable", map[string]string{"O11Y_REQUEST_TIMEOUT": "-1s"}, providerModel{}, path.Empty(), "O11Y_REQUEST_TIMEOUT"},
		{"ca attribute", nil, providerModel{CACertPEM: types.StringValue("not a certificate")}, path.Root("ca_cert_pem"), "no PEM-encoded certificate"},
		{"ca variable", map[string]string{"O11Y_CA_CERT_PEM": "x"}, providerModel{}, path.Empty(), "environment variable O11Y_CA_CERT_PEM"},
		{"maintenance block without url", nil, providerModel{Maintenance: &maintenanceModel{}}, m, "O11Y_MAINTENANCE_URL"},
		{"alertmanager block without url", nil, providerModel{Alertmanager: &alertmanagerModel{Flavor: types.StringValue("grafana")}}, a, "GRAFANA_URL"},
		{"incomplete resource_watcher block", nil, providerModel{ResourceWatcher: &resourceWatcherModel{AppKey: types.StringValue("a")}}, path.Root("resource_watcher"), "NHN_SECRET_ACCESS_KEY"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			withEnv(t, tc.env)
			_, diags := (&o11yProvider{version: "test"}).build(tc.cfg, "")
			errs := diags.Errors()
			if len(errs) != 1 {
				t.Fatalf("%d errors: %v", len(errs), errs)
			}
			var got path.Path
			if wp, ok := errs[0].(diag.DiagnosticWithPath); ok {
				got = wp.Path()
			}
			if got.String() != tc.want.String() {
				t.Errorf("path %q, want %q", got, tc.want)
			}
			if !strings.Contains(errs[0].Detail(), tc.text) {
				t.Errorf("%s: %s does not mention %q", errs[0].Summary(), errs[0].Detail(), tc.text)
			}
		})
	}
}

// recorder is a server that records the headers of every request and
// answers an empty JSON list.
func recorder(t *testing.T) (*httptest.Server, func() []http.Header) {
	t.Helper()
	var mu sync.Mutex
	var got []http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.Header.Clone())
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`[]`))
	}))
	t.Cleanup(srv.Close)
	return srv, func() []http.Header {
		mu.Lock()
		defer mu.Unlock()
		return append([]http.Header(nil), got...)
	}
}

func TestUserAgent(t *testing.T) {
	for _, tc := range []struct {
		name, tf, appended string
		want               string
	}{
		{"terraform", "1.5.7", "", "Terraform/1.5.7 (+https://www.terraform.io) terraform-provider-o11y/0.2.0"},
		{"appended, trimmed", "1.12.6", "  ci-pipeline/42 (team ops)\n", "Terraform/1.12.6 (+https://www.terraform.io) terraform-provider-o11y/0.2.0 ci-pipeline/42 (team ops)"},
		{"blank append", "1.5.7", "   ", "Terraform/1.5.7 (+https://www.terraform.io) terraform-provider-o11y/0.2.0"},
		{"no terraform version", "", "x/1", "terraform-provider-o11y/0.2.0 x/1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			withEnv(t, map[string]string{"TF_APPEND_USER_AGENT": tc.appended})
			if got := userAgent(tc.tf, "0.2.0"); got != tc.want {
				t.Fatalf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
	// and it is what a client sends
	srv, headers := recorder(t)
	withEnv(t, map[string]string{"GRAFANA_URL": srv.URL, "O11Y_ALERTMANAGER_FLAVOR": "prometheus", "TF_APPEND_USER_AGENT": "ci/1"})
	data, diags := (&o11yProvider{version: "0.2.0"}).build(providerModel{}, "1.5.7")
	if diags.HasError() {
		t.Fatal(diags)
	}
	if _, _, err := data.Alertmanager.List(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	h := headers()
	if len(h) != 1 || h[0].Get("User-Agent") != "Terraform/1.5.7 (+https://www.terraform.io) terraform-provider-o11y/0.2.0 ci/1" {
		t.Fatalf("sent %v", h)
	}
}

// TestBuild_grafanaAuth: GRAFANA_AUTH, the Grafana provider's variable, is
// the last fallback for the alertmanager credentials.
func TestBuild_grafanaAuth(t *testing.T) {
	basic := func(u, p string) string {
		r, _ := http.NewRequest(http.MethodGet, "http://x", nil)
		r.SetBasicAuth(u, p)
		return r.Header.Get("Authorization")
	}
	cases := []struct {
		name string
		env  map[string]string
		am   alertmanagerModel
		want string // the Authorization header sent
	}{
		{"user:password", map[string]string{"GRAFANA_AUTH": "ops:pa:ss"}, alertmanagerModel{}, basic("ops", "pa:ss")},
		{"token", map[string]string{"GRAFANA_AUTH": "glsa_abc"}, alertmanagerModel{}, "Bearer glsa_abc"},
		{"anonymous", map[string]string{"GRAFANA_AUTH": "anonymous"}, alertmanagerModel{}, ""},
		{"empty", map[string]string{"GRAFANA_AUTH": ""}, alertmanagerModel{}, ""},
		{"token attribute wins", map[string]string{"GRAFANA_AUTH": "ops:pw"}, alertmanagerModel{Token: types.StringValue("glsa_cfg")}, "Bearer glsa_cfg"},
		{"username attribute wins", map[string]string{"GRAFANA_AUTH": "glsa_env"}, alertmanagerModel{Username: types.StringValue("me"), Password: types.StringValue("pw")}, basic("me", "pw")},
		{"GRAFANA_TOKEN wins", map[string]string{"GRAFANA_AUTH": "ops:pw", "GRAFANA_TOKEN": "glsa_tok"}, alertmanagerModel{}, "Bearer glsa_tok"},
		{"GRAFANA_USERNAME wins", map[string]string{"GRAFANA_AUTH": "glsa_env", "GRAFANA_USERNAME": "u", "GRAFANA_PASSWORD": "p"}, alertmanagerModel{}, basic("u", "p")},
		{"GRAFANA_PASSWORD alone wins", map[string]string{"GRAFANA_AUTH": "glsa_env", "GRAFANA_PASSWORD": "p"}, alertmanagerModel{}, basic("", "p")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv, headers := recorder(t)
			env := map[string]string{"GRAFANA_URL": srv.URL}
			for k, v := range tc.env {
				env[k] = v
			}
			withEnv(t, env)
			am := tc.am
			data, diags := (&o11yProvider{version: "test"}).build(providerModel{Alertmanager: &am}, "1.5.7")
			if diags.HasError() {
				t.Fatal(diags)
			}
			if _, _, err := data.Alertmanager.List(context.Background(), nil); err != nil {
				t.Fatal(err)
			}
			if h := headers(); len(h) != 1 || h[0].Get("Authorization") != tc.want {
				t.Fatalf("Authorization %q, want %q", h[0].Get("Authorization"), tc.want)
			}
		})
	}
}
