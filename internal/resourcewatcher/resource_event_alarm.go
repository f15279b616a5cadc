package resourcewatcher

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/resourcewatcherapi"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/apidiag"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/identity"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/validators"
)

var (
	_ resource.Resource                     = (*eventAlarmResource)(nil)
	_ resource.ResourceWithConfigure        = (*eventAlarmResource)(nil)
	_ resource.ResourceWithImportState      = (*eventAlarmResource)(nil)
	_ resource.ResourceWithConfigValidators = (*eventAlarmResource)(nil)
	_ resource.ResourceWithIdentity         = (*eventAlarmResource)(nil)
	_ resource.ResourceWithValidateConfig   = (*eventAlarmResource)(nil)
)

// eventAlarmType is the name of the resourcewatcher_event_alarm resource and
// data source. The Resource Watcher types keep the product's name rather
// than the provider's `o11y_` prefix.
const eventAlarmType = "resourcewatcher_event_alarm"

// NewEventAlarmResource is the resourcewatcher_event_alarm resource.
func NewEventAlarmResource() resource.Resource { return &eventAlarmResource{} }

type eventAlarmResource struct {
	data *providerdata.Data
}

func (r *eventAlarmResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = eventAlarmType
}

func (r *eventAlarmResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identity.Schema("The alarm id (`alarmId`) that Resource Watcher assigned")
}

