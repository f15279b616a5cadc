package maintenance

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/maintenanceapi"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/apidiag"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/ephemeralwindow"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/validators"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/windowtime"
)

// The ephemeral o11y_maintenance: a maintenance window that lasts one
// apply. Open creates it (only when `enabled`, which users set to
// terraform.applying, so that plans never open a window), Renew moves its
// end while the run goes on, and Close expires it; the lifecycle is
// ephemeralwindow's. Nothing is written to state; if the run dies, the
// window still ends by itself at most max_duration after the minute it was
// opened or last renewed in.

var _ ephemeralwindow.Resource = (*maintenanceEphemeral)(nil)

// NewMaintenanceEphemeralResource is the ephemeral o11y_maintenance.
func NewMaintenanceEphemeralResource() ephemeral.EphemeralResource { return &maintenanceEphemeral{} }

type maintenanceEphemeral struct {
	ephemeralwindow.Lifecycle // Renew and Close
	data                      *providerdata.Data
	// c is the maintenance client; notConfigured says why it is nil.
	c             *maintenanceapi.Client
	notConfigured diag.Diagnostics
}

// maintenanceEphemeralModel is the configuration and result of the
// ephemeral o11y_maintenance.
type maintenanceEphemeralModel struct {
	ephemeralwindow.Model              // id, enabled, max_duration, starts_at, ends_at
	Title                 types.String `tfsdk:"title"`
	Targets               types.Set    `tfsdk:"targets"`
}

// maxDurationRule is the ephemeral maintenance's max_duration: the API
// keeps whole minutes.
var maxDurationRule = validators.MaxDurationRule("maintenance", true)

// windowEnd is the window opened or renewed at now: from the start of the
// current minute (the API keeps whole minutes) to max_duration later, so
// the window never outlasts max_duration by even a second.
func windowEnd(now time.Time, maxDur time.Duration) (start, end time.Time) {
	start = now.Truncate(time.Minute)
	return start, windowtime.End(start, maxDur)
}

func (r *maintenanceEphemeral) Metadata(_ context.Context, _ ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = typeName
}

func (r *maintenanceEphemeral) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A maintenance window on the O11y platform that lasts exactly one apply. When Terraform opens it during the apply, " +
			"the window is created; while the apply runs it is renewed before it would end; when the apply ends, it is expired. Nothing is written to state. " +
			"Set `enabled = terraform.applying`: Terraform also opens ephemeral resources while it plans, and a plan must never open a window. " +
			"If the run dies, the window still ends by itself at most `max_duration` after the minute it was created or last renewed in.",
		Attributes: map[string]schema.Attribute{
			"enabled": ephemeralwindow.EnabledAttribute("window", "opens a window"),
			"max_duration": schema.StringAttribute{
				CustomType: timetypes.GoDurationType{},
				Required:   true,
				MarkdownDescription: "How long the window lasts if nobody renews or expires it, as a whole number of minutes between `1m` and `24h`, such as `30m` " +
					"(the maintenance API keeps minutes). The window starts at the beginning of the current minute and ends `max_duration` later; " +
					"while the apply runs the provider renews it (to `max_duration` after the current minute) when half of the time left has passed, " +
					"so the apply may take longer than `max_duration`. If Terraform is killed, the window ends by itself at most `max_duration` " +
					"after the minute it was created or last renewed in.",
				Validators: []validator.String{maxDurationRule.Validator()},
			},
			"title": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The name of the maintenance window.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"targets": ephemeralTargetsAttribute(targetsRequiredDescription),
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The maintenance id the API assigned (such as `silence-12345`), the same for the whole apply. Null when `enabled` is false (while planning).",
			},
			"starts_at": schema.StringAttribute{
				CustomType: timetypes.RFC3339Type{}, Computed: true,
				MarkdownDescription: "When the window started (RFC 3339, in the provider's `maintenance.time_zone`). Null when `enabled` is false.",
			},
			"ends_at": schema.StringAttribute{
				CustomType: timetypes.RFC3339Type{}, Computed: true,
				MarkdownDescription: "When the window ends by itself unless it is renewed, as of its creation (RFC 3339). " +
					"Renewals move the end on the server but cannot change this value. Null when `enabled` is false.",
			},
		},
	}
}

func (r *maintenanceEphemeral) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	d, diags := providerdata.From(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.data = d
	if d != nil {
		r.Kind = ephemeralwindow.Kind{TypeName: typeName, Noun: "maintenance", Tracker: d.Windows, Server: r}
	}
	r.c, r.notConfigured = d.MaintenanceClient("The ephemeral o11y_maintenance")
}

// ValidateConfig applies the managed resource's target rules before
// anything is opened.
func (r *maintenanceEphemeral) ValidateConfig(ctx context.Context, req ephemeral.ValidateConfigRequest, resp *ephemeral.ValidateConfigResponse) {
	var cfg maintenanceEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkTargets(ctx, cfg.Targets)...)
}

