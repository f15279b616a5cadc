package silence

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/windowtime"
)

// This file is how o11y_silence plans: the end of a duration-based silence,
// what the server keeps, where the server will issue a new id, and the
// changes it would refuse (DESIGN.md, "Expiry and drift" and "Time").

// privateAnchor is the private-state key holding the instant a
// duration-based silence's end is counted from.
const privateAnchor = "duration_anchor"

func (r *silenceResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("ends_at"), path.MatchRoot("duration")),
	}
}

// ValidateConfig refuses bad matchers and source patterns, and a bad time
// order, before any plan. It does not know the flavor (the provider is not
// configured yet); ModifyPlan checks which attributes the flavor takes.
func (r *silenceResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	cfg, diags := modelFrom(ctx, req.Config.Raw)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkMatcherList(ctx, cfg.Matchers, cfg.AllowBroad)...)
	resp.Diagnostics.Append(checkSelector(cfg)...)
	// An end before the start is never right. An end at the start is what
	// the server records for a pending silence expired early: imported
	// that way it sends nothing, so planCreate and planUpdate refuse it
	// only where it would be sent (checkOrder).
	if w := windowOf(cfg); w.startOK && w.endOK && w.end.Before(w.start) {
		resp.Diagnostics.Append(orderError(cfg))
	}
}

// checkOrder refuses a configured end that is not after the configured
// start, for a silence whose times are sent to the server.
func checkOrder(config silenceResourceModel, diags *diag.Diagnostics) {
	if w := windowOf(config); w.startOK && w.endOK && !w.start.Before(w.end) {
		diags.Append(orderError(config))
	}
}

func orderError(cfg silenceResourceModel) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("ends_at"), "Silence ends before it starts",
		fmt.Sprintf("ends_at (%s) must be after starts_at (%s); the server refuses a silence that does not end after its start.",
			cfg.EndsAt.ValueString(), cfg.StartsAt.ValueString()))
}

