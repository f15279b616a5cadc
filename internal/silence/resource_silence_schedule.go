package silence

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/apidiag"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/schedule"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/validators"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/windowtime"
)

var (
	_ resource.Resource                   = (*silenceScheduleResource)(nil)
	_ resource.ResourceWithConfigure      = (*silenceScheduleResource)(nil)
	_ resource.ResourceWithValidateConfig = (*silenceScheduleResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*silenceScheduleResource)(nil)
)

// scheduleTypeName is the name of the recurring silence resource.
const scheduleTypeName = "o11y_silence_schedule"

// NewSilenceScheduleResource is the o11y_silence_schedule resource.
func NewSilenceScheduleResource() resource.Resource {
	return &silenceScheduleResource{backendResource{silenceAPI{what: scheduleTypeName}}}
}

// silenceScheduleResource keeps one silence per occurrence of a recurring
// schedule inside its horizon (DESIGN.md, "Schedules"). The silences are
// written and read through the package's backend, so every flavor works.
type silenceScheduleResource struct{ backendResource }

// silenceScheduleModel is the state of o11y_silence_schedule: what each
// occurrence's silence selects and says, and the schedule.
type silenceScheduleModel struct {
	Matchers        types.List   `tfsdk:"matchers"`
	SourceType      types.String `tfsdk:"source_type"`
	SourceIDPattern types.String `tfsdk:"source_id_pattern"`
	Comment         types.String `tfsdk:"comment"`
	CreatedBy       types.String `tfsdk:"created_by"`
	AllowBroad      types.Bool   `tfsdk:"allow_broad"`
	schedule.Model
}

// silence is the model of one occurrence's silence, for the package's
// checks and expand: the schedule's selection and texts, no times.
func (m silenceScheduleModel) silence() silenceResourceModel {
	return silenceResourceModel{
		ID: types.StringNull(), Matchers: m.Matchers, SourceType: m.SourceType, SourceIDPattern: m.SourceIDPattern,
		StartsAt: timetypes.NewRFC3339Null(), EndsAt: timetypes.NewRFC3339Null(), Duration: timetypes.NewGoDurationNull(),
		Comment: m.Comment, CreatedBy: m.CreatedBy, AllowBroad: m.AllowBroad,
		Status: types.StringNull(), UpdatedAt: timetypes.NewRFC3339Null(), MaxMatchedAlerts: types.Int64Null(),
	}
}

// sameSelection reports whether every occurrence's silence would select and
// say the same under a and b.
func (m silenceScheduleModel) sameSelection(o silenceScheduleModel) bool {
	return m.Matchers.Equal(o.Matchers) && m.SourceType.Equal(o.SourceType) && m.SourceIDPattern.Equal(o.SourceIDPattern) &&
		m.Comment.Equal(o.Comment) && m.CreatedBy.Equal(o.CreatedBy)
}

func (r *silenceScheduleResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = scheduleTypeName
}

func (r *silenceScheduleResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := schedule.Attributes(schedule.SchemaOptions{Noun: "silence"})
	attrs["matchers"] = schema.ListNestedAttribute{
		Optional: true,
		MarkdownDescription: "Label matchers of every occurrence's silence; an alert is silenced when all of them match. Required with the flavors `grafana` and `prometheus`, " +
			"refused with `alert-silence` (use `source_type` and `source_id_pattern` there). Order is kept. " +
			"At least one matcher must not match the empty string. A change replaces the pending and running occurrences' silences.",
		Validators:   []validator.List{listvalidator.SizeAtLeast(1)},
		NestedObject: schema.NestedAttributeObject{Attributes: configuredMatcherAttributes()},
	}
	attrs["source_type"] = schema.StringAttribute{
		Optional: true,
		MarkdownDescription: "The type of alert source to silence, such as `Equipment`. Required with the flavor `alert-silence` " +
			"(together with `source_id_pattern`), refused with `grafana` and `prometheus`. A change replaces the pending and running occurrences' silences.",
		Validators: []validator.String{validators.NotBlank("Equipment-01")},
	}
	attrs["source_id_pattern"] = schema.StringAttribute{
		Optional: true,
		MarkdownDescription: "Which sources of `source_type` to silence: an id such as `Equipment-01`, or a pattern with the `*` wildcard (`Equipment-*`). " +
			"`*` alone needs `allow_broad = true`. Required with the flavor `alert-silence`, refused with `grafana` and `prometheus`.",
		Validators: []validator.String{validators.NotBlank("Equipment-01")},
	}
	attrs["comment"] = schema.StringAttribute{
		Required: true,
		MarkdownDescription: "Why the alerts are silenced, the comment (or, on the Alert Silence API, the reason) of every occurrence's silence. " +
			"A change replaces the pending and running occurrences' silences.",
	}
	attrs["created_by"] = schema.StringAttribute{
		Optional: true, Computed: true, Default: stringdefault.StaticString("terraform"),
		MarkdownDescription: "Who created the silences, as the servers show it. Defaults to `terraform`. A change replaces the pending and running occurrences' silences.",
	}
	attrs["allow_broad"] = schema.BoolAttribute{
		Optional: true, Computed: true, Default: booldefault.StaticBool(false),
		MarkdownDescription: "Allow silences that would match almost every alert (only negative matchers, regexes such as `.+`, or a `source_id_pattern` of `*`). " +
			"Defaults to `false`, which refuses them at plan time. Changing it never touches the server.",
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A recurring silence: one silence per occurrence of an RFC 5545 rule, read by the wall clock of an IANA `time_zone` " +
			"and so right across daylight-saving changes, on Grafana's Alertmanager, a Prometheus Alertmanager or the Alert Silence API " +
			"(whichever the provider's `alertmanager` block configures). The silences of the occurrences that overlap the next `horizon` exist on the server; " +
			"each apply creates those that have come inside it since, so run `terraform apply` on a timer (such as nightly). " +
			"An occurrence that ends by itself causes no diff. Destroying the resource expires (or, on the Alert Silence API, deletes) every silence it made. " +
			"Import is not supported: there is nothing on the server a schedule could be read back from.",
		Attributes: attrs,
	}
}

