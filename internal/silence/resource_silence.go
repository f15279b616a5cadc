// Package silence holds the silence types of the provider: the o11y_silence
// resource, the ephemeral o11y_silence, and the o11y_silence, o11y_silences
// and o11y_alerts data sources — on Grafana's Alertmanager, a
// Grafana-proxied external Alertmanager, a Prometheus Alertmanager, or the
// Alert Silence API. Each type has its own file (resource_silence.go, ...);
// the APIs are backends chosen once in Configure (backend.go), the expiry
// rules are in expiry.go, the planning rules in plan.go, the matcher rules
// in matchers.go, the mapping in model.go.
package silence

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/apidiag"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/identity"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/validators"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/windowtime"
)

var (
	_ resource.Resource                     = (*silenceResource)(nil)
	_ resource.ResourceWithConfigure        = (*silenceResource)(nil)
	_ resource.ResourceWithImportState      = (*silenceResource)(nil)
	_ resource.ResourceWithConfigValidators = (*silenceResource)(nil)
	_ resource.ResourceWithValidateConfig   = (*silenceResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*silenceResource)(nil)
	_ resource.ResourceWithIdentity         = (*silenceResource)(nil)
)

// NewSilenceResource is the o11y_silence resource.
func NewSilenceResource() resource.Resource {
	return &silenceResource{backendResource{silenceAPI{what: typeName}}}
}

type silenceResource struct{ backendResource }

// typeName is the name of every silence type (resource, ephemeral resource,
// data source, action, list resource).
const typeName = "o11y_silence"

func (r *silenceResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = typeName
	// The server issues a new id when an update cannot be made in place (an
	// expired silence given a future end, a pending silence whose start
	// moves); the identity follows it.
	resp.ResourceBehavior.MutableIdentity = true
}

func (r *silenceResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identity.Schema("The silence id the server issued (the UUID of Grafana or Alertmanager, or the silenceId of the Alert Silence API)")
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
				NestedObject:  schema.NestedAttributeObject{Attributes: configuredMatcherAttributes()},
			},
			"source_type": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The type of alert source to silence, such as `Equipment` or `Sensor`. Required with the flavor `alert-silence` " +
					"(together with `source_id_pattern`), refused with `grafana` and `prometheus` (use `matchers` there). A change replaces the silence.",
				Validators: []validator.String{validators.NotBlank("Equipment-01")},
			},
			"source_id_pattern": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Which sources of `source_type` to silence: an id such as `Equipment-01`, or a pattern with the `*` wildcard: " +
					"`Equipment-*` (prefix), `*-Sensor` (suffix). `*` alone silences every source of the type and needs `allow_broad = true`. " +
					"Required with the flavor `alert-silence`, refused with `grafana` and `prometheus`. A change replaces the silence.",
				Validators: []validator.String{validators.NotBlank("Equipment-01")},
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
				CustomType: timetypes.GoDurationType{},
				Optional:   true,
				MarkdownDescription: "How long the silence lasts, as a Go duration such as `2h` or `90m`, instead of `ends_at`. " +
					"The end is computed once, from the start, when the silence is created and then kept (no diff on later plans); " +
					"changing `duration` moves the end to the same start plus the new duration. Spellings of the same duration (`90m`, `1h30m`) are the same value.",
				Validators:    []validator.String{validators.PositiveDuration("duration")},
				PlanModifiers: []planmodifier.String{windowtime.SameDuration()},
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

func (r *silenceResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	plan, diags := modelFrom(ctx, req.Plan.Raw)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	start, end, anchor, diags := sendTimes(plan, r.b.now(), time.Time{})
	resp.Diagnostics.Append(diags...)
	s, diags := expand(ctx, plan, start, end)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	rec, err := r.b.create(ctx, s)
	if err != nil && !isReadBack(err) {
		apidiag.CreateFailed(&resp.Diagnostics, "silence", err, r.b.hints(), findSilence)
		return
	}
	resp.Diagnostics.Append(markServerStart(ctx, req.Config, resp.Private)...)
	r.finishWrite(ctx, rec, err, plan, anchor, resp.Private, stateSetter{raw: &resp.State.Raw}, resp.Identity, &resp.Diagnostics, "create")
}

func (r *silenceResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, diags := modelFrom(ctx, req.State.Raw)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	// The identity is the id, also when Read removes the silence (the
	// framework requires one after every Read without error).
	resp.Diagnostics.Append(identity.Set(ctx, resp.Identity, state.ID)...)
	id := state.ID.ValueString()
	s, now, err := r.b.lookup(ctx, id)
	if err != nil && !api.IsNotFound(err) {
		resp.Diagnostics.AddError("Unable to read silence", r.detail(err))
		return
	}
	end, _ := windowtime.Of(state.EndsAt)
	decision, why := decideRead(end, observation{Found: err == nil, State: s.State, EndsAt: s.EndsAt}, now)
	switch decision {
	case readRemove:
		if !end.IsZero() {
			resp.Diagnostics.AddWarning("Silence ended early",
				fmt.Sprintf("Silence %q %s. It was removed from the state, so the next apply creates it again.", id, why))
		}
		resp.State.RemoveResource(ctx)
		return
	case readKeepExpired:
		state.Status = types.StringValue(alertmanager.StateExpired)
		resp.Diagnostics.Append(setState(ctx, &resp.State, state)...)
		return
	}
	next, diags := flatten(s, state)
	if s.State != alertmanager.StatePending && !s.StartsAt.IsZero() && serverStart(ctx, req.Private) {
		next.StartsAt = windowtime.Value(s.StartsAt)
	}
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(setState(ctx, &resp.State, next)...)
}

