package silence

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertsilence"
)

// This file is o11y_silence on the Alert Silence API (flavor
// "alert-silence"): source_type and source_id_pattern instead of matchers,
// comment sent as reason. The API has no update and no get-by-id, so every
// change that reaches the server is a replacement (planned in ModifyPlan),
// Read finds the silence in the full list (one cached list call per
// operation, see alertsilence.Client.Get), and Delete deletes. Expired
// silences stay in that list, so the expiry rules of expiry.go apply as they
// are: a silence that ran out is kept as expired with no diff, forever.

// The attributes of each flavor, for the "wrong flavor" errors.
const (
	attrsAlertmanager = "`matchers`"
	attrsAlertSilence = "`source_type` and `source_id_pattern`"
)

// isBroadPattern reports whether a source id pattern matches every source:
// nothing but `*` wildcards.
func isBroadPattern(p string) bool {
	return p != "" && strings.Trim(p, "*") == ""
}

// configured reports whether a configured value is present (known or not yet).
func configured(v interface{ IsNull() bool }) bool { return !v.IsNull() }

// checkFlavorAttributes refuses the attributes of the other flavor (and
// what the Alert Silence API would refuse or rewrite). flavor "" (the
// provider is not configured yet) checks nothing. A configuration without
// any selector was refused by checkSelector already.
func checkFlavorAttributes(flavor string, cfg silenceResourceModel) diag.Diagnostics {
	var diags diag.Diagnostics
	switch flavor {
	case alertmanager.FlavorAlertSilence:
		if configured(cfg.Matchers) {
			diags.AddAttributeError(path.Root("matchers"), "matchers need the grafana or prometheus flavor",
				"The provider's `alertmanager.flavor` is \"alert-silence\": the Alert Silence API selects alerts by "+attrsAlertSilence+", not by label matchers. "+
					"Replace `matchers` with, for example, `source_type = \"Equipment\"` and `source_id_pattern = \"Equipment-01\"`. "+
					attrsAlertmanager+" are for the flavors \"grafana\" and \"prometheus\"; "+attrsAlertSilence+" are for \"alert-silence\".")
		}
		if !cfg.Comment.IsUnknown() && strings.TrimSpace(cfg.Comment.ValueString()) == "" {
			diags.AddAttributeError(path.Root("comment"), "Empty comment",
				"The Alert Silence API requires a reason, which is `comment`. Say why the alerts are silenced, such as \"Motor replacement, CHG-1234\".")
		}
		if !cfg.CreatedBy.IsNull() && !cfg.CreatedBy.IsUnknown() && strings.TrimSpace(cfg.CreatedBy.ValueString()) == "" {
			diags.AddAttributeError(path.Root("created_by"), "Empty created_by",
				"The Alert Silence API replaces an empty creator with \"Admin\", which would show as a change on every plan. "+
					"Set `created_by` to a name, or leave it out (it defaults to \"terraform\").")
		}
	case alertmanager.FlavorGrafana, alertmanager.FlavorPrometheus:
		for _, a := range []struct {
			name string
			v    types.String
		}{{"source_type", cfg.SourceType}, {"source_id_pattern", cfg.SourceIDPattern}} {
			if configured(a.v) {
				diags.AddAttributeError(path.Root(a.name), a.name+" needs the alert-silence flavor",
					fmt.Sprintf("The provider's `alertmanager.flavor` is %q, an Alertmanager, which selects alerts by label %s. "+
						"Replace %s with `matchers`, such as `matchers = [{ name = \"alertname\", value = \"HighLatency\" }]`. "+
						"%s are for the flavors \"grafana\" and \"prometheus\"; %s are for \"alert-silence\" (the Alert Silence API).",
						flavor, attrsAlertmanager, attrsAlertSilence, attrsAlertmanager, attrsAlertSilence))
			}
		}
	}
	return diags
}

