package silence

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/apidiag"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/identity"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
)

var (
	_ list.ListResource                   = (*silenceListResource)(nil)
	_ list.ListResourceWithConfigure      = (*silenceListResource)(nil)
	_ list.ListResourceWithValidateConfig = (*silenceListResource)(nil)
)

// NewSilenceListResource is `list "o11y_silence"` (Terraform 1.14 and
// later): it finds silences with one list request, for `terraform query`
// and its generated import blocks.
func NewSilenceListResource() list.ListResource { return &silenceListResource{} }

type silenceListResource struct {
	data *providerdata.Data
	b    backend
}

// silenceListModel is the list block's `config`.
type silenceListModel struct {
	State           types.List   `tfsdk:"state"`
	Matchers        types.List   `tfsdk:"matchers"`
	CreatedBy       types.String `tfsdk:"created_by"`
	CommentContains types.String `tfsdk:"comment_contains"`
	SourceType      types.String `tfsdk:"source_type"`
	SourceIDPattern types.String `tfsdk:"source_id_pattern"`
}

// defaultListStates are the states a list without `state` keeps: the
// silences that still mute something.
var defaultListStates = []string{alertmanager.StateActive, alertmanager.StatePending}

func (l *silenceListResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = typeName
}

func (l *silenceListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds silences to adopt with `terraform query` (Terraform 1.14 or later): each result is a silence's id " +
			"(the identity of an `o11y_silence`), and `-generate-config-out` writes a resource block and an `import` block for each. " +
			"One list request answers a query, whatever the number of silences: Alertmanager applies `matchers`, " +
			"the provider applies the other filters to that answer.",
		Attributes: map[string]schema.Attribute{
			"state": schema.ListAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "Keep silences in these states: `active`, `pending`, `expired`. Defaults to `[\"active\", \"pending\"]`. " +
					"Expired silences stay listed on Alertmanager until the server garbage-collects them (5 days after their end by default); " +
					"an imported expired silence stays in state as `expired` with no diff.",
				Validators: []validator.List{listvalidator.SizeAtLeast(1)},
			},
			"matchers": schema.ListAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "Keep silences that carry every one of these matchers, each written in Alertmanager's filter syntax, one matcher per string: " +
					"`alertname=\"DiskFull\"`, `severity=~\"crit.*\"`, `env!=\"dev\"`, `job!~\"node|blackbox\"`. " +
					"The server compares matchers, it does not evaluate them: `severity=~\"crit.*\"` finds the silences that have exactly that regex matcher, " +
					"not those with `severity=\"critical\"`, and a silence is kept only when it has a matcher of the same name, operator and value for each filter. " +
					"Flavors `grafana` and `prometheus` only.",
				Validators: []validator.List{listvalidator.SizeAtLeast(1)},
			},
			"created_by": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Keep silences whose author (`created_by`) is exactly this.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"comment_contains": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Keep silences whose comment contains this text, ignoring case.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"source_type": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Keep silences of this source type, such as `Equipment`. Flavor `alert-silence` only.",
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"source_id_pattern": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Keep silences whose `source_id_pattern` is exactly this string (`Equipment-*` finds the silences written with that pattern, " +
					"not those for `Equipment-01`). Flavor `alert-silence` only.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
		},
	}
}

