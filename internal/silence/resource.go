// Package silence holds the o11y_silence resource and the o11y_silence /
// o11y_silences data sources: alert silences on Grafana's built-in
// Alertmanager, a Grafana-proxied external Alertmanager, a Prometheus
// Alertmanager, or the Alert Silence API (alertsilence.go). The expiry rules
// live in expiry.go, the matcher rules in matchers.go, the mapping in
// model.go.
package silence

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
)

var (
	_ resource.Resource                     = (*silenceResource)(nil)
	_ resource.ResourceWithConfigure        = (*silenceResource)(nil)
	_ resource.ResourceWithImportState      = (*silenceResource)(nil)
	_ resource.ResourceWithConfigValidators = (*silenceResource)(nil)
	_ resource.ResourceWithValidateConfig   = (*silenceResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*silenceResource)(nil)
)

// NewSilenceResource is the o11y_silence resource.
func NewSilenceResource() resource.Resource { return &silenceResource{} }

type silenceResource struct {
	data *providerdata.Data
}

// silenceAPI is what the resource needs from an Alertmanager v2 backend
// (Grafana and Prometheus flavors). The Alert Silence API has neither
// update nor get-by-id, so it has its own small path in alertsilence.go,
// chosen by flavor() in each CRUD method.
type silenceAPI interface {
	Create(ctx context.Context, s alertmanager.Silence) (string, time.Time, error)
	Update(ctx context.Context, s alertmanager.Silence) (string, time.Time, error)
	Get(ctx context.Context, id string) (alertmanager.Silence, time.Time, error)
	// Lookup reads like Get through one list shared by the plan's reads.
	Lookup(ctx context.Context, id string) (alertmanager.Silence, time.Time, error)
	GetAfterCreate(ctx context.Context, id string) (alertmanager.Silence, time.Time, error)
	Expire(ctx context.Context, id string) (time.Time, error)
}

const typeName = "o11y_silence"

// privateAnchor is the private-state key holding the instant a
// duration-based silence's end is counted from.
const privateAnchor = "duration_anchor"

// uuidRE is the id format of Alertmanager (and Grafana) silences.
var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func (r *silenceResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = typeName
}

