package schedule

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/recurrence"
)

// PlanRequest is what a resource's ModifyPlan knows.
type PlanRequest struct {
	// Config is the configured schedule.
	Config Model
	// State is the schedule in state, nil for a new resource.
	State *Model
	// Now is the clock of the plan: Private.Now when the state has one
	// (the server's clock at the refresh), else the provider's.
	Now time.Time
	// Reselect and Drifted are as in Input.
	Reselect bool
	Drifted  map[string]bool
	// Noun names the server object ("silence", "maintenance").
	Noun string
	// MinuteZone, when set, is the zone of an API that takes naive local
	// minutes (maintenance): CheckAPIZone applies.
	MinuteZone *time.Location
}

// Planned is what ModifyPlan puts in the plan.
type Planned struct {
	// Occurrences is the planned list: unknown for a new resource (the
	// apply computes it at its own clock) or while an input is unknown;
	// else Result's list, or the state's list itself when nothing changes.
	Occurrences types.List
	Result      Result
}

// Decide plans the occurrences. Errors are those of Compile and Window
// (warnings of Compile are ValidateConfig's to report), plus the
// minute-precision check; a plan that touches the server warns with its
// Summary, naming each occurrence it creates, replaces or expires.
func Decide(ctx context.Context, req PlanRequest) (Planned, diag.Diagnostics) {
	out := Planned{Occurrences: UnknownOccurrences()}
	if !req.Config.Known() {
		return out, nil
	}
	next, diags := Window(req.Config, req.Now, req.MinuteZone, req.Noun)
	if diags.HasError() {
		return out, diags
	}
	if req.State == nil {
		out.Result = Plan(Input{Next: next, Now: req.Now})
		if s := out.Result.Summary(req.Noun); s != "" {
			diags.AddWarning(fmt.Sprintf("Schedule creates %d %s(s)", len(out.Result.Create), req.Noun),
				fmt.Sprintf("The apply computes the occurrences at its own clock; as the clock stands at plan time (%s), it%s",
					req.Now.UTC().Format(time.RFC3339), indent(s)))
		}
		return out, diags
	}
	prior, d := FromList(ctx, req.State.Occurrences)
	diags.Append(d...)
	if diags.HasError() {
		return out, diags
	}
	out.Result = Plan(Input{Prior: prior, Next: next, Now: req.Now, Reselect: req.Reselect, Drifted: req.Drifted})
	if !out.Result.Changed() {
		out.Occurrences = req.State.Occurrences
		return out, diags
	}
	out.Occurrences, d = ToList(out.Result.Occurrences)
	diags.Append(d...)
	diags.AddWarning("Schedule changes its "+req.Noun+"s",
		fmt.Sprintf("As the server's clock stood at the refresh (%s), this apply%s", req.Now.UTC().Format(time.RFC3339), indent(out.Result.Summary(req.Noun))))
	return out, diags
}

// Window compiles a known configuration and gives its occurrences at now,
// with the errors of either step and, when minuteZone is set, of
// CheckAPIZone.
func Window(cfg Model, now time.Time, minuteZone *time.Location, noun string) ([]recurrence.Occurrence, diag.Diagnostics) {
	sched, diags := Compile(cfg, false)
	if sched == nil {
		return nil, diags
	}
	next, ps := sched.Window(now)
	diags.Append(Diagnostics(ps, cfg, false)...)
	if ps.HasError() {
		return nil, diags
	}
	if minuteZone != nil {
		diags.Append(CheckAPIZone(next, minuteZone, noun)...)
	}
	return next, diags
}

func indent(s string) string { return ":\n" + s }