func (l *silenceListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	d, diags := providerdata.From(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	l.data, l.b = d, newBackend(d)
}

func (l *silenceListResource) ValidateListResourceConfig(ctx context.Context, req list.ValidateConfigRequest, resp *list.ValidateConfigResponse) {
	var cfg silenceListModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	_, diags := l.filter(ctx, cfg)
	resp.Diagnostics.Append(diags...)
}

// silenceQuery is a list block's config as the list applies it.
type silenceQuery struct {
	f               listFilter
	createdBy       string
	commentContains string
}

func (q silenceQuery) keeps(r record) bool {
	return (q.createdBy == "" || r.CreatedBy == q.createdBy) &&
		(q.commentContains == "" || strings.Contains(strings.ToLower(r.Comment), strings.ToLower(q.commentContains)))
}

// filter reads the config into a query; every problem is an error at its
// filter's path. Unknown values (only while validating) are left out.
func (l *silenceListResource) filter(ctx context.Context, cfg silenceListModel) (silenceQuery, diag.Diagnostics) {
	var diags diag.Diagnostics
	q := silenceQuery{
		f:               listFilter{SourceType: cfg.SourceType.ValueString(), SourceIDPattern: cfg.SourceIDPattern.ValueString(), States: defaultListStates},
		createdBy:       cfg.CreatedBy.ValueString(),
		commentContains: cfg.CommentContains.ValueString(),
	}
	if !cfg.State.IsNull() && !cfg.State.IsUnknown() {
		var states []types.String
		diags.Append(cfg.State.ElementsAs(ctx, &states, false)...)
		q.f.States = nil
		for i, s := range states {
			switch {
			case s.IsUnknown() || s.IsNull():
			case !isSilenceState(s.ValueString()):
				diags.AddAttributeError(path.Root("state").AtListIndex(i), "Unknown silence state",
					fmt.Sprintf("%q is not a silence state; use \"active\", \"pending\" or \"expired\", such as `state = [\"expired\"]`.", s.ValueString()))
			default:
				q.f.States = append(q.f.States, s.ValueString())
			}
		}
	}
	if !cfg.Matchers.IsNull() && !cfg.Matchers.IsUnknown() {
		var ss []types.String
		diags.Append(cfg.Matchers.ElementsAs(ctx, &ss, false)...)
		parsed := true
		for i, s := range ss {
			if s.IsUnknown() || s.IsNull() {
				parsed = false
				continue
			}
			m, err := alertmanager.ParseFilter(s.ValueString())
			if err != nil {
				diags.AddAttributeError(path.Root("matchers").AtListIndex(i), "Invalid matcher",
					fmt.Sprintf("Matcher %q: %s. Write one matcher per string in Alertmanager's filter syntax, such as `alertname=\"DiskFull\"`, "+
						"`severity=~\"crit.*\"` or `env!=\"dev\"`.", s.ValueString(), err))
				parsed = false
				continue
			}
			q.f.Matchers = append(q.f.Matchers, m)
		}
		if parsed {
			// The server compiles each regex of a filter: refuse one it would refuse.
			diags.Append(matcherDiags(checkMatchers(q.f.Matchers, true), true)...)
		}
	}
	if l.b != nil {
		diags.Append(l.b.checkFilter(q.f)...)
	}
	return q, diags
}

func isSilenceState(s string) bool {
	for _, v := range alertmanager.States {
		if s == v {
			return true
		}
	}
	return false
}

func (l *silenceListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg silenceListModel
	diags := req.Config.Get(ctx, &cfg)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	q, diags := l.filter(ctx, cfg)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	if l.b == nil || !l.b.configured() {
		stream.Results = list.ListResultsStreamDiagnostics(notConfigured(l.data, "list."+typeName))
		return
	}
	recs, _, err := l.b.list(ctx, q.f)
	if err != nil {
		diags.AddError("Unable to list silences", apidiag.Detail(err, "silence", l.b.hints()))
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		n := int64(0)
		for _, r := range recs {
			if !q.keeps(r) {
				continue
			}
			if req.Limit > 0 && n >= req.Limit {
				return
			}
			n++
			res := req.NewListResult(ctx)
			res.DisplayName = listedSilenceName(r)
			res.Diagnostics.Append(identity.Set(ctx, res.Identity, types.StringValue(r.ID))...)
			if req.IncludeResource {
				m, d := flatten(r, importedSilence(r.ID))
				res.Diagnostics.Append(d...)
				res.Diagnostics.Append(res.Resource.Set(ctx, m)...)
			}
			if !push(res) {
				return
			}
		}
	}
}

// importedSilence is the state `terraform import` gives a silence before its
// first refresh: the id and nothing else. Refreshing it is flatten of the
// server's silence onto it, so a list result that flattens onto it holds
// exactly what import and refresh store, and the configuration generated
// from it plans no change once imported.
func importedSilence(id string) silenceResourceModel {
	return silenceResourceModel{
		ID:               types.StringValue(id),
		Matchers:         types.ListNull(matcherObjectType),
		SourceType:       types.StringNull(),
		SourceIDPattern:  types.StringNull(),
		StartsAt:         timetypes.NewRFC3339Null(),
		EndsAt:           timetypes.NewRFC3339Null(),
		Duration:         timetypes.NewGoDurationNull(),
		Comment:          types.StringNull(),
		CreatedBy:        types.StringNull(),
		AllowBroad:       types.BoolNull(),
		Status:           types.StringNull(),
		UpdatedAt:        timetypes.NewRFC3339Null(),
		MaxMatchedAlerts: types.Int64Null(),
	}
}

// listedSilenceName says what a silence does: what it selects, when it ends (or
// starts and ends, or ended) and who made it, such as
// `alertname="DiskFull", severity="critical" until 2026-12-02T10:00:00Z by oncall`.
func listedSilenceName(r record) string {
	var what []string
	if r.Matchers != nil {
		for _, m := range r.Matchers {
			what = append(what, alertmanager.FilterString(m))
		}
	} else {
		what = []string{"source_type=" + strconv.Quote(r.SourceType), "source_id_pattern=" + strconv.Quote(r.SourceIDPattern)}
	}
	at := func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	var when string
	switch r.State {
	case alertmanager.StatePending:
		when = "from " + at(r.StartsAt) + " until " + at(r.EndsAt)
	case alertmanager.StateExpired:
		when = "ended " + at(r.EndsAt)
	default:
		when = "until " + at(r.EndsAt)
	}
	return strings.Join(what, ", ") + " " + when + " by " + r.CreatedBy
}
