package resourcewatcher

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/resourcewatcherapi"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
)

var (
	_ datasource.DataSourceWithConfigure = (*eventAlarmsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*eventsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*alarmHistoryDataSource)(nil)
)

// ---- shared helpers ----

// rfc3339Validator accepts RFC 3339 timestamps.
type rfc3339Validator struct{}

func (rfc3339Validator) Description(context.Context) string { return "must be an RFC 3339 timestamp" }
func (v rfc3339Validator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (rfc3339Validator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := time.Parse(time.RFC3339, req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid timestamp",
			fmt.Sprintf("%q is not an RFC 3339 timestamp; write it like \"2026-01-31T09:00:00+09:00\".", req.ConfigValue.ValueString()))
	}
}

func pageSizeAttr() schema.Int64Attribute {
	return schema.Int64Attribute{
		Optional: true,
		MarkdownDescription: fmt.Sprintf("How many items to ask for per request, 1 to 1000. Every page is read whatever the size; "+
			"this only trades request count against answer size. Defaults to %d.", resourcewatcherapi.DefaultPageSize),
		Validators: []validator.Int64{int64validator.Between(1, 1000)},
	}
}

func stringSetFilter(desc string) schema.SetAttribute {
	return schema.SetAttribute{Optional: true, ElementType: types.StringType, MarkdownDescription: desc,
		Validators: []validator.Set{setvalidator.SizeAtLeast(1)}}
}

func setStrings(ctx context.Context, s types.Set) ([]string, diag.Diagnostics) {
	if s.IsNull() || s.IsUnknown() {
		return nil, nil
	}
	var out []string
	diags := s.ElementsAs(ctx, &out, false)
	return out, diags
}

func apiDate(s types.String) string {
	if s.IsNull() || s.IsUnknown() {
		return ""
	}
	t, err := time.Parse(time.RFC3339, s.ValueString())
	if err != nil {
		return ""
	}
	return resourcewatcherapi.FormatDate(t)
}

func configureData(raw any, diags *diag.Diagnostics) *providerdata.Data {
	d, ds := providerdata.From(raw)
	diags.Append(ds...)
	return d
}

// ---- resourcewatcher_event_alarms ----

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
	ModifiedFrom        types.String        `tfsdk:"modified_from"`
	ModifiedTo          types.String        `tfsdk:"modified_to"`
	PageSize            types.Int64         `tfsdk:"page_size"`
	Alarms              []alarmSummaryModel `tfsdk:"alarms"`
	IDs                 []types.String      `tfsdk:"ids"`
}

type alarmSummaryModel struct {
	ID           types.String `tfsdk:"id"`
	AlarmName    types.String `tfsdk:"alarm_name"`
	Description  types.String `tfsdk:"description"`
	Status       types.String `tfsdk:"status"`
	AlarmRule    types.Object `tfsdk:"alarm_rule"`
	OperatorUUID types.String `tfsdk:"operator_uuid"`
	CreatedAt    types.String `tfsdk:"created_at"`
	UpdatedAt    types.String `tfsdk:"updated_at"`
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
			"modified_from":      schema.StringAttribute{Optional: true, MarkdownDescription: "Only alarms modified at or after this RFC 3339 time.", Validators: []validator.String{rfc3339Validator{}}},
			"modified_to":        schema.StringAttribute{Optional: true, MarkdownDescription: "Only alarms modified at or before this RFC 3339 time.", Validators: []validator.String{rfc3339Validator{}}},
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
					"created_at":    computedString("When the alarm was created (RFC 3339, read as UTC)."),
					"updated_at":    computedString("When the alarm was last modified (RFC 3339, read as UTC)."),
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
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, diags := d.data.ResourceWatcherClient("data source " + eventAlarmsType)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	f := resourcewatcherapi.SearchFilter{
		AlarmNameAnyLike:   m.NameContains.ValueString(),
		DescriptionAnyLike: m.DescriptionContains.ValueString(),
		ModDateFrom:        apiDate(m.ModifiedFrom),
		ModDateTo:          apiDate(m.ModifiedTo),
	}
	for _, s := range []struct {
		set types.Set
		dst *[]string
	}{{m.AlarmIDs, &f.AlarmIDs}, {m.AlarmRuleIDs, &f.AlarmRuleIDs}, {m.Statuses, &f.AlarmStatusCodes}, {m.ResourceGroupIDs, &f.ResourceGroupIDs}, {m.OperatorUUIDs, &f.OperatorUUIDs}} {
		v, ds := setStrings(ctx, s.set)
		resp.Diagnostics.Append(ds...)
		*s.dst = v
	}
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

// ---- resourcewatcher_events ----

const eventsType = "resourcewatcher_events"

// NewEventsDataSource is the resourcewatcher_events data source.
func NewEventsDataSource() datasource.DataSource { return &eventsDataSource{} }

type eventsDataSource struct{ data *providerdata.Data }

type eventsModel struct {
	ID                  types.String          `tfsdk:"id"`
	ProductIDs          types.Set             `tfsdk:"product_ids"`
	ProductNameContains types.String          `tfsdk:"product_name_contains"`
	EventNameContains   types.String          `tfsdk:"event_name_contains"`
	Lang                types.String          `tfsdk:"lang"`
	PageSize            types.Int64           `tfsdk:"page_size"`
	Events              []catalogueEventModel `tfsdk:"events"`
}

type catalogueEventModel struct {
	ProductID   types.String `tfsdk:"product_id"`
	ProductName types.String `tfsdk:"product_name"`
	EventID     types.String `tfsdk:"event_id"`
}

func (d *eventsDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = eventsType
}

func (d *eventsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the Resource Watcher event catalogue: the `product_id` and `event_id` pairs an event alarm's `events` take. " +
			"Reads every page. Needs `provider = o11y`.",
		Attributes: map[string]schema.Attribute{
			"id":                    computedString("A fixed identifier of this search."),
			"product_ids":           stringSetFilter("Only events of these product ids."),
			"product_name_contains": schema.StringAttribute{Optional: true, MarkdownDescription: "Only events whose product name (in `lang`) contains this text."},
			"event_name_contains":   schema.StringAttribute{Optional: true, MarkdownDescription: "Only events whose name (in `lang`) contains this text."},
			"lang": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Language of names, for matching and in the answer: `ko` (the API's default), `en`, `ja` or `zh`.",
				Validators:          []validator.String{stringvalidator.OneOf(resourcewatcherapi.Languages...)},
			},
			"page_size": pageSizeAttr(),
			"events": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching events, sorted by product name then event name.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"product_id":   computedString("The product id, for an alarm's `events.product_id`."),
					"product_name": computedString("The product name in `lang`."),
					"event_id":     computedString("The event id, for an alarm's `events.event_id`."),
				}},
			},
		},
	}
}