func (r *eventAlarmResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An NHN Cloud Resource Watcher event alarm: who is told (members, roles, notification groups, webhooks) " +
			"when which events happen on which resources. Every `resourcewatcher_*` block needs `provider = o11y`. " +
			"Deleting the resource deletes the alarm (Resource Watcher keeps it as `CLOSED`).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The alarm id (`alarmId`) that Resource Watcher assigned.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"alarm_name": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The alarm's name, 1 to 255 characters.",
				Validators:          []validator.String{stringvalidator.UTF8LengthBetween(1, resourcewatcherapi.MaxAlarmNameLength)},
			},
			"description": schema.StringAttribute{
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(""),
				MarkdownDescription: "A description of the alarm, at most 1000 characters. Defaults to an empty string.",
				Validators:          []validator.String{stringvalidator.UTF8LengthAtMost(resourcewatcherapi.MaxDescriptionLength)},
			},
			"alarm_targets": schema.ListNestedAttribute{
				// A list, not a set: a set element's value is part of its path in
				// the framework's logs, and this element holds webhook_url and
				// webhook_secret.
				Required: true,
				MarkdownDescription: "Who receives the alarm: at least one target, each listed once. The order is kept as written " +
					"(it is a list so that a webhook URL or secret never appears in an attribute path or log).",
				Validators: []validator.List{listvalidator.SizeAtLeast(1), listvalidator.UniqueValues()},
				NestedObject: schema.NestedAttributeObject{
					Validators: []validator.Object{alarmTargetValidator{}},
					Attributes: map[string]schema.Attribute{
						"type": schema.StringAttribute{
							Required: true,
							MarkdownDescription: "The kind of target: `UUID` (one organisation member), `ROLE` (an organisation or project role), " +
								"`ALARM_KEY` (a notification group) or `WEBHOOK`.",
							Validators: []validator.String{stringvalidator.OneOf(resourcewatcherapi.TargetTypes...)},
						},
						"target": schema.StringAttribute{
							Optional: true,
							MarkdownDescription: "The member UUID (`UUID`), role id such as `ADMIN` (`ROLE`) or notification group id (`ALARM_KEY`). " +
								"Required for those types; not allowed for `WEBHOOK`.",
							Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
						},
						"email": schema.BoolAttribute{
							Optional:            true,
							MarkdownDescription: "Whether the target is told by email. Only for `UUID` and `ROLE` targets; leaving it out means `false`.",
						},
						"sms": schema.BoolAttribute{
							Optional:            true,
							MarkdownDescription: "Whether the target is told by SMS. Only for `UUID` and `ROLE` targets; leaving it out means `false`.",
						},
						"webhook_url": schema.StringAttribute{
							Optional:  true,
							Sensitive: true,
							MarkdownDescription: "The URL the alarm is posted to; it must start with `http://` or `https://`. Required for `WEBHOOK` targets, not allowed for others. " +
								"Sensitive, and masked in logs: a chat tool's webhook URL carries its token.",
							Validators: []validator.String{validators.HTTPURL("Invalid webhook URL", "https://hooks.example.com/alarms")},
						},
						"webhook_secret": schema.StringAttribute{
							Optional:  true,
							Sensitive: true,
							MarkdownDescription: "The secret Resource Watcher signs webhook calls with. Only for `WEBHOOK` targets. " +
								"The API does not return it, so the provider keeps the configured value in state; after `terraform import` " +
								"the next apply sends it once. With Terraform 1.11 or later (OpenTofu 1.11 or later), prefer `webhook_secret_wo`, " +
								"which never reaches the state or the plan. At most one of the two.",
							Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
						},
						"webhook_secret_wo": schema.StringAttribute{
							Optional:  true,
							Sensitive: true,
							WriteOnly: true,
							MarkdownDescription: "The webhook secret as a write-only value (Terraform 1.11 or later, OpenTofu 1.11 or later): " +
								"it is sent with every create and update of the alarm (an update replaces the whole alarm) and never stored " +
								"in the state or shown in the plan. Terraform cannot see when it changes: bump `webhook_secret_wo_version` " +
								"to send a new one. Only for `WEBHOOK` targets; at most one of `webhook_secret` and `webhook_secret_wo`.",
							Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
						},
						"webhook_secret_wo_version": schema.Int64Attribute{
							Optional: true,
							MarkdownDescription: "Any number that changes when `webhook_secret_wo` changes, such as `1`, `2`, ...: " +
								"a new version plans an update, which sends the new secret. Only with `webhook_secret_wo`.",
						},
					},
				},
			},
			"events": schema.SetNestedAttribute{
				Optional: true,
				MarkdownDescription: "The events the alarm reacts to. Leave it out to react to every event of the resources in scope. " +
					"Find ids with the `resourcewatcher_events` data source.",
				Validators: []validator.Set{setvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"product_id": schema.StringAttribute{
							Required:            true,
							MarkdownDescription: "The product (service) id of the event, such as `compute`.",
							Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
						},
						"event_id": schema.StringAttribute{
							Required:            true,
							MarkdownDescription: "The event id, such as `iaas.instance.create`.",
							Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
						},
					},
				},
			},
			"resource_group_ids": schema.SetAttribute{
				Optional:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "Resource group ids whose resources the alarm watches. Leave both this and `resource_tag_ids` out to watch every resource (then `events` is required).",
				Validators:          []validator.Set{setvalidator.SizeAtLeast(1)},
			},
			"resource_tag_ids": schema.SetAttribute{
				Optional:            true,
				ElementType:         types.Int64Type,
				MarkdownDescription: "Resource tag ids whose resources the alarm watches.",
				Validators:          []validator.Set{setvalidator.SizeAtLeast(1)},
			},
			"status": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The alarm's status: `STABLE` (enabled) or `DISABLED`. A `CLOSED` (deleted) alarm is removed from state.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"alarm_rule": schema.SingleNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The rule Resource Watcher keeps behind the alarm.",
				Attributes: map[string]schema.Attribute{
					"id":             schema.StringAttribute{Computed: true, MarkdownDescription: "The rule id."},
					"name":           schema.StringAttribute{Computed: true, MarkdownDescription: "The rule name."},
					"description":    schema.StringAttribute{Computed: true, MarkdownDescription: "The rule description."},
					"resource_types": schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "Resource type codes the rule applies to; empty means every type."},
				},
			},
			"created_at": schema.StringAttribute{
				Computed:            true,
				CustomType:          timetypes.RFC3339Type{},
				MarkdownDescription: "When the alarm was created (RFC 3339; the API's dates carry no offset and are read as UTC).",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"updated_at": schema.StringAttribute{
				Computed:            true,
				CustomType:          timetypes.RFC3339Type{},
				MarkdownDescription: "When the alarm was last modified (RFC 3339, read as UTC).",
			},
		},
	}
}

