package resourcewatcher

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/resourcewatcherapi"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
)

var (
	_ datasource.DataSource              = (*eventAlarmsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*eventAlarmsDataSource)(nil)
)

const eventAlarmsType = "resourcewatcher_event_alarms"

// NewEventAlarmsDataSource is the resourcewatcher_event_alarms data source.
func NewEventAlarmsDataSource() datasource.DataSource { return &eventAlarmsDataSource{} }

type eventAlarmsDataSource struct{ data *providerdata.Data }

type eventAlarmsModel struct {
	ID                  types.String        `tfsdk:"id"`
	AlarmIDs            types.Set           `tfsdk:"alarm_ids"`
	NameContains        types.String        `tfsdk:"name_contains"`
	DescriptionContains types.String        `tfsdk:"description_contains"`
	AlarmRuleIDs        types.Set           `tfsdk:"alarm_rule_ids"`
	Statuses            types.Set           `tfsdk:"statuses"`
	ResourceGroupIDs    types.Set           `tfsdk:"resource_group_ids"`
	OperatorUUIDs       types.Set           `tfsdk:"operator_uuids"`
	ModifiedFrom        timetypes.RFC3339   `tfsdk:"modified_from"`
	ModifiedTo          timetypes.RFC3339   `tfsdk:"modified_to"`
	PageSize            types.Int64         `tfsdk:"page_size"`
	Alarms              []alarmSummaryModel `tfsdk:"alarms"`
	IDs                 []types.String      `tfsdk:"ids"`
}

type alarmSummaryModel struct {
	ID           types.String      `tfsdk:"id"`
	AlarmName    types.String      `tfsdk:"alarm_name"`
	Description  types.String      `tfsdk:"description"`
	Status       types.String      `tfsdk:"status"`
	AlarmRule    types.Object      `tfsdk:"alarm_rule"`
	OperatorUUID types.String      `tfsdk:"operator_uuid"`
	CreatedAt    timetypes.RFC3339 `tfsdk:"created_at"`
	UpdatedAt    timetypes.RFC3339 `tfsdk:"updated_at"`
}

func (d *eventAlarmsDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = eventAlarmsType
}

func (d *eventAlarmsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Searches NHN Cloud Resource Watcher event alarms and reads every page of the answer. Needs `provider = o11y`. " +
			"Without `statuses`, deleted (`CLOSED`) alarms are left out, as the API does.",
		Attributes: map[string]schema.Attribute{
			"id":                   computedString("A fixed identifier of this search."),
			"alarm_ids":            stringSetFilter("Only these alarm ids."),
			"name_contains":        schema.StringAttribute{Optional: true, MarkdownDescription: "Only alarms whose name contains this text."},
			"description_contains": schema.StringAttribute{Optional: true, MarkdownDescription: "Only alarms whose description contains this text."},
			"alarm_rule_ids":       stringSetFilter("Only alarms with these rule ids."),
			"statuses": schema.SetAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Only alarms in these statuses: `STABLE`, `DISABLED`, `CLOSED`. Defaults to `STABLE` and `DISABLED`.",
				Validators:          []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.OneOf(resourcewatcherapi.AlarmStatuses...))},
			},
			"resource_group_ids": stringSetFilter("Only alarms watching one of these resource groups."),
			"operator_uuids":     stringSetFilter("Only alarms last modified by one of these member UUIDs."),
			"modified_from":      timeFilter("Only alarms modified at or after this RFC 3339 time, such as `2026-01-31T09:00:00+09:00`."),
			"modified_to":        timeFilter("Only alarms modified at or before this RFC 3339 time."),
			"page_size":          pageSizeAttr(),
			"ids":                schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The ids of the alarms found, oldest first."},
			"alarms": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The alarms found, oldest first. Search answers carry no targets or events; read those with the `resourcewatcher_event_alarm` data source.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":            computedString("The alarm id."),
					"alarm_name":    computedString("The alarm's name."),
					"description":   computedString("The alarm's description."),
					"status":        computedString("`STABLE`, `DISABLED` or `CLOSED`."),
					"alarm_rule":    alarmRuleDataSchema(),
					"operator_uuid": computedString("The UUID of the member who last modified the alarm."),
					"created_at":    computedTime("When the alarm was created (RFC 3339, read as UTC)."),
					"updated_at":    computedTime("When the alarm was last modified (RFC 3339, read as UTC)."),
				}},
			},
		},
	}
}

func (d *eventAlarmsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (d *eventAlarmsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m eventAlarmsModel
	c, ok := readDataConfig(ctx, req.Config, d.data, eventAlarmsType, &m, &resp.Diagnostics)
	if !ok {
		return
	}
	f := resourcewatcherapi.SearchFilter{
		AlarmNameAnyLike:   m.NameContains.ValueString(),
		DescriptionAnyLike: m.DescriptionContains.ValueString(),
		ModDateFrom:        apiDate(m.ModifiedFrom),
		ModDateTo:          apiDate(m.ModifiedTo),
	}
	fillSets(ctx, &resp.Diagnostics, setFilter{m.AlarmIDs, &f.AlarmIDs}, setFilter{m.AlarmRuleIDs, &f.AlarmRuleIDs},
		setFilter{m.Statuses, &f.AlarmStatusCodes}, setFilter{m.ResourceGroupIDs, &f.ResourceGroupIDs}, setFilter{m.OperatorUUIDs, &f.OperatorUUIDs})
	if resp.Diagnostics.HasError() {
		return
	}
	alarms, err := c.SearchAllEventAlarms(ctx, f, int(m.PageSize.ValueInt64()), "regDatetime,ASC")
	if err != nil {
		resp.Diagnostics.AddError("Unable to search event alarms", errDetail(err))
		return
	}
	m.ID = types.StringValue("event-alarms")
	m.Alarms, m.IDs = []alarmSummaryModel{}, []types.String{}
	seen := map[string]bool{}
	for _, a := range alarms {
		if seen[a.AlarmID] {
			continue // an alarm created while paging can shift one into the next page
		}
		seen[a.AlarmID] = true
		rule, ds := flattenRule(a.AlarmRule)
		resp.Diagnostics.Append(ds...)
		m.Alarms = append(m.Alarms, alarmSummaryModel{
			ID: types.StringValue(a.AlarmID), AlarmName: types.StringValue(a.AlarmName), Description: types.StringValue(a.Description),
			Status: types.StringValue(a.AlarmStatusCode), AlarmRule: rule, OperatorUUID: types.StringValue(a.OperatorUUID),
			CreatedAt: apiTime(a.RegDatetime), UpdatedAt: apiTime(a.ModDatetime),
		})
		m.IDs = append(m.IDs, types.StringValue(a.AlarmID))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
