package silence

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

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

// The resource model without the framework's reflection. tfsdk's Get and
// Set convert through reflect, and compile a regular expression per struct
// field on every call (terraform-plugin-framework's isValidFieldName):
// with the handful of them each plan, refresh and create makes, that was a
// fifth of the provider's CPU for a plan of many silences (make bench
// -profile). getModel and setModel convert attribute by attribute with the
// attribute types' own ValueFromTerraform and ToTerraformValue, which is
// what the reflection ends up calling; TestModelCodec holds them to the
// schema and to tfsdk's Get and Set.

// silenceAttrTypes are the types of o11y_silence's attributes.
var silenceAttrTypes = map[string]attr.Type{
	"id": types.StringType, "matchers": types.ListType{ElemType: matcherObjectType},
	"source_type": types.StringType, "source_id_pattern": types.StringType,
	"starts_at": timetypes.RFC3339Type{}, "ends_at": timetypes.RFC3339Type{}, "duration": timetypes.GoDurationType{},
	"comment": types.StringType, "created_by": types.StringType, "allow_broad": types.BoolType,
	"status": types.StringType, "updated_at": timetypes.RFC3339Type{}, "max_matched_alerts": types.Int64Type,
}

// silenceObjectType is the Terraform type of the whole object.
var silenceObjectType = func() tftypes.Object {
	ts := make(map[string]tftypes.Type, len(silenceAttrTypes))
	for name, t := range silenceAttrTypes {
		ts[name] = t.TerraformType(context.Background())
	}
	return tftypes.Object{AttributeTypes: ts}
}()

// modelField is one attribute of a model and its place in the struct.
type modelField struct {
	name string
	ptr  any
}

// fields names every attribute of m with its place in the struct.
func (m *silenceResourceModel) fields() [13]modelField {
	return [13]modelField{
		{"id", &m.ID}, {"matchers", &m.Matchers}, {"source_type", &m.SourceType}, {"source_id_pattern", &m.SourceIDPattern},
		{"starts_at", &m.StartsAt}, {"ends_at", &m.EndsAt}, {"duration", &m.Duration}, {"comment", &m.Comment},
		{"created_by", &m.CreatedBy}, {"allow_broad", &m.AllowBroad}, {"status", &m.Status}, {"updated_at", &m.UpdatedAt},
		{"max_matched_alerts", &m.MaxMatchedAlerts},
	}
}

// modelFrom reads a plan, state or configuration value into the model.
func modelFrom(ctx context.Context, raw tftypes.Value) (silenceResourceModel, diag.Diagnostics) {
	var m silenceResourceModel
	var diags diag.Diagnostics
	var attrs map[string]tftypes.Value
	if err := raw.As(&attrs); err != nil {
		diags.AddError("Unable to read o11y_silence", "The value is not an o11y_silence object: "+err.Error()+". This is a bug in the provider; please report it.")
		return m, diags
	}
	for _, f := range m.fields() {
		v, err := silenceAttrTypes[f.name].ValueFromTerraform(ctx, attrs[f.name])
		if err == nil {
			err = assign(f.ptr, v)
		}
		if err != nil {
			diags.AddError("Unable to read o11y_silence", fmt.Sprintf("Attribute %s: %v. This is a bug in the provider; please report it.", f.name, err))
		}
	}
	return m, diags
}

func assign(ptr any, v attr.Value) error {
	ok := false
	switch p := ptr.(type) {
	case *types.String:
		*p, ok = v.(types.String)
	case *types.List:
		*p, ok = v.(types.List)
	case *types.Bool:
		*p, ok = v.(types.Bool)
	case *types.Int64:
		*p, ok = v.(types.Int64)
	case *timetypes.RFC3339:
		*p, ok = v.(timetypes.RFC3339)
	case *timetypes.GoDuration:
		*p, ok = v.(timetypes.GoDuration)
	}
	if !ok {
		return fmt.Errorf("unexpected %T", v)
	}
	return nil
}