func (r *silenceResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "An alert silence on Grafana's built-in Alertmanager, an external Alertmanager behind Grafana, " +
			"or a Prometheus Alertmanager (provider `alertmanager` block, flavor `grafana` or `prometheus`), " +
			"or on the Alert Silence API (flavor `alert-silence`). " +
			"A silence mutes the alerts its `matchers` (Alertmanager) or its `source_type` and `source_id_pattern` (Alert Silence API) select " +
			"between `starts_at` and its end (`ends_at`, or `duration` after the start). " +
			"A silence that ends by time stays in state as `expired` without a diff; destroying the resource expires the silence " +
			"(Alertmanager) or deletes it (Alert Silence API).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The silence id the server issued. It changes when the server has to create a new silence " +
					"(an expired silence given a future end, or a pending silence whose start moves); the plan then shows it as known after apply. " +
					"On the Alert Silence API it is the `silenceId` GUID, and every change creates a new silence.",
			},
			"matchers": schema.ListNestedAttribute{
				Optional: true,
				MarkdownDescription: "Label matchers; an alert is silenced when all of them match. Required with the flavors `grafana` and `prometheus`, " +
					"refused with `alert-silence` (use `source_type` and `source_id_pattern` there). Order is kept and significant to the server: " +
					"any change, reordering included, replaces the silence. At least one matcher must not match the empty string.",
				Validators:    []validator.List{listvalidator.SizeAtLeast(1)},
				PlanModifiers: []planmodifier.List{listplanmodifier.RequiresReplace()},
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"name": schema.StringAttribute{
							Required:            true,
							MarkdownDescription: "The label name, such as `alertname`, `severity` or Grafana's `__alert_rule_uid__`.",
							Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
						},
						"value": schema.StringAttribute{
							Required:            true,
							MarkdownDescription: "The label value, or an RE2 regular expression when `is_regex` is true (anchored at both ends, as Alertmanager does).",
						},
						"is_regex": schema.BoolAttribute{
							Optional: true, Computed: true, Default: booldefault.StaticBool(false),
							MarkdownDescription: "Whether `value` is a regular expression (`=~` / `!~`). Defaults to `false`.",
						},
						"is_equal": schema.BoolAttribute{
							Optional: true, Computed: true, Default: booldefault.StaticBool(true),
							MarkdownDescription: "Whether the matcher is positive (`=` / `=~`); `false` makes it negative (`!=` / `!~`). Defaults to `true`.",
						},
					},
				},
			},
			"source_type": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The type of alert source to silence, such as `Equipment` or `Sensor`. Required with the flavor `alert-silence` " +
					"(together with `source_id_pattern`), refused with `grafana` and `prometheus` (use `matchers` there). A change replaces the silence.",
				Validators: []validator.String{notBlank{}},
			},
			"source_id_pattern": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Which sources of `source_type` to silence: an id such as `Equipment-01`, or a pattern with the `*` wildcard: " +
					"`Equipment-*` (prefix), `*-Sensor` (suffix). `*` alone silences every source of the type and needs `allow_broad = true`. " +
					"Required with the flavor `alert-silence`, refused with `grafana` and `prometheus`. A change replaces the silence.",
				Validators: []validator.String{notBlank{}},
			},
			"starts_at": schema.StringAttribute{
				CustomType: timetypes.RFC3339Type{},
				Optional:   true, Computed: true,
				MarkdownDescription: "When the silence starts, in RFC 3339 (`2026-01-02T15:04:05Z`). Omitted or in the past means now (the apply time); " +
					"the configured value is kept in state. A future start creates a `pending` silence, whose start can move in place; " +
					"changing the start of a running silence replaces it.",
			},
			"ends_at": schema.StringAttribute{
				CustomType: timetypes.RFC3339Type{},
				Optional:   true, Computed: true,
				MarkdownDescription: "When the silence ends, in RFC 3339. Exactly one of `ends_at` and `duration` is required. " +
					"It must be in the future when the silence is created or changed. With `duration`, this shows the computed end.",
			},
			"duration": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "How long the silence lasts, as a Go duration such as `2h` or `90m`, instead of `ends_at`. " +
					"The end is computed once, from the start, when the silence is created and then kept (no diff on later plans); " +
					"changing `duration` moves the end to the same start plus the new duration.",
				Validators: []validator.String{durationValidator{}},
			},
			"comment": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Why the alerts are silenced; shown in Grafana and Alertmanager, and sent as the `reason` to the Alert Silence API " +
					"(where it must not be empty). Changes in place on Alertmanager; replaces the silence on the Alert Silence API.",
			},
			"created_by": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString("terraform"),
				MarkdownDescription: "Who created the silence, as shown in Grafana, Alertmanager and the Alert Silence API. Defaults to `terraform`. " +
					"Changes in place on Alertmanager; replaces the silence on the Alert Silence API.",
			},
			"allow_broad": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Allow a silence that would match almost every alert (only negative matchers, or regexes such as `.+`; " +
					"on the Alert Silence API a `source_id_pattern` of `*`). " +
					"Defaults to `false`, which refuses such a silence at plan time. Changing it never touches the server.",
			},
			"max_matched_alerts": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: maxMatchedAlertsDescription,
				Validators:          []validator.Int64{int64validator.AtLeast(0)},
			},
			"status": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The silence's state on the server: `pending` (starts in the future), `active` or `expired`. " +
					"The Alert Silence API has no state field; the provider derives it from the times and the server's clock.",
			},
			"updated_at": schema.StringAttribute{
				CustomType:          timetypes.RFC3339Type{},
				Computed:            true,
				MarkdownDescription: "When the server last changed the silence (on the Alert Silence API, which never changes a silence: when it was created).",
			},
		},
	}
}