// checkSelector is the flavor-independent part: a silence selects alerts by
// matchers or by source, not both and not neither, and a source pattern
// that matches everything needs allow_broad.
func checkSelector(cfg silenceResourceModel) diag.Diagnostics {
	var diags diag.Diagnostics
	hasM, hasT, hasP := configured(cfg.Matchers), configured(cfg.SourceType), configured(cfg.SourceIDPattern)
	const which = "Use " + attrsAlertmanager + " with the provider's `alertmanager.flavor` \"grafana\" or \"prometheus\", " +
		"and " + attrsAlertSilence + " with the flavor \"alert-silence\" (the Alert Silence API)."
	switch {
	case hasM && (hasT || hasP):
		at := path.Root("source_type")
		if !hasT {
			at = path.Root("source_id_pattern")
		}
		diags.AddAttributeError(at, "matchers and source attributes together",
			"A silence selects alerts either by label `matchers` or by `source_type` and `source_id_pattern`, not both. "+which)
	case !hasM && !hasT && !hasP:
		diags.AddAttributeError(path.Root("matchers"), "Nothing to silence",
			"Say which alerts to silence. "+which+
				" For example `matchers = [{ name = \"alertname\", value = \"HighLatency\" }]`, or `source_type = \"Equipment\"` with `source_id_pattern = \"Equipment-01\"`.")
	case !hasM && hasT != hasP:
		missing := "source_id_pattern"
		if !hasT {
			missing = "source_type"
		}
		diags.AddAttributeError(path.Root(missing), "Missing "+missing,
			"The Alert Silence API needs both "+attrsAlertSilence+", such as `source_type = \"Sensor\"` with `source_id_pattern = \"Temp-*\"`. Set `"+missing+"`.")
	}
	if !cfg.SourceIDPattern.IsUnknown() && isBroadPattern(cfg.SourceIDPattern.ValueString()) &&
		!cfg.AllowBroad.IsUnknown() && !cfg.AllowBroad.ValueBool() {
		diags.AddAttributeError(path.Root("source_id_pattern"), "Silence would match every source",
			fmt.Sprintf("source_id_pattern %q matches every source of type %q, so this silence would mute all of its alerts. "+
				"Name the sources, such as \"Equipment-01\" or a prefix like \"Equipment-*\", or set `allow_broad = true` if muting them all is intended.",
				cfg.SourceIDPattern.ValueString(), cfg.SourceType.ValueString()))
	}
	return diags
}

// notBlank refuses an empty or all-space string (the Alert Silence API
// answers 400 for such required fields).
type notBlank struct{}

func (notBlank) Description(context.Context) string { return "must not be empty" }

func (v notBlank) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (notBlank) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if strings.TrimSpace(req.ConfigValue.ValueString()) == "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Empty "+req.Path.String(),
			fmt.Sprintf("%s is empty; the Alert Silence API requires a value, such as \"Equipment\" for source_type or \"Equipment-01\" for source_id_pattern.", req.Path))
	}
}

// expandAlertSilence builds the create request from a planned model. start
// and end are the instants to send (see sendTimes).
func expandAlertSilence(m silenceResourceModel, start, end time.Time) alertsilence.CreateRequest {
	return alertsilence.CreateRequest{
		SourceType: m.SourceType.ValueString(), SourceIDPattern: m.SourceIDPattern.ValueString(),
		Reason: m.Comment.ValueString(), CreatedBy: m.CreatedBy.ValueString(),
		StartsAt: start, EndsAt: end,
	}
}

// flattenAlertSilence turns the server's silence into the resource model.
// now is the server's clock (the list's Date header), which gives the
// status. prior is the plan or state it answers to: its time strings are
// kept where they name the same instant, and its configured start is kept
// where the provider sent "now" for a start in the past. The API never
// changes a silence, so updated_at is its creation time.
func flattenAlertSilence(s alertsilence.Silence, now time.Time, prior silenceResourceModel) silenceResourceModel {
	out := prior
	state := s.State(now)
	out.ID = types.StringValue(s.ID)
	out.Matchers = types.ListNull(matcherObjectType)
	out.SourceType = types.StringValue(s.SourceType)
	out.SourceIDPattern = types.StringValue(s.SourceIDPattern)
	out.StartsAt = timeValue(s.StartsAt)
	if p, ok := timeOf(prior.StartsAt); ok {
		sentNow := p.Before(s.StartsAt) && state != alertmanager.StatePending
		if sameInstant(p, s.StartsAt) || sentNow {
			out.StartsAt = prior.StartsAt
		}
	}
	out.EndsAt = timeValue(s.EndsAt)
	if p, ok := timeOf(prior.EndsAt); ok && sameInstant(p, s.EndsAt) {
		out.EndsAt = prior.EndsAt
	}
	out.Comment = types.StringValue(s.Reason)
	out.CreatedBy = types.StringValue(s.CreatedBy)
	out.Status = types.StringValue(state)
	out.UpdatedAt = timeValue(s.CreatedAt)
	if prior.AllowBroad.IsNull() || prior.AllowBroad.IsUnknown() {
		out.AllowBroad = types.BoolValue(isBroadPattern(s.SourceIDPattern))
	}
	if prior.Duration.IsUnknown() {
		out.Duration = types.StringNull()
	}
	return out
}

