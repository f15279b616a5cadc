package resourcewatcher

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/resourcewatcherapi"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
)

var (
	_ datasource.DataSource              = (*eventAlarmDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*eventAlarmDataSource)(nil)
)

// NewEventAlarmDataSource is the resourcewatcher_event_alarm data source.
func NewEventAlarmDataSource() datasource.DataSource { return &eventAlarmDataSource{} }

type eventAlarmDataSource struct {
	data *providerdata.Data
}

func (d *eventAlarmDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = eventAlarmType
}

func (d *eventAlarmDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one NHN Cloud Resource Watcher event alarm by id. Needs `provider = o11y`. A deleted (`CLOSED`) alarm is an error.",
		Attributes: map[string]schema.Attribute{
			"id":          schema.StringAttribute{Required: true, MarkdownDescription: "The alarm id."},
			"alarm_name":  computedString("The alarm's name."),
			"description": computedString("The alarm's description (empty when it has none)."),
			"alarm_targets": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "Who receives the alarm, in the API's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"type":           computedString("`UUID`, `ROLE`, `ALARM_KEY` or `WEBHOOK`."),
					"target":         computedString("The member UUID, role id or notification group id; null for webhooks."),
					"email":          schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the target is told by email (always false for `ALARM_KEY` and `WEBHOOK`)."},
					"sms":            schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the target is told by SMS (always false for `ALARM_KEY` and `WEBHOOK`)."},
					"webhook_url":    schema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: "The webhook URL of a `WEBHOOK` target (sensitive: a chat tool's webhook URL carries its token)."},
					"webhook_secret": schema.StringAttribute{Computed: true, Sensitive: true, MarkdownDescription: "The webhook secret, only when the API returns it (it normally does not)."},
				}},
			},
			"events": schema.SetNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The events the alarm reacts to; null means every event.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"product_id": computedString("The product id of the event."),
					"event_id":   computedString("The event id."),
				}},
			},
			"resource_group_ids": schema.SetAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Resource group ids in scope."},
			"resource_tag_ids":   schema.SetAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: "Resource tag ids in scope."},
			"status":             computedString("`STABLE` (enabled) or `DISABLED`."),
			"alarm_rule":         alarmRuleDataSchema(),
			"created_at":         computedTime("When the alarm was created (RFC 3339, read as UTC)."),
			"updated_at":         computedTime("When the alarm was last modified (RFC 3339, read as UTC)."),
		},
	}
}

func (d *eventAlarmDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := providerdata.From(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.data = data
}

func (d *eventAlarmDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg eventAlarmModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, diags := d.data.ResourceWatcherClient("data source " + eventAlarmType)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := cfg.ID.ValueString()
	a, err := c.GetEventAlarm(ctx, id)
	if err != nil {
		detail := errDetail(err)
		if api.IsNotFound(err) {
			detail = fmt.Sprintf("No event alarm with id %q exists for this Appkey.\n\n%s", id, detail)
		}
		resp.Diagnostics.AddError("Unable to read event alarm", detail)
		return
	}
	if a.Alarm.AlarmStatusCode == resourcewatcherapi.StatusClosed {
		resp.Diagnostics.AddError("Unable to read event alarm",
			fmt.Sprintf("Event alarm %q was deleted (status CLOSED, deleted at %s).", id, a.Alarm.DelDatetime))
		return
	}
	m, diags := flattenData(ctx, a)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