// ModifyPlan applies the planning rules of plan.go, then previews the
// alerts a new silence would mute (preview.go).
func (r *silenceResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	defer r.previewAlerts(ctx, req, resp)
	plan, diags := modelFrom(ctx, req.Plan.Raw)
	resp.Diagnostics.Append(diags...)
	config, diags := modelFrom(ctx, req.Config.Raw)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(r.b.checkAttributes(config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	now := r.b.now()
	if req.State.Raw.IsNull() {
		planCreate(&plan, config, now, &resp.Diagnostics)
		resp.Diagnostics.Append(setPlan(ctx, &resp.Plan, plan)...)
		return
	}
	state, diags := modelFrom(ctx, req.State.Raw)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() || !plan.Matchers.Equal(state.Matchers) {
		return // a matcher change is replaced (RequiresReplace); Terraform plans the new one as a create
	}
	p := planUpdate(plan, config, state, priorAnchor(ctx, req.Private, state), now, r.b.inPlace(), &resp.Diagnostics)
	resp.RequiresReplace = append(resp.RequiresReplace, p.replace...)
	if p.set {
		resp.Diagnostics.Append(setPlan(ctx, &resp.Plan, p.plan)...)
	}
}

// planCreate checks a new silence against the clock and plans its end.
func planCreate(plan *silenceResourceModel, config silenceResourceModel, now time.Time, diags *diag.Diagnostics) {
	checkOrder(config, diags)
	w := windowOf(config)
	switch {
	case !config.EndsAt.IsNull():
		if w.endOK && !w.end.After(now) {
			diags.AddAttributeError(path.Root("ends_at"), "Silence ends in the past",
				fmt.Sprintf("ends_at (%s) is not in the future (now is %s), and a silence that has already ended cannot be created. "+
					"Set a future ends_at, or use duration (such as \"2h\") to end it relative to the apply time.",
					config.EndsAt.ValueString(), now.UTC().Format(time.RFC3339)))
		}
	case w.durOK:
		plan.EndsAt = timetypes.NewRFC3339Unknown()
		if w.startOK && w.start.After(now) {
			end := windowtime.End(w.start, w.dur)
			checkEndYear(end, diags)
			plan.EndsAt = windowtime.Value(end)
		}
	}
}

// plannedUpdate is what planUpdate decides for a silence whose matchers
// stay the same.
type plannedUpdate struct {
	plan silenceResourceModel
	// set is true when plan is to be written; replace lists what forces a
	// replacement instead.
	set     bool
	replace path.Paths
}

// planUpdate plans a change of an existing silence. anchor is what its
// duration counts from (priorAnchor); now the backend's clock; inPlace
// whether the API can change a silence at all.
func planUpdate(plan, config, state silenceResourceModel, anchor, now time.Time, inPlace bool, diags *diag.Diagnostics) plannedUpdate {
	status := state.Status.ValueString()
	cfg, st := windowOf(config), windowOf(state)

	// The start.
	startMoves, startKnown := false, true
	var newStart time.Time
	switch {
	case config.StartsAt.IsNull():
		plan.StartsAt = state.StartsAt
	case !cfg.startOK:
		startMoves, startKnown = true, false
	case !sameInstant(cfg.start, st.start):
		// Two past starts both mean "since the silence began": no change.
		equivalent := status != alertmanager.StatePending && !cfg.start.After(now) && !st.start.After(now)
		if !equivalent {
			startMoves, newStart = true, cfg.start
		}
	}

	// The end.
	var end time.Time
	endKnown := false
	switch {
	case !config.EndsAt.IsNull():
		end, endKnown = cfg.end, cfg.endOK
	case cfg.durOK:
		if startMoves && startKnown {
			anchor = newStart
		}
		plan.EndsAt = timetypes.NewRFC3339Unknown()
		if !anchor.IsZero() {
			end, endKnown = windowtime.End(anchor, cfg.dur), true
			checkEndYear(end, diags)
			plan.EndsAt = windowtime.Keep(state.EndsAt, end, windowtime.Millisecond)
		}
	}

	endChanges := !endKnown || !sameInstant(end, st.end)
	apiChange := startMoves || endChanges ||
		!plan.Comment.Equal(state.Comment) || !plan.CreatedBy.Equal(state.CreatedBy) ||
		!plan.SourceType.Equal(state.SourceType) || !plan.SourceIDPattern.Equal(state.SourceIDPattern)
	if !apiChange {
		plan.ID, plan.Status, plan.UpdatedAt = state.ID, state.Status, state.UpdatedAt
		return plannedUpdate{plan: plan, set: true}
	}
	if startMoves && !startKnown {
		return plannedUpdate{replace: path.Paths{path.Root("starts_at")}}
	}
	decision, msg := decideChange(planChange{State: status, End: end, EndKnown: endKnown, StartMoves: startMoves, Start: newStart}, now)
	if decision == changeRefused {
		at := path.Root("ends_at")
		if config.EndsAt.IsNull() {
			at = path.Root("duration")
		}
		diags.AddAttributeError(at, "Silence cannot be changed", fmt.Sprintf("Silence %q: %s", state.ID.ValueString(), msg))
		return plannedUpdate{}
	}
	var order diag.Diagnostics
	if checkOrder(config, &order); order.HasError() {
		diags.Append(order...)
		return plannedUpdate{}
	}
	if !inPlace {
		// No update endpoint: whatever reaches the server replaces the silence.
		return plannedUpdate{replace: replacePaths(plan, state, config, startMoves, endChanges)}
	}
	switch decision {
	case changeReplace:
		return plannedUpdate{replace: path.Paths{path.Root("starts_at")}}
	case changeNewID:
		plan.ID = types.StringUnknown()
		if config.StartsAt.IsNull() && status == alertmanager.StateExpired {
			plan.StartsAt = timetypes.NewRFC3339Unknown()
		}
	default:
		plan.ID = state.ID
	}
	plan.Status = types.StringUnknown()
	plan.UpdatedAt = timetypes.NewRFC3339Unknown()
	return plannedUpdate{plan: plan, set: true}
}

// replacePaths names what changed on the server side of a silence on an API
// without update: each of them replaces it.
func replacePaths(plan, state, config silenceResourceModel, startMoves, endChanges bool) path.Paths {
	var out path.Paths
	add := func(name string, changed bool) {
		if changed {
			out = append(out, path.Root(name))
		}
	}
	add("source_type", !plan.SourceType.Equal(state.SourceType))
	add("source_id_pattern", !plan.SourceIDPattern.Equal(state.SourceIDPattern))
	add("comment", !plan.Comment.Equal(state.Comment))
	add("created_by", !plan.CreatedBy.Equal(state.CreatedBy))
	add("starts_at", startMoves)
	if endChanges {
		if config.EndsAt.IsNull() {
			add("duration", true)
		} else {
			add("ends_at", true)
		}
	}
	if len(out) == 0 {
		out = path.Paths{path.Root("ends_at")}
	}
	return out
}

// checkEndYear refuses an end past year 9999 (starts_at plus duration),
// which RFC 3339, and so Terraform's state and the server, cannot write.
func checkEndYear(end time.Time, diags *diag.Diagnostics) {
	if windowtime.AfterYear9999(end) {
		diags.AddAttributeError(path.Root("duration"), "Silence ends after year 9999",
			fmt.Sprintf("starts_at plus duration ends at %s UTC, after year 9999, which an RFC 3339 time cannot express. "+
				"Choose a shorter duration or an earlier starts_at.", end.UTC().Format("2006-01-02T15:04:05")))
	}
}

// sendTimes picks the start and end to send. stored is the server's start
// of the silence being updated (zero for a new silence): sending it back
// keeps the same id. anchor is what a duration counts from (zero when the
// end comes from ends_at).
func sendTimes(plan silenceResourceModel, now, stored time.Time) (start, end, anchor time.Time, diags diag.Diagnostics) {
	now = now.UTC().Truncate(windowtime.Millisecond)
	w := windowOf(plan)
	start = stored
	if start.IsZero() {
		start = now
		if w.startOK && w.start.After(now) {
			start = w.start
		}
	}
	if w.endOK {
		anchor, _ = w.anchor()
		return start, w.end, anchor, diags
	}
	if !w.durOK {
		diags.AddAttributeError(path.Root("duration"), "Invalid duration", "duration is not a known, valid duration; write it like \"2h\" or \"90m\".")
		return start, end, anchor, diags
	}
	return start, windowtime.End(start, w.dur), start, diags
}

// privateServerStart marks a silence whose start is not configured. Its
// create stores the start it sent (the state is derived from the request,
// see createdRecord), which the server's clamp to its own "now" puts a
// request's latency later; the refresh then stores the server's start, so
// the state holds it exactly from the first refresh on. A configured start
// keeps its configured value (flatten).
const privateServerStart = "server_start"

// markServerStart records in private whether config leaves starts_at to
// the server.
func markServerStart(ctx context.Context, config tfsdk.Config, private privateSetter) diag.Diagnostics {
	var v timetypes.RFC3339
	diags := config.GetAttribute(ctx, path.Root("starts_at"), &v)
	var b []byte // nil removes the key
	if v.IsNull() {
		b = []byte("true")
	}
	diags.Append(private.SetKey(ctx, privateServerStart, b)...)
	return diags
}

// serverStart reports whether the start is the server's to say
// (markServerStart).
func serverStart(ctx context.Context, private privateGetter) bool {
	b, _ := private.GetKey(ctx, privateServerStart)
	return string(b) == "true"
}

type privateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

type privateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
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

// priorAnchor is the instant a duration-based silence's end counts from:
// the one recorded at create, else its end minus its duration, else its
// start (an imported silence).
func priorAnchor(ctx context.Context, private privateGetter, state silenceResourceModel) time.Time {
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
	w := windowOf(state)
	if a, ok := w.anchor(); ok {
		return a
	}
	return w.start
}
