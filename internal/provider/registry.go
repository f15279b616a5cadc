package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/maintenance"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/resourcewatcher"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/silence"
)

// registry lists every type the provider serves. Each API room adds its
// constructors here and nowhere else.
func registry() Registry {
	return Registry{
		Resources: []func() resource.Resource{
			maintenance.NewMaintenanceResource,
			silence.NewSilenceResource,
			resourcewatcher.NewEventAlarmResource,
			silence.NewSilenceScheduleResource,
			maintenance.NewMaintenanceScheduleResource,
		},
		DataSources: []func() datasource.DataSource{
			maintenance.NewMaintenanceDataSource,
			maintenance.NewMaintenancesDataSource,
			silence.NewSilenceDataSource,
			silence.NewSilencesDataSource,
			silence.NewAlertsDataSource,
			resourcewatcher.NewEventAlarmDataSource,
			resourcewatcher.NewEventAlarmsDataSource,
			resourcewatcher.NewEventsDataSource,
			resourcewatcher.NewAlarmHistoryDataSource,
		},
		EphemeralResources: []func() ephemeral.EphemeralResource{
			maintenance.NewMaintenanceEphemeralResource,
			silence.NewSilenceEphemeralResource,
		},
		ListResources: []func() list.ListResource{
			silence.NewSilenceListResource,
			resourcewatcher.NewEventAlarmListResource,
			maintenance.NewMaintenanceListResource,
		},
		Actions: []func() action.Action{
			silence.NewSilenceAction,
			silence.NewSilenceExpireAction,
			maintenance.NewMaintenanceAction,
			maintenance.NewMaintenanceExpireAction,
		},
	}
}
