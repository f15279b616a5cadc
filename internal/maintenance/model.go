// Package maintenance holds the o11y_maintenance types (resource, data
// sources and ephemeral resource, one file per type), built on the REST
// client in internal/api/maintenanceapi. What they share is here: the
// conversions, target deltas, input rules and the expiry decision, all
// pure functions, table-tested in model_test.go.
package maintenance

import (
	"context"
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/maintenanceapi"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/windowtime"
)

// maintenanceResourceModel is o11y_maintenance's state.
type maintenanceResourceModel struct {
	ID        types.String      `tfsdk:"id"`
	Title     types.String      `tfsdk:"title"`
	StartDate timetypes.RFC3339 `tfsdk:"start_date"`
	EndDate   timetypes.RFC3339 `tfsdk:"end_date"`
	Targets   types.Set         `tfsdk:"targets"`
	Status    types.String      `tfsdk:"status"`
	CreatedAt timetypes.RFC3339 `tfsdk:"created_at"`
}

// maintenanceTargetModel is one element of targets.
type maintenanceTargetModel struct {
	Type       types.String `tfsdk:"type"`
	TargetIP   types.String `tfsdk:"target_ip"`
	TargetName types.String `tfsdk:"target_name"`
	Region     types.String `tfsdk:"region"`
}

var targetAttrTypes = map[string]attr.Type{
	"type":        types.StringType,
	"target_ip":   types.StringType,
	"target_name": types.StringType,
	"region":      types.StringType,
}

var targetObjectType = types.ObjectType{AttrTypes: targetAttrTypes}

// window is a maintenance as the resource sees it, in plain Go values.
type window struct {
	Title   string
	Start   time.Time
	End     time.Time
	Targets []maintenanceapi.Target
}

// ---- targets ----

func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// expandTargets turns configured targets into API targets.
func expandTargets(in []maintenanceTargetModel) []maintenanceapi.Target {
	out := make([]maintenanceapi.Target, 0, len(in))
	for _, t := range in {
		out = append(out, maintenanceapi.Target{
			Type:       t.Type.ValueString(),
			TargetIP:   t.TargetIP.ValueString(),
			TargetName: t.TargetName.ValueString(),
			Region:     t.Region.ValueString(),
		})
	}
	return out
}

// sameTarget reports whether two targets are the same, IPs compared as
// addresses (2001:DB8::1 is 2001:db8::1).
func sameTarget(a, b maintenanceapi.Target) bool {
	return a.Type == b.Type && a.TargetName == b.TargetName && a.Region == b.Region && sameIP(a.TargetIP, b.TargetIP)
}

func sameIP(a, b string) bool {
	if a == b {
		return true
	}
	x, err1 := netip.ParseAddr(a)
	y, err2 := netip.ParseAddr(b)
	return err1 == nil && err2 == nil && x == y
}

// flattenTargets turns the server's targets into the model, keeping the
// prior spelling of an IP that the server wrote differently.
func flattenTargets(server []maintenanceapi.Target, prior []maintenanceTargetModel) []maintenanceTargetModel {
	priorAPI := expandTargets(prior)
	out := make([]maintenanceTargetModel, 0, len(server))
	for _, s := range server {
		s.Action = ""
		for _, p := range priorAPI {
			if sameTarget(p, s) {
				s = p
				break
			}
		}
		out = append(out, maintenanceTargetModel{
			Type:       stringOrNull(s.Type),
			TargetIP:   stringOrNull(s.TargetIP),
			TargetName: stringOrNull(s.TargetName),
			Region:     stringOrNull(s.Region),
		})
	}
	return out
}

