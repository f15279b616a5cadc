package silence

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/httpx"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/openwindows"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
)

// The ephemeral o11y_silence: a silence that lasts one apply. Open creates
// it (only when `enabled`, which users set to terraform.applying, so that
// plans never mute alerts), Renew moves its end while the run goes on, and
// Close expires it. Nothing is written to state; if the run dies, the
// silence still ends by itself at most max_duration after it was opened or
// last renewed.

var (
	_ ephemeral.EphemeralResource                   = (*silenceEphemeral)(nil)
	_ ephemeral.EphemeralResourceWithConfigure      = (*silenceEphemeral)(nil)
	_ ephemeral.EphemeralResourceWithRenew          = (*silenceEphemeral)(nil)
	_ ephemeral.EphemeralResourceWithClose          = (*silenceEphemeral)(nil)
	_ ephemeral.EphemeralResourceWithValidateConfig = (*silenceEphemeral)(nil)
)

// NewSilenceEphemeralResource is the ephemeral o11y_silence.
func NewSilenceEphemeralResource() ephemeral.EphemeralResource { return &silenceEphemeral{} }

type silenceEphemeral struct {
	data *providerdata.Data
}

// silenceEphemeralModel is the configuration and result of the ephemeral
// o11y_silence.
type silenceEphemeralModel struct {
	ID          types.String      `tfsdk:"id"`
	Enabled     types.Bool        `tfsdk:"enabled"`
	MaxDuration types.String      `tfsdk:"max_duration"`
	Matchers    types.List        `tfsdk:"matchers"`
	Comment     types.String      `tfsdk:"comment"`
	CreatedBy   types.String      `tfsdk:"created_by"`
	AllowBroad  types.Bool        `tfsdk:"allow_broad"`
	StartsAt    timetypes.RFC3339 `tfsdk:"starts_at"`
	EndsAt      timetypes.RFC3339 `tfsdk:"ends_at"`
}

const (
	// ephemeralStartSlack is subtracted from the provider's clock for the
	// start that is sent: the server clamps a past start to its own "now",
	// so a provider clock slightly ahead of the server's cannot make the
	// silence pending.
	ephemeralStartSlack = time.Minute
)

// silenceWindow is what Renew and Close need, kept in the ephemeral
// resource's private data (never in state).
type silenceWindow struct {
	ID          string        `json:"id"`
	MaxDuration time.Duration `json:"max_duration"`
	EndsAt      time.Time     `json:"ends_at"`
}

// windowAPI is what the ephemeral silence needs from the server; the
// Alertmanager v2 client implements it.
type windowAPI interface {
	Create(ctx context.Context, s alertmanager.Silence) (string, time.Time, error)
	Update(ctx context.Context, s alertmanager.Silence) (string, time.Time, error)
	Get(ctx context.Context, id string) (alertmanager.Silence, time.Time, error)
	GetAfterCreate(ctx context.Context, id string) (alertmanager.Silence, time.Time, error)
	Expire(ctx context.Context, id string) (time.Time, error)
}

// testRenewInterval, when set, replaces the renewal schedule (tests only).
var testRenewInterval atomic.Int64

// SetEphemeralRenewIntervalForTesting makes the ephemeral o11y_silence ask
// to be renewed every d instead of when half of its time is left, so that an
// acceptance test sees a renewal within seconds. It returns a function that
// restores the default. Tests only.
func SetEphemeralRenewIntervalForTesting(d time.Duration) (restore func()) {
	old := testRenewInterval.Swap(int64(d))
	return func() { testRenewInterval.Store(old) }
}

// renewAfter is how long to wait before renewing a silence that ends at
// end: until half of the time left has passed (measured on the server's
// clock when known, else the provider's).
func renewAfter(localNow, serverNow, end time.Time) time.Duration {
	if d := time.Duration(testRenewInterval.Load()); d > 0 {
		return d
	}
	if serverNow.IsZero() {
		serverNow = localNow
	}
	left := end.Sub(serverNow)
	if left < 2*time.Second {
		left = 2 * time.Second
	}
	return left / 2
}

func (r *silenceEphemeral) Metadata(_ context.Context, _ ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = typeName
}

