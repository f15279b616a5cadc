package maintenance

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
)

var (
	_ datasource.DataSource              = (*maintenanceDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*maintenanceDataSource)(nil)
)

// NewMaintenanceDataSource returns the o11y_maintenance data source.
func NewMaintenanceDataSource() datasource.DataSource { return &maintenanceDataSource{} }

type maintenanceDataSource struct {
	data *providerdata.Data
}

func (d *maintenanceDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = typeName
}

func (d *maintenanceDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one O11y maintenance window by id. Reading a window that does not exist (or was garbage-collected after it ended) is an error.",
		Attributes:          dataWindowAttributes(true),
	}
}

func (d *maintenanceDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := providerdata.From(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.data = data
}

func (d *maintenanceDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg maintenanceDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, diags := d.data.MaintenanceClient("data source " + typeName)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	m, _, err := client.GetOne(ctx, cfg.ID.ValueString())
	if err != nil {
		detail := errorDetail(err)
		if api.IsNotFound(err) {
			detail += "\n\nCheck the id; a window that ended may have been removed by the server."
		}
		resp.Diagnostics.AddError("Unable to read maintenance", detail)
		return
	}
	out, diags := flattenData(ctx, m, client.Location())
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &out)...)
}