// targetDelta is the update's target list: every old target that is not
// wanted any more as R, then every wanted target that is new as A. A target
// whose attributes changed is therefore a removal plus an addition; unchanged
// targets are not sent. The order is deterministic (removals first, each
// group sorted), so that a removal frees a matching key before an addition
// reuses it.
func targetDelta(old, want []maintenanceapi.Target) []maintenanceapi.Target {
	contains := func(list []maintenanceapi.Target, t maintenanceapi.Target) bool {
		for _, x := range list {
			if sameTarget(x, t) {
				return true
			}
		}
		return false
	}
	var removes, adds []maintenanceapi.Target
	for _, o := range old {
		if !contains(want, o) {
			o.Action = maintenanceapi.ActionRemove
			removes = append(removes, o)
		}
	}
	for _, w := range want {
		if !contains(old, w) {
			w.Action = maintenanceapi.ActionAdd
			adds = append(adds, w)
		}
	}
	sortTargets(removes)
	sortTargets(adds)
	return append(removes, adds...)
}

func sortTargets(ts []maintenanceapi.Target) {
	sort.SliceStable(ts, func(i, j int) bool {
		a, b := ts[i], ts[j]
		return a.Type+"|"+a.TargetIP+"|"+a.TargetName+"|"+a.Region < b.Type+"|"+b.TargetIP+"|"+b.TargetName+"|"+b.Region
	})
}

// ---- time ----

// parseRFC3339 reads a known, non-null RFC3339 value.
func parseRFC3339(v timetypes.RFC3339) (time.Time, bool) { return windowtime.Of(v) }

// keepTime returns prior when it is the same instant as server (so the
// configured spelling and offset stay in state), else server rendered in
// loc, the API's zone; a zero server time is null. The API keeps minutes,
// so instants compare exactly.
func keepTime(prior timetypes.RFC3339, server time.Time, loc *time.Location) timetypes.RFC3339 {
	if server.IsZero() {
		return timetypes.NewRFC3339Null() // the API reported no time
	}
	return windowtime.Keep(prior, server.In(loc), 0)
}

// ---- flatten / expand ----

// expandWindow reads a planned or configured model into a window.
func expandWindow(ctx context.Context, m maintenanceResourceModel) (window, diag.Diagnostics) {
	var diags diag.Diagnostics
	w := window{Title: m.Title.ValueString()}
	var ok bool
	if w.Start, ok = parseRFC3339(m.StartDate); !ok {
		diags.AddAttributeError(path.Root("start_date"), "Invalid start_date", "start_date must be a known RFC 3339 time.")
	}
	if w.End, ok = parseRFC3339(m.EndDate); !ok {
		diags.AddAttributeError(path.Root("end_date"), "Invalid end_date", "end_date must be a known RFC 3339 time.")
	}
	targets, d := targetModels(ctx, m.Targets)
	diags.Append(d...)
	w.Targets = expandTargets(targets)
	return w, diags
}

// targetModels reads the targets set.
func targetModels(ctx context.Context, s types.Set) ([]maintenanceTargetModel, diag.Diagnostics) {
	var out []maintenanceTargetModel
	if s.IsNull() || s.IsUnknown() {
		return nil, nil
	}
	diags := s.ElementsAs(ctx, &out, false)
	return out, diags
}

// flatten turns the server's window into state. prior is the plan (after
// create or update) or the previous state (read): equal instants and equal
// targets keep their prior spelling, so the configuration round-trips
// without a diff whatever the API's time zone.
func flatten(ctx context.Context, m maintenanceapi.Maintenance, prior maintenanceResourceModel, loc *time.Location) (maintenanceResourceModel, diag.Diagnostics) {
	var diags diag.Diagnostics
	out := prior
	out.ID = types.StringValue(m.ID)
	out.Title = types.StringValue(m.Title)
	out.StartDate = keepTime(prior.StartDate, m.Start, loc)
	out.EndDate = keepTime(prior.EndDate, m.End, loc)
	out.Status = types.StringValue(m.Status)
	if out.CreatedAt.IsUnknown() {
		out.CreatedAt = timetypes.NewRFC3339Null()
	}
	priorTargets, d := targetModels(ctx, prior.Targets)
	diags.Append(d...)
	set, d := types.SetValueFrom(ctx, targetObjectType, flattenTargets(m.Targets, priorTargets))
	diags.Append(d...)
	out.Targets = set
	return out, diags
}

