package silence

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
)

// silenceResourceModel is the state of o11y_silence. Matchers belong to
// the grafana and prometheus flavors, SourceType and SourceIDPattern to the
// alert-silence flavor; the other flavor's attributes stay null.
type silenceResourceModel struct {
	ID              types.String      `tfsdk:"id"`
	Matchers        types.List        `tfsdk:"matchers"`
	SourceType      types.String      `tfsdk:"source_type"`
	SourceIDPattern types.String      `tfsdk:"source_id_pattern"`
	StartsAt        timetypes.RFC3339 `tfsdk:"starts_at"`
	EndsAt          timetypes.RFC3339 `tfsdk:"ends_at"`
	Duration        types.String      `tfsdk:"duration"`
	Comment         types.String      `tfsdk:"comment"`
	CreatedBy       types.String      `tfsdk:"created_by"`
	AllowBroad      types.Bool        `tfsdk:"allow_broad"`
	Status          types.String      `tfsdk:"status"`
	UpdatedAt       timetypes.RFC3339 `tfsdk:"updated_at"`
	// MaxMatchedAlerts is the plan-time guard of preview.go (local only).
	MaxMatchedAlerts types.Int64 `tfsdk:"max_matched_alerts"`
}

// silenceMatcherModel is one element of matchers.
type silenceMatcherModel struct {
	Name    types.String `tfsdk:"name"`
	Value   types.String `tfsdk:"value"`
	IsRegex types.Bool   `tfsdk:"is_regex"`
	IsEqual types.Bool   `tfsdk:"is_equal"`
}

var matcherAttrTypes = map[string]attr.Type{
	"name": types.StringType, "value": types.StringType, "is_regex": types.BoolType, "is_equal": types.BoolType,
}

var matcherObjectType = types.ObjectType{AttrTypes: matcherAttrTypes}

// silenceDataModel is one silence as the data sources show it.
type silenceDataModel struct {
	ID              types.String      `tfsdk:"id"`
	Matchers        types.List        `tfsdk:"matchers"`
	SourceType      types.String      `tfsdk:"source_type"`
	SourceIDPattern types.String      `tfsdk:"source_id_pattern"`
	StartsAt        timetypes.RFC3339 `tfsdk:"starts_at"`
	EndsAt          timetypes.RFC3339 `tfsdk:"ends_at"`
	Comment         types.String      `tfsdk:"comment"`
	CreatedBy       types.String      `tfsdk:"created_by"`
	Status          types.String      `tfsdk:"status"`
	UpdatedAt       timetypes.RFC3339 `tfsdk:"updated_at"`
}

var silenceDataAttrTypes = map[string]attr.Type{
	"id": types.StringType, "matchers": types.ListType{ElemType: matcherObjectType},
	"source_type": types.StringType, "source_id_pattern": types.StringType,
	"starts_at": timetypes.RFC3339Type{}, "ends_at": timetypes.RFC3339Type{},
	"comment": types.StringType, "created_by": types.StringType, "status": types.StringType,
	"updated_at": timetypes.RFC3339Type{},
}

// timeValue renders an instant with its sub-second digits (the server
// answers milliseconds). It never panics: an instant RFC 3339 cannot write
// (a year past 9999) gives a value that does not parse, and plan-time
// checks (checkEndYear) keep such ends out of plans.
func timeValue(t time.Time) timetypes.RFC3339 {
	return timetypes.RFC3339{StringValue: types.StringValue(t.Format(time.RFC3339Nano))}
}

