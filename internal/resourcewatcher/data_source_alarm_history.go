package resourcewatcher

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/resourcewatcherapi"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
)

var (
	_ datasource.DataSource              = (*alarmHistoryDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*alarmHistoryDataSource)(nil)
)

const alarmHistoryType = "resourcewatcher_alarm_history"

// NewAlarmHistoryDataSource is the resourcewatcher_alarm_history data source.
func NewAlarmHistoryDataSource() datasource.DataSource { return &alarmHistoryDataSource{} }

type alarmHistoryDataSource struct{ data *providerdata.Data }

type alarmHistoryModel struct {
	ID                   types.String        `tfsdk:"id"`
	AlarmID              types.String        `tfsdk:"alarm_id"`
	ResourceKeys         types.Set           `tfsdk:"resource_keys"`
	ResourceNameContains types.String        `tfsdk:"resource_name_contains"`
	EventIDs             types.Set           `tfsdk:"event_ids"`
	EventSourceTypes     types.Set           `tfsdk:"event_source_types"`
	ProjectIDs           types.Set           `tfsdk:"project_ids"`
	ProductIDs           types.Set           `tfsdk:"product_ids"`
	SendResults          types.Set           `tfsdk:"send_results"`
	RegisteredFrom       timetypes.RFC3339   `tfsdk:"registered_from"`
	RegisteredTo         timetypes.RFC3339   `tfsdk:"registered_to"`
	PageSize             types.Int64         `tfsdk:"page_size"`
	Histories            []historyEntryModel `tfsdk:"histories"`
}

type historyEntryModel struct {
	ID              types.String      `tfsdk:"id"`
	SendResult      types.String      `tfsdk:"send_result"`
	EventID         types.String      `tfsdk:"event_id"`
	EventSourceType types.String      `tfsdk:"event_source_type"`
	EventTime       timetypes.RFC3339 `tfsdk:"event_time"`
	RegisteredAt    timetypes.RFC3339 `tfsdk:"registered_at"`
	UserID          types.String      `tfsdk:"user_id"`
	UserUUID        types.String      `tfsdk:"user_uuid"`
	UserIP          types.String      `tfsdk:"user_ip"`
	ResourceKey     types.String      `tfsdk:"resource_key"`
	ResourceID      types.String      `tfsdk:"resource_id"`
	ResourceName    types.String      `tfsdk:"resource_name"`
	ResourceType    types.String      `tfsdk:"resource_type"`
	ProductID       types.String      `tfsdk:"product_id"`
	ProjectID       types.String      `tfsdk:"project_id"`
	ProjectName     types.String      `tfsdk:"project_name"`
	RegionCode      types.String      `tfsdk:"region_code"`
}

func (d *alarmHistoryDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = alarmHistoryType
}

func (d *alarmHistoryDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists what an NHN Cloud Resource Watcher event alarm sent (its delivery history), reading every page. Needs `provider = o11y`.",
		Attributes: map[string]schema.Attribute{
			"id":                     computedString("The alarm id, repeated."),
			"alarm_id":               schema.StringAttribute{Required: true, MarkdownDescription: "The alarm whose history to read.", Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
			"resource_keys":          stringSetFilter("Only records about these resource keys."),
			"resource_name_contains": schema.StringAttribute{Optional: true, MarkdownDescription: "Only records about resources whose name contains this text."},
			"event_ids":              stringSetFilter("Only records of these event ids."),
			"event_source_types":     stringSetFilter("Only records of events from these source types."),
			"project_ids":            stringSetFilter("Only records about resources of these project ids."),
			"product_ids":            stringSetFilter("Only records about resources of these product ids."),
			"send_results": schema.SetAttribute{
				Optional: true, ElementType: types.StringType,
				MarkdownDescription: "Only records with these delivery results: `SUCCESS`, `FAILURE`, `SENDING`.",
				Validators:          []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.OneOf(resourcewatcherapi.SendResults...))},
			},
			"registered_from": timeFilter("Only records written at or after this RFC 3339 time, such as `2026-01-31T09:00:00+09:00`."),
			"registered_to":   timeFilter("Only records written at or before this RFC 3339 time."),
			"page_size":       pageSizeAttr(),
			"histories": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The delivery records, newest first.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                computedString("The history record id."),
					"send_result":       computedString("`SUCCESS`, `FAILURE` or `SENDING`."),
					"event_id":          computedString("The event that triggered the alarm."),
					"event_source_type": computedString("The type of what caused the event."),
					"event_time":        computedTime("When the event happened (RFC 3339, read as UTC)."),
					"registered_at":     computedTime("When the record was written (RFC 3339, read as UTC)."),
					"user_id":           computedString("The name of the member who caused the event."),
					"user_uuid":         computedString("The UUID of the member who caused the event."),
					"user_ip":           computedString("The IP address the event came from."),
					"resource_key":      computedString("The key of the resource the event was about."),
					"resource_id":       computedString("The id of the resource."),
					"resource_name":     computedString("The name of the resource."),
					"resource_type":     computedString("The resource type code."),
					"product_id":        computedString("The product id of the resource."),
					"project_id":        computedString("The project id of the resource."),
					"project_name":      computedString("The project name of the resource."),
					"region_code":       computedString("The region code of the resource."),
				}},
			},
		},
	}
}

