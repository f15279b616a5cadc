package resourcewatcher

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/resourcewatcherapi"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/identity"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
)

var (
	_ list.ListResource              = (*eventAlarmListResource)(nil)
	_ list.ListResourceWithConfigure = (*eventAlarmListResource)(nil)
)

// NewEventAlarmListResource is `list "resourcewatcher_event_alarm"`
// (Terraform 1.14 and later): it finds alarms with the event-alarms search,
// reading every page, for `terraform query`.
func NewEventAlarmListResource() list.ListResource { return &eventAlarmListResource{} }

type eventAlarmListResource struct {
	data *providerdata.Data
}

// eventAlarmListModel is the list block's `config`: the filters of the
// event-alarms search.
type eventAlarmListModel struct {
	IDs                 types.List        `tfsdk:"ids"`
	NameContains        types.String      `tfsdk:"name_contains"`
	DescriptionContains types.String      `tfsdk:"description_contains"`
	Statuses            types.List        `tfsdk:"statuses"`
	AlarmRuleIDs        types.List        `tfsdk:"alarm_rule_ids"`
	ResourceGroupIDs    types.List        `tfsdk:"resource_group_ids"`
	OperatorUUIDs       types.List        `tfsdk:"operator_uuids"`
	ModifiedFrom        timetypes.RFC3339 `tfsdk:"modified_from"`
	ModifiedTo          timetypes.RFC3339 `tfsdk:"modified_to"`
	PageSize            types.Int64       `tfsdk:"page_size"`
}

// importableStatuses are the statuses an alarm can be imported in: a
// CLOSED (deleted) alarm is gone for the resource.
var importableStatuses = []string{resourcewatcherapi.StatusStable, resourcewatcherapi.StatusDisabled}

func (l *eventAlarmListResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = eventAlarmType
}

func stringListFilter(desc string) schema.ListAttribute {
	return schema.ListAttribute{
		ElementType: types.StringType, Optional: true, MarkdownDescription: desc,
		Validators: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
	}
}

func (l *eventAlarmListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds NHN Cloud Resource Watcher event alarms to adopt with `terraform query` (Terraform 1.14 or later); needs `provider = o11y`. " +
			"The filters are those of the event-alarms search, which the server applies; every page is read " +
			"(⌈alarms / `page_size`⌉ search requests). The search has no filter by event or product. " +
			"Search answers carry no targets or events, so `include_resource = true` (and `-generate-config-out`, which implies it) " +
			"reads each alarm found once more by id: one more request per alarm.",
		Attributes: map[string]schema.Attribute{
			"ids":                  stringListFilter("Only these alarm ids."),
			"name_contains":        schema.StringAttribute{Optional: true, MarkdownDescription: "Only alarms whose name contains this text (the server ignores case)."},
			"description_contains": schema.StringAttribute{Optional: true, MarkdownDescription: "Only alarms whose description contains this text (the server ignores case)."},
			"statuses": schema.ListAttribute{
				ElementType: types.StringType, Optional: true,
				MarkdownDescription: "Only alarms in these statuses: `STABLE` (enabled) or `DISABLED`. Defaults to both. " +
					"Deleted (`CLOSED`) alarms cannot be imported and are never listed.",
				Validators: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.ValueStringsAre(stringvalidator.OneOf(importableStatuses...))},
			},
			"alarm_rule_ids":     stringListFilter("Only alarms with these rule ids."),
			"resource_group_ids": stringListFilter("Only alarms watching one of these resource groups."),
			"operator_uuids":     stringListFilter("Only alarms last modified by one of these member UUIDs."),
			"modified_from": schema.StringAttribute{Optional: true, CustomType: timetypes.RFC3339Type{},
				MarkdownDescription: "Only alarms modified at or after this RFC 3339 time, such as `2026-01-31T09:00:00+09:00`."},
			"modified_to": schema.StringAttribute{Optional: true, CustomType: timetypes.RFC3339Type{},
				MarkdownDescription: "Only alarms modified at or before this RFC 3339 time."},
			"page_size": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How many alarms each search request asks for, 1 to 1000. Every page is read whatever the size; "+
					"this trades request count against answer size. Defaults to %d.", resourcewatcherapi.DefaultPageSize),
				Validators: []validator.Int64{int64validator.Between(1, 1000)},
			},
		},
	}
}

