package maintenance

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/maintenanceapi"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
)

var (
	_ datasource.DataSourceWithConfigure = (*maintenanceDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*maintenancesDataSource)(nil)
)

// NewMaintenanceDataSource returns the o11y_maintenance data source.
func NewMaintenanceDataSource() datasource.DataSource { return &maintenanceDataSource{} }

// NewMaintenancesDataSource returns the o11y_maintenances data source.
func NewMaintenancesDataSource() datasource.DataSource { return &maintenancesDataSource{} }

// maintenanceDataModel is one window as the data sources show it.
type maintenanceDataModel struct {
	ID        types.String      `tfsdk:"id"`
	Title     types.String      `tfsdk:"title"`
	StartDate timetypes.RFC3339 `tfsdk:"start_date"`
	EndDate   timetypes.RFC3339 `tfsdk:"end_date"`
	Targets   types.Set         `tfsdk:"targets"`
	Status    types.String      `tfsdk:"status"`
}

type maintenancesDataModel struct {
	IDs          types.List `tfsdk:"ids"`
	Maintenances types.List `tfsdk:"maintenances"`
	MissingIDs   types.List `tfsdk:"missing_ids"`
}

var maintenanceDataAttrTypes = map[string]attr.Type{
	"id":         types.StringType,
	"title":      types.StringType,
	"start_date": timetypes.RFC3339Type{},
	"end_date":   timetypes.RFC3339Type{},
	"targets":    types.SetType{ElemType: targetObjectType},
	"status":     types.StringType,
}

// flattenData is the data sources' view of a window: times as RFC 3339 in
// the API's zone.
func flattenData(ctx context.Context, m maintenanceapi.Maintenance, loc *time.Location) (maintenanceDataModel, diag.Diagnostics) {
	r, diags := flatten(ctx, m, maintenanceResourceModel{
		StartDate: timetypes.NewRFC3339Null(), EndDate: timetypes.NewRFC3339Null(),
		Targets: types.SetNull(targetObjectType), CreatedAt: timetypes.NewRFC3339Null(),
	}, loc)
	return maintenanceDataModel{ID: r.ID, Title: r.Title, StartDate: r.StartDate, EndDate: r.EndDate, Targets: r.Targets, Status: r.Status}, diags
}

func dataWindowAttributes(idRequired bool) map[string]schema.Attribute {
	id := schema.StringAttribute{Computed: true, MarkdownDescription: "The maintenance id."}
	if idRequired {
		id = schema.StringAttribute{
			Required:            true,
			MarkdownDescription: "The maintenance id to read, such as `silence-12345`.",
			Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
		}
	}
	return map[string]schema.Attribute{
		"id":    id,
		"title": schema.StringAttribute{Computed: true, MarkdownDescription: "The name of the maintenance window."},
		"start_date": schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{},
			MarkdownDescription: "When the window starts (RFC 3339, in the provider's `maintenance.time_zone`)."},
		"end_date": schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{},
			MarkdownDescription: "When the window ends (RFC 3339, in the provider's `maintenance.time_zone`). For a window expired early this is when it was expired."},
		"status": schema.StringAttribute{Computed: true,
			MarkdownDescription: "The window's state: `pending`, `active` or `expired`."},
		"targets": schema.SetNestedAttribute{
			Computed:            true,
			MarkdownDescription: targetsDescription,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"type":        schema.StringAttribute{Computed: true, MarkdownDescription: "The kind of target: `infra`, `service` or `platform`."},
				"target_ip":   schema.StringAttribute{Computed: true, MarkdownDescription: "The IP address of an `infra` target."},
				"target_name": schema.StringAttribute{Computed: true, MarkdownDescription: "The name of a `service` or `platform` target."},
				"region":      schema.StringAttribute{Computed: true, MarkdownDescription: "The region of the target."},
			}},
		},
	}
}

// ---- o11y_maintenance ----

type maintenanceDataSource struct {
	data *providerdata.Data
}

func (d *maintenanceDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_maintenance"
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
	client, diags := d.data.MaintenanceClient("data source o11y_maintenance")
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

// ---- o11y_maintenances ----

type maintenancesDataSource struct {
	data *providerdata.Data
}

func (d *maintenancesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_maintenances"
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
	client, diags := d.data.MaintenanceClient("data source o11y_maintenances")
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
