package schedule

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/recurrence"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/validators"
)

// Model is the schedule part of both resources' state; they embed it.
type Model struct {
	TimeZone    types.String         `tfsdk:"time_zone"`
	FirstStart  types.String         `tfsdk:"first_start"`
	RRule       types.String         `tfsdk:"rrule"`
	Duration    timetypes.GoDuration `tfsdk:"duration"`
	ExceptDates types.Set            `tfsdk:"except_dates"`
	Horizon     types.String         `tfsdk:"horizon"`
	Occurrences types.List           `tfsdk:"occurrences"`
}

// occurrence attribute names.
const (
	attrKey      = "key"
	attrStartsAt = "starts_at"
	attrEndsAt   = "ends_at"
	attrID       = "id"
	attrStatus   = "status"
)

var occurrenceAttrTypes = map[string]attr.Type{
	attrKey: types.StringType, attrStartsAt: timetypes.RFC3339Type{}, attrEndsAt: timetypes.RFC3339Type{},
	attrID: types.StringType, attrStatus: types.StringType,
}

// OccurrenceType is the element type of occurrences.
var OccurrenceType = types.ObjectType{AttrTypes: occurrenceAttrTypes}

// UnknownOccurrences is the occurrences of a plan that cannot tell them yet.
func UnknownOccurrences() types.List { return types.ListUnknown(OccurrenceType) }

// Known reports whether every schedule input is known (not waiting for
// another resource).
func (m Model) Known() bool {
	return !m.TimeZone.IsUnknown() && !m.FirstStart.IsUnknown() && !m.RRule.IsUnknown() &&
		!m.Duration.IsUnknown() && !m.ExceptDates.IsUnknown() && !m.Horizon.IsUnknown() &&
		!hasUnknown(m.ExceptDates)
}

func hasUnknown(s types.Set) bool {
	for _, e := range s.Elements() {
		if e.IsUnknown() {
			return true
		}
	}
	return false
}

// Spec is the recurrence spec of a known model.
func (m Model) Spec() recurrence.Spec {
	s := recurrence.Spec{
		TimeZone: m.TimeZone.ValueString(), FirstStart: m.FirstStart.ValueString(), RRule: m.RRule.ValueString(),
		Duration: m.Duration.ValueString(), Horizon: m.Horizon.ValueString(),
	}
	for _, e := range m.ExceptDates.Elements() {
		if v, ok := e.(types.String); ok && !v.IsNull() {
			s.ExceptDates = append(s.ExceptDates, v.ValueString())
		}
	}
	return s
}

// Diagnostics turns recurrence problems into diagnostics at their
// attributes. Warnings are dropped unless withWarnings. A problem of an
// attribute whose value the Go duration type refuses already (it reports
// that itself) is left out, so each mistake has one message.
func Diagnostics(ps recurrence.Problems, m Model, withWarnings bool) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, p := range ps {
		if p.Attr == recurrence.AttrDuration && p.Kind == recurrence.KindDuration {
			if _, err := time.ParseDuration(m.Duration.ValueString()); err != nil {
				continue // the type's own validation says so
			}
		}
		at := path.Root(p.Attr)
		switch p.Severity {
		case recurrence.Error:
			diags.AddAttributeError(at, p.Summary, p.Detail)
		case recurrence.Warning:
			if withWarnings {
				diags.AddAttributeWarning(at, p.Summary, p.Detail)
			}
		}
	}
	return diags
}

// Compile compiles a known model; it reports its errors (and warnings when
// withWarnings) and returns nil when there is an error.
func Compile(m Model, withWarnings bool) (*recurrence.Schedule, diag.Diagnostics) {
	s, ps := recurrence.Compile(m.Spec())
	diags := Diagnostics(ps, m, withWarnings)
	if ps.HasError() {
		return nil, diags
	}
	return s, diags
}

// ---- occurrences <-> state ----

// FromList reads occurrences from state or a plan. An unknown id and
// status (a planned occurrence) read as "".
func FromList(ctx context.Context, l types.List) ([]Occurrence, diag.Diagnostics) {
	var diags diag.Diagnostics
	if l.IsNull() || l.IsUnknown() {
		return nil, diags
	}
	out := make([]Occurrence, 0, len(l.Elements()))
	for i, e := range l.Elements() {
		obj, ok := e.(types.Object)
		if !ok || obj.IsNull() || obj.IsUnknown() {
			diags.AddAttributeError(path.Root("occurrences").AtListIndex(i), "Invalid occurrence", "The occurrence is not known; this is a bug in the provider.")
			continue
		}
		a := obj.Attributes()
		o := Occurrence{Key: str(a[attrKey]), ID: str(a[attrID]), Status: str(a[attrStatus])}
		var d diag.Diagnostics
		o.Start, d = instant(a[attrStartsAt])
		diags.Append(d...)
		o.End, d = instant(a[attrEndsAt])
		diags.Append(d...)
		out = append(out, o)
	}
	return out, diags
}

