// Package provider wires the o11y provider: its schema, Configure (one client
// per configured API), the list of types it serves (registry.go) and the
// shutdown of one plugin process (factory.go).
package provider

import (
	"context"
	"crypto/x509"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertsilence"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/maintenanceapi"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/resourcewatcherapi"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/validators"
)

var (
	_ provider.Provider                       = (*o11yProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*o11yProvider)(nil)
	_ provider.ProviderWithActions            = (*o11yProvider)(nil)
	_ provider.ProviderWithListResources      = (*o11yProvider)(nil)
)

type o11yProvider struct {
	version string
	reg     Registry
	opts    Options
	factory *Factory
}

type providerModel struct {
	Maintenance        *maintenanceModel     `tfsdk:"maintenance"`
	Alertmanager       *alertmanagerModel    `tfsdk:"alertmanager"`
	ResourceWatcher    *resourceWatcherModel `tfsdk:"resource_watcher"`
	RequestTimeout     timetypes.GoDuration  `tfsdk:"request_timeout"`
	MaxRetries         types.Int64           `tfsdk:"max_retries"`
	InsecureSkipVerify types.Bool            `tfsdk:"insecure_skip_verify"`
	CACertPEM          types.String          `tfsdk:"ca_cert_pem"`
}

type maintenanceModel struct {
	URL          types.String `tfsdk:"url"`
	APIKey       types.String `tfsdk:"api_key"`
	APIKeyHeader types.String `tfsdk:"api_key_header"`
	Token        types.String `tfsdk:"token"`
	Username     types.String `tfsdk:"username"`
	Password     types.String `tfsdk:"password"`
	TimeZone     types.String `tfsdk:"time_zone"`
}

type alertmanagerModel struct {
	URL           types.String `tfsdk:"url"`
	Flavor        types.String `tfsdk:"flavor"`
	Token         types.String `tfsdk:"token"`
	Username      types.String `tfsdk:"username"`
	Password      types.String `tfsdk:"password"`
	OrgID         types.Int64  `tfsdk:"org_id"`
	DatasourceUID types.String `tfsdk:"datasource_uid"`
	PreviewAlerts types.Bool   `tfsdk:"preview_alerts"`
}

type resourceWatcherModel struct {
	URL             types.String `tfsdk:"url"`
	AppKey          types.String `tfsdk:"app_key"`
	UserAccessKeyID types.String `tfsdk:"user_access_key_id"`
	SecretAccessKey types.String `tfsdk:"secret_access_key"`
}

func (p *o11yProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "o11y"
	resp.Version = p.version
}

func str(desc string, envs []string, sensitive bool) schema.StringAttribute {
	return schema.StringAttribute{
		Optional:            true,
		Sensitive:           sensitive,
		MarkdownDescription: fmt.Sprintf("%s Environment variable: %s.", desc, envDoc(envs)),
	}
}

// grafanaAuthNote documents GRAFANA_AUTH on the alertmanager credentials.
const grafanaAuthNote = " When none of `token`, `username` and `password` is set by an attribute or its variable, " +
	"`" + envGrafanaAuth + "` (the Grafana provider's variable) is read last: `user:password` means basic auth, " +
	"`anonymous` no credentials, and anything else is a token."

