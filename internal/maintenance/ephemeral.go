package maintenance

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/maintenanceapi"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/openwindows"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
)

// The ephemeral o11y_maintenance: a maintenance window that lasts one
// apply. Open creates it (only when `enabled`, which users set to
// terraform.applying, so that plans never open a window), Renew moves its
// end while the run goes on, and Close expires it. Nothing is written to
// state; if the run dies, the window still ends by itself at most
// max_duration after the minute it was opened or last renewed in.

var (
	_ ephemeral.EphemeralResource                   = (*maintenanceEphemeral)(nil)
	_ ephemeral.EphemeralResourceWithConfigure      = (*maintenanceEphemeral)(nil)
	_ ephemeral.EphemeralResourceWithRenew          = (*maintenanceEphemeral)(nil)
	_ ephemeral.EphemeralResourceWithClose          = (*maintenanceEphemeral)(nil)
	_ ephemeral.EphemeralResourceWithValidateConfig = (*maintenanceEphemeral)(nil)
)

// NewMaintenanceEphemeralResource is the ephemeral o11y_maintenance.
func NewMaintenanceEphemeralResource() ephemeral.EphemeralResource { return &maintenanceEphemeral{} }

type maintenanceEphemeral struct {
	data *providerdata.Data
}

// maintenanceEphemeralModel is the configuration and result of the
// ephemeral o11y_maintenance.
type maintenanceEphemeralModel struct {
	ID          types.String      `tfsdk:"id"`
	Enabled     types.Bool        `tfsdk:"enabled"`
	MaxDuration types.String      `tfsdk:"max_duration"`
	Title       types.String      `tfsdk:"title"`
	Targets     types.Set         `tfsdk:"targets"`
	StartsAt    timetypes.RFC3339 `tfsdk:"starts_at"`
	EndsAt      timetypes.RFC3339 `tfsdk:"ends_at"`
}

// maintenanceWindow is what Renew and Close need, kept in the ephemeral
// resource's private data (never in state).
type maintenanceWindow struct {
	ID          string        `json:"id"`
	MaxDuration time.Duration `json:"max_duration"`
	EndsAt      time.Time     `json:"ends_at"`
}

// windowAPI is what the ephemeral maintenance needs from the server; the
// maintenance client implements it.
type windowAPI interface {
	Create(ctx context.Context, in maintenanceapi.CreateInput) (*maintenanceapi.Created, error)
	Update(ctx context.Context, in maintenanceapi.UpdateInput) (*maintenanceapi.Updated, error)
	Expire(ctx context.Context, id string) (*maintenanceapi.Expired, error)
	GetOne(ctx context.Context, id string) (maintenanceapi.Maintenance, time.Time, error)
	Location() *time.Location
}

// testRenewInterval, when set, replaces the renewal schedule (tests only).
var testRenewInterval atomic.Int64

// SetEphemeralRenewIntervalForTesting makes the ephemeral o11y_maintenance
// ask to be renewed every d instead of when half of its time is left, so
// that an acceptance test sees a renewal within seconds. It returns a
// function that restores the default. Tests only.
func SetEphemeralRenewIntervalForTesting(d time.Duration) (restore func()) {
	old := testRenewInterval.Swap(int64(d))
	return func() { testRenewInterval.Store(old) }
}

// renewAfter is how long to wait before renewing a window that ends at
// end: until half of the time left has passed.
func renewAfter(now, end time.Time) time.Duration {
	if d := time.Duration(testRenewInterval.Load()); d > 0 {
		return d
	}
	left := end.Sub(now)
	if left < 2*time.Second {
		left = 2 * time.Second
	}
	return left / 2
}

// windowEnd is the end of a window opened or renewed at now: max_duration
// after the start of the current minute (the API keeps whole minutes), so
// the window never outlasts max_duration by even a second.
func windowEnd(now time.Time, maxDur time.Duration) (start, end time.Time) {
	start = now.Truncate(time.Minute)
	return start, start.Add(maxDur)
}

func (r *maintenanceEphemeral) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_maintenance"
}