func (r *silenceEphemeral) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A silence that lasts exactly one apply, on Grafana's Alertmanager or a Prometheus Alertmanager " +
			"(provider `alertmanager` block, flavor `grafana` or `prometheus`). When Terraform opens it during the apply, the silence is created; " +
			"while the apply runs it is renewed before it would end; when the apply ends, it is expired. Nothing is written to state. " +
			"Set `enabled = terraform.applying`: Terraform also opens ephemeral resources while it plans, and a plan must never mute alerts. " +
			"If the run dies, the silence still ends by itself at most `max_duration` after it was created or last renewed.",
		Attributes: map[string]schema.Attribute{
			"enabled": schema.BoolAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Whether to create the silence. Set it to `terraform.applying`, which is false while Terraform plans " +
					"(`terraform plan`, and the planning phase of `terraform apply`) and true while it applies, so that only the apply mutes alerts. " +
					"When false, nothing is created and `id`, `starts_at` and `ends_at` are null. Defaults to `true`.",
			},
			"max_duration": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "How long the silence lasts if nobody renews or expires it, as a Go duration between `1m` and `24h`, such as `30m`. " +
					"While the apply runs the provider renews it (to `max_duration` from the moment of renewal) when half of that time is left, " +
					"so the apply may take longer than `max_duration`. If Terraform is killed, the silence ends by itself at most `max_duration` " +
					"after it was created or last renewed.",
				Validators: []validator.String{maxDurationValidator},
			},
			"matchers": schema.ListNestedAttribute{
				Required: true,
				MarkdownDescription: "Label matchers; an alert is silenced when all of them match. At least one matcher must not match the empty string, " +
					"and a silence that would match almost every alert needs `allow_broad = true`.",
				Validators: []validator.List{listvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"name": schema.StringAttribute{
							Required:            true,
							MarkdownDescription: "The label name, such as `alertname`, `severity` or Grafana's `__alert_rule_uid__`.",
							Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
						},
						"value": schema.StringAttribute{
							Required:            true,
							MarkdownDescription: "The label value, or an RE2 regular expression when `is_regex` is true (anchored at both ends, as Alertmanager does).",
						},
						"is_regex": schema.BoolAttribute{
							Optional:            true,
							MarkdownDescription: "Whether `value` is a regular expression (`=~` / `!~`). Defaults to `false`.",
						},
						"is_equal": schema.BoolAttribute{
							Optional:            true,
							MarkdownDescription: "Whether the matcher is positive (`=` / `=~`); `false` makes it negative (`!=` / `!~`). Defaults to `true`.",
						},
					},
				},
			},
			"comment": schema.StringAttribute{
				Required:            true,
				MarkdownDescription: "Why the alerts are silenced; shown in Grafana and Alertmanager.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"created_by": schema.StringAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Who created the silence, as shown in Grafana and Alertmanager. Defaults to `terraform`.",
			},
			"allow_broad": schema.BoolAttribute{
				Optional: true, Computed: true,
				MarkdownDescription: "Allow a silence that would match almost every alert (only negative matchers, or regexes such as `.+`). " +
					"Defaults to `false`, which refuses such a silence before anything is created.",
			},
			"id": schema.StringAttribute{
				Computed: true,
				MarkdownDescription: "The id of the silence the server issued, the same for the whole apply. " +
					"Null when `enabled` is false (while planning).",
			},
			"starts_at": schema.StringAttribute{
				CustomType: timetypes.RFC3339Type{}, Computed: true,
				MarkdownDescription: "When the silence started, as the server recorded it (RFC 3339). Null when `enabled` is false.",
			},
			"ends_at": schema.StringAttribute{
				CustomType: timetypes.RFC3339Type{}, Computed: true,
				MarkdownDescription: "When the silence ends by itself unless it is renewed, as of its creation (RFC 3339). " +
					"Renewals move the end on the server but cannot change this value. Null when `enabled` is false.",
			},
		},
	}
}

func (r *silenceEphemeral) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	d, diags := providerdata.From(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.data = d
}

// ValidateConfig applies the managed resource's matcher rules before
// anything is opened.
func (r *silenceEphemeral) ValidateConfig(ctx context.Context, req ephemeral.ValidateConfigRequest, resp *ephemeral.ValidateConfigResponse) {
	var cfg silenceEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkEphemeralMatchers(ctx, cfg)...)
}

func checkEphemeralMatchers(ctx context.Context, cfg silenceEphemeralModel) diag.Diagnostics {
	ms, known, diags := expandMatchers(ctx, cfg.Matchers)
	if !known || cfg.AllowBroad.IsUnknown() || diags.HasError() {
		return diags
	}
	for _, p := range CheckMatchers(ms, cfg.AllowBroad.ValueBool()) {
		at := path.Root("matchers")
		if p.Index >= 0 {
			at = at.AtListIndex(p.Index)
		}
		diags.AddAttributeError(at, p.Summary, p.Detail)
	}
	return diags
}

func (r *silenceEphemeral) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var cfg silenceEphemeralModel
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
	if w != nil && !r.kind().Opened(ctx, *w, renewAfter(r.data.Clock(), time.Time{}, w.EndsAt), resp) {
		return
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, result)...)
}