// updateInput is the update request that takes state to plan, and whether
// anything needs sending at all.
func updateInput(id string, state, plan window) (maintenanceapi.UpdateInput, bool) {
	in := maintenanceapi.UpdateInput{ID: id}
	changed := false
	if plan.Title != state.Title {
		t := plan.Title
		in.Title, changed = &t, true
	}
	if !plan.Start.Equal(state.Start) {
		t := plan.Start
		in.Start, changed = &t, true
	}
	if !plan.End.Equal(state.End) {
		t := plan.End
		in.End, changed = &t, true
	}
	if d := targetDelta(state.Targets, plan.Targets); len(d) > 0 {
		in.Targets, changed = d, true
	}
	return in, changed
}

// ---- plan-time rules ----

// validateTimes checks minute precision and order. Unknown values are zero
// and skipped.
func validateTimes(start, end time.Time) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, c := range []struct {
		name string
		t    time.Time
	}{{"start_date", start}, {"end_date", end}} {
		if c.t.IsZero() {
			continue
		}
		if c.t.Second() != 0 || c.t.Nanosecond() != 0 {
			diags.AddAttributeError(path.Root(c.name), "Maintenance times have minute precision",
				fmt.Sprintf("%s is %s, but the maintenance API keeps only hours and minutes, so the seconds would be lost and every plan would show a change. "+
					"Use a time that ends in :00 seconds, such as %s.", c.name, c.t.Format(time.RFC3339Nano), c.t.Truncate(time.Minute).Format(time.RFC3339)))
		}
	}
	if !start.IsZero() && !end.IsZero() && !end.After(start) {
		diags.AddAttributeError(path.Root("end_date"), "Maintenance ends before it starts",
			fmt.Sprintf("end_date (%s) must be after start_date (%s). Move end_date later or start_date earlier.",
				end.Format(time.RFC3339), start.Format(time.RFC3339)))
	}
	return diags
}

// checkEndAhead refuses a new window whose end is not after now: it would
// never be active.
func checkEndAhead(end, now time.Time) diag.Diagnostics {
	var diags diag.Diagnostics
	if !end.After(now) {
		diags.AddAttributeError(path.Root("end_date"), "Maintenance ends in the past",
			fmt.Sprintf("end_date (%s) is not in the future (now is %s), so the window would never be active. Set end_date to a later time.",
				end.Format(time.RFC3339), now.In(end.Location()).Format(time.RFC3339)))
	}
	return diags
}

