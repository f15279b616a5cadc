package silence

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
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
)

// The o11y_silence_expire action (Terraform 1.14+) ends silences before
// their time: the ones named by `ids`, or the ones whose selector and
// creator are exactly those configured. Exactly means the same set of
// matchers (each one's name, value, is_regex and is_equal; order aside,
// since Alertmanager applies matchers as a conjunction) or the same
// source_type and source_id_pattern, and the same created_by: the list asks
// the server with those matchers as its exact filter, and the provider
// then compares the whole set, so a silence with one more matcher, a
// regex where an equality was, or another author is never touched. Only
// pending and active silences are expired. Triggered on after_create /
// after_update, it closes the window the o11y_silence action opened as
// soon as the change is done.

var _ actionkit.Action = (*silenceExpireAction)(nil)

// silenceExpireType is the name of the expire action.
const silenceExpireType = "o11y_silence_expire"

// NewSilenceExpireAction is the o11y_silence_expire action.
func NewSilenceExpireAction() action.Action {
	return &silenceExpireAction{actionBackend{silenceAPI{what: "The o11y_silence_expire action"}}}
}

type silenceExpireAction struct {
	actionBackend // Configure
}

// silenceExpireModel is the o11y_silence_expire action's configuration.
type silenceExpireModel struct {
	IDs             types.Set    `tfsdk:"ids"`
	Matchers        types.List   `tfsdk:"matchers"`
	SourceType      types.String `tfsdk:"source_type"`
	SourceIDPattern types.String `tfsdk:"source_id_pattern"`
	CreatedBy       types.String `tfsdk:"created_by"`
}

func (a *silenceExpireAction) Metadata(_ context.Context, _ action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = silenceExpireType
}

func (a *silenceExpireAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	sourceType, sourceIDPattern := actionSourceAttributes("to expire the silences of")
	resp.Schema = schema.Schema{
		MarkdownDescription: "Expires silences before their end: the ones named by `ids`, or the pending and active ones whose " +
			"`matchers` (or `source_type` and `source_id_pattern`) and `created_by` are exactly those configured. " +
			"Exactly means the same set of matchers, each with the same `name`, `value`, `is_regex` and `is_equal` (their order does not matter), " +
			"and the same author: a silence with one more or one fewer matcher, or made by someone else, is never expired. " +
			"Triggered by `action_trigger` on `after_create` or `after_update`, it ends the window that the `o11y_silence` action opened " +
			"before the change as soon as the change is done. Finding nothing to expire is a success, and a progress message says so. " +
			"On the Alert Silence API (flavor `alert-silence`) the silences are deleted, as that API cannot expire them. Needs Terraform 1.14 or later.",
		Attributes: map[string]schema.Attribute{
			"ids": schema.SetAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "The ids of the silences to expire. Ids that the server does not know, or whose silence has ended, " +
					"are reported and skipped. Instead of `matchers`, `source_type`, `source_id_pattern` and `created_by`.",
				Validators: []validator.Set{setvalidator.SizeAtLeast(1)},
			},
			"matchers": actionMatchersAttribute("Expire the silences that have exactly these matchers (the flavors `grafana` and `prometheus`), " +
				"and were created by `created_by`. Write them as the `o11y_silence` action or resource wrote them; defaults are the same " +
				"(`is_regex = false`, `is_equal = true`)."),
			"source_type":       sourceType,
			"source_id_pattern": sourceIDPattern,
			"created_by": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Required with `matchers` or the source attributes: only silences created by exactly this name are expired " +
					"(the `o11y_silence` action's and resource's default is `terraform`).",
			},
		},
	}
}

// ValidateConfig refuses a configuration that does not say exactly which
// silences to expire, with the resource's selector and matcher rules.
func (a *silenceExpireAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	actionkit.Validate(ctx, req, resp, checkExpire)
}

// selector is the configuration as the resource's model, for checkSelector
// and checkAttributes.
func (m silenceExpireModel) selector() silenceResourceModel {
	return silenceResourceModel{
		Matchers: m.Matchers, SourceType: m.SourceType, SourceIDPattern: m.SourceIDPattern, CreatedBy: m.CreatedBy,
		// A silence being expired may well be broad: that was decided when it was made.
		AllowBroad: types.BoolValue(true),
	}
}

func (m silenceExpireModel) byMatch() bool {
	return !m.Matchers.IsNull() || !m.SourceType.IsNull() || !m.SourceIDPattern.IsNull() || !m.CreatedBy.IsNull()
}