func (p *o11yProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	timeout := str("Timeout of one HTTP attempt, as a Go duration such as `30s` or `1m`. Defaults to `30s`.", envRequestTimeout, false)
	timeout.CustomType = timetypes.GoDurationType{}
	timeout.Validators = []validator.String{validators.PositiveDuration("request_timeout")}
	tz := str("IANA time zone in which the maintenance API reads and writes its `yyyy-MM-dd HH:mm` dates, such as `Asia/Seoul`. "+
		"The provider carries its own copy of the time zone database, so this works where the operating system has none. Defaults to `UTC`.", envMaintenanceTimeZone, false)
	tz.Validators = []validator.String{validators.TimeZone()}
	flavor := str("Which silence API `url` serves: `grafana` (Grafana's built-in Alertmanager, the default), `prometheus` (a plain Prometheus Alertmanager at `/api/v2`) or `alert-silence` (the Alert Silence API at `/api/v1.0/alert-silence`).", envAlertmanagerFlavor, false)
	flavor.Validators = []validator.String{stringvalidator.OneOf(alertmanager.Flavors...)}
	urlAttr := func(desc string, envs []string, example string) schema.StringAttribute {
		a := str(desc, envs, false)
		a.Validators = []validator.String{validators.HTTPURL("Invalid URL", example)}
		return a
	}
	grafanaCred := func(desc string, envs []string, sensitive bool) schema.StringAttribute {
		a := str(desc, envs, sensitive)
		a.MarkdownDescription += grafanaAuthNote
		return a
	}

	resp.Schema = schema.Schema{
		MarkdownDescription: "The o11y provider manages change windows as code: O11y maintenance windows, " +
			"alert silences on Grafana, Prometheus Alertmanager or the Alert Silence API, and NHN Cloud Resource " +
			"Watcher event alarms. Every block is optional and every attribute can come from an environment variable; " +
			"a resource whose API is not configured fails with an error that names what to set. " +
			"A value that is not known until apply (such as an attribute of a resource not created yet) is an error: " +
			"the provider never falls back to the environment for it.",
		Attributes: map[string]schema.Attribute{
			"request_timeout": timeout,
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "How many times a failed request is retried (with exponential backoff and jitter, honouring `Retry-After`). " +
					"Reads and deletes are retried on 429, 5xx and connection failures; creates only when the server certainly did not act (429, 503, connection refused). " +
					"Defaults to `4`; `0` turns retries off. Environment variable: " + envDoc(envMaxRetries) + ".",
				Validators: []validator.Int64{int64validator.Between(0, 20)},
			},
			"insecure_skip_verify": schema.BoolAttribute{
				Optional:            true,
				MarkdownDescription: "Skip TLS certificate verification for every API. Only for test servers. Environment variable: " + envDoc(envInsecureSkipVerify) + ".",
			},
			"ca_cert_pem": str("PEM-encoded CA certificate(s) trusted in addition to the system roots, for APIs behind a private CA.", envCACertPEM, false),
		},
		Blocks: map[string]schema.Block{
			"maintenance": schema.SingleNestedBlock{
				MarkdownDescription: "The O11y maintenance API, used by `o11y_maintenance`. Authenticate with one of `api_key`, `token` or `username`/`password`.",
				Attributes: map[string]schema.Attribute{
					"url":            urlAttr("Base URL of the O11y maintenance API, such as `https://o11y.example.com`.", envMaintenanceURL, "https://o11y.example.com"),
					"api_key":        str("API key, sent in the `api_key_header` header.", envMaintenanceAPIKey, true),
					"api_key_header": str("Header that carries `api_key`. Defaults to `X-API-Key`.", envMaintenanceAPIKeyHeader, false),
					"token":          str("OAuth bearer token, sent as `Authorization: Bearer`.", envMaintenanceToken, true),
					"username":       str("User name for HTTP basic auth.", envMaintenanceUsername, false),
					"password":       str("Password for HTTP basic auth.", envMaintenancePassword, true),
					"time_zone":      tz,
				},
			},
			"alertmanager": schema.SingleNestedBlock{
				MarkdownDescription: "The silence API used by `o11y_silence`: Grafana's built-in Alertmanager, any Prometheus Alertmanager, or the Alert Silence API. " +
					"A pipeline that already drives the Grafana provider can keep its `GRAFANA_URL` and `" + envGrafanaAuth + "`.",
				Attributes: map[string]schema.Attribute{
					"url":      urlAttr("Base URL: Grafana's root URL (`http://grafana:3000`), an Alertmanager's root URL, or the Alert Silence API's root URL.", envAlertmanagerURL, "https://grafana.example.com"),
					"flavor":   flavor,
					"token":    grafanaCred("Grafana service-account token (`glsa_...`), sent as `Authorization: Bearer`.", envGrafanaToken, true),
					"username": grafanaCred("User name for HTTP basic auth (Grafana user, or a proxy in front of Alertmanager).", envGrafanaUsername, false),
					"password": grafanaCred("Password for HTTP basic auth.", envGrafanaPassword, true),
					"org_id": schema.Int64Attribute{
						Optional:            true,
						MarkdownDescription: "Grafana organization, sent as `X-Grafana-Org-Id`. Service-account tokens are bound to their org already. Environment variable: " + envDoc(envGrafanaOrgID) + ".",
						Validators:          []validator.Int64{int64validator.AtLeast(1)},
					},
					"datasource_uid": str("UID of an external Alertmanager data source in Grafana; silences then go to `/api/alertmanager/{datasource_uid}/api/v2`. Only for `flavor = \"grafana\"`.", envGrafanaDatasource, false),
					"preview_alerts": schema.BoolAttribute{
						Optional: true,
						MarkdownDescription: "Whether a plan that creates or changes the matchers of an `o11y_silence` asks the server which firing alerts it would mute, and reports them as a warning. " +
							"Defaults to `true`. Environment variable: " + envDoc(envPreviewAlerts) + ".",
					},
				},
			},
			"resource_watcher": schema.SingleNestedBlock{
				MarkdownDescription: "NHN Cloud Resource Watcher, used by the `resourcewatcher_*` types. Credentials are a User Access Key ID and Secret Access Key from the NHN Cloud console, and the Resource Watcher service's Appkey.",
				Attributes: map[string]schema.Attribute{
					"url":                urlAttr("Base URL of the Resource Watcher API. Defaults to NHN Cloud's public endpoint `"+resourcewatcherapi.DefaultURL+"`.", envRWURL, resourcewatcherapi.DefaultURL),
					"app_key":            str("Appkey of the Resource Watcher service (from the console).", envRWAppKey, true),
					"user_access_key_id": str("User Access Key ID, sent as `X-TC-AUTHENTICATION-ID`.", envRWAccessKey, true),
					"secret_access_key":  str("Secret Access Key, sent as `X-TC-AUTHENTICATION-SECRET`.", envRWSecretKey, true),
				},
			},
		},
	}
}