func (d *alarmHistoryDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (d *alarmHistoryDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m alarmHistoryModel
	c, ok := readDataConfig(ctx, req.Config, d.data, alarmHistoryType, &m, &resp.Diagnostics)
	if !ok {
		return
	}
	f := resourcewatcherapi.HistoryFilter{
		ResourceNameAnyLike: m.ResourceNameContains.ValueString(),
		RegDateFrom:         apiDate(m.RegisteredFrom),
		RegDateTo:           apiDate(m.RegisteredTo),
	}
	fillSets(ctx, &resp.Diagnostics, setFilter{m.ResourceKeys, &f.ResourceKeys}, setFilter{m.EventIDs, &f.EventIDs},
		setFilter{m.EventSourceTypes, &f.EventSourceTypes}, setFilter{m.ProjectIDs, &f.ProjectIDs},
		setFilter{m.ProductIDs, &f.ProductIDs}, setFilter{m.SendResults, &f.AlarmSendResultTypeCodes})
	if resp.Diagnostics.HasError() {
		return
	}
	hs, err := c.ListAllAlarmHistory(ctx, m.AlarmID.ValueString(), f, int(m.PageSize.ValueInt64()), "")
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("alarm_id"), "Unable to read alarm history", errDetail(err))
		return
	}
	m.ID = m.AlarmID
	m.Histories = make([]historyEntryModel, 0, len(hs))
	for _, h := range hs {
		m.Histories = append(m.Histories, flattenHistory(h))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func flattenHistory(h resourcewatcherapi.AlarmHistory) historyEntryModel {
	e := historyEntryModel{ID: types.StringValue(h.AlarmHistoryID), SendResult: types.StringValue(h.AlarmSendResultTypeCode)}
	ev, res := h.Event, h.Resource
	if ev == nil {
		ev = &resourcewatcherapi.HistoryEvent{}
	}
	if res == nil {
		res = &resourcewatcherapi.HistoryResource{}
	}
	user := ev.EventUser
	if user == nil {
		user = &resourcewatcherapi.EventUser{}
	}
	e.EventID, e.EventSourceType = optString(ev.EventID), optString(ev.EventSourceType)
	e.EventTime, e.RegisteredAt = apiTime(ev.EventDatetime), apiTime(ev.RegDatetime)
	e.UserID, e.UserUUID, e.UserIP = optString(user.UserID), optString(user.UserIDNo), optString(user.UserIP)
	e.ResourceKey, e.ResourceID, e.ResourceName = optString(res.ResourceKey), optString(res.ResourceID), optString(res.ResourceName)
	e.ResourceType, e.ProductID = optString(res.ResourceTypeCode), optString(res.ProductID)
	e.ProjectID, e.ProjectName, e.RegionCode = optString(res.ProjectID), optString(res.ProjectName), optString(res.RegionCode)
	return e
}