func (r *silenceResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	plan, diags := modelFrom(ctx, req.Plan.Raw)
	resp.Diagnostics.Append(diags...)
	state, diags := modelFrom(ctx, req.State.Raw)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(markServerStart(ctx, req.Config, resp.Private)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// ModifyPlan leaves status known exactly when nothing the server holds
	// changes (allow_broad, an equivalent duration or past start).
	if !plan.Status.IsUnknown() && !plan.ID.IsUnknown() {
		resp.Diagnostics.Append(setState(ctx, &resp.State, plan)...)
		resp.Diagnostics.Append(identity.Set(ctx, resp.Identity, plan.ID)...)
		return
	}
	if !r.ready(&resp.Diagnostics) {
		return
	}
	id := state.ID.ValueString()
	if !r.b.inPlace() {
		_, err := r.b.update(ctx, id, record{}, false)
		resp.Diagnostics.AddError("Unable to update silence", err.Error()+".")
		return
	}
	newSilence := plan.ID.IsUnknown()
	cur, _, err := r.b.get(ctx, id)
	switch {
	case err == nil:
	case api.IsNotFound(err) && newSilence && state.Status.ValueString() == alertmanager.StateExpired:
		// Ended and garbage-collected: a new silence is what the plan said.
		cur = record{ID: id, State: alertmanager.StateExpired}
	case api.IsNotFound(err):
		resp.Diagnostics.AddError("Unable to update silence",
			fmt.Sprintf("Silence %q disappeared from the server after the plan was made. Run `terraform apply` again: the refresh notices it and creates it anew.", id))
		return
	default:
		resp.Diagnostics.AddError("Unable to update silence", r.detail(err))
		return
	}
	expired := cur.State == alertmanager.StateExpired
	if expired && !newSilence {
		resp.Diagnostics.AddError("Unable to update silence",
			fmt.Sprintf("Silence %q was expired on the server (at %s) after the plan was made. Run `terraform apply` again: the refresh notices it and plans what to do.",
				id, cur.EndsAt.UTC().Format(time.RFC3339)))
		return
	}
	now := r.b.now()
	stored := cur.StartsAt
	if expired {
		stored = time.Time{} // a new silence: start from the configuration or now
	} else if ps, ok := windowtime.Of(plan.StartsAt); ok {
		if ss, ok2 := windowtime.Of(state.StartsAt); ok2 && !sameInstant(ps, ss) && ps.After(now) {
			stored = time.Time{} // a pending silence's start moves
		}
	}
	start, end, anchor, diags := sendTimes(plan, now, stored)
	resp.Diagnostics.Append(diags...)
	s, diags := expand(ctx, plan, start, end)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	rec, err := r.b.update(ctx, id, s, expired)
	if err != nil && !isReadBack(err) {
		resp.Diagnostics.AddError("Unable to update silence", r.detail(err))
		return
	}
	if anchor.IsZero() {
		anchor = priorAnchor(ctx, req.Private, state)
	}
	r.finishWrite(ctx, rec, err, plan, anchor, resp.Private, stateSetter{raw: &resp.State.Raw}, resp.Identity, &resp.Diagnostics, "update")
}

func (r *silenceResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, diags := modelFrom(ctx, req.State.Raw)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	if err := r.b.remove(ctx, state.ID.ValueString(), state.Status.ValueString()); err != nil {
		resp.Diagnostics.AddError("Unable to "+r.b.removeVerb()+" silence", r.detail(err))
	}
}

func (r *silenceResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	identity.Import(ctx, req, resp, "silence", func(id string) error {
		if !uuidRE.MatchString(id) {
			return fmt.Errorf("%q is not a silence id; use the UUID shown in Grafana or Alertmanager, or the silenceId of the Alert Silence API, "+
				"such as 2243b2e6-8e2c-4a3b-9d1a-1f6a0c1e7b5d", id)
		}
		return nil
	})
}

// finishWrite stores what the server answered to a create or update. The id
// goes into state even when reading the silence back failed (rec then holds
// only the id and err says why), so a failure leaves a tainted resource,
// never an orphan.
func (r *silenceResource) finishWrite(ctx context.Context, rec record, err error, plan silenceResourceModel, anchor time.Time,
	private privateSetter, state interface {
		Set(ctx context.Context, val any) diag.Diagnostics
	}, id *tfsdk.ResourceIdentity, diags *diag.Diagnostics, verb string,
) {
	plan.ID = types.StringValue(rec.ID)
	diags.Append(identity.Set(ctx, id, plan.ID)...)
	setAnchor(ctx, plan, anchor, private, diags)
	if err != nil {
		// Keep the id; fill the unknowns so the state is valid.
		now := r.b.now()
		if plan.Status.IsUnknown() {
			plan.Status = types.StringValue(alertmanager.StateActive)
		}
		if plan.UpdatedAt.IsUnknown() {
			plan.UpdatedAt = windowtime.Value(now)
		}
		if plan.StartsAt.IsUnknown() {
			plan.StartsAt = windowtime.Value(now)
		}
		if plan.EndsAt.IsUnknown() {
			plan.EndsAt = timetypes.NewRFC3339Null()
		}
		diags.Append(state.Set(ctx, plan)...)
		diags.AddError("Unable to read silence after "+verb, fmt.Sprintf("The server accepted the silence as %q, but reading it back failed: %s",
			rec.ID, r.detail(errors.Unwrap(err))))
		return
	}
	next, d := flatten(rec, plan)
	diags.Append(d...)
	diags.Append(state.Set(ctx, next)...)
}

// detail is the diagnostic detail of a client error of this backend.
func (r *silenceResource) detail(err error) string {
	return apidiag.Detail(err, "silence", r.b.hints())
}