// timeOf parses a known time value; ok is false for null or unknown.
func timeOf(v timetypes.RFC3339) (time.Time, bool) {
	if v.IsNull() || v.IsUnknown() {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, v.ValueString())
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

// expandMatchers turns the matchers list into API matchers. known is false
// when the list or one of its parts is not known yet.
func expandMatchers(ctx context.Context, l types.List) ([]alertmanager.Matcher, bool, diag.Diagnostics) {
	if l.IsNull() || l.IsUnknown() {
		return nil, false, nil
	}
	var ms []silenceMatcherModel
	diags := l.ElementsAs(ctx, &ms, false)
	if diags.HasError() {
		return nil, false, diags
	}
	out := make([]alertmanager.Matcher, 0, len(ms))
	known := true
	for _, m := range ms {
		if m.Name.IsUnknown() || m.Value.IsUnknown() || m.IsRegex.IsUnknown() || m.IsEqual.IsUnknown() {
			known = false
		}
		eq := true
		if !m.IsEqual.IsNull() && !m.IsEqual.IsUnknown() {
			eq = m.IsEqual.ValueBool()
		}
		out = append(out, alertmanager.Matcher{
			Name: m.Name.ValueString(), Value: m.Value.ValueString(), IsRegex: m.IsRegex.ValueBool(), IsEqual: eq,
		})
	}
	return out, known, diags
}

// flattenMatchers is the inverse of expandMatchers; order is kept.
func flattenMatchers(ms []alertmanager.Matcher) (types.List, diag.Diagnostics) {
	elems := make([]attr.Value, 0, len(ms))
	var diags diag.Diagnostics
	for _, m := range ms {
		o, d := types.ObjectValue(matcherAttrTypes, map[string]attr.Value{
			"name": types.StringValue(m.Name), "value": types.StringValue(m.Value),
			"is_regex": types.BoolValue(m.IsRegex), "is_equal": types.BoolValue(m.IsEqual),
		})
		diags.Append(d...)
		elems = append(elems, o)
	}
	l, d := types.ListValue(matcherObjectType, elems)
	diags.Append(d...)
	return l, diags
}

// expand builds the API silence from a planned model. start and end are the
// instants to send (they depend on the clock and the server, see Create and
// Update).
func expand(ctx context.Context, m silenceResourceModel, start, end time.Time) (alertmanager.Silence, diag.Diagnostics) {
	ms, _, diags := expandMatchers(ctx, m.Matchers)
	return alertmanager.Silence{
		ID: m.ID.ValueString(), Matchers: ms, StartsAt: start, EndsAt: end,
		CreatedBy: m.CreatedBy.ValueString(), Comment: m.Comment.ValueString(),
	}, diags
}

// flatten turns the server's silence into the resource model. prior is the
// plan or state it answers to: its strings are kept where they name the same
// instant as the server's, and its configured start is kept where the
// server clamped a past start to the creation time. Local-only attributes
// (duration, allow_broad) come from prior.
func flatten(s alertmanager.Silence, prior silenceResourceModel) (silenceResourceModel, diag.Diagnostics) {
	out := prior
	out.ID = types.StringValue(s.ID)
	matchers, diags := flattenMatchers(s.Matchers)
	out.Matchers = matchers
	out.StartsAt = timeValue(s.StartsAt)
	if p, ok := timeOf(prior.StartsAt); ok {
		clamped := p.Before(s.StartsAt) && s.State != alertmanager.StatePending
		if sameInstant(p, s.StartsAt) || clamped {
			out.StartsAt = prior.StartsAt
		}
	}
	out.EndsAt = timeValue(s.EndsAt)
	if p, ok := timeOf(prior.EndsAt); ok && sameInstant(p, s.EndsAt) {
		out.EndsAt = prior.EndsAt
	}
	out.Comment = types.StringValue(s.Comment)
	out.CreatedBy = types.StringValue(s.CreatedBy)
	out.Status = types.StringValue(s.State)
	out.UpdatedAt = timeValue(s.UpdatedAt)
	if prior.AllowBroad.IsNull() || prior.AllowBroad.IsUnknown() {
		out.AllowBroad = types.BoolValue(false)
	}
	if prior.Duration.IsUnknown() {
		out.Duration = types.StringNull()
	}
	return out, diags
}

// flattenData is the data sources' view of a silence.
func flattenData(s alertmanager.Silence) (silenceDataModel, diag.Diagnostics) {
	matchers, diags := flattenMatchers(s.Matchers)
	return silenceDataModel{
		ID: types.StringValue(s.ID), Matchers: matchers,
		SourceType: types.StringNull(), SourceIDPattern: types.StringNull(),
		StartsAt: timeValue(s.StartsAt), EndsAt: timeValue(s.EndsAt),
		Comment: types.StringValue(s.Comment), CreatedBy: types.StringValue(s.CreatedBy),
		Status: types.StringValue(s.State), UpdatedAt: timeValue(s.UpdatedAt),
	}, diags
}