func (p *o11yProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	// A value not known yet must not be mistaken for an unset one (and so
	// be replaced by an environment variable, or by nothing).
	resp.Diagnostics.Append(unknownValues(req.Config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	data, diags := p.build(cfg, req.TerraformVersion)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	tflog.Debug(ctx, "configured o11y provider", map[string]any{
		"maintenance": data.Maintenance != nil, "alertmanager": data.Alertmanager != nil,
		"alert_silence": data.AlertSilence != nil, "resource_watcher": data.ResourceWatcher != nil,
	})
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.EphemeralResourceData = data
	resp.ActionData = data
	resp.ListResourceData = data
}

// unknownValues reports, at its path, every attribute or block of the
// provider configuration whose value is not known yet.
func unknownValues(cfg tfsdk.Config) diag.Diagnostics {
	var diags diag.Diagnostics
	var found []path.Path
	_ = tftypes.Walk(cfg.Raw, func(ap *tftypes.AttributePath, v tftypes.Value) (bool, error) {
		if v.IsKnown() {
			return true, nil
		}
		p := path.Empty()
		for _, step := range ap.Steps() {
			name, ok := step.(tftypes.AttributeName)
			if !ok {
				break // the provider schema has no collections of blocks
			}
			p = p.AtName(string(name))
		}
		found = append(found, p)
		return false, nil
	})
	sort.Slice(found, func(i, j int) bool { return found[i].String() < found[j].String() })
	for _, p := range found {
		name := p.String()
		if name == "" {
			diags.AddError("Provider configuration not known yet", notKnownDetail("provider \"o11y\"", nil))
			continue
		}
		diags.AddAttributeError(p, name+" is not known yet", notKnownDetail(name, attributeEnvs[name]))
	}
	return diags
}

// userAgent is the User-Agent of every request, as HashiCorp's providers
// write it: the Terraform version Configure was called by, the provider's
// version, then TF_APPEND_USER_AGENT.
func userAgent(terraformVersion, providerVersion string) string {
	ua := "terraform-provider-o11y/" + providerVersion
	if terraformVersion != "" {
		ua = fmt.Sprintf("Terraform/%s (+https://www.terraform.io) %s", terraformVersion, ua)
	}
	if add, ok := lookupEnv(envAppendUserAgent); ok {
		if add = strings.TrimSpace(add); add != "" {
			ua += " " + add
		}
	}
	return ua
}

// grafanaAuth reads GRAFANA_AUTH the way the Grafana provider reads its
// `auth`: `anonymous` (no credentials), `user:password`, or a token. ok is
// false when the variable is not set.
func grafanaAuth() (auth httpx.Auth, raw string, ok bool) {
	v, found := lookupEnv(envGrafanaAuth)
	if !found || v == "" {
		return httpx.Auth{}, "", false
	}
	switch user, password, basic := strings.Cut(v, ":"); {
	case v == "anonymous":
		return httpx.Auth{}, "", true
	case basic:
		return httpx.Auth{Username: user, Password: password}, v, true
	default:
		return httpx.Auth{Token: v}, v, true
	}
}

// build turns the configuration plus environment into clients. It is pure
// apart from reading the environment, and unit-tested. Configure has
// refused values not known yet.
func (p *o11yProvider) build(cfg providerModel, terraformVersion string) (*providerdata.Data, diag.Diagnostics) {
	var diags diag.Diagnostics
	data := &providerdata.Data{Version: p.version, Now: p.opts.Now, PreviewAlerts: true,
		Windows: p.factory.tracker()}
	root := path.Root

	base := httpx.Config{UserAgent: userAgent(terraformVersion, p.version)}
	if s := pick(cfg.RequestTimeout.StringValue, root("request_timeout"), envRequestTimeout); s.set {
		d, err := time.ParseDuration(s.value)
		if err != nil || d <= 0 {
			s.addError(&diags, "Invalid request timeout", fmt.Sprintf("%s is %q; use a positive Go duration such as \"30s\" or \"2m\".", s.source, s.value))
		}
		base.Timeout = d
	}
	if s, n, err := pickInt(cfg.MaxRetries, root("max_retries"), envMaxRetries); s.set {
		if err != nil || n < 0 || n > 20 {
			s.addError(&diags, "Invalid max_retries", fmt.Sprintf("%s is %q; use a whole number from 0 to 20.", s.source, s.value))
		}
		base.MaxRetries = int(n)
		if n == 0 {
			base.MaxRetries = -1
		}
	}
	if s, b, err := pickBool(cfg.InsecureSkipVerify, root("insecure_skip_verify"), envInsecureSkipVerify, false); err != nil {
		s.addError(&diags, "Invalid insecure_skip_verify", fmt.Sprintf("%s is %q; use true or false.", s.source, s.value))
	} else {
		base.InsecureSkipVerify = b
	}
	if s := pick(cfg.CACertPEM, root("ca_cert_pem"), envCACertPEM); s.set {
		if !x509.NewCertPool().AppendCertsFromPEM([]byte(s.value)) {
			s.addError(&diags, "Invalid ca_cert_pem", fmt.Sprintf("%s holds no PEM-encoded certificate; paste the CA certificate including its -----BEGIN CERTIFICATE----- line.", s.source))
		} else {
			base.CACertPEM = s.value
		}
	}

	mk := func(api string, url setting, auth httpx.Auth, headers http.Header) *httpx.Client {
		c := base
		c.API, c.BaseURL, c.Auth, c.Headers = api, url.value, auth, headers
		client, err := httpx.New(c)
		if err != nil {
			url.addError(&diags, "Invalid "+api+" configuration", fmt.Sprintf("%s: %v.", url.source, err))
			return nil
		}
		return client
	}

	// maintenance
	var mm maintenanceModel
	if cfg.Maintenance != nil {
		mm = *cfg.Maintenance
	}
	mp := root("maintenance").AtName
	if url := pick(mm.URL, mp("url"), envMaintenanceURL); url.set {
		loc := time.UTC
		if tz := pick(mm.TimeZone, mp("time_zone"), envMaintenanceTimeZone); tz.set {
			l, err := validators.LoadZone(tz.value)
			if err != nil {
				tz.addError(&diags, "Invalid maintenance time zone", fmt.Sprintf("%s: %v.", tz.source, err))
			} else {
				loc = l
			}
		}
		auth := httpx.Auth{
			APIKey:       pick(mm.APIKey, mp("api_key"), envMaintenanceAPIKey).value,
			APIKeyHeader: pick(mm.APIKeyHeader, mp("api_key_header"), envMaintenanceAPIKeyHeader).value,
			Token:        pick(mm.Token, mp("token"), envMaintenanceToken).value,
			Username:     pick(mm.Username, mp("username"), envMaintenanceUsername).value,
			Password:     pick(mm.Password, mp("password"), envMaintenancePassword).value,
		}
		if h := mk("maintenance", url, auth, nil); h != nil {
			data.Maintenance = maintenanceapi.New(h, loc)
		}
	} else if cfg.Maintenance != nil {
		diags.AddAttributeError(root("maintenance"), "Missing maintenance URL",
			"The `maintenance` block is present but has no `url`; set it or the O11Y_MAINTENANCE_URL environment variable, or remove the block.")
	}

	// alertmanager
	var am alertmanagerModel
	if cfg.Alertmanager != nil {
		am = *cfg.Alertmanager
	}
	ap := root("alertmanager").AtName
	if s, b, err := pickBool(am.PreviewAlerts, ap("preview_alerts"), envPreviewAlerts, true); err != nil {
		s.addError(&diags, "Invalid preview_alerts", fmt.Sprintf("%s is %q; use true or false.", s.source, s.value))
	} else {
		data.PreviewAlerts = b
	}
	if url := pick(am.URL, ap("url"), envAlertmanagerURL); url.set {
		flavor := alertmanager.FlavorGrafana
		if f := pick(am.Flavor, ap("flavor"), envAlertmanagerFlavor); f.set {
			flavor = f.value
			switch flavor {
			case alertmanager.FlavorGrafana, alertmanager.FlavorPrometheus, alertmanager.FlavorAlertSilence:
			default:
				f.addError(&diags, "Invalid alertmanager flavor", fmt.Sprintf("%s is %q; use \"grafana\", \"prometheus\" or \"alert-silence\".", f.source, f.value))
			}
		}
		auth := httpx.Auth{
			Token:    pick(am.Token, ap("token"), envGrafanaToken).value,
			Username: pick(am.Username, ap("username"), envGrafanaUsername).value,
			Password: pick(am.Password, ap("password"), envGrafanaPassword).value,
		}
		// The Grafana provider's variable, when nothing more specific is set.
		var extraSecret string
		if auth.Token == "" && auth.Username == "" && auth.Password == "" {
			if ga, raw, ok := grafanaAuth(); ok {
				auth, extraSecret = ga, raw
			}
		}
		headers := http.Header{}
		if s, n, err := pickInt(am.OrgID, ap("org_id"), envGrafanaOrgID); s.set {
			if err != nil || n < 1 {
				s.addError(&diags, "Invalid Grafana org id", fmt.Sprintf("%s is %q; use a positive whole number.", s.source, s.value))
			}
			headers.Set("X-Grafana-Org-Id", strconv.FormatInt(n, 10))
		}
		dsUID := pick(am.DatasourceUID, ap("datasource_uid"), envGrafanaDatasource)
		if dsUID.set && flavor != alertmanager.FlavorGrafana {
			dsUID.addError(&diags, "datasource_uid needs the grafana flavor", fmt.Sprintf("%s is set, but the flavor is %q. Remove it, or use flavor \"grafana\".", dsUID.source, flavor))
		}
		if h := mk("alertmanager", url, auth, headers); h != nil {
			// GRAFANA_AUTH as a whole ("user:password") is masked too.
			h.AddSecret(extraSecret)
			if flavor == alertmanager.FlavorAlertSilence {
				data.AlertSilence = alertsilence.New(h, data.Clock)
			} else {
				data.Alertmanager = alertmanager.New(h, alertmanager.Options{Flavor: flavor, DatasourceUID: dsUID.value})
			}
		}
	} else if cfg.Alertmanager != nil && (!am.Flavor.IsNull() || !am.Token.IsNull() || !am.Username.IsNull()) {
		diags.AddAttributeError(root("alertmanager"), "Missing alertmanager URL",
			"The `alertmanager` block is present but has no `url`; set it, or GRAFANA_URL / ALERTMANAGER_URL, or remove the block.")
	}

	// resource watcher
	var rw resourceWatcherModel
	if cfg.ResourceWatcher != nil {
		rw = *cfg.ResourceWatcher
	}
	rp := root("resource_watcher").AtName
	appKey := pick(rw.AppKey, rp("app_key"), envRWAppKey)
	accessKey := pick(rw.UserAccessKeyID, rp("user_access_key_id"), envRWAccessKey)
	secretKey := pick(rw.SecretAccessKey, rp("secret_access_key"), envRWSecretKey)
	if appKey.set || accessKey.set || secretKey.set || cfg.ResourceWatcher != nil {
		var missing []string
		if !appKey.set {
			missing = append(missing, "`app_key` (NHN_APPKEY)")
		}
		if !accessKey.set {
			missing = append(missing, "`user_access_key_id` (NHN_USER_ACCESS_KEY_ID)")
		}
		if !secretKey.set {
			missing = append(missing, "`secret_access_key` (NHN_SECRET_ACCESS_KEY)")
		}
		switch {
		case len(missing) > 0 && cfg.ResourceWatcher != nil:
			diags.AddAttributeError(root("resource_watcher"), "Incomplete resource_watcher configuration",
				"Resource Watcher needs "+joinAnd(missing)+"; set them in the `resource_watcher` block or the environment, or remove the block.")
		case len(missing) == 0:
			url := pick(rw.URL, rp("url"), envRWURL)
			if !url.set {
				url = setting{value: resourcewatcherapi.DefaultURL, source: "the default Resource Watcher URL", set: true}
			}
			auth := httpx.Auth{SecretHeaders: map[string]string{
				"X-TC-AUTHENTICATION-ID":     accessKey.value,
				"X-TC-AUTHENTICATION-SECRET": secretKey.value,
			}}
			if h := mk("resource_watcher", url, auth, nil); h != nil {
				// The Appkey travels in the URL path: mask it in logs too.
				h.AddSecret(appKey.value)
				data.ResourceWatcher = resourcewatcherapi.New(h, appKey.value)
			}
		}
	}
	return data, diags
}

func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	out := ""
	for i, s := range items {
		switch {
		case i == 0:
			out = s
		case i == len(items)-1:
			out += " and " + s
		default:
			out += ", " + s
		}
	}
	return out
}

func (p *o11yProvider) Resources(context.Context) []func() resource.Resource {
	return p.reg.Resources
}

func (p *o11yProvider) DataSources(context.Context) []func() datasource.DataSource {
	return p.reg.DataSources
}

func (p *o11yProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return p.reg.EphemeralResources
}

func (p *o11yProvider) Actions(context.Context) []func() action.Action {
	return p.reg.Actions
}

func (p *o11yProvider) ListResources(context.Context) []func() list.ListResource {
	return p.reg.ListResources
}