// validateTargets checks what the API requires of each target, and that
// there is at least one and no two share the API's matching key. Elements
// with unknown values are checked as far as they are known.
func validateTargets(targets []maintenanceTargetModel, setKnown bool) diag.Diagnostics {
	var diags diag.Diagnostics
	p := path.Root("targets")
	if !setKnown {
		return diags
	}
	if len(targets) == 0 {
		diags.AddAttributeError(p, "A maintenance needs at least one target",
			"targets is empty. Add at least one target, such as { type = \"infra\", target_ip = \"10.0.0.1\", region = \"DX-G-GB\" }.")
		return diags
	}
	known := func(v types.String) bool { return !v.IsUnknown() }
	set := func(v types.String) bool {
		return !v.IsNull() && !v.IsUnknown() && strings.TrimSpace(v.ValueString()) != ""
	}
	seen := map[string]int{}
	for i, t := range targets {
		where := fmt.Sprintf("Target %d", i+1)
		desc := describe(t)
		if known(t.Region) && !set(t.Region) {
			diags.AddAttributeError(p, "Target without region",
				fmt.Sprintf("%s (%s) has no region. Every target needs a region, such as \"DX-G-GB\".", where, desc))
		}
		if !known(t.Type) {
			continue
		}
		switch typ := t.Type.ValueString(); typ {
		case maintenanceapi.TargetInfra:
			switch {
			case known(t.TargetIP) && !set(t.TargetIP):
				diags.AddAttributeError(p, "Infra target without IP",
					fmt.Sprintf("%s (%s) is of type \"infra\", which the API matches by IP: set target_ip to the host's IPv4 or IPv6 address.", where, desc))
			case set(t.TargetIP):
				if _, err := netip.ParseAddr(t.TargetIP.ValueString()); err != nil {
					diags.AddAttributeError(p, "Infra target with an invalid IP",
						fmt.Sprintf("%s has target_ip %q, which is not an IPv4 or IPv6 address (a single address, no prefix length or port). Fix target_ip.", where, t.TargetIP.ValueString()))
				}
			}
			if set(t.TargetName) {
				diags.AddAttributeError(p, "Infra target with a name",
					fmt.Sprintf("%s (%s) is of type \"infra\", which has no target_name. Remove target_name, or use type \"service\" or \"platform\".", where, desc))
			}
		case maintenanceapi.TargetService, maintenanceapi.TargetPlatform:
			if known(t.TargetName) && !set(t.TargetName) {
				diags.AddAttributeError(p, "Target without name",
					fmt.Sprintf("%s (%s) is of type %q, which the API matches by name and region: set target_name.", where, desc, typ))
			}
			if set(t.TargetIP) {
				diags.AddAttributeError(p, "Target with an IP",
					fmt.Sprintf("%s (%s) is of type %q, which has no target_ip. Remove target_ip, or use type \"infra\".", where, desc, typ))
			}
		default:
			continue // the type's own validator reports it
		}
		if known(t.TargetIP) && known(t.TargetName) && known(t.Region) {
			k := expandTargets([]maintenanceTargetModel{t})[0].Key()
			if j, dup := seen[k]; dup {
				diags.AddAttributeError(p, "Duplicate maintenance target",
					fmt.Sprintf("Targets %d and %d (%s) are the same target for the API (infra targets are matched by IP, service and platform targets by name and region). Remove one of them.", j, i+1, desc))
			} else {
				seen[k] = i + 1
			}
		}
	}
	return diags
}

func describe(t maintenanceTargetModel) string {
	var parts []string
	for _, kv := range []struct {
		k string
		v types.String
	}{{"type", t.Type}, {"target_ip", t.TargetIP}, {"target_name", t.TargetName}, {"region", t.Region}} {
		if !kv.v.IsNull() && !kv.v.IsUnknown() {
			parts = append(parts, fmt.Sprintf("%s=%q", kv.k, kv.v.ValueString()))
		}
	}
	return strings.Join(parts, ", ")
}

// ---- expiry ----

// readAction is what Read does with what it saw.
type readAction int

const (
	// readStore stores the server's answer (healthy, or drift to update back).
	readStore readAction = iota
	// readKeepExpired keeps the state as it is with status "expired": the
	// window ended by time; the next plan shows no diff.
	readKeepExpired
	// readRemove removes the resource from state: the window ended early or
	// was lost while its configured end is still ahead; the next plan
	// creates it again.
	readRemove
)

// readInput is what Read knows: the server's answer (Found false when the
// server does not know the id), the end in state (zero after import) and the
// server's time.
type readInput struct {
	Found     bool
	Status    string
	StateEnd  time.Time
	ServerNow time.Time
}

// decideRead is DESIGN.md's expiry table:
//
//	active/pending                    -> store S
//	expired, and now >= E             -> keep as expired (natural end)
//	expired, and E > now              -> remove (ended early; create again)
//	not found, and now >= E           -> keep as expired (ended and collected)
//	not found, and now < E            -> remove (lost; create again)
//
// After an import (no E) a found window is stored whatever its status, and a
// missing one removed.
func decideRead(in readInput) readAction {
	noEnd := in.StateEnd.IsZero()
	ended := !noEnd && !in.ServerNow.Before(in.StateEnd)
	switch {
	case !in.Found && ended:
		return readKeepExpired
	case !in.Found:
		return readRemove
	case in.Status != maintenanceapi.StatusExpired || noEnd:
		return readStore
	case ended:
		return readKeepExpired
	default:
		return readRemove
	}
}