func (d *eventsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (d *eventsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m eventsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, diags := d.data.ResourceWatcherClient("data source " + eventsType)
	resp.Diagnostics.Append(diags...)
	products, ds := setStrings(ctx, m.ProductIDs)
	resp.Diagnostics.Append(ds...)
	if resp.Diagnostics.HasError() {
		return
	}
	events, err := c.ListAllEvents(ctx, resourcewatcherapi.EventFilter{
		ProductIDs: products, ProductNameLike: m.ProductNameContains.ValueString(),
		EventNameLike: m.EventNameContains.ValueString(), Lang: m.Lang.ValueString(),
	}, int(m.PageSize.ValueInt64()), "")
	if err != nil {
		resp.Diagnostics.AddError("Unable to list events", errDetail(err))
		return
	}
	m.ID = types.StringValue("events")
	m.Events = []catalogueEventModel{}
	for _, e := range events {
		m.Events = append(m.Events, catalogueEventModel{
			ProductID: types.StringValue(e.ProductID), ProductName: types.StringValue(e.ProductName), EventID: types.StringValue(e.EventID),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// ---- resourcewatcher_alarm_history ----

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
	RegisteredFrom       types.String        `tfsdk:"registered_from"`
	RegisteredTo         types.String        `tfsdk:"registered_to"`
	PageSize             types.Int64         `tfsdk:"page_size"`
	Histories            []historyEntryModel `tfsdk:"histories"`
}

type historyEntryModel struct {
	ID              types.String `tfsdk:"id"`
	SendResult      types.String `tfsdk:"send_result"`
	EventID         types.String `tfsdk:"event_id"`
	EventSourceType types.String `tfsdk:"event_source_type"`
	EventTime       types.String `tfsdk:"event_time"`
	RegisteredAt    types.String `tfsdk:"registered_at"`
	UserID          types.String `tfsdk:"user_id"`
	UserUUID        types.String `tfsdk:"user_uuid"`
	UserIP          types.String `tfsdk:"user_ip"`
	ResourceKey     types.String `tfsdk:"resource_key"`
	ResourceID      types.String `tfsdk:"resource_id"`
	ResourceName    types.String `tfsdk:"resource_name"`
	ResourceType    types.String `tfsdk:"resource_type"`
	ProductID       types.String `tfsdk:"product_id"`
	ProjectID       types.String `tfsdk:"project_id"`
	ProjectName     types.String `tfsdk:"project_name"`
	RegionCode      types.String `tfsdk:"region_code"`
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
			"registered_from": schema.StringAttribute{Optional: true, MarkdownDescription: "Only records written at or after this RFC 3339 time.", Validators: []validator.String{rfc3339Validator{}}},
			"registered_to":   schema.StringAttribute{Optional: true, MarkdownDescription: "Only records written at or before this RFC 3339 time.", Validators: []validator.String{rfc3339Validator{}}},
			"page_size":       pageSizeAttr(),
			"histories": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The delivery records, newest first.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                computedString("The history record id."),
					"send_result":       computedString("`SUCCESS`, `FAILURE` or `SENDING`."),
					"event_id":          computedString("The event that triggered the alarm."),
					"event_source_type": computedString("The type of what caused the event."),
					"event_time":        computedString("When the event happened (RFC 3339, read as UTC)."),
					"registered_at":     computedString("When the record was written (RFC 3339, read as UTC)."),
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
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, diags := d.data.ResourceWatcherClient("data source " + alarmHistoryType)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	f := resourcewatcherapi.HistoryFilter{
		ResourceNameAnyLike: m.ResourceNameContains.ValueString(),
		RegDateFrom:         apiDate(m.RegisteredFrom),
		RegDateTo:           apiDate(m.RegisteredTo),
	}
	for _, s := range []struct {
		set types.Set
		dst *[]string
	}{{m.ResourceKeys, &f.ResourceKeys}, {m.EventIDs, &f.EventIDs}, {m.EventSourceTypes, &f.EventSourceTypes},
		{m.ProjectIDs, &f.ProjectIDs}, {m.ProductIDs, &f.ProductIDs}, {m.SendResults, &f.AlarmSendResultTypeCodes}} {
		v, ds := setStrings(ctx, s.set)
		resp.Diagnostics.Append(ds...)
		*s.dst = v
	}
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
