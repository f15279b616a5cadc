package silence

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
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/apidiag"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/ephemeralwindow"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/validators"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/windowtime"
)

// The ephemeral o11y_silence: a silence that lasts one apply. Open creates
// it (only when `enabled`, which users set to terraform.applying, so that
// plans never mute alerts), Renew moves its end while the run goes on, and
// Close expires it; the lifecycle is ephemeralwindow's. Nothing is written
// to state; if the run dies, the silence still ends by itself at most
// max_duration after it was opened or last renewed.

var _ ephemeralwindow.Resource = (*silenceEphemeral)(nil)

// NewSilenceEphemeralResource is the ephemeral o11y_silence.
func NewSilenceEphemeralResource() ephemeral.EphemeralResource { return &silenceEphemeral{} }

// silenceEphemeral needs an Alertmanager: the Alert Silence API cannot move
// a silence's end, so it cannot serve a silence that is renewed while the
// apply runs. Configure chooses c, or says in unsupported why there is none.
type silenceEphemeral struct {
	ephemeralwindow.Lifecycle // Renew and Close
	data                      *providerdata.Data
	c                         *alertmanager.Client
	unsupported               diag.Diagnostics
}

// silenceEphemeralModel is the configuration and result of the ephemeral
// o11y_silence.
type silenceEphemeralModel struct {
	ephemeralwindow.Model              // id, enabled, max_duration, starts_at, ends_at
	Matchers              types.List   `tfsdk:"matchers"`
	Comment               types.String `tfsdk:"comment"`
	CreatedBy             types.String `tfsdk:"created_by"`
	AllowBroad            types.Bool   `tfsdk:"allow_broad"`
}

// ephemeralStartSlack is subtracted from the provider's clock for the start
// that is sent: the server clamps a past start to its own "now", so a
// provider clock slightly ahead of the server's cannot make the silence
// pending.
const ephemeralStartSlack = time.Minute

// maxDurationRule is the ephemeral silence's max_duration.
var maxDurationRule = validators.MaxDurationRule("silence", false)

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
			"enabled": ephemeralwindow.EnabledAttribute("silence", "mutes alerts"),
			"max_duration": schema.StringAttribute{
				CustomType: timetypes.GoDurationType{},
				Required:   true,
				MarkdownDescription: "How long the silence lasts if nobody renews or expires it, as a Go duration between `1m` and `24h`, such as `30m`. " +
					"While the apply runs the provider renews it (to `max_duration` from the moment of renewal) when half of that time is left, " +
					"so the apply may take longer than `max_duration`. If Terraform is killed, the silence ends by itself at most `max_duration` " +
					"after it was created or last renewed.",
				Validators: []validator.String{maxDurationRule.Validator()},
			},
			"matchers": ephemeralMatchersAttribute("Label matchers; an alert is silenced when all of them match. At least one matcher must not match the empty string, " +
				"and a silence that would match almost every alert needs `allow_broad = true`."),
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
	if d != nil {
		r.Kind = ephemeralwindow.Kind{TypeName: typeName, Noun: "silence", Tracker: d.Windows, Server: r}
	}
	if d != nil && d.Alertmanager == nil && d.AlertSilence != nil {
		r.unsupported.AddError("Ephemeral silence not supported with flavor \"alert-silence\"",
			"The ephemeral o11y_silence needs a Grafana or Prometheus Alertmanager, but the provider's `alertmanager.flavor` is \"alert-silence\". "+
				"The Alert Silence API cannot change a silence's end, so a silence that is renewed while the apply runs cannot be built on it. "+
				"Set `flavor = \"grafana\"` or `\"prometheus\"` (O11Y_ALERTMANAGER_FLAVOR), or use the managed `resource \"o11y_silence\"` with a fixed end.")
		return
	}
	r.c, r.unsupported = d.AlertmanagerClient("The ephemeral o11y_silence")
}

// ValidateConfig applies the managed resource's matcher rules before
// anything is opened.
func (r *silenceEphemeral) ValidateConfig(ctx context.Context, req ephemeral.ValidateConfigRequest, resp *ephemeral.ValidateConfigResponse) {
	var cfg silenceEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkMatcherList(ctx, cfg.Matchers, cfg.AllowBroad)...)
}

func (r *silenceEphemeral) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	ephemeralwindow.OpenConfig(ctx, r.Kind, req, resp, r.data.Clock, r.open)
}

