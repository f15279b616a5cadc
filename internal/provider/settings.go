package provider

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Environment variables, one or more per attribute; the first set one wins,
// and a value in the configuration beats them all.
var (
	envMaintenanceURL          = []string{"O11Y_MAINTENANCE_URL"}
	envMaintenanceAPIKey       = []string{"O11Y_MAINTENANCE_API_KEY"}
	envMaintenanceAPIKeyHeader = []string{"O11Y_MAINTENANCE_API_KEY_HEADER"}
	envMaintenanceToken        = []string{"O11Y_MAINTENANCE_TOKEN"}
	envMaintenanceUsername     = []string{"O11Y_MAINTENANCE_USERNAME"}
	envMaintenancePassword     = []string{"O11Y_MAINTENANCE_PASSWORD"}
	envMaintenanceTimeZone     = []string{"O11Y_MAINTENANCE_TIME_ZONE"}

	envAlertmanagerURL    = []string{"GRAFANA_URL", "ALERTMANAGER_URL"}
	envAlertmanagerFlavor = []string{"O11Y_ALERTMANAGER_FLAVOR"}
	envGrafanaToken       = []string{"GRAFANA_TOKEN"}
	envGrafanaUsername    = []string{"GRAFANA_USERNAME"}
	envGrafanaPassword    = []string{"GRAFANA_PASSWORD"}
	envGrafanaOrgID       = []string{"GRAFANA_ORG_ID"}
	envGrafanaDatasource  = []string{"GRAFANA_DATASOURCE_UID"}
	envPreviewAlerts      = []string{"O11Y_PREVIEW_ALERTS"}

	envRWURL       = []string{"NHN_RESOURCE_WATCHER_URL"}
	envRWAppKey    = []string{"NHN_APPKEY"}
	envRWAccessKey = []string{"NHN_USER_ACCESS_KEY_ID"}
	envRWSecretKey = []string{"NHN_SECRET_ACCESS_KEY"}

	envRequestTimeout     = []string{"O11Y_REQUEST_TIMEOUT"}
	envMaxRetries         = []string{"O11Y_MAX_RETRIES"}
	envInsecureSkipVerify = []string{"O11Y_INSECURE_SKIP_VERIFY"}
	envCACertPEM          = []string{"O11Y_CA_CERT_PEM"}
)

// envGrafanaAuth is the Grafana provider's credential variable: a token,
// `user:password` for basic auth, or `anonymous`. It is the last fallback
// for the alertmanager credentials (see grafanaAuth).
const envGrafanaAuth = "GRAFANA_AUTH"

// envAppendUserAgent is appended to the User-Agent, as in HashiCorp's
// providers.
const envAppendUserAgent = "TF_APPEND_USER_AGENT"

// attributeEnvs names the environment variables of every attribute, by
// attribute path, for the errors about values not known yet. A test
// checks it against the schema.
var attributeEnvs = map[string][]string{
	"request_timeout":      envRequestTimeout,
	"max_retries":          envMaxRetries,
	"insecure_skip_verify": envInsecureSkipVerify,
	"ca_cert_pem":          envCACertPEM,

	"maintenance.url":            envMaintenanceURL,
	"maintenance.api_key":        envMaintenanceAPIKey,
	"maintenance.api_key_header": envMaintenanceAPIKeyHeader,
	"maintenance.token":          envMaintenanceToken,
	"maintenance.username":       envMaintenanceUsername,
	"maintenance.password":       envMaintenancePassword,
	"maintenance.time_zone":      envMaintenanceTimeZone,

	"alertmanager.url":            envAlertmanagerURL,
	"alertmanager.flavor":         envAlertmanagerFlavor,
	"alertmanager.token":          append(append([]string(nil), envGrafanaToken...), envGrafanaAuth),
	"alertmanager.username":       append(append([]string(nil), envGrafanaUsername...), envGrafanaAuth),
	"alertmanager.password":       append(append([]string(nil), envGrafanaPassword...), envGrafanaAuth),
	"alertmanager.org_id":         envGrafanaOrgID,
	"alertmanager.datasource_uid": envGrafanaDatasource,
	"alertmanager.preview_alerts": envPreviewAlerts,

	"resource_watcher.url":                envRWURL,
	"resource_watcher.app_key":            envRWAppKey,
	"resource_watcher.user_access_key_id": envRWAccessKey,
	"resource_watcher.secret_access_key":  envRWSecretKey,
}