// terraformValue is m as a plan or state value.
func (m silenceResourceModel) terraformValue(ctx context.Context) (tftypes.Value, diag.Diagnostics) {
	var diags diag.Diagnostics
	vals := make(map[string]tftypes.Value, len(silenceAttrTypes))
	fs := m.fields()
	for _, f := range fs {
		v, err := reflectFreeValue(f.ptr).ToTerraformValue(ctx)
		if err != nil {
			diags.AddError("Unable to write o11y_silence", fmt.Sprintf("Attribute %s: %v. This is a bug in the provider; please report it.", f.name, err))
			continue
		}
		vals[f.name] = v
	}
	if diags.HasError() {
		return tftypes.Value{}, diags
	}
	v, err := newObject(silenceObjectType, vals)
	if err != nil {
		diags.AddError("Unable to write o11y_silence", err.Error()+". This is a bug in the provider; please report it.")
	}
	return v, diags
}

// reflectFreeValue is the attribute value a field pointer points at.
func reflectFreeValue(ptr any) attr.Value {
	switch p := ptr.(type) {
	case *types.String:
		return *p
	case *types.List:
		return *p
	case *types.Bool:
		return *p
	case *types.Int64:
		return *p
	case *timetypes.RFC3339:
		return *p
	case *timetypes.GoDuration:
		return *p
	}
	panic(fmt.Sprintf("unexpected field %T", ptr))
}

// newObject is tftypes.NewValue, which panics on a value that does not fit
// its type, with an error instead.
func newObject(t tftypes.Object, vals map[string]tftypes.Value) (v tftypes.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return tftypes.NewValue(t, vals), nil
}

// stateSetter sets an o11y_silence state (or plan) from the model without
// reflection; any other value goes through the framework's Set.
type stateSetter struct{ raw *tftypes.Value }

func (s stateSetter) Set(ctx context.Context, val any) diag.Diagnostics {
	m, ok := val.(silenceResourceModel)
	if !ok {
		var diags diag.Diagnostics
		diags.AddError("Unable to write o11y_silence", fmt.Sprintf("Unexpected %T. This is a bug in the provider; please report it.", val))
		return diags
	}
	v, diags := m.terraformValue(ctx)
	if !diags.HasError() {
		*s.raw = v
	}
	return diags
}

// setState and setPlan store m.
func setState(ctx context.Context, st *tfsdk.State, m silenceResourceModel) diag.Diagnostics {
	return stateSetter{raw: &st.Raw}.Set(ctx, m)
}

func setPlan(ctx context.Context, p *tfsdk.Plan, m silenceResourceModel) diag.Diagnostics {
	return stateSetter{raw: &p.Raw}.Set(ctx, m)
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
// when the list or one of its parts is not known yet. It reads the list's
// objects directly: ElementsAs into silenceMatcherModel goes through the
// framework's reflection, which compiles a regular expression per struct
// field per element (a tenth of the provider's CPU when planning many
// silences, measured with make bench -profile).
func expandMatchers(ctx context.Context, l types.List) ([]alertmanager.Matcher, bool, diag.Diagnostics) {
	if l.IsNull() || l.IsUnknown() {
		return nil, false, nil
	}
	elems := l.Elements()
	out := make([]alertmanager.Matcher, 0, len(elems))
	known := true
	for _, e := range elems {
		o, ok := e.(types.Object)
		if !ok {
			return expandMatchersReflect(ctx, l)
		}
		if o.IsNull() || o.IsUnknown() {
			known = false
			out = append(out, alertmanager.Matcher{IsEqual: true})
			continue
		}
		a := o.Attributes()
		name, nok := a["name"].(types.String)
		value, vok := a["value"].(types.String)
		isRegex, rok := a["is_regex"].(types.Bool)
		isEqual, eok := a["is_equal"].(types.Bool)
		if !nok || !vok || !rok || !eok {
			return expandMatchersReflect(ctx, l)
		}
		if name.IsUnknown() || value.IsUnknown() || isRegex.IsUnknown() || isEqual.IsUnknown() {
			known = false
		}
		eq := true
		if !isEqual.IsNull() && !isEqual.IsUnknown() {
			eq = isEqual.ValueBool()
		}
		out = append(out, alertmanager.Matcher{Name: name.ValueString(), Value: value.ValueString(), IsRegex: isRegex.ValueBool(), IsEqual: eq})
	}
	return out, known, nil
}

// expandMatchersReflect is expandMatchers through the framework's
// reflection, for a list whose elements are not the matcher objects.
func expandMatchersReflect(ctx context.Context, l types.List) ([]alertmanager.Matcher, bool, diag.Diagnostics) {
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