// open creates the silence (when enabled) and returns the result and what
// Renew and Close need (nil when nothing was created).
func (r *silenceEphemeral) open(ctx context.Context, cfg silenceEphemeralModel) (silenceEphemeralModel, *ephemeralwindow.Window, diag.Diagnostics) {
	out := cfg
	if out.CreatedBy.IsNull() || out.CreatedBy.IsUnknown() {
		out.CreatedBy = types.StringValue("terraform")
	}
	if out.AllowBroad.IsNull() || out.AllowBroad.IsUnknown() {
		out.AllowBroad = types.BoolValue(false)
	}
	// A missing or unsuitable provider configuration fails the plan too,
	// not only the apply.
	maxDur, create, diags := out.Begin(r.unsupported, maxDurationRule)
	if !create {
		return out, nil, diags
	}
	diags.Append(checkMatcherList(ctx, out.Matchers, out.AllowBroad)...)
	ms, _, d := expandMatchers(ctx, cfg.Matchers)
	diags.Append(d...)
	if diags.HasError() {
		return out, nil, diags
	}

	now := r.data.Clock().UTC().Truncate(windowtime.Millisecond)
	end := windowtime.End(now, maxDur)
	id, serverNow, err := r.c.Create(ctx, alertmanager.Silence{
		Matchers: ms, StartsAt: now.Add(-ephemeralStartSlack), EndsAt: end,
		CreatedBy: out.CreatedBy.ValueString(), Comment: cfg.Comment.ValueString(),
	})
	if err != nil {
		apidiag.CreateFailed(&diags, "silence", err, alertmanagerHints,
			fmt.Sprintf("If so, it ends by itself at %s (max_duration after now).", end.Format(time.RFC3339)))
		return out, nil, diags
	}
	tflog.Info(ctx, "opened ephemeral silence", map[string]any{"id": id, "ends_at": end.Format(time.RFC3339)})

	start := serverNow
	if start.IsZero() {
		start = now
	}
	s, _, err := r.c.GetAfterCreate(ctx, id)
	switch {
	case err == nil && s.State == alertmanager.StateExpired:
		r.Kind.CreatedEnded(ctx, id, fmt.Sprintf("Silence %q was created but the server reports it as already expired (ends at %s). "+
			"Check the clocks of this machine and the server.", id, s.EndsAt.UTC().Format(time.RFC3339)), &diags)
		return out, nil, diags
	case err == nil:
		start, end = s.StartsAt, s.EndsAt
	default:
		r.Kind.ReadBackFailed(id, err, &diags)
	}
	out.ID = types.StringValue(id)
	out.StartsAt = windowtime.Value(start)
	out.EndsAt = windowtime.Value(end)
	return out, &ephemeralwindow.Window{ID: id, MaxDuration: maxDur, EndsAt: end}, diags
}

// Expire ends the silence with this id now; one that is gone counts as
// expired (ephemeralwindow.Server).
func (r *silenceEphemeral) Expire(ctx context.Context, id string) error {
	if r.c == nil {
		return ephemeralwindow.NotReady(r.unsupported)
	}
	if _, err := r.c.Expire(ctx, id); err != nil {
		return err
	}
	tflog.Info(ctx, "expired ephemeral silence", map[string]any{"id": id})
	return nil
}

// Extend moves the silence's end to max_duration after the server's now (in
// place: the same id). A silence that a person expired is left alone:
// renewing stops with a warning (ephemeralwindow.Server).
func (r *silenceEphemeral) Extend(ctx context.Context, w ephemeralwindow.Window) (ephemeralwindow.Window, time.Time, bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	if r.c == nil {
		return w, time.Time{}, true, r.unsupported
	}
	cur, serverNow, err := r.c.Get(ctx, w.ID)
	switch {
	case api.IsNotFound(err) || (err == nil && cur.State == alertmanager.StateExpired):
		diags.AddWarning("Silence ended before the apply finished",
			fmt.Sprintf("Silence %q was expired or removed on the server while the apply was running, so it is not renewed; alerts are no longer muted.", w.ID))
		return w, time.Time{}, true, diags
	case err != nil:
		diags.AddError("Unable to renew silence", r.Detail(err))
		return w, time.Time{}, true, diags
	}
	now := serverNow
	if now.IsZero() {
		now = r.data.Clock()
	}
	end := windowtime.End(now.UTC().Truncate(windowtime.Millisecond), w.MaxDuration)
	if !end.After(cur.EndsAt) {
		w.EndsAt = cur.EndsAt
		return w, now, false, diags
	}
	cur.ID, cur.EndsAt = w.ID, end
	id, _, err := r.c.Update(ctx, cur)
	if err != nil {
		diags.AddError("Unable to renew silence", r.Detail(err))
		return w, time.Time{}, true, diags
	}
	if id != w.ID {
		diags.AddWarning("Silence renewed under a new id",
			fmt.Sprintf("The server answered the renewal of silence %q with a new id %q; the new one is expired when the apply ends. "+
				"Commands that already used the old id keep referring to an expired silence.", w.ID, id))
		w.ID = id
	}
	tflog.Info(ctx, "renewed ephemeral silence", map[string]any{"id": w.ID, "ends_at": end.Format(time.RFC3339)})
	w.EndsAt = end
	return w, now, false, diags
}

// Detail formats a client error for a diagnostic (ephemeralwindow.Server).
func (r *silenceEphemeral) Detail(err error) string {
	return apidiag.Detail(err, "silence", alertmanagerHints)
}
