package silence

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/apidiag"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
)

var (
	_ datasource.DataSource                   = (*silencesDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*silencesDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*silencesDataSource)(nil)
)

const silencesTypeName = "o11y_silences"

// NewSilencesDataSource is the o11y_silences data source (a filtered list).
func NewSilencesDataSource() datasource.DataSource { return &silencesDataSource{} }

type silencesDataSource struct {
	data *providerdata.Data
	b    backend
}

// silencesDataModel is the o11y_silences data source.
type silencesDataModel struct {
	Matchers        types.List   `tfsdk:"matchers"`
	SourceType      types.String `tfsdk:"source_type"`
	SourceIDPattern types.String `tfsdk:"source_id_pattern"`
	State           types.String `tfsdk:"state"`
	Silences        types.List   `tfsdk:"silences"`
}

func (d *silencesDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = silencesTypeName
}

func (d *silencesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists silences, expired ones included (on Alertmanager until the server garbage-collects them; " +
			"the Alert Silence API keeps them until they are deleted). " +
			"On Alertmanager, filter by exact matchers (the server keeps a silence only if it has a matcher with the same name, operator and value for every filter; " +
			"it does not evaluate regexes against each other); on the Alert Silence API, by `source_type` and `source_id_pattern`. Both filter by state.",
		Attributes: map[string]schema.Attribute{
			"matchers": schema.ListNestedAttribute{
				Optional:            true,
				MarkdownDescription: "Keep only silences that contain every one of these matchers exactly. Flavors `grafana` and `prometheus` only.",
				NestedObject:        schema.NestedAttributeObject{Attributes: matcherAttributes(false)},
			},
			"source_type": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Keep only silences of this source type, such as `Equipment`. Flavor `alert-silence` only.",
			},
			"source_id_pattern": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Keep only silences whose `source_id_pattern` is exactly this string (`Equipment-*` finds the silences written with that pattern, " +
					"not those for `Equipment-01`). Flavor `alert-silence` only.",
			},
			"state": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Keep only silences in this state: `pending`, `active` or `expired`. " +
					"On the Alert Silence API, `active` asks the server's own list of active silences.",
				Validators: []validator.String{stringvalidator.OneOf(alertmanager.States...)},
			},
			"silences": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "The silences found, in the server's order. Alertmanager: active (by end), then pending (by start), then expired (most recent end first). " +
					"Alert Silence API: by creation time.",
				NestedObject: schema.NestedAttributeObject{Attributes: silenceAttributes()},
			},
		},
	}
}

func (d *silencesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := providerdata.From(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.data, d.b = data, newBackend(data)
}

func (d *silencesDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var cfg silencesDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkFilterMatchers(ctx, cfg.Matchers)...)
}

func (d *silencesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg silencesDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !d.b.configured() {
		resp.Diagnostics.Append(notConfigured(d.data, "data.o11y_silences")...)
		return
	}
	ms, _, diags := expandMatchers(ctx, cfg.Matchers)
	resp.Diagnostics.Append(diags...)
	f := listFilter{Matchers: ms, SourceType: cfg.SourceType.ValueString(), SourceIDPattern: cfg.SourceIDPattern.ValueString()}
	if !cfg.State.IsNull() {
		f.States = []string{cfg.State.ValueString()}
	}
	resp.Diagnostics.Append(d.b.checkFilter(f)...)
	if resp.Diagnostics.HasError() {
		return
	}
	list, _, err := d.b.list(ctx, f)
	if err != nil {
		resp.Diagnostics.AddError("Unable to list silences", apidiag.Detail(err, "silence", d.b.hints()))
		return
	}
	items := make([]silenceDataModel, 0, len(list))
	for _, s := range list {
		m, diags := flattenData(s)
		resp.Diagnostics.Append(diags...)
		items = append(items, m)
	}
	l, diags := types.ListValueFrom(ctx, types.ObjectType{AttrTypes: silenceDataAttrTypes}, items)
	resp.Diagnostics.Append(diags...)
	cfg.Silences = l
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}
