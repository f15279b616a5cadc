package provider

import (
	"os"
	"strconv"
	"strings"

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

// setting is one resolved value and where it came from, so errors can name
// the attribute or the environment variable the user has to fix.
type setting struct {
	value  string
	source string // "attribute foo.bar" or "environment variable FOO"
	set    bool
}

// lookupEnv is replaced in unit tests.
var lookupEnv = os.LookupEnv

// pick resolves an attribute: a known, non-null configuration value beats the
// environment variables, which are tried in order.
func pick(attr types.String, path string, envs []string) setting {
	if !attr.IsNull() && !attr.IsUnknown() {
		return setting{value: attr.ValueString(), source: "attribute `" + path + "`", set: true}
	}
	for _, e := range envs {
		if v, ok := lookupEnv(e); ok && v != "" {
			return setting{value: v, source: "environment variable " + e, set: true}
		}
	}
	return setting{}
}

func pickInt(attr types.Int64, path string, envs []string) (setting, int64, error) {
	if !attr.IsNull() && !attr.IsUnknown() {
		return setting{value: strconv.FormatInt(attr.ValueInt64(), 10), source: "attribute `" + path + "`", set: true}, attr.ValueInt64(), nil
	}
	s := pick(types.StringNull(), path, envs)
	if !s.set {
		return s, 0, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s.value), 10, 64)
	return s, n, err
}

func pickBool(attr types.Bool, path string, envs []string, def bool) (setting, bool, error) {
	if !attr.IsNull() && !attr.IsUnknown() {
		return setting{value: strconv.FormatBool(attr.ValueBool()), source: "attribute `" + path + "`", set: true}, attr.ValueBool(), nil
	}
	s := pick(types.StringNull(), path, envs)
	if !s.set {
		return s, def, nil
	}
	b, err := strconv.ParseBool(strings.TrimSpace(s.value))
	return s, b, err
}

func envList(envs []string) string { return strings.Join(envs, " or ") }