func (r *silenceResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	d, diags := providerdata.From(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.data = d
}

// flavor is the provider's alertmanager flavor, or "" before the provider
// is configured (or when no silence API is).
func (r *silenceResource) flavor() string {
	switch {
	case r.data == nil:
		return ""
	case r.data.AlertSilence != nil:
		return alertmanager.FlavorAlertSilence
	case r.data.Alertmanager != nil:
		return r.data.Alertmanager.Flavor()
	}
	return ""
}

func (r *silenceResource) backend() (silenceAPI, diag.Diagnostics) {
	c, diags := r.data.AlertmanagerClient(typeName)
	if diags.HasError() {
		return nil, diags
	}
	return c, nil
}

func (r *silenceResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan silenceResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.flavor() == alertmanager.FlavorAlertSilence {
		r.createAlertSilence(ctx, plan, resp)
		return
	}
	c, diags := r.backend()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	start, end, anchor, diags := sendTimes(plan, r.data.Clock(), time.Time{})
	resp.Diagnostics.Append(diags...)
	s, diags := expand(ctx, plan, start, end)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, _, err := c.Create(ctx, s)
	if err != nil {
		resp.Diagnostics.AddError("Unable to create silence", errDetail(err))
		return
	}
	r.finishWrite(ctx, c, id, plan, anchor, resp.Private, &resp.State, &resp.Diagnostics, "create")
}

func (r *silenceResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state silenceResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.flavor() == alertmanager.FlavorAlertSilence {
		r.readAlertSilence(ctx, state, resp)
		return
	}
	c, diags := r.backend()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	s, now, err := c.Lookup(ctx, id)
	if err != nil && !api.IsNotFound(err) {
		resp.Diagnostics.AddError("Unable to read silence", errDetail(err))
		return
	}
	if now.IsZero() {
		now = r.data.Clock()
	}
	end, _ := timeOf(state.EndsAt)
	decision, why := DecideRead(end, Observation{Found: err == nil, State: s.State, EndsAt: s.EndsAt}, now)
	switch decision {
	case ReadRemove:
		if !end.IsZero() {
			resp.Diagnostics.AddWarning("Silence ended early",
				fmt.Sprintf("Silence %q %s. It was removed from the state, so the next apply creates it again.", id, why))
		}
		resp.State.RemoveResource(ctx)
		return
	case ReadKeepExpired:
		state.Status = types.StringValue(alertmanager.StateExpired)
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
		return
	}
	next, diags := flatten(s, state)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, next)...)
}