func str(v attr.Value) string {
	if s, ok := v.(types.String); ok && !s.IsNull() && !s.IsUnknown() {
		return s.ValueString()
	}
	return ""
}

func instant(v attr.Value) (time.Time, diag.Diagnostics) {
	var diags diag.Diagnostics
	r, ok := v.(timetypes.RFC3339)
	if !ok || r.IsNull() || r.IsUnknown() {
		diags.AddError("Invalid occurrence time", "An occurrence has no start or end; this is a bug in the provider.")
		return time.Time{}, diags
	}
	t, d := r.ValueRFC3339Time()
	diags.Append(d...)
	return t, diags
}

// ToList is the occurrences as state holds them: times in RFC 3339 with
// the offset they carry (the schedule's zone), an occurrence to create
// with unknown id and status, one that ended before it could be created
// with a null id.
func ToList(occs []Occurrence) (types.List, diag.Diagnostics) {
	var diags diag.Diagnostics
	elems := make([]attr.Value, 0, len(occs))
	for _, o := range occs {
		id, status := types.StringValue(o.ID), types.StringValue(o.Status)
		switch {
		case o.ToCreate():
			id, status = types.StringUnknown(), types.StringUnknown()
		case o.ID == "":
			id = types.StringNull()
		}
		obj, d := types.ObjectValue(occurrenceAttrTypes, map[string]attr.Value{
			attrKey:      types.StringValue(o.Key),
			attrStartsAt: timetypes.NewRFC3339ValueMust(o.Start.Format(time.RFC3339)),
			attrEndsAt:   timetypes.NewRFC3339ValueMust(o.End.Format(time.RFC3339)),
			attrID:       id,
			attrStatus:   status,
		})
		diags.Append(d...)
		elems = append(elems, obj)
	}
	l, d := types.ListValue(OccurrenceType, elems)
	diags.Append(d...)
	return l, diags
}

// ---- private state ----

// privateKey is the private-state key of a schedule.
const privateKey = "schedule"

// Private is what a schedule keeps beside its state.
type Private struct {
	// Now is the server's clock as of the last read or write of the
	// resource: the "now" its plans compute the window from, so that the
	// plan and its apply agree (DESIGN.md, "Schedules").
	Now time.Time `json:"now"`
	// Drifted are the ids the last read found edited on the server.
	Drifted []string `json:"drifted,omitempty"`
}

// DriftedSet is Drifted as a set.
func (p Private) DriftedSet() map[string]bool {
	out := make(map[string]bool, len(p.Drifted))
	for _, id := range p.Drifted {
		out[id] = true
	}
	return out
}

// PrivateGetter reads private state (a request's Private).
type PrivateGetter interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
}

