// Package providerdata is what the provider's Configure hands to every
// resource and data source: one client per configured API, a clock, and the
// "not configured" errors that name what to set.
package providerdata

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertsilence"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/maintenanceapi"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/resourcewatcherapi"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/ephemeralwindow"
)

// Data is the provider's ProviderData. A nil client means that API is not
// configured.
type Data struct {
	Version string

	Maintenance     *maintenanceapi.Client
	Alertmanager    *alertmanager.Client
	AlertSilence    *alertsilence.Client
	ResourceWatcher *resourcewatcherapi.Client

	// Windows holds the ephemeral windows this provider instance opened and
	// Terraform has not closed yet.
	Windows *ephemeralwindow.Tracker

	// PreviewAlerts turns the plan-time alert preview of o11y_silence on.
	PreviewAlerts bool

	// Now is the local clock (tests inject one). Expiry decisions prefer the
	// server's Date header.
	Now func() time.Time
}

// Clock returns d.Now or time.Now.
func (d *Data) Clock() time.Time {
	if d == nil || d.Now == nil {
		return time.Now()
	}
	return d.Now()
}

// From turns the raw ProviderData of a Configure request into *Data. A nil
// raw value (the provider is not configured yet, e.g. during validation)
// returns nil without error.
func From(raw any) (*Data, diag.Diagnostics) {
	var diags diag.Diagnostics
	if raw == nil {
		return nil, diags
	}
	d, ok := raw.(*Data)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerdata.Data, got %T. This is a bug in the provider; please report it.", raw))
	}
	return d, diags
}

// Settings needed per API, used in "not configured" errors.
const (
	maintenanceHelp = "Set `maintenance { url = ... }` in the provider block (or O11Y_MAINTENANCE_URL), " +
		"plus credentials: `api_key` (O11Y_MAINTENANCE_API_KEY), `token` (O11Y_MAINTENANCE_TOKEN) " +
		"or `username`/`password` (O11Y_MAINTENANCE_USERNAME / O11Y_MAINTENANCE_PASSWORD)."
	alertmanagerHelp = "Set `alertmanager { url = ... }` in the provider block (or GRAFANA_URL / ALERTMANAGER_URL), " +
		"`flavor` (O11Y_ALERTMANAGER_FLAVOR: grafana, prometheus or alert-silence), and for Grafana " +
		"`token` (GRAFANA_TOKEN) or `username`/`password` (GRAFANA_USERNAME / GRAFANA_PASSWORD), or GRAFANA_AUTH (`user:password` or a token)."
	resourceWatcherHelp = "Set `resource_watcher { app_key, user_access_key_id, secret_access_key }` in the provider block " +
		"(or NHN_APPKEY, NHN_USER_ACCESS_KEY_ID and NHN_SECRET_ACCESS_KEY); `url` (NHN_RESOURCE_WATCHER_URL) is optional."
)

func notConfigured(what, api, help string) diag.Diagnostics {
	var diags diag.Diagnostics
	diags.AddError(api+" is not configured",
		fmt.Sprintf("%s needs the %s, but the provider has no configuration for it. %s", what, api, help))
	return diags
}

// MaintenanceClient returns the maintenance client or an error naming the
// settings to add. what names the caller, e.g. "o11y_maintenance".
func (d *Data) MaintenanceClient(what string) (*maintenanceapi.Client, diag.Diagnostics) {
	if d == nil || d.Maintenance == nil {
		return nil, notConfigured(what, "O11y maintenance API", maintenanceHelp)
	}
	return d.Maintenance, nil
}

// AlertmanagerClient returns the Grafana/Prometheus Alertmanager client.
func (d *Data) AlertmanagerClient(what string) (*alertmanager.Client, diag.Diagnostics) {
	if d == nil || d.Alertmanager == nil {
		if d != nil && d.AlertSilence != nil {
			var diags diag.Diagnostics
			diags.AddError("Alertmanager flavor mismatch",
				what+" needs a Grafana or Prometheus Alertmanager, but the provider's `alertmanager.flavor` is \"alert-silence\". "+
					"Set `flavor = \"grafana\"` or `\"prometheus\"` (O11Y_ALERTMANAGER_FLAVOR), or use the alert-silence attributes.")
			return nil, diags
		}
		return nil, notConfigured(what, "Alertmanager silence API", alertmanagerHelp)
	}
	return d.Alertmanager, nil
}

// AlertSilenceClient returns the Alert Silence API client.
func (d *Data) AlertSilenceClient(what string) (*alertsilence.Client, diag.Diagnostics) {
	if d == nil || d.AlertSilence == nil {
		return nil, notConfigured(what, "Alert Silence API (alertmanager.flavor = \"alert-silence\")", alertmanagerHelp)
	}
	return d.AlertSilence, nil
}

// ResourceWatcherClient returns the Resource Watcher client.
func (d *Data) ResourceWatcherClient(what string) (*resourcewatcherapi.Client, diag.Diagnostics) {
	if d == nil || d.ResourceWatcher == nil {
		return nil, notConfigured(what, "NHN Cloud Resource Watcher API", resourceWatcherHelp)
	}
	return d.ResourceWatcher, nil
}