// checkExpire is every check that needs no server.
func checkExpire(ctx context.Context, cfg silenceExpireModel) diag.Diagnostics {
	var diags diag.Diagnostics
	const how = "Set `ids`, or `matchers` (`source_type` and `source_id_pattern` with the flavor \"alert-silence\") together with `created_by`."
	switch {
	case !cfg.IDs.IsNull() && cfg.byMatch():
		diags.AddAttributeError(path.Root("ids"), "ids and matchers together",
			"The action expires either the silences named by `ids`, or those whose matchers (or source) and created_by are exactly the ones configured, not both. "+
				"Remove `ids`, or remove `matchers`, `source_type`, `source_id_pattern` and `created_by`.")
		return diags
	case cfg.IDs.IsNull() && !cfg.byMatch():
		diags.AddAttributeError(path.Root("ids"), "Nothing to expire", "Say which silences to expire. "+how)
		return diags
	case !cfg.IDs.IsNull():
		if cfg.IDs.IsUnknown() {
			return diags
		}
		for _, e := range cfg.IDs.Elements() {
			if s, ok := e.(types.String); ok && !s.IsUnknown() && !s.IsNull() && !uuidRE.MatchString(s.ValueString()) {
				diags.AddAttributeError(path.Root("ids"), "Not a silence id",
					fmt.Sprintf("%q is not a silence id; use the UUID shown in Grafana or Alertmanager, or the silenceId of the Alert Silence API, "+
						"such as 2243b2e6-8e2c-4a3b-9d1a-1f6a0c1e7b5d.", s.ValueString()))
			}
		}
		return diags
	}
	sel := cfg.selector()
	if !configured(sel.Matchers) && !configured(sel.SourceType) && !configured(sel.SourceIDPattern) {
		diags.AddAttributeError(path.Root("matchers"), "Nothing to expire",
			"created_by alone would expire every silence of that author. "+how)
		return diags
	}
	diags.Append(checkSelector(sel)...)
	diags.Append(checkFilterMatchers(ctx, cfg.Matchers)...)
	if cfg.CreatedBy.IsNull() || (!cfg.CreatedBy.IsUnknown() && strings.TrimSpace(cfg.CreatedBy.ValueString()) == "") {
		diags.AddAttributeError(path.Root("created_by"), "Missing created_by",
			"Matching by matchers needs `created_by` too, so that only the silences of one author (your pipeline) are expired, never a colleague's "+
				"with the same matchers. Set it to the `created_by` of the o11y_silence action (its default is \"terraform\").")
	}
	return diags
}

// ModifyPlan refuses, when Terraform plans the action, the attributes the
// configured flavor does not take. It sends nothing.
func (a *silenceExpireAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	cfg, ok := actionkit.Config[silenceExpireModel](ctx, req.Config, &resp.Diagnostics)
	if !ok || !a.ready(&resp.Diagnostics) {
		return
	}
	resp.Diagnostics.Append(a.checkFlavor(cfg)...)
}

// checkFlavor is the flavor's attribute rules for a selector (the comment
// rule of the Alert Silence API concerns silences being made, not found).
func (a *silenceExpireAction) checkFlavor(cfg silenceExpireModel) diag.Diagnostics {
	if !cfg.byMatch() {
		return nil
	}
	sel := cfg.selector()
	sel.Comment = types.StringValue("-")
	var out diag.Diagnostics
	for _, d := range a.b.checkAttributes(sel) {
		if p, ok := d.(diag.DiagnosticWithPath); ok && p.Path().Equal(path.Root("created_by")) {
			continue // checkExpire asks for created_by already
		}
		out.Append(d)
	}
	return out
}