// kind is the lifecycle this silence shares with the other ephemeral
// windows (openwindows.Kind): tracking for failed runs, Renew, Close.
func (r *silenceEphemeral) kind() openwindows.Kind[silenceWindow] {
	return openwindows.Kind[silenceWindow]{
		Owner: r.data, TypeName: typeName, Noun: "silence",
		ID:     func(w silenceWindow) string { return w.ID },
		Expire: r.expireID, Detail: errDetail, Renew: r.renew, Close: r.close,
	}
}

func (r *silenceEphemeral) Renew(ctx context.Context, req ephemeral.RenewRequest, resp *ephemeral.RenewResponse) {
	r.kind().HandleRenew(ctx, req, resp)
}

func (r *silenceEphemeral) Close(ctx context.Context, req ephemeral.CloseRequest, resp *ephemeral.CloseResponse) {
	r.kind().HandleClose(ctx, req, resp)
}

// client is the Alertmanager client, or an error that says what to
// configure. The Alert Silence API cannot move a silence's end, so it cannot
// serve a silence that is renewed while the apply runs.
func (r *silenceEphemeral) client() (windowAPI, diag.Diagnostics) {
	if r.data != nil && r.data.Alertmanager == nil && r.data.AlertSilence != nil {
		var diags diag.Diagnostics
		diags.AddError("Ephemeral silence not supported with flavor \"alert-silence\"",
			"The ephemeral o11y_silence needs a Grafana or Prometheus Alertmanager, but the provider's `alertmanager.flavor` is \"alert-silence\". "+
				"The Alert Silence API cannot change a silence's end, so a silence that is renewed while the apply runs cannot be built on it. "+
				"Set `flavor = \"grafana\"` or `\"prometheus\"` (O11Y_ALERTMANAGER_FLAVOR), or use the managed `resource \"o11y_silence\"` with a fixed end.")
		return nil, diags
	}
	c, diags := r.data.AlertmanagerClient("The ephemeral o11y_silence")
	if diags.HasError() {
		return nil, diags
	}
	return c, nil
}

// open creates the silence (when enabled) and returns the result and what
// Renew and Close need (nil when nothing was created).
func (r *silenceEphemeral) open(ctx context.Context, cfg silenceEphemeralModel) (silenceEphemeralModel, *silenceWindow, diag.Diagnostics) {
	out := cfg
	out.ID = types.StringNull()
	out.StartsAt = timetypes.NewRFC3339Null()
	out.EndsAt = timetypes.NewRFC3339Null()
	if out.CreatedBy.IsNull() || out.CreatedBy.IsUnknown() {
		out.CreatedBy = types.StringValue("terraform")
	}
	if out.AllowBroad.IsNull() || out.AllowBroad.IsUnknown() {
		out.AllowBroad = types.BoolValue(false)
	}
	enabled := cfg.Enabled.IsNull() || (!cfg.Enabled.IsUnknown() && cfg.Enabled.ValueBool())
	out.Enabled = types.BoolValue(enabled)

	// A missing or unsuitable provider configuration fails the plan too,
	// not only the apply.
	c, diags := r.client()
	if diags.HasError() || !enabled {
		return out, nil, diags
	}
	maxDur, err := parseMaxDuration(cfg.MaxDuration.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("max_duration"), "Invalid max_duration", err.Error())
		return out, nil, diags
	}
	diags.Append(checkEphemeralMatchers(ctx, out)...)
	ms, _, d := expandMatchers(ctx, cfg.Matchers)
	diags.Append(d...)
	if diags.HasError() {
		return out, nil, diags
	}

	now := r.data.Clock().UTC().Truncate(time.Millisecond)
	end := now.Add(maxDur)
	id, serverNow, err := c.Create(ctx, alertmanager.Silence{
		Matchers: ms, StartsAt: now.Add(-ephemeralStartSlack), EndsAt: end,
		CreatedBy: out.CreatedBy.ValueString(), Comment: cfg.Comment.ValueString(),
	})
	if err != nil {
		detail := errDetail(err)
		var amb *httpx.AmbiguousError
		if errors.As(err, &amb) {
			detail += fmt.Sprintf("\n\nThe silence may have been created anyway; if so, it ends by itself at %s (max_duration after now).",
				end.Format(time.RFC3339))
		}
		diags.AddError("Unable to create silence", detail)
		return out, nil, diags
	}
	tflog.Info(ctx, "opened ephemeral silence", map[string]any{"id": id, "ends_at": end.Format(time.RFC3339)})

	start := serverNow
	if start.IsZero() {
		start = now
	}
	s, _, err := c.GetAfterCreate(ctx, id)
	switch {
	case err == nil && s.State == alertmanager.StateExpired:
		diags.AddError("Unable to create silence",
			fmt.Sprintf("Silence %q was created but the server reports it as already expired (ends at %s). Check the clocks of this machine and the server.",
				id, s.EndsAt.UTC().Format(time.RFC3339)))
		r.kind().ExpireAfterFailure(ctx, id, &diags)
		return out, nil, diags
	case err == nil:
		start, end = s.StartsAt, s.EndsAt
	default:
		diags.AddWarning("Unable to read silence after creating it",
			fmt.Sprintf("Silence %q was created and is used for this apply; reading it back failed, so starts_at and ends_at are the values sent. %s",
				id, errDetail(err)))
	}
	out.ID = types.StringValue(id)
	out.StartsAt = timeValue(start)
	out.EndsAt = timeValue(end)
	return out, &silenceWindow{ID: id, MaxDuration: maxDur, EndsAt: end}, diags
}

