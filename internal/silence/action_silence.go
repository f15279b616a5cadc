package silence

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/actionkit"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/apidiag"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/validators"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/windowtime"
)

// The o11y_silence action (Terraform 1.14+): each invocation creates one
// silence that lasts `duration`, through the same backend, rules and
// messages as the resource, and says what it created in progress messages.
// It writes nothing to state: the silence ends by itself at its end, or
// earlier through the o11y_silence_expire action. Triggered on
// before_create / before_update of a resource, it mutes alerts only when
// that resource really changes.

var _ actionkit.Action = (*silenceAction)(nil)

// NewSilenceAction is the o11y_silence action.
func NewSilenceAction() action.Action {
	return &silenceAction{actionBackend{silenceAPI{what: "The o11y_silence action"}}}
}

type silenceAction struct {
	actionBackend // Configure
}

// silenceActionModel is the o11y_silence action's configuration.
type silenceActionModel struct {
	Matchers         types.List           `tfsdk:"matchers"`
	SourceType       types.String         `tfsdk:"source_type"`
	SourceIDPattern  types.String         `tfsdk:"source_id_pattern"`
	StartsAt         timetypes.RFC3339    `tfsdk:"starts_at"`
	Duration         timetypes.GoDuration `tfsdk:"duration"`
	Comment          types.String         `tfsdk:"comment"`
	CreatedBy        types.String         `tfsdk:"created_by"`
	AllowBroad       types.Bool           `tfsdk:"allow_broad"`
	MaxMatchedAlerts types.Int64          `tfsdk:"max_matched_alerts"`
}

// actionDurationRule bounds the silence an action creates: nothing in state
// remembers it, so it must end by itself soon.
var actionDurationRule = validators.DurationRule{
	Attr: "duration", Lower: validators.MinMaxDuration, Upper: validators.MaxMaxDuration,
	Why: "Nothing in Terraform's state remembers a silence the action created, so it must end by itself; " +
		"use resource \"o11y_silence\" for a longer silence",
}

// config is the action's configuration as the resource's model, as
// written (unset attributes null), for the resource's checks.
func (m silenceActionModel) config() silenceResourceModel {
	return silenceResourceModel{
		ID: types.StringNull(), Matchers: m.Matchers, SourceType: m.SourceType, SourceIDPattern: m.SourceIDPattern,
		StartsAt: m.StartsAt, EndsAt: timetypes.NewRFC3339Null(), Duration: m.Duration,
		Comment: m.Comment, CreatedBy: m.CreatedBy, AllowBroad: m.AllowBroad,
		Status: types.StringNull(), UpdatedAt: timetypes.NewRFC3339Null(), MaxMatchedAlerts: m.MaxMatchedAlerts,
	}
}

// silence is the silence to create: the configuration with the resource's
// defaults (created_by "terraform", allow_broad false).
func (m silenceActionModel) silence() silenceResourceModel {
	s := m.config()
	if s.CreatedBy.IsNull() {
		s.CreatedBy = types.StringValue("terraform")
	}
	if s.AllowBroad.IsNull() {
		s.AllowBroad = types.BoolValue(false)
	}
	return s
}

func (a *silenceAction) Metadata(_ context.Context, _ action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = typeName
}

// actionSourceAttributes are source_type and source_id_pattern of both
// silence actions (the alert-silence flavor).
func actionSourceAttributes(what string) (sourceType, sourceIDPattern schema.StringAttribute) {
	return schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "The type of alert source " + what + ", such as `Equipment`. Only with the flavor `alert-silence`, " +
				"together with `source_id_pattern`; refused with `grafana` and `prometheus` (use `matchers` there).",
			Validators: []validator.String{validators.NotBlank("Equipment-01")},
		}, schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Which sources of `source_type` " + what + ": an id such as `Equipment-01`, or a pattern with the `*` wildcard " +
				"(`Equipment-*`). Only with the flavor `alert-silence`.",
			Validators: []validator.String{validators.NotBlank("Equipment-01")},
		}
}