func (a *silenceExpireAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	cfg, ok := actionkit.Config[silenceExpireModel](ctx, req.Config, &resp.Diagnostics)
	if !ok || !a.ready(&resp.Diagnostics) {
		return
	}
	resp.Diagnostics.Append(checkExpire(ctx, cfg)...)
	resp.Diagnostics.Append(a.checkFlavor(cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var todo []record
	var why string
	var diags diag.Diagnostics
	if cfg.byMatch() {
		todo, why, diags = a.findByMatch(ctx, cfg)
	} else {
		todo, why, diags = a.findByID(ctx, cfg)
	}
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if len(todo) == 0 {
		actionkit.Progress(resp, fmt.Sprintf("nothing to expire on %s: %s.", a.b.where(), why))
		return
	}
	var done []string
	var failed []string
	for _, r := range todo {
		if err := a.b.remove(ctx, r.ID, r.State); err != nil {
			failed = append(failed, apidiag.Item(err, "silence", r.ID, a.b.hints()))
			continue
		}
		done = append(done, r.ID)
		tflog.Info(ctx, "expired silence by action", map[string]any{"id": r.ID})
		actionkit.Progress(resp, fmt.Sprintf("%sd silence %s (%s, created by %q) on %s; it was to end at %s.",
			a.b.removeVerb(), r.ID, selectorText(r), r.CreatedBy, a.b.where(), r.EndsAt.UTC().Format(time.RFC3339)))
	}
	actionkit.NotEnded(&resp.Diagnostics, a.b.removeVerb(), "silence", "end", done, failed)
}

// findByMatch lists the silences the server's exact filter selects, and
// keeps the pending and active ones whose selector and creator are exactly
// the configured ones. why says what was found when nothing is to expire.
func (a *silenceExpireAction) findByMatch(ctx context.Context, cfg silenceExpireModel) ([]record, string, diag.Diagnostics) {
	ms, _, diags := expandMatchers(ctx, cfg.Matchers)
	if diags.HasError() {
		return nil, "", diags
	}
	want := record{Matchers: ms, SourceType: cfg.SourceType.ValueString(), SourceIDPattern: cfg.SourceIDPattern.ValueString(),
		CreatedBy: cfg.CreatedBy.ValueString()}
	found, _, err := a.b.list(ctx, listFilter{Matchers: ms, SourceType: want.SourceType, SourceIDPattern: want.SourceIDPattern, Fresh: true})
	if err != nil {
		diags.AddError("Unable to list silences", apidiag.Detail(err, "silence", a.b.hints()))
		return nil, "", diags
	}
	var out []record
	ended, other := 0, 0
	for _, r := range found {
		switch {
		case !sameSelection(r, want):
			other++
		case r.State == alertmanager.StateExpired:
			ended++
		default:
			out = append(out, r)
		}
	}
	why := fmt.Sprintf("no pending or active silence has exactly %s and created_by %q", selectorText(want), want.CreatedBy)
	var also []string
	if ended > 0 {
		also = append(also, fmt.Sprintf("%s with them ended already", plural(ended, "silence")))
	}
	if other > 0 {
		also = append(also, fmt.Sprintf("%s the server's filter but %s more matchers or another author, and %s left alone",
			plural(other, "silence")+" "+matchVerb(other), hasHave(other), isAreWere(other)))
	}
	if len(also) > 0 {
		why += " (" + strings.Join(also, "; ") + ")"
	}
	return out, why, diags
}

// findByID reads every silence in one fresh list and keeps the named ones
// that are pending or active.
func (a *silenceExpireAction) findByID(ctx context.Context, cfg silenceExpireModel) ([]record, string, diag.Diagnostics) {
	var ids []string
	diags := cfg.IDs.ElementsAs(ctx, &ids, false)
	if diags.HasError() {
		return nil, "", diags
	}
	sort.Strings(ids)
	all, _, err := a.b.list(ctx, listFilter{Fresh: true})
	if err != nil {
		diags.AddError("Unable to list silences", apidiag.Detail(err, "silence", a.b.hints()))
		return nil, "", diags
	}
	byID := make(map[string]record, len(all))
	for _, r := range all {
		byID[r.ID] = r
	}
	var out []record
	var ended, missing []string
	for _, id := range ids {
		r, ok := byID[id]
		switch {
		case !ok:
			missing = append(missing, id)
		case r.State == alertmanager.StateExpired:
			ended = append(ended, id)
		default:
			out = append(out, r)
		}
	}
	var parts []string
	if len(ended) > 0 {
		parts = append(parts, "ended already: "+strings.Join(ended, ", "))
	}
	if len(missing) > 0 {
		parts = append(parts, "not on the server: "+strings.Join(missing, ", "))
	}
	return out, strings.Join(parts, "; "), diags
}

// sameSelection reports whether silence r is the one want describes: the
// same matchers as a multiset (every field of each; order aside), the same
// source type and pattern, and the same author.
func sameSelection(r, want record) bool {
	if r.CreatedBy != want.CreatedBy || r.SourceType != want.SourceType || r.SourceIDPattern != want.SourceIDPattern ||
		len(r.Matchers) != len(want.Matchers) {
		return false
	}
	a, b := sortedMatchers(r.Matchers), sortedMatchers(want.Matchers)
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func sortedMatchers(ms []alertmanager.Matcher) []alertmanager.Matcher {
	out := append([]alertmanager.Matcher(nil), ms...)
	sort.Slice(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if x.Name != y.Name {
			return x.Name < y.Name
		}
		if x.Value != y.Value {
			return x.Value < y.Value
		}
		if x.IsRegex != y.IsRegex {
			return !x.IsRegex
		}
		return !x.IsEqual && y.IsEqual
	})
	return out
}

func matchVerb(n int) string {
	if n == 1 {
		return "matches"
	}
	return "match"
}

func hasHave(n int) string {
	if n == 1 {
		return "has"
	}
	return "have"
}

func isAreWere(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}