func (r *maintenanceEphemeral) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	ephemeralwindow.OpenConfig(ctx, r.Kind, req, resp, r.data.Clock, r.open)
}

// open creates the window (when enabled) and returns the result and what
// Renew and Close need (nil when nothing was created).
func (r *maintenanceEphemeral) open(ctx context.Context, cfg maintenanceEphemeralModel) (maintenanceEphemeralModel, *ephemeralwindow.Window, diag.Diagnostics) {
	out := cfg
	// A missing provider configuration fails the plan too, not only the apply.
	maxDur, create, diags := out.Begin(r.notConfigured, maxDurationRule)
	if !create {
		return out, nil, diags
	}
	targets, known, d := knownTargets(ctx, cfg.Targets)
	diags.Append(d...)
	diags.Append(validateTargets(targets, known)...)
	if diags.HasError() {
		return out, nil, diags
	}

	start, end := windowEnd(r.data.Clock(), maxDur)
	created, err := r.c.Create(ctx, maintenanceapi.CreateInput{Title: cfg.Title.ValueString(), Start: start, End: end, Targets: expandTargets(targets)})
	if err != nil {
		apidiag.CreateFailed(&diags, "maintenance", err, nil,
			fmt.Sprintf("If so, it ends by itself at %s (max_duration after its start).", end.Format(time.RFC3339)))
		return out, nil, diags
	}
	tflog.Info(ctx, "opened ephemeral maintenance", map[string]any{"id": created.ID, "ends_at": end.Format(time.RFC3339)})

	m, _, err := r.c.GetOne(ctx, created.ID)
	switch {
	case err == nil && m.Status == maintenanceapi.StatusExpired:
		r.Kind.CreatedEnded(ctx, created.ID, fmt.Sprintf("Maintenance %q was created but the API reports it as already expired (ends at %s). "+
			"Check the clocks of this machine and the server, and the provider's maintenance.time_zone.", created.ID, m.End.Format(time.RFC3339)), &diags)
		return out, nil, diags
	case err == nil:
		if !m.Start.IsZero() {
			start = m.Start
		}
		if !m.End.IsZero() {
			end = m.End
		}
	default:
		r.Kind.ReadBackFailed(created.ID, err, &diags)
	}
	loc := r.c.Location()
	out.ID = types.StringValue(created.ID)
	out.StartsAt = timetypes.NewRFC3339TimeValue(start.In(loc))
	out.EndsAt = timetypes.NewRFC3339TimeValue(end.In(loc))
	return out, &ephemeralwindow.Window{ID: created.ID, MaxDuration: maxDur, EndsAt: end}, diags
}

// gone reports an answer that means the window has ended or is gone.
func gone(err error) bool { return api.IsNotFound(err) || maintenanceapi.IsAlreadyExpired(err) }

// Expire ends the window now; one that is gone or ended counts as expired
// (ephemeralwindow.Server).
func (r *maintenanceEphemeral) Expire(ctx context.Context, id string) error {
	if r.c == nil {
		return ephemeralwindow.NotReady(r.notConfigured)
	}
	_, err := r.c.Expire(ctx, id)
	switch {
	case err == nil:
		tflog.Info(ctx, "expired ephemeral maintenance", map[string]any{"id": id})
	case gone(err):
		tflog.Debug(ctx, "ephemeral maintenance already ended or gone", map[string]any{"id": id, "answer": err.Error()})
	default:
		return err
	}
	return nil
}

// Extend moves the window's end to max_duration after the current minute.
// A window that a person expired is left alone: renewing stops with a
// warning (ephemeralwindow.Server).
func (r *maintenanceEphemeral) Extend(ctx context.Context, w ephemeralwindow.Window) (ephemeralwindow.Window, time.Time, bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	if r.c == nil {
		return w, time.Time{}, true, r.notConfigured
	}
	now := r.data.Clock()
	_, end := windowEnd(now, w.MaxDuration)
	if !end.After(w.EndsAt) {
		return w, now, false, diags
	}
	_, err := r.c.Update(ctx, maintenanceapi.UpdateInput{ID: w.ID, End: &end})
	switch {
	case gone(err):
		diags.AddWarning("Maintenance ended before the apply finished",
			fmt.Sprintf("Maintenance %q was expired or removed on the server while the apply was running, so it is not renewed; its targets' alerts are no longer muted. (%s)",
				w.ID, r.Detail(err)))
		return w, time.Time{}, true, diags
	case err != nil:
		diags.AddError("Unable to renew maintenance", r.Detail(err))
		return w, time.Time{}, true, diags
	}
	tflog.Info(ctx, "renewed ephemeral maintenance", map[string]any{"id": w.ID, "ends_at": end.Format(time.RFC3339)})
	w.EndsAt = end
	return w, now, false, diags
}

// Detail formats a client error for a diagnostic (ephemeralwindow.Server).
func (r *maintenanceEphemeral) Detail(err error) string { return errorDetail(err) }
