package silence

import (
	"context"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/windowtime"
)

// silenceResourceModel is the state of o11y_silence. Matchers belong to
// the grafana and prometheus flavors, SourceType and SourceIDPattern to the
// alert-silence flavor; the other flavor's attributes stay null.
type silenceResourceModel struct {
	ID              types.String         `tfsdk:"id"`
	Matchers        types.List           `tfsdk:"matchers"`
	SourceType      types.String         `tfsdk:"source_type"`
	SourceIDPattern types.String         `tfsdk:"source_id_pattern"`
	StartsAt        timetypes.RFC3339    `tfsdk:"starts_at"`
	EndsAt          timetypes.RFC3339    `tfsdk:"ends_at"`
	Duration        timetypes.GoDuration `tfsdk:"duration"`
	Comment         types.String         `tfsdk:"comment"`
	CreatedBy       types.String         `tfsdk:"created_by"`
	AllowBroad      types.Bool           `tfsdk:"allow_broad"`
	Status          types.String         `tfsdk:"status"`
	UpdatedAt       timetypes.RFC3339    `tfsdk:"updated_at"`
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

// uuidRE is the id format of Alertmanager (and Grafana) silences.
var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// findSilence says how to find a silence whose create answer was lost.
const findSilence = "Look for it (the o11y_silences data source, or the server's own list of silences), then adopt it with " +
	"`terraform import <address> <id>` or expire it there, before applying again: applying again without looking creates a second silence."

// window is what a model says about a silence's times, each read once:
// the start and end it names (ok false when null or unknown) and its
// duration.
type window struct {
	start, end     time.Time
	startOK, endOK bool
	dur            time.Duration
	durOK          bool
	// durSet is true when duration is configured, known or not.
	durSet bool
}

func windowOf(m silenceResourceModel) window {
	var w window
	w.start, w.startOK = windowtime.Of(m.StartsAt)
	w.end, w.endOK = windowtime.Of(m.EndsAt)
	w.dur, w.durOK = windowtime.Duration(m.Duration)
	w.durSet = !m.Duration.IsNull()
	return w
}

// anchor is the instant a duration-based end counts from, when the end is
// known: its inverse, end minus duration.
func (w window) anchor() (time.Time, bool) {
	if !w.endOK || !w.durOK {
		return time.Time{}, false
	}
	return windowtime.Anchor(w.end, w.dur), true
}

// sameInstant compares instants at the server's precision (Alertmanager
// answers milliseconds).
func sameInstant(a, b time.Time) bool { return windowtime.Same(a, b, windowtime.Millisecond) }

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

// flattenMatchers is the inverse of expandMatchers; order is kept. nil
// (the Alert Silence API has no matchers) gives a null list.
func flattenMatchers(ms []alertmanager.Matcher) (types.List, diag.Diagnostics) {
	if ms == nil {
		return types.ListNull(matcherObjectType), nil
	}
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

// expand builds the silence to send from a planned model. start and end
// are the instants to send (they depend on the clock and the server: see
// sendTimes).
func expand(ctx context.Context, m silenceResourceModel, start, end time.Time) (record, diag.Diagnostics) {
	ms, _, diags := expandMatchers(ctx, m.Matchers)
	return record{
		Matchers: ms, SourceType: m.SourceType.ValueString(), SourceIDPattern: m.SourceIDPattern.ValueString(),
		StartsAt: start, EndsAt: end, CreatedBy: m.CreatedBy.ValueString(), Comment: m.Comment.ValueString(),
	}, diags
}

// optString is null for "".
func optString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// flatten turns the server's silence into the resource model. prior is the
// plan or state it answers to: its strings are kept where they name the same
// instant as the server's, and its configured start is kept where the
// server clamped a past start to the creation time (or the provider sent
// "now" for it). Local-only attributes (duration, allow_broad,
// max_matched_alerts) come from prior.
func flatten(s record, prior silenceResourceModel) (silenceResourceModel, diag.Diagnostics) {
	out := prior
	out.ID = types.StringValue(s.ID)
	matchers, diags := flattenMatchers(s.Matchers)
	out.Matchers = matchers
	out.SourceType = optString(s.SourceType)
	out.SourceIDPattern = optString(s.SourceIDPattern)
	out.StartsAt = windowtime.Keep(prior.StartsAt, s.StartsAt, windowtime.Millisecond)
	if p, ok := windowtime.Of(prior.StartsAt); ok && p.Before(s.StartsAt) && s.State != alertmanager.StatePending {
		out.StartsAt = prior.StartsAt // clamped to the server's "now"
	}
	out.EndsAt = windowtime.Keep(prior.EndsAt, s.EndsAt, windowtime.Millisecond)
	out.Comment = types.StringValue(s.Comment)
	out.CreatedBy = types.StringValue(s.CreatedBy)
	out.Status = types.StringValue(s.State)
	out.UpdatedAt = windowtime.Value(s.UpdatedAt)
	if prior.AllowBroad.IsNull() || prior.AllowBroad.IsUnknown() {
		out.AllowBroad = types.BoolValue(needsAllowBroad(s))
	}
	if prior.Duration.IsUnknown() {
		out.Duration = timetypes.NewGoDurationNull()
	}
	return out, diags
}

// needsAllowBroad reports whether the plan-time checks refuse the silence
// without allow_broad (matchers that mute almost everything, a source
// pattern of `*`): an imported silence gets allow_broad = true exactly
// then, so that the configuration `terraform query` generates from it is
// valid and plans no change.
func needsAllowBroad(s record) bool {
	if isBroadPattern(s.SourceIDPattern) {
		return true
	}
	return len(s.Matchers) > 0 && len(checkMatchers(s.Matchers, false)) > len(checkMatchers(s.Matchers, true))
}

// flattenData is the data sources' view of a silence.
func flattenData(s record) (silenceDataModel, diag.Diagnostics) {
	matchers, diags := flattenMatchers(s.Matchers)
	return silenceDataModel{
		ID: types.StringValue(s.ID), Matchers: matchers,
		SourceType: optString(s.SourceType), SourceIDPattern: optString(s.SourceIDPattern),
		StartsAt: windowtime.Value(s.StartsAt), EndsAt: windowtime.Value(s.EndsAt),
		Comment: types.StringValue(s.Comment), CreatedBy: types.StringValue(s.CreatedBy),
		Status: types.StringValue(s.State), UpdatedAt: windowtime.Value(s.UpdatedAt),
	}, diags
}