func (a *silenceAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	sourceType, sourceIDPattern := actionSourceAttributes("to silence")
	sourceIDPattern.MarkdownDescription += " `*` alone silences every source of the type and needs `allow_broad = true`."
	resp.Schema = schema.Schema{
		MarkdownDescription: "Creates a silence that lasts `duration`, each time the action runs: on Grafana's Alertmanager, " +
			"a Prometheus Alertmanager (provider `alertmanager` block, flavor `grafana` or `prometheus`) or the Alert Silence API " +
			"(flavor `alert-silence`). Triggered by `action_trigger` on `before_create` or `before_update` of the resource that deploys, " +
			"it mutes alerts only when that resource really changes; `terraform apply -invoke=action.o11y_silence.<name>` runs it alone. " +
			"It writes nothing to state: the silence ends by itself after `duration`, or earlier with the `o11y_silence_expire` action. " +
			"Its progress messages name the silence id, the server, the end and how many firing alerts it mutes. Needs Terraform 1.14 or later.",
		Attributes: map[string]schema.Attribute{
			"matchers": actionMatchersAttribute("Label matchers; an alert is silenced when all of them match. Required with the flavors `grafana` " +
				"and `prometheus`, refused with `alert-silence`. At least one matcher must not match the empty string, and a silence that " +
				"would match almost every alert needs `allow_broad = true`."),
			"source_type":       sourceType,
			"source_id_pattern": sourceIDPattern,
			"starts_at": schema.StringAttribute{
				CustomType: timetypes.RFC3339Type{},
				Optional:   true,
				MarkdownDescription: "When the silence starts, in RFC 3339. Omitted or in the past means when the action runs; " +
					"a future start creates a `pending` silence that lasts `duration` from then.",
			},
			"duration": schema.StringAttribute{
				CustomType: timetypes.GoDurationType{},
				Required:   true,
				MarkdownDescription: "How long the silence lasts from its start, as a Go duration between `1m` and `24h`, such as `30m`. " +
					"Nothing in state remembers the silence, so it always ends by itself; choose the longest the change may take.",
				Validators: []validator.String{actionDurationRule.Validator()},
			},
			"comment": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "Why the alerts are silenced; shown in Grafana and Alertmanager, and sent as the `reason` to the " +
					"Alert Silence API (where it must not be empty).",
			},
			"created_by": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Who created the silence, as the servers show it. Defaults to `terraform`. " +
					"The `o11y_silence_expire` action finds the silence by its matchers and this name: give each pipeline its own.",
			},
			"allow_broad": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Allow a silence that would match almost every alert (only negative matchers, or regexes such as `.+`; " +
					"on the Alert Silence API a `source_id_pattern` of `*`). Defaults to `false`, which refuses such a silence at plan time.",
			},
			"max_matched_alerts": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "A guard for the flavors `grafana` and `prometheus`: the provider counts the alerts that fire and match " +
					"the matchers when it plans the action and again just before it creates the silence, and fails if there are more " +
					"than this number (nothing is created). Unset means no limit. Needs the provider's `alertmanager.preview_alerts` " +
					"(on by default). Refused with the flavor `alert-silence`.",
				Validators: []validator.Int64{int64validator.AtLeast(0)},
			},
		},
	}
}

// ValidateConfig applies the resource's matcher and selector rules before
// any plan (the flavor is not known yet: ModifyPlan checks it).
func (a *silenceAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	actionkit.Validate(ctx, req, resp, checkSilenceAction)
}

// checkSilenceAction is every check that needs no server: the resource's
// matcher and selector rules, and the duration's bounds.
func checkSilenceAction(ctx context.Context, cfg silenceActionModel) diag.Diagnostics {
	c := cfg.config()
	diags := checkMatcherList(ctx, c.Matchers, c.AllowBroad)
	diags.Append(checkSelector(c)...)
	return diags
}

// ModifyPlan runs when Terraform plans the action, with the provider
// configured: the flavor's rules, the end, and the resource's alert
// preview (a warning with the firing alerts the silence would mute, and
// the max_matched_alerts guard). It sends nothing but that one read.
func (a *silenceAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	cfg, ok := actionkit.Config[silenceActionModel](ctx, req.Config, &resp.Diagnostics)
	if !ok || !a.ready(&resp.Diagnostics) {
		return
	}
	resp.Diagnostics.Append(a.b.checkAttributes(cfg.config())...)
	sil := cfg.silence()
	if w := windowOf(sil); w.startOK && w.durOK {
		checkEndYear(windowtime.End(w.start, w.dur), &resp.Diagnostics)
	}
	lister, limited, limit, diags := previewLimits(a.b, a.data.PreviewAlerts, true, cfg.MaxMatchedAlerts)
	resp.Diagnostics.Append(diags...)
	if lister == nil || resp.Diagnostics.HasError() {
		return
	}
	ms, known, diags := expandMatchers(ctx, cfg.Matchers)
	if diags.HasError() || !known || len(ms) == 0 {
		return // known only when the action runs: Invoke checks then
	}
	start, _ := windowtime.Of(cfg.StartsAt)
	resp.Diagnostics.Append(runPreview(ctx, lister, ms, limited, limit, start, a.b.now())...)
}