func (r *silenceResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state silenceResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// ModifyPlan leaves status known exactly when nothing the server holds
	// changes (allow_broad, an equivalent duration or past start).
	if !plan.Status.IsUnknown() && !plan.ID.IsUnknown() {
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		return
	}
	if r.flavor() == alertmanager.FlavorAlertSilence {
		resp.Diagnostics.AddError("Unable to update silence",
			fmt.Sprintf("Silence %q: the Alert Silence API cannot change a silence, so this change should have been planned as a replacement. "+
				"This is a bug in the provider; please report it. `terraform apply -replace=<address>` creates the silence anew.", state.ID.ValueString()))
		return
	}
	c, diags := r.backend()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	newSilence := plan.ID.IsUnknown()
	cur, _, err := c.Get(ctx, id)
	switch {
	case err == nil:
	case api.IsNotFound(err) && newSilence && state.Status.ValueString() == alertmanager.StateExpired:
		// Ended and garbage-collected: a new silence is what the plan said.
		cur = alertmanager.Silence{ID: id, State: alertmanager.StateExpired}
	case api.IsNotFound(err):
		resp.Diagnostics.AddError("Unable to update silence",
			fmt.Sprintf("Silence %q disappeared from the server after the plan was made. Run `terraform apply` again: the refresh notices it and creates it anew.", id))
		return
	default:
		resp.Diagnostics.AddError("Unable to update silence", errDetail(err))
		return
	}
	if cur.State == alertmanager.StateExpired && !newSilence {
		resp.Diagnostics.AddError("Unable to update silence",
			fmt.Sprintf("Silence %q was expired on the server (at %s) after the plan was made. Run `terraform apply` again: the refresh notices it and plans what to do.",
				id, cur.EndsAt.UTC().Format(time.RFC3339)))
		return
	}
	stored := cur.StartsAt
	if cur.State == alertmanager.StateExpired {
		stored = time.Time{} // a new silence: start from the configuration or now
	} else if ps, ok := timeOf(plan.StartsAt); ok {
		if ss, ok2 := timeOf(state.StartsAt); ok2 && !sameInstant(ps, ss) && ps.After(r.data.Clock()) {
			stored = time.Time{} // a pending silence's start moves
		}
	}
	start, end, anchor, diags := sendTimes(plan, r.data.Clock(), stored)
	resp.Diagnostics.Append(diags...)
	s, diags := expand(ctx, plan, start, end)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	var newID string
	if cur.State == alertmanager.StateExpired {
		newID, _, err = c.Create(ctx, s)
	} else {
		s.ID = id
		newID, _, err = c.Update(ctx, s)
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to update silence", errDetail(err))
		return
	}
	if anchor.IsZero() {
		anchor = r.priorAnchor(ctx, req.Private, state)
	}
	r.finishWrite(ctx, c, newID, plan, anchor, resp.Private, &resp.State, &resp.Diagnostics, "update")
}

func (r *silenceResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state silenceResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.flavor() == alertmanager.FlavorAlertSilence {
		r.deleteAlertSilence(ctx, state, resp)
		return
	}
	if state.Status.ValueString() == alertmanager.StateExpired {
		return // ended already; nothing to expire
	}
	c, diags := r.backend()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if _, err := c.Expire(ctx, state.ID.ValueString()); err != nil {
		resp.Diagnostics.AddError("Unable to expire silence", errDetail(err))
	}
}