// PrivateSetter writes private state (a response's Private).
type PrivateSetter interface {
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

// LoadPrivate reads the private state; ok is false when there is none.
func LoadPrivate(ctx context.Context, g PrivateGetter) (Private, bool) {
	if g == nil {
		return Private{}, false
	}
	b, diags := g.GetKey(ctx, privateKey)
	if diags.HasError() || len(b) == 0 {
		return Private{}, false
	}
	var p Private
	if json.Unmarshal(b, &p) != nil || p.Now.IsZero() {
		return Private{}, false
	}
	return p, true
}

// SavePrivate writes the private state.
func SavePrivate(ctx context.Context, s PrivateSetter, p Private) diag.Diagnostics {
	b, err := json.Marshal(p)
	if err != nil {
		var diags diag.Diagnostics
		diags.AddError("Unable to save schedule state", err.Error())
		return diags
	}
	return s.SetKey(ctx, privateKey, b)
}

// ---- the plan-time rules that need no server ----

// WholeMinutes refuses, for an API that keeps minutes (maintenance), the
// inputs that give occurrences seconds: a first_start with seconds, a rule
// with BYSECOND or FREQ=SECONDLY, a duration that is not whole minutes.
// Each is refused at its own attribute, saying what to write.
func WholeMinutes(m Model, noun string) diag.Diagnostics {
	var diags diag.Diagnostics
	if v := m.FirstStart.ValueString(); !m.FirstStart.IsUnknown() && len(v) == len("2006-01-02T15:04:05") && !strings.HasSuffix(v, ":00") {
		diags.AddAttributeError(path.Root("first_start"), "Occurrences would start on seconds",
			fmt.Sprintf("first_start %q has seconds, but the %s API keeps whole minutes, so no occurrence could read back as sent. Write it like %q.",
				v, noun, v[:len("2006-01-02T15:04")]))
	}
	if !m.RRule.IsUnknown() {
		for _, part := range strings.FieldsFunc(strings.ToUpper(m.RRule.ValueString()), func(r rune) bool { return r == ';' || r == '\n' || r == '\r' || r == ':' }) {
			name, value, _ := strings.Cut(strings.TrimSpace(part), "=")
			switch {
			case name == "FREQ" && value == "SECONDLY":
				diags.AddAttributeError(path.Root("rrule"), "Occurrences would start on seconds",
					fmt.Sprintf("rrule %q repeats every second (FREQ=SECONDLY), but the %s API keeps whole minutes; use FREQ=MINUTELY or a longer frequency.", m.RRule.ValueString(), noun))
			case name == "BYSECOND" && strings.Trim(value, "0,") != "":
				diags.AddAttributeError(path.Root("rrule"), "Occurrences would start on seconds",
					fmt.Sprintf("rrule %q starts occurrences on seconds (%q), but the %s API keeps whole minutes; remove BYSECOND.", m.RRule.ValueString(), strings.TrimSpace(part), noun))
			}
		}
	}
	if d, err := time.ParseDuration(m.Duration.ValueString()); !m.Duration.IsUnknown() && err == nil && d > 0 && d%time.Minute != 0 {
		diags.AddAttributeError(path.Root("duration"), "Occurrences would end on seconds",
			fmt.Sprintf("duration is %q, but the %s API keeps whole minutes; use a whole number of minutes such as %q.",
				m.Duration.ValueString(), noun, validators.Short(d-d%time.Minute+time.Minute)))
	}
	return diags
}

// CheckAPIZone refuses occurrences the maintenance API could not be sent
// exactly: it takes naive local minutes in loc (the provider's
// maintenance.time_zone). An occurrence must start and end on a whole
// minute there (what the text checks of WholeMinutes cannot see), and on
// a wall clock that names one instant: in the hour a fall-back night
// repeats, a naive "02:30" is two instants and the server could read the
// other one.
func CheckAPIZone(occs []recurrence.Occurrence, loc *time.Location, noun string) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, o := range occs {
		for _, t := range []time.Time{o.Start, o.End} {
			if l := t.In(loc); l.Second() != 0 || l.Nanosecond() != 0 {
				diags.AddAttributeError(path.Root("rrule"), "Occurrences would start on seconds",
					fmt.Sprintf("The occurrence %s does not start and end on a whole minute in %s, but the %s API keeps whole minutes. "+
						"Use a first_start, rrule and duration in whole minutes.", o, loc, noun))
				return diags
			}
			if other, ok := ambiguous(t, loc); ok {
				wall := t.In(loc).Format("2006-01-02 15:04")
				diags.AddAttributeError(path.Root("except_dates"), "Occurrence on a wall clock that happens twice",
					fmt.Sprintf("The occurrence %s would be sent to the %s API as %q in the provider's maintenance.time_zone %s, "+
						"a wall clock that happens twice that night (%s and %s), because daylight saving time ends. "+
						"The API takes naive local dates, so it cannot tell which one is meant. Skip the occurrence with except_dates = [%q], "+
						"move the schedule out of the repeated hour, or, if the server reads its dates in a zone without daylight saving time such as UTC, "+
						"set maintenance.time_zone to it.",
						o, noun, wall, loc, t.Format(time.RFC3339), other.Format(time.RFC3339), o.Date))
				return diags
			}
		}
	}
	return diags
}

// ambiguous reports whether t's wall clock in loc also names another
// instant, and which.
func ambiguous(t time.Time, loc *time.Location) (time.Time, bool) {
	l := t.In(loc)
	wall := time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC)
	seen := map[int]bool{}
	for _, probe := range []time.Time{t.Add(-26 * time.Hour), t, t.Add(26 * time.Hour)} {
		_, off := probe.In(loc).Zone()
		if seen[off] {
			continue
		}
		seen[off] = true
		cand := wall.Add(-time.Duration(off) * time.Second)
		if c := cand.In(loc); !cand.Equal(t) && c.Format(time.DateTime) == l.Format(time.DateTime) {
			return c, true
		}
	}
	return time.Time{}, false
}