func (r *maintenanceEphemeral) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A maintenance window on the O11y platform that lasts exactly one apply. When Terraform opens it during the apply, " +
			"the window is created; while the apply runs it is renewed before it would end; when the apply ends, it is expired. Nothing is written to state. " +
			"Set `enabled = terraform.applying`: Terraform also opens ephemeral resources while it plans, and a plan must never open a window. " +
			"If the run dies, the window still ends by itself at most `max_duration` after the minute it was created or last renewed in.",
		Attributes: map[string]schema.Attribute{
			"enabled": schema.BoolAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Whether to create the window. Set it to `terraform.applying`, which is false while Terraform plans " +
					"(`terraform plan`, and the planning phase of `terraform apply`) and true while it applies, so that only the apply opens a window. " +
					"When false, nothing is created and `id`, `starts_at` and `ends_at` are null. Defaults to `true`.",
			},
			"max_duration": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "How long the window lasts if nobody renews or expires it, as a whole number of minutes between `1m` and `24h`, such as `30m` " +
					"(the maintenance API keeps minutes). The window starts at the beginning of the current minute and ends `max_duration` later; " +
					"while the apply runs the provider renews it (to `max_duration` after the current minute) when half of the time left has passed, " +
					"so the apply may take longer than `max_duration`. If Terraform is killed, the window ends by itself at most `max_duration` " +
					"after the minute it was created or last renewed in.",
				Validators: []validator.String{maxDurationValidator},
			},
			"title": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "The name of the maintenance window.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"targets": schema.SetNestedAttribute{
				Required:            true,
				MarkdownDescription: targetsDescription + " At least one target is needed and no two may share a matching key.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"type": schema.StringAttribute{
							Required:            true,
							MarkdownDescription: "The kind of target: `infra` (a host, by IP), `service` or `platform` (by name and region).",
							Validators:          []validator.String{stringvalidator.OneOf(maintenanceapi.TargetTypes...)},
						},
						"target_ip": schema.StringAttribute{
							Optional:            true,
							MarkdownDescription: "The IPv4 or IPv6 address of an `infra` target. Required for `infra`, not allowed for the other types.",
						},
						"target_name": schema.StringAttribute{
							Optional:            true,
							MarkdownDescription: "The name of a `service` or `platform` target, such as `next-iam-service`. Required for those types, not allowed for `infra`.",
						},
						"region": schema.StringAttribute{
							Required:            true,
							MarkdownDescription: "The region of the target, such as `DX-G-GB`.",
						},
					},
				},
			},
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
}

// ValidateConfig applies the managed resource's target rules before
// anything is opened.
func (r *maintenanceEphemeral) ValidateConfig(ctx context.Context, req ephemeral.ValidateConfigRequest, resp *ephemeral.ValidateConfigResponse) {
	var cfg maintenanceEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	targets, known, diags := knownTargets(ctx, cfg.Targets)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(validateTargets(targets, known)...)
}

func (r *maintenanceEphemeral) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var cfg maintenanceEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	result, w, diags := r.open(ctx, cfg)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		openwindows.FailRun(ctx, r.data, &resp.Diagnostics)
		return
	}
	if w != nil && !r.kind().Opened(ctx, *w, renewAfter(r.data.Clock(), w.EndsAt), resp) {
		return
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, result)...)
}

// kind is the lifecycle this window shares with the other ephemeral
// windows (openwindows.Kind): tracking for failed runs, Renew, Close.
func (r *maintenanceEphemeral) kind() openwindows.Kind[maintenanceWindow] {
	return openwindows.Kind[maintenanceWindow]{
		Owner: r.data, TypeName: "o11y_maintenance", Noun: "maintenance",
		ID:     func(w maintenanceWindow) string { return w.ID },
		Expire: r.expireID, Detail: errorDetail, Renew: r.renew, Close: r.close,
	}
}

func (r *maintenanceEphemeral) Renew(ctx context.Context, req ephemeral.RenewRequest, resp *ephemeral.RenewResponse) {
	r.kind().HandleRenew(ctx, req, resp)
}

func (r *maintenanceEphemeral) Close(ctx context.Context, req ephemeral.CloseRequest, resp *ephemeral.CloseResponse) {
	r.kind().HandleClose(ctx, req, resp)
}

func (r *maintenanceEphemeral) client() (windowAPI, diag.Diagnostics) {
	c, diags := r.data.MaintenanceClient("The ephemeral o11y_maintenance")
	if diags.HasError() {
		return nil, diags
	}
	return c, nil
}

