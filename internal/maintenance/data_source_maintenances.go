package maintenance

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
)

var (
	_ datasource.DataSource              = (*maintenancesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*maintenancesDataSource)(nil)
)

const maintenancesTypeName = "o11y_maintenances"

// NewMaintenancesDataSource returns the o11y_maintenances data source.
func NewMaintenancesDataSource() datasource.DataSource { return &maintenancesDataSource{} }

type maintenancesDataModel struct {
	IDs          types.List `tfsdk:"ids"`
	Maintenances types.List `tfsdk:"maintenances"`
	MissingIDs   types.List `tfsdk:"missing_ids"`
}

type maintenancesDataSource struct {
	data *providerdata.Data
}

func (d *maintenancesDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = maintenancesTypeName
}

func (d *maintenancesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads several O11y maintenance windows by id in one API call. Ids the server does not know are listed in `missing_ids` instead of failing.",
		Attributes: map[string]schema.Attribute{
			"ids": schema.ListAttribute{
				Required:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "The maintenance ids to read.",
				Validators:          []validator.List{listvalidator.SizeAtLeast(1), listvalidator.UniqueValues()},
			},
			"maintenances": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The windows found, in the order of `ids`.",
				NestedObject:        schema.NestedAttributeObject{Attributes: dataWindowAttributes(false)},
			},
			"missing_ids": schema.ListAttribute{
				Computed:            true,
				ElementType:         types.StringType,
				MarkdownDescription: "The requested ids the server does not know (never created, or removed after they ended).",
			},
		},
	}
}

func (d *maintenancesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := providerdata.From(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.data = data
}

func (d *maintenancesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg maintenancesDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, diags := d.data.MaintenanceClient("data source " + maintenancesTypeName)
	resp.Diagnostics.Append(diags...)
	var ids []string
	resp.Diagnostics.Append(cfg.IDs.ElementsAs(ctx, &ids, false)...)
	if resp.Diagnostics.HasError() {
		return
	}
	res, err := client.Get(ctx, ids...)
	if err != nil {
		resp.Diagnostics.AddError("Unable to read maintenances", errorDetail(err))
		return
	}
	objType := types.ObjectType{AttrTypes: maintenanceDataAttrTypes}
	items := []maintenanceDataModel{}
	for _, id := range ids {
		m, ok := res.ByID(id)
		if !ok {
			continue
		}
		item, diags := flattenData(ctx, m, client.Location())
		resp.Diagnostics.Append(diags...)
		items = append(items, item)
	}
	list, diags := types.ListValueFrom(ctx, objType, items)
	resp.Diagnostics.Append(diags...)
	missing, diags := types.ListValueFrom(ctx, types.StringType, nonNilStrings(res.Missing))
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg.Maintenances, cfg.MissingIDs = list, missing
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
