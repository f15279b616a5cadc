package resourcewatcher

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/resourcewatcherapi"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
)

var (
	_ datasource.DataSource              = (*eventsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*eventsDataSource)(nil)
)

const eventsType = "resourcewatcher_events"

// NewEventsDataSource is the resourcewatcher_events data source.
func NewEventsDataSource() datasource.DataSource { return &eventsDataSource{} }

type eventsDataSource struct{ data *providerdata.Data }

type eventsModel struct {
	ID                  types.String          `tfsdk:"id"`
	ProductIDs          types.Set             `tfsdk:"product_ids"`
	ProductNameContains types.String          `tfsdk:"product_name_contains"`
	EventNameContains   types.String          `tfsdk:"event_name_contains"`
	Lang                types.String          `tfsdk:"lang"`
	PageSize            types.Int64           `tfsdk:"page_size"`
	Events              []catalogueEventModel `tfsdk:"events"`
}

type catalogueEventModel struct {
	ProductID   types.String `tfsdk:"product_id"`
	ProductName types.String `tfsdk:"product_name"`
	EventID     types.String `tfsdk:"event_id"`
}

func (d *eventsDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = eventsType
}

func (d *eventsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the Resource Watcher event catalogue: the `product_id` and `event_id` pairs an event alarm's `events` take. " +
			"Reads every page. Needs `provider = o11y`.",
		Attributes: map[string]schema.Attribute{
			"id":                    computedString("A fixed identifier of this search."),
			"product_ids":           stringSetFilter("Only events of these product ids."),
			"product_name_contains": schema.StringAttribute{Optional: true, MarkdownDescription: "Only events whose product name (in `lang`) contains this text."},
			"event_name_contains":   schema.StringAttribute{Optional: true, MarkdownDescription: "Only events whose name (in `lang`) contains this text."},
			"lang": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Language of names, for matching and in the answer: `ko` (the API's default), `en`, `ja` or `zh`.",
				Validators:          []validator.String{stringvalidator.OneOf(resourcewatcherapi.Languages...)},
			},
			"page_size": pageSizeAttr(),
			"events": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The matching events, sorted by product name then event name.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"product_id":   computedString("The product id, for an alarm's `events.product_id`."),
					"product_name": computedString("The product name in `lang`."),
					"event_id":     computedString("The event id, for an alarm's `events.event_id`."),
				}},
			},
		},
	}
}

func (d *eventsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (d *eventsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m eventsModel
	c, ok := readDataConfig(ctx, req.Config, d.data, eventsType, &m, &resp.Diagnostics)
	if !ok {
		return
	}
	f := resourcewatcherapi.EventFilter{
		ProductNameLike: m.ProductNameContains.ValueString(), EventNameLike: m.EventNameContains.ValueString(), Lang: m.Lang.ValueString(),
	}
	if fillSets(ctx, &resp.Diagnostics, setFilter{m.ProductIDs, &f.ProductIDs}); resp.Diagnostics.HasError() {
		return
	}
	events, err := c.ListAllEvents(ctx, f, int(m.PageSize.ValueInt64()), "")
	if err != nil {
		resp.Diagnostics.AddError("Unable to list events", errDetail(err))
		return
	}
	m.ID = types.StringValue("events")
	m.Events = []catalogueEventModel{}
	for _, e := range events {
		m.Events = append(m.Events, catalogueEventModel{
			ProductID: types.StringValue(e.ProductID), ProductName: types.StringValue(e.ProductName), EventID: types.StringValue(e.EventID),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}
