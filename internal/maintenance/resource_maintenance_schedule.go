package maintenance

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/maintenanceapi"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/schedule"
)

var (
	_ resource.Resource                   = (*maintenanceScheduleResource)(nil)
	_ resource.ResourceWithConfigure      = (*maintenanceScheduleResource)(nil)
	_ resource.ResourceWithValidateConfig = (*maintenanceScheduleResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*maintenanceScheduleResource)(nil)
)

// scheduleTypeName is the name of the recurring maintenance resource.
const scheduleTypeName = "o11y_maintenance_schedule"

// NewMaintenanceScheduleResource returns the o11y_maintenance_schedule
// resource.
func NewMaintenanceScheduleResource() resource.Resource { return &maintenanceScheduleResource{} }

// maintenanceScheduleResource keeps one maintenance window per occurrence
// of a recurring schedule inside its horizon (DESIGN.md, "Schedules").
type maintenanceScheduleResource struct {
	data *providerdata.Data
}

// maintenanceScheduleModel is the state of o11y_maintenance_schedule.
type maintenanceScheduleModel struct {
	Title   types.String `tfsdk:"title"`
	Targets types.Set    `tfsdk:"targets"`
	schedule.Model
}

func (r *maintenanceScheduleResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = scheduleTypeName
}