// ValidateConfig refuses bad matchers and sources and everything
// recurrence.Compile finds, each at its attribute, before any plan.
func (r *silenceScheduleResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg silenceScheduleModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkMatcherList(ctx, cfg.Matchers, cfg.AllowBroad)...)
	resp.Diagnostics.Append(checkSelector(cfg.silence())...)
	if cfg.Known() {
		_, diags := schedule.Compile(cfg.Model, true)
		resp.Diagnostics.Append(diags...)
	}
}

// ModifyPlan plans the occurrences (schedule.Decide): with "now" the
// server's clock as of the last refresh, so the apply's own plan is the
// same.
func (r *silenceScheduleResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan silenceScheduleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.b != nil {
		resp.Diagnostics.Append(r.b.checkAttributes(plan.silence())...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	schedule.ModifyPlan(ctx, req, resp, plan, schedule.PlanRequest{Now: r.clock(), Noun: "silence"},
		func(state silenceScheduleModel) (bool, diag.Diagnostics) { return plan.sameSelection(state), nil })
}

func (r *silenceScheduleResource) clock() time.Time {
	if r.b == nil {
		return r.data.Clock()
	}
	return r.b.now()
}

func (r *silenceScheduleResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan silenceScheduleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !r.ready(&resp.Diagnostics) {
		return
	}
	schedule.Create(ctx, r.server(plan), plan, schedule.Sink{State: &resp.State, Private: resp.Private, Diags: &resp.Diagnostics})
}

func (r *silenceScheduleResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, prior, ok := schedule.Load[silenceScheduleModel](ctx, req.State, &resp.Diagnostics)
	if !ok || !r.ready(&resp.Diagnostics) {
		return
	}
	want, diags := expand(ctx, state.silence(), time.Time{}, time.Time{})
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	var now time.Time
	var drifted []string
	kept := make([]schedule.Occurrence, 0, len(prior))
	for _, o := range prior {
		if o.ID == "" || o.Status == alertmanager.StateExpired {
			kept = append(kept, o) // ended: nothing can change it any more
			continue
		}
		s, n, err := r.b.lookup(ctx, o.ID)
		if err != nil && !api.IsNotFound(err) {
			resp.Diagnostics.AddError("Unable to read silence", fmt.Sprintf("Occurrence %s: %s", o.Key, apidiag.Detail(err, "silence", r.b.hints())))
			return
		}
		if n.After(now) {
			now = n
		}
		decision, why := decideRead(o.End, observation{Found: err == nil, State: s.State, EndsAt: s.EndsAt}, n)
		switch decision {
		case readRemove:
			resp.Diagnostics.AddWarning("Silence of an occurrence ended early",
				fmt.Sprintf("The silence %q of occurrence %s %s. It was removed from the occurrences, so the next apply creates it again; "+
					"to skip this occurrence instead, add %q to except_dates.", o.ID, o.Key, why, o.Key[:len("2006-01-02")]))
			continue
		case readKeepExpired:
			o.Status = alertmanager.StateExpired
		default:
			o.Status = s.State
			if what := silenceDrift(s, o, want); what != "" {
				drifted = append(drifted, o.ID)
				resp.Diagnostics.AddWarning("Silence of an occurrence changed on the server",
					fmt.Sprintf("The silence %q of occurrence %s has another %s than the schedule gives it; the next apply replaces it.", o.ID, o.Key, what))
			}
		}
		kept = append(kept, o)
	}
	if now.IsZero() {
		now = r.b.now()
	}
	schedule.Store(ctx, state, kept, schedule.Private{Now: now, Drifted: drifted},
		schedule.Sink{State: &resp.State, Private: resp.Private, Diags: &resp.Diagnostics})
}

// silenceDrift names what of a live silence differs from what the schedule
// gives its occurrence; "" when nothing does. The start of a running
// silence is the server's (it clamps a past start), so only a pending
// one's is compared.
func silenceDrift(s record, o schedule.Occurrence, want record) string {
	var what []string
	if !slices.Equal(s.Matchers, want.Matchers) || s.SourceType != want.SourceType || s.SourceIDPattern != want.SourceIDPattern {
		what = append(what, "selection")
	}
	if s.Comment != want.Comment {
		what = append(what, "comment")
	}
	if s.CreatedBy != want.CreatedBy {
		what = append(what, "creator")
	}
	if !sameInstant(s.EndsAt, o.End) || s.State == alertmanager.StatePending && !sameInstant(s.StartsAt, o.Start) {
		what = append(what, "window")
	}
	return strings.Join(what, " and ")
}

func (r *silenceScheduleResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan silenceScheduleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	state, prior, ok := schedule.Load[silenceScheduleModel](ctx, req.State, &resp.Diagnostics)
	if !ok || !r.ready(&resp.Diagnostics) {
		return
	}
	schedule.Update(ctx, r.server(plan), plan, prior, req.Private, func() (bool, diag.Diagnostics) { return plan.sameSelection(state), nil },
		schedule.Sink{State: &resp.State, Private: resp.Private, Diags: &resp.Diagnostics})
}

func (r *silenceScheduleResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, prior, ok := schedule.Load[silenceScheduleModel](ctx, req.State, &resp.Diagnostics)
	if !ok || !r.ready(&resp.Diagnostics) {
		return
	}
	schedule.Delete(ctx, r.server(state), prior, &resp.Diagnostics)
}

// server is the configured backend for an apply of m, writing m's
// silences.
func (r *silenceScheduleResource) server(m silenceScheduleModel) schedule.Server {
	return schedule.Server{
		Writer: silenceWriter{b: r.b, m: m}, Now: r.b.now(), Noun: "silence", Hints: r.b.hints(), RemoveVerb: r.b.removeVerb(),
		Find: func(o schedule.Occurrence) string {
			return fmt.Sprintf("Look for a silence of occurrence %s (the o11y_silences data source, or the server's own list of silences) and expire it there "+
				"before applying again: a schedule cannot import it, and applying again without looking creates a second silence.", o.Key)
		},
	}
}

// silenceWriter creates and ends the silence of one occurrence.
type silenceWriter struct {
	b backend
	m silenceScheduleModel
}

// Create sends the occurrence's window: its start when still ahead, else
// now (the server would clamp a past start to its own now anyway).
func (w silenceWriter) Create(ctx context.Context, o schedule.Occurrence) (schedule.Occurrence, error) {
	now := w.b.now().UTC().Truncate(windowtime.Millisecond)
	start := o.Start
	if !start.After(now) {
		start = now
	}
	s, diags := expand(ctx, w.m.silence(), start, o.End)
	if diags.HasError() {
		return schedule.Occurrence{}, fmt.Errorf("%s", diags.Errors()[0].Detail())
	}
	rec, err := w.b.create(ctx, s)
	if err != nil && !isReadBack(err) {
		return schedule.Occurrence{}, err
	}
	o.ID, o.Status = rec.ID, rec.State
	if o.Status == "" {
		o.Status = alertmanager.StateActive
		if start.After(now) {
			o.Status = alertmanager.StatePending
		}
	}
	return o, err
}

// Remove expires (or deletes) the silence; for one whose window is over,
// Alertmanager needs nothing and the Alert Silence API deletes it.
func (w silenceWriter) Remove(ctx context.Context, o schedule.Occurrence, ended bool) error {
	status := o.Status
	if ended {
		status = alertmanager.StateExpired
	}
	return w.b.remove(ctx, o.ID, status)
}