func (r *eventAlarmResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	d, diags := providerdata.From(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.data = d
}

func (r *eventAlarmResource) client() (*resourcewatcherapi.Client, diag.Diagnostics) {
	return r.data.ResourceWatcherClient(eventAlarmType)
}

func (r *eventAlarmResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan eventAlarmModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, diags := r.client()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	var config eventAlarmModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	body, diags := expand(ctx, plan, &config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	a, err := c.CreateEventAlarm(ctx, body)
	if err != nil {
		apidiag.CreateFailed(&resp.Diagnostics, errNoun, err, errHints, fmt.Sprintf(
			"Look for an alarm named %q with the resourcewatcher_event_alarms data source (name_contains) or in the console, "+
				"then `terraform import` its id, or delete it, before applying again.", plan.AlarmName.ValueString()))
		return
	}
	// Keep the id before anything else can fail: never an orphan.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), a.Alarm.AlarmID)...)
	resp.Diagnostics.Append(identity.Set(ctx, resp.Identity, types.StringValue(a.Alarm.AlarmID))...)
	storeAlarm(ctx, &resp.State, a, &plan, &resp.Diagnostics)
}

func (r *eventAlarmResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state eventAlarmModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, diags := r.client()
	resp.Diagnostics.Append(diags...)
	// The identity is the id, also when Read removes the alarm.
	resp.Diagnostics.Append(identity.Set(ctx, resp.Identity, state.ID)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// One search per batch of concurrent reads tells what changed; only an
	// alarm modified since the state was written is read in full.
	sum, found, err := c.AlarmSummary(ctx, state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Unable to read event alarm", errDetail(err))
		return
	}
	if found && sum.AlarmStatusCode == resourcewatcherapi.StatusClosed {
		// Deleted outside Terraform: the next plan creates it again.
		resp.State.RemoveResource(ctx)
		return
	}
	if found && unchangedSince(sum, state) {
		next, diags := applySummary(state, sum)
		resp.Diagnostics.Append(diags...)
		if !resp.Diagnostics.HasError() {
			resp.Diagnostics.Append(resp.State.Set(ctx, next)...)
		}
		return
	}
	a, err := c.GetEventAlarm(ctx, state.ID.ValueString())
	if api.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to read event alarm", errDetail(err))
		return
	}
	if a.Alarm.AlarmStatusCode == resourcewatcherapi.StatusClosed {
		// Deleted outside Terraform: the next plan creates it again.
		resp.State.RemoveResource(ctx)
		return
	}
	storeAlarm(ctx, &resp.State, a, &state, &resp.Diagnostics)
}

func (r *eventAlarmResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state eventAlarmModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, diags := r.client()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	var config eventAlarmModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	body, diags := expand(ctx, plan, &config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(identity.Set(ctx, resp.Identity, state.ID)...)
	a, err := c.UpdateEventAlarm(ctx, state.ID.ValueString(), body)
	if err != nil {
		detail := errDetail(err)
		if api.IsNotFound(err) {
			detail += "\n\nThe alarm was deleted outside Terraform; run `terraform apply` again to create it anew."
		}
		resp.Diagnostics.AddError("Unable to update event alarm", detail)
		return
	}
	storeAlarm(ctx, &resp.State, a, &plan, &resp.Diagnostics)
}

// storeAlarm writes the alarm the API answered, keeping prior's spelling
// where the values are the same.
func storeAlarm(ctx context.Context, st *tfsdk.State, a *resourcewatcherapi.EventAlarm, prior *eventAlarmModel, diags *diag.Diagnostics) {
	next, ds := flatten(ctx, a, prior)
	if diags.Append(ds...); !diags.HasError() {
		diags.Append(st.Set(ctx, next)...)
	}
}

func (r *eventAlarmResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state eventAlarmModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, diags := r.client()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	err := c.DeleteEventAlarm(ctx, id)
	if err == nil || api.IsNotFound(err) {
		return
	}
	// Some failures mean "already deleted": look before reporting.
	if a, gerr := c.GetEventAlarm(ctx, id); api.IsNotFound(gerr) || (gerr == nil && a.Alarm.AlarmStatusCode == resourcewatcherapi.StatusClosed) {
		return
	}
	resp.Diagnostics.AddError("Unable to delete event alarm", errDetail(err))
}

func (r *eventAlarmResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	identity.Import(ctx, req, resp, "event alarm", nil)
}

// ValidateConfig says what to do when the CLI cannot take write-only
// attributes (Terraform before 1.11, OpenTofu before 1.11): the framework
// refuses webhook_secret_wo there, and this names the alternative.
func (r *eventAlarmResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if req.ClientCapabilities.WriteOnlyAttributesAllowed {
		return
	}
	var targets types.List
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("alarm_targets"), &targets)...)
	if resp.Diagnostics.HasError() || targets.IsNull() || targets.IsUnknown() {
		return
	}
	var ts []alarmTargetModel
	resp.Diagnostics.Append(targets.ElementsAs(ctx, &ts, false)...)
	for i, t := range ts {
		if !t.WebhookSecretWO.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root("alarm_targets").AtListIndex(i).AtName("webhook_secret_wo"),
				"webhook_secret_wo needs Terraform 1.11 or later",
				"This Terraform (or OpenTofu) has no write-only attributes, which arrived in Terraform 1.11 and OpenTofu 1.11. "+
					"Upgrade, or use `webhook_secret` instead: it is sent the same way, but kept in the state (as a sensitive value).")
		}
	}
}

func (r *eventAlarmResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{scopeValidator{}}
}