func (l *eventAlarmListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (l *eventAlarmListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var m eventAlarmListModel
	diags := req.Config.Get(ctx, &m)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	f := resourcewatcherapi.SearchFilter{
		AlarmNameAnyLike:   m.NameContains.ValueString(),
		DescriptionAnyLike: m.DescriptionContains.ValueString(),
		ModDateFrom:        apiDate(m.ModifiedFrom),
		ModDateTo:          apiDate(m.ModifiedTo),
	}
	for _, s := range []struct {
		l   types.List
		dst *[]string
	}{{m.IDs, &f.AlarmIDs}, {m.AlarmRuleIDs, &f.AlarmRuleIDs}, {m.Statuses, &f.AlarmStatusCodes}, {m.ResourceGroupIDs, &f.ResourceGroupIDs}, {m.OperatorUUIDs, &f.OperatorUUIDs}} {
		if !s.l.IsNull() && !s.l.IsUnknown() {
			diags.Append(s.l.ElementsAs(ctx, s.dst, false)...)
		}
	}
	if len(f.AlarmStatusCodes) == 0 {
		f.AlarmStatusCodes = importableStatuses
	}
	c, d := l.data.ResourceWatcherClient("list." + eventAlarmType)
	diags.Append(d...)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	alarms, err := c.SearchAllEventAlarms(ctx, f, int(m.PageSize.ValueInt64()), "regDatetime,ASC")
	if err != nil {
		diags.AddError("Unable to search event alarms", errDetail(err))
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		seen := map[string]bool{}
		n := int64(0)
		for _, a := range alarms {
			if seen[a.AlarmID] || a.AlarmStatusCode == resourcewatcherapi.StatusClosed {
				continue // an alarm created while paging can shift one into the next page
			}
			seen[a.AlarmID] = true
			if req.Limit > 0 && n >= req.Limit {
				return
			}
			r := req.NewListResult(ctx)
			r.DisplayName = fmt.Sprintf("%s (%s)", a.AlarmName, a.AlarmStatusCode)
			if req.IncludeResource {
				full, err := c.GetEventAlarm(ctx, a.AlarmID)
				switch {
				case api.IsNotFound(err) || err == nil && full.Alarm.AlarmStatusCode == resourcewatcherapi.StatusClosed:
					continue // deleted since the search
				case err != nil:
					r.Diagnostics.AddError("Unable to read event alarm", errDetail(err))
					push(r)
					return
				}
				prior := importedAlarm(a.AlarmID)
				s, d := flatten(ctx, full, &prior)
				r.Diagnostics.Append(d...)
				r.Diagnostics.Append(r.Resource.Set(ctx, s)...)
			}
			r.Diagnostics.Append(identity.Set(ctx, r.Identity, types.StringValue(a.AlarmID))...)
			n++
			if !push(r) {
				return
			}
		}
	}
}

// importedAlarm is the state `terraform import` gives an alarm before its
// first refresh: the id alone. That refresh reads the alarm by id and
// flattens it onto this, so a list result flattened the same way holds
// what import and refresh store, and the generated configuration plans no
// change once imported.
func importedAlarm(id string) eventAlarmModel {
	return eventAlarmModel{
		ID: types.StringValue(id), AlarmName: types.StringNull(), Description: types.StringNull(),
		AlarmTargets: types.ListNull(alarmTargetType), Events: types.SetNull(eventType),
		ResourceGroupIDs: types.SetNull(types.StringType), ResourceTagIDs: types.SetNull(types.Int64Type),
		Status: types.StringNull(), AlarmRule: types.ObjectNull(alarmRuleAttrTypes),
		CreatedAt: timetypes.NewRFC3339Null(), UpdatedAt: timetypes.NewRFC3339Null(),
	}
}