// expireID ends the silence with this id now (see expire).
func (r *silenceEphemeral) expireID(ctx context.Context, id string) error {
	c, diags := r.client()
	if diags.HasError() {
		return errors.New(diags.Errors()[0].Detail())
	}
	return r.expire(ctx, c, id)
}

// expire ends a silence now; one that is gone counts as expired.
func (r *silenceEphemeral) expire(ctx context.Context, c windowAPI, id string) error {
	_, err := c.Expire(ctx, id)
	return err
}

// renew moves the silence's end to max_duration after now (in place: the
// same id) and says how long to wait before the next renewal (zero: none).
// A silence that a person expired is left alone: renewing stops with a
// warning.
func (r *silenceEphemeral) renew(ctx context.Context, w silenceWindow) (silenceWindow, time.Duration, diag.Diagnostics) {
	c, diags := r.client()
	if diags.HasError() {
		return w, 0, diags
	}
	cur, serverNow, err := c.Get(ctx, w.ID)
	switch {
	case api.IsNotFound(err) || (err == nil && cur.State == alertmanager.StateExpired):
		diags.AddWarning("Silence ended before the apply finished",
			fmt.Sprintf("Silence %q was expired or removed on the server while the apply was running, so it is not renewed; alerts are no longer muted.", w.ID))
		return w, 0, diags
	case err != nil:
		diags.AddError("Unable to renew silence", errDetail(err))
		return w, 0, diags
	}
	now := serverNow
	if now.IsZero() {
		now = r.data.Clock()
	}
	end := now.UTC().Truncate(time.Millisecond).Add(w.MaxDuration)
	if end.After(cur.EndsAt) {
		cur.ID, cur.EndsAt = w.ID, end
		id, _, err := c.Update(ctx, cur)
		if err != nil {
			diags.AddError("Unable to renew silence", errDetail(err))
			return w, 0, diags
		}
		if id != w.ID {
			diags.AddWarning("Silence renewed under a new id",
				fmt.Sprintf("The server answered the renewal of silence %q with a new id %q; the new one is expired when the apply ends. "+
					"Commands that already used the old id keep referring to an expired silence.", w.ID, id))
			k := r.kind()
			k.Forget(w.ID)
			w.ID = id
			if !k.Track(id) {
				diags.AddError("Unable to renew silence", "Another ephemeral resource of this run failed, so the run fails.")
				return w, 0, diags
			}
		}
		tflog.Info(ctx, "renewed ephemeral silence", map[string]any{"id": w.ID, "ends_at": end.Format(time.RFC3339)})
		w.EndsAt = end
	} else {
		w.EndsAt = cur.EndsAt
	}
	return w, renewAfter(r.data.Clock(), now, w.EndsAt), diags
}

// close expires the silence; one that is gone already counts as expired.
func (r *silenceEphemeral) close(ctx context.Context, w silenceWindow) diag.Diagnostics {
	c, diags := r.client()
	if diags.HasError() {
		return diags
	}
	if err := r.expire(ctx, c, w.ID); err != nil {
		diags.AddError("Unable to expire silence",
			fmt.Sprintf("%s\n\nThe silence ends by itself at %s.", errDetail(err), w.EndsAt.UTC().Format(time.RFC3339)))
		return diags
	}
	tflog.Info(ctx, "closed ephemeral silence", map[string]any{"id": w.ID})
	return diags
}

// parseMaxDuration reads max_duration: a Go duration within the bounds.
func parseMaxDuration(s string) (time.Duration, error) {
	return openwindows.ParseMaxDuration(s, "silence", false)
}

// maxDurationValidator checks max_duration at plan time.
var maxDurationValidator = openwindows.MaxDurationValidator{Noun: "silence", WholeMinutes: false}
