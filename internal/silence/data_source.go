package silence

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
)

var (
	_ datasource.DataSource                   = (*silenceDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*silenceDataSource)(nil)
	_ datasource.DataSource                   = (*silencesDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*silencesDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*silencesDataSource)(nil)
)

// NewSilenceDataSource is the o11y_silence data source (one silence by id).
func NewSilenceDataSource() datasource.DataSource { return &silenceDataSource{} }

// NewSilencesDataSource is the o11y_silences data source (a filtered list).
func NewSilencesDataSource() datasource.DataSource { return &silencesDataSource{} }

type silenceDataSource struct{ data *providerdata.Data }

type silencesDataSource struct{ data *providerdata.Data }

// silencesDataModel is the o11y_silences data source.
type silencesDataModel struct {
	Matchers types.List   `tfsdk:"matchers"`
	State    types.String `tfsdk:"state"`
	Silences types.List   `tfsdk:"silences"`
}

func matcherAttributes(computed bool) map[string]schema.Attribute {
	if computed {
		return map[string]schema.Attribute{
			"name":     schema.StringAttribute{Computed: true, MarkdownDescription: "The label name."},
			"value":    schema.StringAttribute{Computed: true, MarkdownDescription: "The label value or regular expression."},
			"is_regex": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether `value` is a regular expression."},
			"is_equal": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the matcher is positive (`=` / `=~`) rather than negative (`!=` / `!~`)."},
		}
	}
	return map[string]schema.Attribute{
		"name": schema.StringAttribute{Required: true, MarkdownDescription: "The label name.",
			Validators: []validator.String{stringvalidator.LengthAtLeast(1)}},
		"value":    schema.StringAttribute{Required: true, MarkdownDescription: "The label value or regular expression, exactly as in the silence."},
		"is_regex": schema.BoolAttribute{Optional: true, MarkdownDescription: "Whether the silence's matcher is a regular expression. Defaults to `false`."},
		"is_equal": schema.BoolAttribute{Optional: true, MarkdownDescription: "Whether the silence's matcher is positive. Defaults to `true`."},
	}
}

func silenceAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id": schema.StringAttribute{Computed: true, MarkdownDescription: "The silence id."},
		"matchers": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "The silence's label matchers, in the server's order.",
			NestedObject: schema.NestedAttributeObject{Attributes: matcherAttributes(true)}},
		"starts_at":  schema.StringAttribute{CustomType: timetypes.RFC3339Type{}, Computed: true, MarkdownDescription: "When the silence starts (RFC 3339)."},
		"ends_at":    schema.StringAttribute{CustomType: timetypes.RFC3339Type{}, Computed: true, MarkdownDescription: "When the silence ends or ended (RFC 3339)."},
		"comment":    schema.StringAttribute{Computed: true, MarkdownDescription: "The silence's comment."},
		"created_by": schema.StringAttribute{Computed: true, MarkdownDescription: "Who created the silence."},
		"status":     schema.StringAttribute{Computed: true, MarkdownDescription: "`pending`, `active` or `expired`."},
		"updated_at": schema.StringAttribute{CustomType: timetypes.RFC3339Type{}, Computed: true, MarkdownDescription: "When the server last changed the silence."},
	}
}

func (d *silenceDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = "o11y_silence"
}

func (d *silenceDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := silenceAttributes()
	attrs["id"] = schema.StringAttribute{Required: true, MarkdownDescription: "The id of the silence to read, expired ones included (until the server garbage-collects them, 5 days after their end by default)."}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one silence by id from Grafana's Alertmanager or a Prometheus Alertmanager.",
		Attributes:          attrs,
	}
}

func (d *silenceDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := providerdata.From(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.data = data
}

func (d *silenceDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg silenceDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, diags := d.data.AlertmanagerClient("data.o11y_silence")
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	s, _, err := c.Get(ctx, cfg.ID.ValueString())
	if err != nil {
		detail := errDetail(err)
		if api.IsNotFound(err) {
			detail = fmt.Sprintf("No silence %q exists on the server (it may never have existed, or was garbage-collected after its end).\n\n%s", cfg.ID.ValueString(), detail)
		}
		resp.Diagnostics.AddError("Unable to read silence", detail)
		return
	}
	out, diags := flattenData(s)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, out)...)
}

func (d *silencesDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = "o11y_silences"
}

func (d *silencesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists silences, expired ones included until the server garbage-collects them. " +
			"Filter by exact matchers (the server keeps a silence only if it has a matcher with the same name, operator and value for every filter; " +
			"it does not evaluate regexes against each other) and by state.",
		Attributes: map[string]schema.Attribute{
			"matchers": schema.ListNestedAttribute{
				Optional:            true,
				MarkdownDescription: "Keep only silences that contain every one of these matchers exactly.",
				NestedObject:        schema.NestedAttributeObject{Attributes: matcherAttributes(false)},
			},
			"state": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Keep only silences in this state: `pending`, `active` or `expired`.",
				Validators:          []validator.String{stringvalidator.OneOf(alertmanager.States...)},
			},
			"silences": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The silences found, in the server's order: active (by end), then pending (by start), then expired (most recent end first).",
				NestedObject:        schema.NestedAttributeObject{Attributes: silenceAttributes()},
			},
		},
	}
}

func (d *silencesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := providerdata.From(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.data = data
}

func (d *silencesDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var cfg silencesDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ms, known, diags := expandMatchers(ctx, cfg.Matchers)
	resp.Diagnostics.Append(diags...)
	if !known {
		return
	}
	// Only per-matcher problems: a filter may well match the empty string.
	for _, p := range CheckMatchers(ms, true) {
		if p.Index >= 0 {
			resp.Diagnostics.AddAttributeError(path.Root("matchers").AtListIndex(p.Index), p.Summary, p.Detail)
		}
	}
}

func (d *silencesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg silencesDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, diags := d.data.AlertmanagerClient("data.o11y_silences")
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	filter, _, diags := expandMatchers(ctx, cfg.Matchers)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	list, _, err := c.List(ctx, filter)
	if err != nil {
		resp.Diagnostics.AddError("Unable to list silences", errDetail(err))
		return
	}
	items := make([]silenceDataModel, 0, len(list))
	for _, s := range list {
		if !cfg.State.IsNull() && s.State != cfg.State.ValueString() {
			continue
		}
		m, diags := flattenData(s)
		resp.Diagnostics.Append(diags...)
		items = append(items, m)
	}
	l, diags := types.ListValueFrom(ctx, types.ObjectType{AttrTypes: silenceDataAttrTypes}, items)
	resp.Diagnostics.Append(diags...)
	cfg.Silences = l
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}
