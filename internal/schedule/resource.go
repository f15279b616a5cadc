package schedule

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/apidiag"
)

// The steps of ModifyPlan, Create, Update and Delete that both schedule
// resources take alike; what differs (the server, what an occurrence's
// object selects, what a refresh compares) is the resources' own.

// Schedule is the schedule part of a resource's model: the model of each
// schedule resource embeds Model, and so has it.
func (m *Model) Schedule() *Model { return m }

// resourceModel is a pointer to a schedule resource's model.
type resourceModel[M any] interface {
	*M
	Schedule() *Model
}

// Server is a schedule resource's server side in one apply.
type Server struct {
	// Writer makes and ends the objects of the occurrences.
	Writer Writer
	// Now is the clock of the apply.
	Now time.Time
	// MinuteZone is as in PlanRequest.
	MinuteZone *time.Location
	// Noun names the server object ("silence", "maintenance").
	Noun string
	// Hints say what an HTTP status means for the server's API.
	Hints apidiag.Hints
	// RemoveVerb is what Writer.Remove does: "expire" or "delete".
	RemoveVerb string
	// Find says where to look for an object a failed create of the
	// occurrence may have left on the server, and what to do with it.
	Find func(Occurrence) string
}

// Sink is where an apply writes: the response's state, private state and
// diagnostics.
type Sink struct {
	State interface {
		Set(ctx context.Context, val any) diag.Diagnostics
	}
	Private PrivateSetter
	Diags   *diag.Diagnostics
}

// Load reads a schedule resource's model from a request's state and the
// occurrences in it; ok is false when diags (with what came before) hold
// an error.
func Load[M any, P resourceModel[M]](ctx context.Context, from interface {
	Get(ctx context.Context, target any) diag.Diagnostics
}, diags *diag.Diagnostics,
) (m M, prior []Occurrence, ok bool) {
	diags.Append(from.Get(ctx, &m)...)
	if diags.HasError() {
		return m, nil, false
	}
	prior, d := FromList(ctx, P(&m).Schedule().Occurrences)
	diags.Append(d...)
	return m, prior, !diags.HasError()
}

// ModifyPlan plans the occurrences of plan (Decide) and puts them in the
// plan. pr holds what the resource knows besides the configuration and the
// state: the provider's clock, the noun, the minute zone. same reports
// whether every occurrence's object would select and say the same under
// plan and the state.
func ModifyPlan[M any, P resourceModel[M]](ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse,
	plan M, pr PlanRequest, same func(state M) (bool, diag.Diagnostics),
) {
	pr.Config = *P(&plan).Schedule()
	if !req.State.Raw.IsNull() {
		var state M
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
		if resp.Diagnostics.HasError() {
			return
		}
		unchanged, diags := same(state)
		resp.Diagnostics.Append(diags...)
		pr.State, pr.Reselect = P(&state).Schedule(), !unchanged
		if p, ok := LoadPrivate(ctx, req.Private); ok {
			pr.Now, pr.Drifted = p.Now, p.DriftedSet()
		}
	}
	planned, diags := Decide(ctx, pr)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	P(&plan).Schedule().Occurrences = planned.Occurrences
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

// Create makes the occurrences of a new schedule, as the clock of the
// apply gives them, and stores them. When the first create fails nothing
// is stored: there is nothing on the server to remember.
func Create[M any, P resourceModel[M]](ctx context.Context, s Server, plan M, out Sink) {
	next, diags := Window(*P(&plan).Schedule(), s.Now, s.MinuteZone, s.Noun)
	out.Diags.Append(diags...)
	if out.Diags.HasError() {
		return
	}
	res := Plan(Input{Next: next, Now: s.Now})
	occs, err := Apply(ctx, s.Writer, nil, res.Occurrences, s.Now)
	if err != nil && !AnyCreated(occs) {
		s.Failed(out.Diags, err)
		return // nothing was created: no state
	}
	Store[M, P](ctx, plan, occs, Private{Now: s.Now}, out)
	if err != nil {
		s.Failed(out.Diags, err)
	}
}

// Update makes the server match the planned occurrences, from prior (the
// state's), and stores them. An input unknown at plan time left them
// unknown: they are planned now, at the clock of the apply, with
// same as in ModifyPlan. last is the request's private state.
func Update[M any, P resourceModel[M]](ctx context.Context, s Server, plan M, prior []Occurrence, last PrivateGetter,
	same func() (bool, diag.Diagnostics), out Sink,
) {
	cfg := P(&plan).Schedule()
	p, ok := LoadPrivate(ctx, last)
	planNow := p.Now
	if !ok {
		planNow = s.Now
	}
	var planned []Occurrence
	if cfg.Occurrences.IsUnknown() {
		// An input was unknown at plan time: plan now, at the apply's clock.
		next, diags := Window(*cfg, s.Now, s.MinuteZone, s.Noun)
		out.Diags.Append(diags...)
		unchanged, diags := same()
		out.Diags.Append(diags...)
		if out.Diags.HasError() {
			return
		}
		planned = Plan(Input{Prior: prior, Next: next, Now: s.Now, Reselect: !unchanged, Drifted: p.DriftedSet()}).Occurrences
		planNow = s.Now
	} else {
		var diags diag.Diagnostics
		planned, diags = FromList(ctx, cfg.Occurrences)
		out.Diags.Append(diags...)
		if out.Diags.HasError() {
			return
		}
	}
	occs, err := Apply(ctx, s.Writer, prior, planned, s.Now)
	Store[M, P](ctx, plan, occs, Private{Now: planNow}, out)
	if err != nil {
		s.Failed(out.Diags, err)
	}
}

// Delete removes the objects of every occurrence in prior (Destroy).
func Delete(ctx context.Context, s Server, prior []Occurrence, diags *diag.Diagnostics) {
	if err := Destroy(ctx, s.Writer, prior, s.Now); err != nil {
		s.Failed(diags, err)
	}
}

// Store writes m with the occurrences occs into state, and p beside it:
// the clock the next plan without refresh computes from, and what a
// refresh found drifted.
func Store[M any, P resourceModel[M]](ctx context.Context, m M, occs []Occurrence, p Private, out Sink) {
	l, diags := ToList(occs)
	out.Diags.Append(diags...)
	P(&m).Schedule().Occurrences = l
	out.Diags.Append(out.State.Set(ctx, m)...)
	out.Diags.Append(SavePrivate(ctx, out.Private, p)...)
}

// Failed reports a failed create or removal of one occurrence's object.
// What succeeded before it is in state.
func (s Server) Failed(diags *diag.Diagnostics, err error) {
	var op *OpError
	if !errors.As(err, &op) {
		diags.AddError("Unable to apply "+s.Noun+" schedule", err.Error())
		return
	}
	if op.Create {
		var d diag.Diagnostics
		apidiag.CreateFailed(&d, s.Noun, op.Err, s.Hints, s.Find(op.Occurrence))
		diags.AddError(d[0].Summary(), fmt.Sprintf("Occurrence %s:\n%s\n\nThe occurrences created before it are in the state; applying again creates the rest.",
			op.Occurrence, d[0].Detail()))
		return
	}
	diags.AddError("Unable to "+s.RemoveVerb+" "+s.Noun, fmt.Sprintf("Occurrence %s: %s\n\nIt stays in the state; applying again tries again.",
		op.Occurrence, apidiag.Detail(op.Err, s.Noun, s.Hints)))
}