// flattenDataAlertSilence is the data sources' view of an Alert Silence API
// silence at the server's clock now.
func flattenDataAlertSilence(s alertsilence.Silence, now time.Time) silenceDataModel {
	return silenceDataModel{
		ID: types.StringValue(s.ID), Matchers: types.ListNull(matcherObjectType),
		SourceType: types.StringValue(s.SourceType), SourceIDPattern: types.StringValue(s.SourceIDPattern),
		StartsAt: timeValue(s.StartsAt), EndsAt: timeValue(s.EndsAt),
		Comment: types.StringValue(s.Reason), CreatedBy: types.StringValue(s.CreatedBy),
		Status: types.StringValue(s.State(now)), UpdatedAt: timeValue(s.CreatedAt),
	}
}

// serverNow is the best estimate of the Alert Silence API's clock: the
// local clock corrected by the skew seen in the last list's Date header.
func (r *silenceResource) serverNow(c *alertsilence.Client) time.Time {
	return c.ServerTime(r.data.Clock())
}

func (r *silenceResource) createAlertSilence(ctx context.Context, plan silenceResourceModel, resp *resource.CreateResponse) {
	c, diags := r.data.AlertSilenceClient(typeName)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	start, end, anchor, diags := sendTimes(plan, r.serverNow(c), time.Time{})
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	s, err := c.Create(ctx, expandAlertSilence(plan, start, end))
	if err != nil {
		resp.Diagnostics.AddError("Unable to create silence", errDetail(err))
		return
	}
	setAnchor(ctx, plan, anchor, resp.Private, &resp.Diagnostics)
	// The answer is the stored silence: no read-back needed. Its createdAt
	// is the server's clock at creation.
	now := s.CreatedAt
	if now.IsZero() {
		now = r.serverNow(c)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, flattenAlertSilence(s, now, plan))...)
}

func (r *silenceResource) readAlertSilence(ctx context.Context, state silenceResourceModel, resp *resource.ReadResponse) {
	c, diags := r.data.AlertSilenceClient(typeName)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	s, now, err := c.Get(ctx, id)
	if err != nil && !api.IsNotFound(err) {
		resp.Diagnostics.AddError("Unable to read silence", errDetail(err))
		return
	}
	if now.IsZero() {
		now = r.serverNow(c)
	}
	end, _ := timeOf(state.EndsAt)
	decision, why := DecideRead(end, Observation{Found: err == nil, State: s.State(now), EndsAt: s.EndsAt}, now)
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
	resp.Diagnostics.Append(resp.State.Set(ctx, flattenAlertSilence(s, now, state))...)
}

// deleteAlertSilence deletes the silence, expired or not (the API keeps
// expired silences listed forever otherwise). Already gone is success.
func (r *silenceResource) deleteAlertSilence(ctx context.Context, state silenceResourceModel, resp *resource.DeleteResponse) {
	c, diags := r.data.AlertSilenceClient(typeName)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := c.Delete(ctx, state.ID.ValueString()); err != nil {
		resp.Diagnostics.AddError("Unable to delete silence", errDetail(err))
	}
}

// replacePaths names what changed on the server side of an Alert Silence
// API silence: the API has no update, so each of them replaces it.
func replacePaths(plan, state silenceResourceModel, config silenceResourceModel, startMoves, endChanges bool) path.Paths {
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