// setting is one resolved value and where it came from, so errors can name
// the attribute (at its path) or the environment variable the user has to
// fix.
type setting struct {
	value  string
	source string // "attribute `foo.bar`" or "environment variable FOO"
	// path is the attribute's path when the value came from the
	// configuration, and empty when it came from the environment.
	path path.Path
	set  bool
}

// fromConfig reports whether the value was written in the configuration.
func (s setting) fromConfig() bool { return len(s.path.Steps()) > 0 }

// addError reports a bad value: at its attribute when the configuration
// holds it, otherwise as a plain error that names the variable.
func (s setting) addError(diags *diag.Diagnostics, summary, detail string) {
	if s.fromConfig() {
		diags.AddAttributeError(s.path, summary, detail)
		return
	}
	diags.AddError(summary, detail)
}

// lookupEnv is replaced in unit tests.
var lookupEnv = os.LookupEnv

// env returns the value of the first non-empty variable of envs.
func env(envs ...string) (setting, bool) {
	for _, e := range envs {
		if v, ok := lookupEnv(e); ok && v != "" {
			return setting{value: v, source: "environment variable " + e, set: true}, true
		}
	}
	return setting{}, false
}

// pick resolves an attribute: a known, non-null configuration value beats the
// environment variables, which are tried in order. Configure refuses values
// not known yet before it gets here (see unknownValues).
func pick(attr types.String, p path.Path, envs []string) setting {
	if !attr.IsNull() && !attr.IsUnknown() {
		return setting{value: attr.ValueString(), source: "attribute `" + p.String() + "`", path: p, set: true}
	}
	s, _ := env(envs...)
	return s
}

func pickInt(attr types.Int64, p path.Path, envs []string) (setting, int64, error) {
	if !attr.IsNull() && !attr.IsUnknown() {
		return setting{value: strconv.FormatInt(attr.ValueInt64(), 10), source: "attribute `" + p.String() + "`", path: p, set: true}, attr.ValueInt64(), nil
	}
	s, ok := env(envs...)
	if !ok {
		return s, 0, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s.value), 10, 64)
	return s, n, err
}

func pickBool(attr types.Bool, p path.Path, envs []string, def bool) (setting, bool, error) {
	if !attr.IsNull() && !attr.IsUnknown() {
		return setting{value: strconv.FormatBool(attr.ValueBool()), source: "attribute `" + p.String() + "`", path: p, set: true}, attr.ValueBool(), nil
	}
	s, ok := env(envs...)
	if !ok {
		return s, def, nil
	}
	b, err := strconv.ParseBool(strings.TrimSpace(s.value))
	return s, b, err
}

func envList(envs []string) string { return strings.Join(envs, " or ") }

// envDoc is envList for documentation: each name in backticks.
func envDoc(envs []string) string {
	quoted := make([]string, len(envs))
	for i, e := range envs {
		quoted[i] = "`" + e + "`"
	}
	return strings.Join(quoted, " or ")
}

// notKnownDetail says what to do about a provider attribute whose value is
// known only after apply.
func notKnownDetail(attr string, envs []string) string {
	use := ""
	if len(envs) > 0 {
		use = fmt.Sprintf(", set the %s environment variable instead", envList(envs))
	}
	return fmt.Sprintf("The provider needs `%s` to configure its API client, but its value is not known until apply "+
		"(it comes from a resource or data source that does not exist yet, or is only known after apply). "+
		"Rather than guess, the provider stops here: write the value statically in the provider block%s, "+
		"or create its source first with `terraform apply -target=<address of the source>` and then apply the rest.", attr, use)
}