func (a *silenceAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	cfg, ok := actionkit.Config[silenceActionModel](ctx, req.Config, &resp.Diagnostics)
	if !ok || !a.ready(&resp.Diagnostics) {
		return
	}
	// Values that were unknown at validation are known now: check again.
	resp.Diagnostics.Append(checkSilenceAction(ctx, cfg)...)
	resp.Diagnostics.Append(a.b.checkAttributes(cfg.config())...)
	if _, err := actionDurationRule.Parse(cfg.Duration.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("duration"), "Invalid duration", err.Error()+".")
	}
	if resp.Diagnostics.HasError() {
		return
	}
	sil := cfg.silence()
	now := a.b.now()
	start, end, _, diags := sendTimes(sil, now, time.Time{})
	resp.Diagnostics.Append(diags...)
	checkEndYear(end, &resp.Diagnostics)
	s, diags := expand(ctx, sil, start, end)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	// The guard and the count, from what fires just before the silence
	// exists.
	lister, limited, limit, diags := previewLimits(a.b, a.data.PreviewAlerts, true, cfg.MaxMatchedAlerts)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	mutes := a.noCount()
	if lister != nil && len(s.Matchers) > 0 {
		alerts, err := firingAlerts(ctx, lister, s.Matchers)
		for _, d := range previewDiagnostics(s.Matchers, alerts, err, limited, limit, start, now) {
			if d.Severity() == diag.SeverityError {
				resp.Diagnostics.Append(d) // the guard: nothing is created
			}
		}
		if resp.Diagnostics.HasError() {
			return
		}
		mutes = muteCount(s.Matchers, alerts, err)
	}

	rec, err := a.b.create(ctx, s)
	if err != nil && !isReadBack(err) {
		apidiag.CreateFailed(&resp.Diagnostics, "silence", err, a.b.hints(), fmt.Sprintf(
			"If so, it ends by itself at %s. Look for it (the o11y_silences data source, or the server's own list of silences: "+
				"created_by %q, comment %q) before running the action again: running it again creates a second silence.",
			end.UTC().Format(time.RFC3339), s.CreatedBy, s.Comment))
		return
	}
	if err != nil {
		resp.Diagnostics.AddWarning("Unable to read silence after creating it",
			fmt.Sprintf("The server accepted silence %q, which mutes alerts until %s (the end that was sent); reading it back failed: %s",
				rec.ID, end.UTC().Format(time.RFC3339), apidiag.Detail(err, "silence", a.b.hints())))
		rec.StartsAt, rec.EndsAt = start, end
	}
	tflog.Info(ctx, "created silence by action", map[string]any{"id": rec.ID, "ends_at": rec.EndsAt.Format(time.RFC3339)})
	actionkit.Progress(resp, fmt.Sprintf("created silence %s on %s for %s; it ends by itself at %s (in %s). %s",
		rec.ID, a.b.where(), selectorText(rec), rec.EndsAt.UTC().Format(time.RFC3339),
		validators.Short(rec.EndsAt.Sub(now).Round(time.Second)), mutes))
}

// noCount says why the firing alerts were not counted.
func (a *silenceAction) noCount() string {
	if _, ok := a.b.alerts(); !ok {
		return fmt.Sprintf("The %s API has no alerts API, so the firing alerts it mutes were not counted.", a.b.flavor())
	}
	return "The firing alerts it mutes were not counted (the provider's alertmanager.preview_alerts is false)."
}

// muteCount is the preview's answer as a clause of a progress message.
func muteCount(ms []alertmanager.Matcher, alerts []alertmanager.Alert, err error) string {
	switch n := len(alerts); {
	case err != nil:
		return "The firing alerts it mutes could not be counted: " + previewErrText(err) + "."
	case n == 0:
		return "It mutes no alert that fires now."
	default:
		return fmt.Sprintf("It mutes %s that %s now:\n%s", plural(n, "alert"), fires(n), strings.TrimRight(summarize(ms, alerts).listing(), "\n"))
	}
}

// selectorText says which alerts a silence selects.
func selectorText(r record) string {
	if len(r.Matchers) > 0 {
		return matcherSet(r.Matchers)
	}
	return fmt.Sprintf("source_type %q, source_id_pattern %q", r.SourceType, r.SourceIDPattern)
}