func (r *silenceResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !uuidRE.MatchString(req.ID) {
		resp.Diagnostics.AddError("Invalid silence id",
			fmt.Sprintf("%q is not a silence id; use the UUID shown in Grafana or Alertmanager, or the silenceId of the Alert Silence API, "+
				"such as 2243b2e6-8e2c-4a3b-9d1a-1f6a0c1e7b5d.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}

func (r *silenceResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("ends_at"), path.MatchRoot("duration")),
	}
}

// ValidateConfig refuses bad matchers and source patterns, and a bad time
// order, before any plan. It does not know the flavor (the provider is not
// configured yet); ModifyPlan checks which attributes the flavor takes.
func (r *silenceResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg silenceResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ms, known, diags := expandMatchers(ctx, cfg.Matchers)
	resp.Diagnostics.Append(diags...)
	if known && !cfg.AllowBroad.IsUnknown() {
		for _, p := range CheckMatchers(ms, cfg.AllowBroad.ValueBool()) {
			at := path.Root("matchers")
			if p.Index >= 0 {
				at = at.AtListIndex(p.Index)
			}
			resp.Diagnostics.AddAttributeError(at, p.Summary, p.Detail)
		}
	}
	resp.Diagnostics.Append(checkSelector(cfg)...)
	start, okS := timeOf(cfg.StartsAt)
	end, okE := timeOf(cfg.EndsAt)
	if okS && okE && !start.Before(end) {
		resp.Diagnostics.AddAttributeError(path.Root("ends_at"), "Silence ends before it starts",
			fmt.Sprintf("ends_at (%s) must be after starts_at (%s); the server refuses a silence that does not end after its start.",
				cfg.EndsAt.ValueString(), cfg.StartsAt.ValueString()))
	}
}

// ModifyPlan computes the end of duration-based silences, keeps what the
// server will keep, marks the id unknown where the server will issue a new
// one, and refuses changes the server would refuse. Last, it previews the
// alerts a new silence would mute (preview.go).
func (r *silenceResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	defer r.previewAlerts(ctx, req, resp)
	var plan, config silenceResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	flavor := r.flavor()
	resp.Diagnostics.Append(checkFlavorAttributes(flavor, config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	now := r.data.Clock()
	if flavor == alertmanager.FlavorAlertSilence {
		if c, diags := r.data.AlertSilenceClient(typeName); !diags.HasError() {
			now = r.serverNow(c)
		}
	}
	if req.State.Raw.IsNull() {
		r.planCreate(&plan, config, now, &resp.Diagnostics)
		resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
		return
	}
	var state silenceResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !plan.Matchers.Equal(state.Matchers) {
		return // replaced (RequiresReplace); Terraform plans the new one as a create
	}
	status := state.Status.ValueString()
	stateStart, _ := timeOf(state.StartsAt)
	stateEnd, _ := timeOf(state.EndsAt)

	// The start.
	startMoves, startKnown := false, true
	var newStart time.Time
	if config.StartsAt.IsNull() {
		plan.StartsAt = state.StartsAt
	} else if cs, ok := timeOf(config.StartsAt); !ok {
		startMoves, startKnown = true, false
	} else if !sameInstant(cs, stateStart) {
		// Two past starts both mean "since the silence began": no change.
		equivalent := status != alertmanager.StatePending && !cs.After(now) && !stateStart.After(now)
		if !equivalent {
			startMoves, newStart = true, cs
		}
	}

	// The end.
	var end time.Time
	endKnown := false
	switch {
	case !config.EndsAt.IsNull():
		end, endKnown = timeOf(config.EndsAt)
	case !config.Duration.IsNull() && !config.Duration.IsUnknown():
		d, err := time.ParseDuration(config.Duration.ValueString())
		if err != nil {
			return // reported by the validator
		}
		anchor := r.priorAnchor(ctx, req.Private, state)
		if startMoves && startKnown {
			anchor = newStart
		}
		if !anchor.IsZero() {
			end, endKnown = anchor.Add(d), true
		}
		plan.EndsAt = timetypes.NewRFC3339Unknown()
		if endKnown {
			checkEndYear(end, &resp.Diagnostics)
			plan.EndsAt = timeValue(end)
			if sameInstant(end, stateEnd) {
				plan.EndsAt = state.EndsAt
			}
		}
	}

	endChanges := !endKnown || !sameInstant(end, stateEnd)
	apiChange := startMoves || endChanges ||
		!plan.Comment.Equal(state.Comment) || !plan.CreatedBy.Equal(state.CreatedBy) ||
		!plan.SourceType.Equal(state.SourceType) || !plan.SourceIDPattern.Equal(state.SourceIDPattern)
	if !apiChange {
		plan.ID, plan.Status, plan.UpdatedAt = state.ID, state.Status, state.UpdatedAt
		resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
		return
	}
	if startMoves && !startKnown {
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("starts_at"))
		return
	}
	decision, msg := DecideChange(PlanChange{State: status, End: end, EndKnown: endKnown, StartMoves: startMoves, Start: newStart}, now)
	switch decision {
	case ChangeRefused:
		at := path.Root("ends_at")
		if config.EndsAt.IsNull() {
			at = path.Root("duration")
		}
		resp.Diagnostics.AddAttributeError(at, "Silence cannot be changed", fmt.Sprintf("Silence %q: %s", state.ID.ValueString(), msg))
		return
	}
	if flavor == alertmanager.FlavorAlertSilence {
		// No update endpoint: whatever reaches the server replaces the silence.
		resp.RequiresReplace = append(resp.RequiresReplace, replacePaths(plan, state, config, startMoves, endChanges)...)
		return
	}
	switch decision {
	case ChangeReplace:
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("starts_at"))
		return
	case ChangeNewID:
		plan.ID = types.StringUnknown()
		if config.StartsAt.IsNull() && status == alertmanager.StateExpired {
			plan.StartsAt = timetypes.NewRFC3339Unknown()
		}
	default:
		plan.ID = state.ID
	}
	plan.Status = types.StringUnknown()
	plan.UpdatedAt = timetypes.NewRFC3339Unknown()
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

// planCreate checks a new silence against the clock and plans its end.
func (r *silenceResource) planCreate(plan *silenceResourceModel, config silenceResourceModel, now time.Time, diags *diag.Diagnostics) {
	start, startKnown := timeOf(config.StartsAt)
	switch {
	case !config.EndsAt.IsNull():
		if end, ok := timeOf(config.EndsAt); ok && !end.After(now) {
			diags.AddAttributeError(path.Root("ends_at"), "Silence ends in the past",
				fmt.Sprintf("ends_at (%s) is not in the future (now is %s), and a silence that has already ended cannot be created. "+
					"Set a future ends_at, or use duration (such as \"2h\") to end it relative to the apply time.",
					config.EndsAt.ValueString(), now.UTC().Format(time.RFC3339)))
		}
	case !config.Duration.IsNull() && !config.Duration.IsUnknown():
		d, err := time.ParseDuration(config.Duration.ValueString())
		if err == nil && startKnown && start.After(now) {
			checkEndYear(start.Add(d), diags)
			plan.EndsAt = timeValue(start.Add(d))
		} else {
			plan.EndsAt = timetypes.NewRFC3339Unknown()
		}
	}
}

// checkEndYear refuses an end past year 9999 (starts_at plus duration),
// which RFC 3339, and so Terraform's state and the server, cannot write.
func checkEndYear(end time.Time, diags *diag.Diagnostics) {
	if end.Year() > 9999 || end.UTC().Year() > 9999 {
		diags.AddAttributeError(path.Root("duration"), "Silence ends after year 9999",
			fmt.Sprintf("starts_at plus duration ends at %s UTC, after year 9999, which an RFC 3339 time cannot express. "+
				"Choose a shorter duration or an earlier starts_at.", end.UTC().Format("2006-01-02T15:04:05")))
	}
}

// sendTimes picks the start and end to send. stored is the server's start
// of the silence being updated (zero for a new silence): sending it back
// keeps the same id. anchor is what a duration counts from (zero when the
// end comes from ends_at).
func sendTimes(plan silenceResourceModel, now time.Time, stored time.Time) (start, end, anchor time.Time, diags diag.Diagnostics) {
	now = now.UTC().Truncate(time.Millisecond)
	start = stored
	if start.IsZero() {
		start = now
		if s, ok := timeOf(plan.StartsAt); ok && s.After(now) {
			start = s
		}
	}
	if e, ok := timeOf(plan.EndsAt); ok {
		end = e
		if d, err := time.ParseDuration(plan.Duration.ValueString()); err == nil && !plan.Duration.IsNull() {
			anchor = e.Add(-d)
		}
		return start, end, anchor, diags
	}
	d, err := time.ParseDuration(plan.Duration.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("duration"), "Invalid duration", err.Error())
		return start, end, anchor, diags
	}
	anchor = start
	return start, anchor.Add(d), anchor, diags
}

// finishWrite stores the id the server answered at once (so a failure
// later leaves a tainted resource, never an orphan), then reads the silence
// back and stores the server's view.
func (r *silenceResource) finishWrite(ctx context.Context, c silenceAPI, id string, plan silenceResourceModel, anchor time.Time,
	private privateSetter, state stateSetter, diags *diag.Diagnostics, verb string,
) {
	plan.ID = types.StringValue(id)
	setAnchor(ctx, plan, anchor, private, diags)
	s, _, err := c.GetAfterCreate(ctx, id)
	if err != nil {
		// Keep the id; fill the unknowns so the state is valid.
		if plan.Status.IsUnknown() {
			plan.Status = types.StringValue(alertmanager.StateActive)
		}
		if plan.UpdatedAt.IsUnknown() {
			plan.UpdatedAt = timeValue(r.data.Clock())
		}
		if plan.StartsAt.IsUnknown() {
			plan.StartsAt = timeValue(r.data.Clock())
		}
		if plan.EndsAt.IsUnknown() {
			plan.EndsAt = timetypes.NewRFC3339Null()
		}
		diags.Append(state.Set(ctx, plan)...)
		diags.AddError("Unable to read silence after "+verb,
			fmt.Sprintf("The server accepted the silence as %q, but reading it back failed: %s", id, errDetail(err)))
		return
	}
	next, d := flatten(s, plan)
	diags.Append(d...)
	diags.Append(state.Set(ctx, next)...)
}

// setAnchor records what a duration-based silence's end counts from (and
// clears it for an end given by ends_at).
func setAnchor(ctx context.Context, plan silenceResourceModel, anchor time.Time, private privateSetter, diags *diag.Diagnostics) {
	if !anchor.IsZero() && !plan.Duration.IsNull() {
		b, _ := json.Marshal(anchor.UTC().Format(time.RFC3339Nano))
		diags.Append(private.SetKey(ctx, privateAnchor, b)...)
	} else {
		diags.Append(private.SetKey(ctx, privateAnchor, nil)...)
	}
}

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

type stateSetter interface {
	Set(ctx context.Context, val any) diag.Diagnostics
}

// priorAnchor is the instant a duration-based silence's end counts from:
// the one recorded at create, else its end minus its duration, else its
// start (an imported silence).
func (r *silenceResource) priorAnchor(ctx context.Context, private privateGetter, state silenceResourceModel) time.Time {
	if private != nil {
		if b, _ := private.GetKey(ctx, privateAnchor); len(b) > 0 {
			var s string
			if json.Unmarshal(b, &s) == nil {
				if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
					return t
				}
			}
		}
	}
	if !state.Duration.IsNull() {
		if d, err := time.ParseDuration(state.Duration.ValueString()); err == nil {
			if e, ok := timeOf(state.EndsAt); ok {
				return e.Add(-d)
			}
		}
	}
	s, _ := timeOf(state.StartsAt)
	return s
}

// errDetail is the diagnostic detail of a client error: the silence id, the
// HTTP status and the server's message (never a credential).
func errDetail(err error) string {
	var ae *api.Error
	if errors.As(err, &ae) {
		var b strings.Builder
		if ae.ID != "" {
			fmt.Fprintf(&b, "Silence id: %s\n", ae.ID)
		}
		fmt.Fprintf(&b, "HTTP status: %d\nServer message: %s", ae.Status, strings.TrimSpace(ae.Message))
		switch ae.Status {
		case 401:
			b.WriteString("\n\nCheck the provider's alertmanager credentials (token, or username and password).")
		case 403:
			b.WriteString("\n\nThe credentials lack a silence permission (Grafana: alert.silences:create/write or alert.instances:create/write; rule silences also need access to the rule's folder).")
		case 409:
			b.WriteString("\n\nGrafana's Alertmanager for this organization is not ready yet; try again in a moment.")
		}
		return b.String()
	}
	return err.Error()
}

// durationValidator accepts a positive Go duration such as "2h" or "90m".
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return "a positive duration such as \"2h\" or \"90m\""
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%q is not a duration; write it like \"2h\", \"90m\" or \"1h30m\" (units: s, m, h).", s))
	case d <= 0:
		resp.Diagnostics.AddAttributeError(req.Path, "Duration must be positive",
			fmt.Sprintf("duration is %q; a silence needs a positive duration such as \"30m\" or \"2h\".", s))
	}
}