// open creates the window (when enabled) and returns the result and what
// Renew and Close need (nil when nothing was created).
func (r *maintenanceEphemeral) open(ctx context.Context, cfg maintenanceEphemeralModel) (maintenanceEphemeralModel, *maintenanceWindow, diag.Diagnostics) {
	out := cfg
	out.ID = types.StringNull()
	out.StartsAt = timetypes.NewRFC3339Null()
	out.EndsAt = timetypes.NewRFC3339Null()
	enabled := cfg.Enabled.IsNull() || (!cfg.Enabled.IsUnknown() && cfg.Enabled.ValueBool())
	out.Enabled = types.BoolValue(enabled)

	// A missing provider configuration fails the plan too, not only the apply.
	c, diags := r.client()
	if diags.HasError() || !enabled {
		return out, nil, diags
	}
	maxDur, err := parseMaxDuration(cfg.MaxDuration.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("max_duration"), "Invalid max_duration", err.Error())
		return out, nil, diags
	}
	targets, known, d := knownTargets(ctx, cfg.Targets)
	diags.Append(d...)
	diags.Append(validateTargets(targets, known)...)
	if diags.HasError() {
		return out, nil, diags
	}

	start, end := windowEnd(r.data.Clock(), maxDur)
	created, err := c.Create(ctx, maintenanceapi.CreateInput{Title: cfg.Title.ValueString(), Start: start, End: end, Targets: expandTargets(targets)})
	if err != nil {
		detail := errorDetail(err)
		var amb *httpx.AmbiguousError
		if errors.As(err, &amb) {
			detail += fmt.Sprintf("\n\nThe window may have been created anyway; if so, it ends by itself at %s (max_duration after its start).",
				end.Format(time.RFC3339))
		}
		diags.AddError("Unable to create maintenance", detail)
		return out, nil, diags
	}
	tflog.Info(ctx, "opened ephemeral maintenance", map[string]any{"id": created.ID, "ends_at": end.Format(time.RFC3339)})

	m, _, err := c.GetOne(ctx, created.ID)
	switch {
	case err == nil && m.Status == maintenanceapi.StatusExpired:
		diags.AddError("Unable to create maintenance",
			fmt.Sprintf("Maintenance %q was created but the API reports it as already expired (ends at %s). Check the clocks of this machine and the server, and the provider's maintenance.time_zone.",
				created.ID, m.End.Format(time.RFC3339)))
		r.kind().ExpireAfterFailure(ctx, created.ID, &diags)
		return out, nil, diags
	case err == nil:
		if !m.Start.IsZero() {
			start = m.Start
		}
		if !m.End.IsZero() {
			end = m.End
		}
	default:
		diags.AddWarning("Unable to read maintenance after creating it",
			fmt.Sprintf("Maintenance %q was created and is used for this apply; reading it back failed, so starts_at and ends_at are the values sent. %s",
				created.ID, errorDetail(err)))
	}
	loc := c.Location()
	out.ID = types.StringValue(created.ID)
	out.StartsAt = timetypes.NewRFC3339TimeValue(start.In(loc))
	out.EndsAt = timetypes.NewRFC3339TimeValue(end.In(loc))
	return out, &maintenanceWindow{ID: created.ID, MaxDuration: maxDur, EndsAt: end}, diags
}

// expireID ends the window with this id now (see expire).
func (r *maintenanceEphemeral) expireID(ctx context.Context, id string) error {
	c, diags := r.client()
	if diags.HasError() {
		return errors.New(diags.Errors()[0].Detail())
	}
	return r.expire(ctx, c, id)
}

// expire ends a window now; one that is gone or ended counts as expired.
func (r *maintenanceEphemeral) expire(ctx context.Context, c windowAPI, id string) error {
	_, err := c.Expire(ctx, id)
	if err != nil && !api.IsNotFound(err) && !maintenanceapi.IsAlreadyExpired(err) {
		return err
	}
	return nil
}

// renew moves the window's end to max_duration after the current minute
// and says how long to wait before the next renewal (zero: none). A window
// that a person expired is left alone: renewing stops with a warning.
func (r *maintenanceEphemeral) renew(ctx context.Context, w maintenanceWindow) (maintenanceWindow, time.Duration, diag.Diagnostics) {
	c, diags := r.client()
	if diags.HasError() {
		return w, 0, diags
	}
	now := r.data.Clock()
	_, end := windowEnd(now, w.MaxDuration)
	if end.After(w.EndsAt) {
		_, err := c.Update(ctx, maintenanceapi.UpdateInput{ID: w.ID, End: &end})
		switch {
		case api.IsNotFound(err) || maintenanceapi.IsAlreadyExpired(err):
			diags.AddWarning("Maintenance ended before the apply finished",
				fmt.Sprintf("Maintenance %q was expired or removed on the server while the apply was running, so it is not renewed; its targets' alerts are no longer muted. (%s)",
					w.ID, errorDetail(err)))
			return w, 0, diags
		case err != nil:
			diags.AddError("Unable to renew maintenance", errorDetail(err))
			return w, 0, diags
		}
		tflog.Info(ctx, "renewed ephemeral maintenance", map[string]any{"id": w.ID, "ends_at": end.Format(time.RFC3339)})
		w.EndsAt = end
	}
	return w, renewAfter(now, w.EndsAt), diags
}

// close expires the window; one that is gone or ended already counts as
// expired.
func (r *maintenanceEphemeral) close(ctx context.Context, w maintenanceWindow) diag.Diagnostics {
	c, diags := r.client()
	if diags.HasError() {
		return diags
	}
	_, err := c.Expire(ctx, w.ID)
	switch {
	case err == nil:
		tflog.Info(ctx, "closed ephemeral maintenance", map[string]any{"id": w.ID})
	case api.IsNotFound(err), maintenanceapi.IsAlreadyExpired(err):
		tflog.Debug(ctx, "ephemeral maintenance already ended or gone", map[string]any{"id": w.ID, "answer": err.Error()})
	default:
		diags.AddError("Unable to expire maintenance",
			fmt.Sprintf("%s\n\nThe window ends by itself at %s.", errorDetail(err), w.EndsAt.Format(time.RFC3339)))
	}
	return diags
}

// parseMaxDuration reads max_duration: whole minutes within the bounds.
func parseMaxDuration(s string) (time.Duration, error) {
	return openwindows.ParseMaxDuration(s, "maintenance", true)
}

// maxDurationValidator checks max_duration at plan time.
var maxDurationValidator = openwindows.MaxDurationValidator{Noun: "maintenance", WholeMinutes: true}