func (r *maintenanceScheduleResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := schedule.Attributes(schedule.SchemaOptions{Noun: "maintenance", WholeMinutes: true})
	attrs["title"] = schema.StringAttribute{
		Required:            true,
		MarkdownDescription: "The name of every occurrence's maintenance window. A change replaces the pending and running occurrences' windows.",
		Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["targets"] = resourceTargetsAttribute(targetsRequiredDescription + " A change replaces the pending and running occurrences' windows.")
	resp.Schema = schema.Schema{
		MarkdownDescription: "A recurring maintenance window on the O11y platform: one maintenance per occurrence of an RFC 5545 rule, " +
			"read by the wall clock of an IANA `time_zone` and so right across daylight-saving changes. " +
			"Each occurrence is sent to the API in the provider's `maintenance.time_zone`, which may differ from the schedule's `time_zone`: " +
			"the instants are converted, and since the API keeps whole minutes, a schedule whose occurrences would start or end on seconds is refused at plan time. " +
			"The windows of the occurrences that overlap the next `horizon` exist on the server; each apply creates those that have come inside it since, " +
			"so run `terraform apply` on a timer (such as nightly). An occurrence that ends by itself causes no diff. " +
			"Destroying the resource expires every pending and running window it made. Import is not supported.",
		Attributes: attrs,
	}
}

func (r *maintenanceScheduleResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	d, diags := providerdata.From(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.data = d
}

func (r *maintenanceScheduleResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg maintenanceScheduleModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkTargets(ctx, cfg.Targets)...)
	minutes := schedule.WholeMinutes(cfg.Model, errNoun)
	resp.Diagnostics.Append(minutes...)
	if cfg.Known() && !minutes.HasError() {
		_, diags := schedule.Compile(cfg.Model, true)
		resp.Diagnostics.Append(diags...)
	}
}

// ModifyPlan plans the occurrences (schedule.Decide), each on a whole
// minute in the API's zone.
func (r *maintenanceScheduleResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan maintenanceScheduleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(schedule.WholeMinutes(plan.Model, errNoun)...)
	if resp.Diagnostics.HasError() {
		return
	}
	pr := schedule.PlanRequest{Now: r.data.Clock(), Noun: errNoun, MinuteZone: time.UTC}
	if r.data != nil && r.data.Maintenance != nil {
		pr.MinuteZone = r.data.Maintenance.Location()
	}
	schedule.ModifyPlan(ctx, req, resp, plan, pr, func(state maintenanceScheduleModel) (bool, diag.Diagnostics) {
		return sameSelection(ctx, plan, state)
	})
}

// sameSelection reports whether every occurrence's window would have the
// same title and targets (IPs compared as addresses) under a and b.
func sameSelection(ctx context.Context, a, b maintenanceScheduleModel) (bool, diag.Diagnostics) {
	if !a.Title.Equal(b.Title) || a.Targets.IsUnknown() || b.Targets.IsUnknown() {
		return false, nil
	}
	ta, diags := targetModels(ctx, a.Targets)
	tb, d := targetModels(ctx, b.Targets)
	diags.Append(d...)
	return sameTargets(expandTargets(ta), expandTargets(tb)), diags
}

func sameTargets(a, b []maintenanceapi.Target) bool {
	return len(a) == len(b) && len(targetDelta(a, b)) == 0
}

func (r *maintenanceScheduleResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan maintenanceScheduleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	s, diags := r.server(ctx, plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	schedule.Create(ctx, s, plan, schedule.Sink{State: &resp.State, Private: resp.Private, Diags: &resp.Diagnostics})
}

// Read reads every live occurrence's window in one get call and applies
// the expiry table to each, with the server's clock from that answer.
func (r *maintenanceScheduleResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, prior, ok := schedule.Load[maintenanceScheduleModel](ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	client, diags := r.data.MaintenanceClient(scheduleTypeName)
	resp.Diagnostics.Append(diags...)
	targets, diags := targetModels(ctx, state.Targets)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	var ids []string
	for _, o := range prior {
		if o.ID != "" && o.Status != maintenanceapi.StatusExpired {
			ids = append(ids, o.ID)
		}
	}
	res := &maintenanceapi.GetResult{}
	if len(ids) > 0 {
		var err error
		if res, err = client.Get(ctx, ids...); err != nil {
			resp.Diagnostics.AddError("Unable to read maintenance", errorDetail(err))
			return
		}
	}
	now := res.ServerTime
	if now.IsZero() {
		now = r.data.Clock()
	}
	want := window{Title: state.Title.ValueString(), Targets: expandTargets(targets)}
	var drifted []string
	kept := make([]schedule.Occurrence, 0, len(prior))
	for _, o := range prior {
		if o.ID == "" || o.Status == maintenanceapi.StatusExpired {
			kept = append(kept, o) // ended: nothing can change it any more
			continue
		}
		m, found := res.ByID(o.ID)
		switch decideRead(readInput{Found: found, Status: m.Status, StateEnd: o.End, ServerNow: now}) {
		case readRemove:
			resp.Diagnostics.AddWarning("Maintenance of an occurrence ended early",
				fmt.Sprintf("The maintenance %q of occurrence %s was expired or is gone before its end %s (server time %s). "+
					"It was removed from the occurrences, so the next apply creates it again; to skip this occurrence instead, add %q to except_dates.",
					o.ID, o.Key, o.End.Format(time.RFC3339), now.Format(time.RFC3339), o.Key[:len("2006-01-02")]))
			continue
		case readKeepExpired:
			o.Status = maintenanceapi.StatusExpired
		default:
			o.Status = m.Status
			if what := maintenanceDrift(m, o, want); what != "" {
				drifted = append(drifted, o.ID)
				resp.Diagnostics.AddWarning("Maintenance of an occurrence changed on the server",
					fmt.Sprintf("The maintenance %q of occurrence %s has another %s than the schedule gives it; the next apply replaces it.", o.ID, o.Key, what))
			}
		}
		kept = append(kept, o)
	}
	schedule.Store(ctx, state, kept, schedule.Private{Now: now, Drifted: drifted},
		schedule.Sink{State: &resp.State, Private: resp.Private, Diags: &resp.Diagnostics})
}

// maintenanceDrift names what of a live window differs from what the
// schedule gives its occurrence; "" when nothing does. Only a pending
// window's start is compared.
func maintenanceDrift(m maintenanceapi.Maintenance, o schedule.Occurrence, want window) string {
	var what []string
	if m.Title != want.Title {
		what = append(what, "title")
	}
	if !sameTargets(m.Targets, want.Targets) {
		what = append(what, "targets")
	}
	if !m.End.Equal(o.End) || m.Status == maintenanceapi.StatusPending && !m.Start.Equal(o.Start) {
		what = append(what, "window")
	}
	return strings.Join(what, " and ")
}

func (r *maintenanceScheduleResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan maintenanceScheduleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	state, prior, ok := schedule.Load[maintenanceScheduleModel](ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	s, diags := r.server(ctx, plan)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	schedule.Update(ctx, s, plan, prior, req.Private, func() (bool, diag.Diagnostics) { return sameSelection(ctx, plan, state) },
		schedule.Sink{State: &resp.State, Private: resp.Private, Diags: &resp.Diagnostics})
}

func (r *maintenanceScheduleResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, prior, ok := schedule.Load[maintenanceScheduleModel](ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	s, diags := r.server(ctx, state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	schedule.Delete(ctx, s, prior, &resp.Diagnostics)
}

// server is the maintenance API for an apply of m: its client, writing
// m's windows, in its zone.
func (r *maintenanceScheduleResource) server(ctx context.Context, m maintenanceScheduleModel) (schedule.Server, diag.Diagnostics) {
	client, diags := r.data.MaintenanceClient(scheduleTypeName)
	if diags.HasError() {
		return schedule.Server{}, diags
	}
	targets, d := targetModels(ctx, m.Targets)
	diags.Append(d...)
	return schedule.Server{
		Writer: maintenanceWriter{c: client, title: m.Title.ValueString(), targets: expandTargets(targets), clock: r.data.Clock},
		Now:    r.data.Clock(), MinuteZone: client.Location(), Noun: errNoun, Hints: errHints, RemoveVerb: "expire",
		Find: func(o schedule.Occurrence) string {
			return fmt.Sprintf("The API has no search, so look in the O11y console for a maintenance %q from %s to %s and expire it there before applying again: "+
				"a schedule cannot import it, and applying again without looking creates a second window.",
				m.Title.ValueString(), o.Start.Format(time.RFC3339), o.End.Format(time.RFC3339))
		},
	}, diags
}

// maintenanceWriter creates and expires the window of one occurrence.
type maintenanceWriter struct {
	c       *maintenanceapi.Client
	title   string
	targets []maintenanceapi.Target
	clock   func() time.Time
}

// Create sends the occurrence's window; the client writes its instants in
// the API's zone.
func (w maintenanceWriter) Create(ctx context.Context, o schedule.Occurrence) (schedule.Occurrence, error) {
	created, err := w.c.Create(ctx, maintenanceapi.CreateInput{Title: w.title, Start: o.Start, End: o.End, Targets: w.targets})
	if err != nil {
		return schedule.Occurrence{}, err
	}
	tflog.Info(ctx, "created maintenance of a schedule occurrence", map[string]any{"id": created.ID, "key": o.Key,
		"start_date": w.c.FormatDate(o.Start), "end_date": w.c.FormatDate(o.End)})
	o.ID, o.Status = created.ID, maintenanceapi.StatusActive
	if o.Start.After(w.clock()) {
		o.Status = maintenanceapi.StatusPending
	}
	return o, nil
}

// Remove expires a pending or running window; an ended one needs nothing
// (the API refuses to expire it), and one the server no longer knows or
// has expired already is done.
func (w maintenanceWriter) Remove(ctx context.Context, o schedule.Occurrence, ended bool) error {
	if ended {
		return nil
	}
	_, err := w.c.Expire(ctx, o.ID)
	if err != nil && (api.IsNotFound(err) || maintenanceapi.IsAlreadyExpired(err)) {
		return nil
	}
	return err
}