// expiredChange is the plan-time rule for an expired window whose
// configuration changed: a planned end still in the past cannot be applied
// (the API refuses to change an expired window), so it is an error that says
// what to do; a planned end in the future means a new window (replace).
type expiredChangeAction int

const (
	expiredNoChange expiredChangeAction = iota
	expiredReplace
	expiredRefuse
)

func decideExpiredChange(stateStatus string, changed bool, plannedEnd, now time.Time) expiredChangeAction {
	if stateStatus != maintenanceapi.StatusExpired || !changed {
		return expiredNoChange
	}
	if plannedEnd.After(now) {
		return expiredReplace
	}
	return expiredRefuse
}

// ---- shared by the data sources ----

// maintenanceDataModel is one window as the data sources show it.
type maintenanceDataModel struct {
	ID        types.String      `tfsdk:"id"`
	Title     types.String      `tfsdk:"title"`
	StartDate timetypes.RFC3339 `tfsdk:"start_date"`
	EndDate   timetypes.RFC3339 `tfsdk:"end_date"`
	Targets   types.Set         `tfsdk:"targets"`
	Status    types.String      `tfsdk:"status"`
}

var maintenanceDataAttrTypes = map[string]attr.Type{
	"id":         types.StringType,
	"title":      types.StringType,
	"start_date": timetypes.RFC3339Type{},
	"end_date":   timetypes.RFC3339Type{},
	"targets":    types.SetType{ElemType: targetObjectType},
	"status":     types.StringType,
}

// flattenData is the data sources' view of a window: times as RFC 3339 in
// the API's zone.
func flattenData(ctx context.Context, m maintenanceapi.Maintenance, loc *time.Location) (maintenanceDataModel, diag.Diagnostics) {
	r, diags := flatten(ctx, m, maintenanceResourceModel{
		StartDate: timetypes.NewRFC3339Null(), EndDate: timetypes.NewRFC3339Null(),
		Targets: types.SetNull(targetObjectType), CreatedAt: timetypes.NewRFC3339Null(),
	}, loc)
	return maintenanceDataModel{ID: r.ID, Title: r.Title, StartDate: r.StartDate, EndDate: r.EndDate, Targets: r.Targets, Status: r.Status}, diags
}

func dataWindowAttributes(idRequired bool) map[string]schema.Attribute {
	id := schema.StringAttribute{Computed: true, MarkdownDescription: "The maintenance id."}
	if idRequired {
		id = schema.StringAttribute{
			Required:            true,
			MarkdownDescription: "The maintenance id to read, such as `silence-12345`.",
			Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
		}
	}
	return map[string]schema.Attribute{
		"id":    id,
		"title": schema.StringAttribute{Computed: true, MarkdownDescription: "The name of the maintenance window."},
		"start_date": schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{},
			MarkdownDescription: "When the window starts (RFC 3339, in the provider's `maintenance.time_zone`)."},
		"end_date": schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{},
			MarkdownDescription: "When the window ends (RFC 3339, in the provider's `maintenance.time_zone`). For a window expired early this is when it was expired."},
		"status": schema.StringAttribute{Computed: true,
			MarkdownDescription: "The window's state: `pending`, `active` or `expired`."},
		"targets": schema.SetNestedAttribute{
			Computed:            true,
			MarkdownDescription: targetsDescription,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"type":        schema.StringAttribute{Computed: true, MarkdownDescription: "The kind of target: `infra`, `service` or `platform`."},
				"target_ip":   schema.StringAttribute{Computed: true, MarkdownDescription: "The IP address of an `infra` target."},
				"target_name": schema.StringAttribute{Computed: true, MarkdownDescription: "The name of a `service` or `platform` target."},
				"region":      schema.StringAttribute{Computed: true, MarkdownDescription: "The region of the target."},
			}},
		},
	}
}
