package maintenance

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/maintenanceapi"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/identity"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
)

var (
	_ list.ListResource              = (*maintenanceListResource)(nil)
	_ list.ListResourceWithConfigure = (*maintenanceListResource)(nil)
)

// NewMaintenanceListResource is `list "o11y_maintenance"` (Terraform 1.14
// and later). The maintenance API has no search, so it finds windows by id:
// one get call for every id of the query.
func NewMaintenanceListResource() list.ListResource { return &maintenanceListResource{} }

type maintenanceListResource struct {
	data *providerdata.Data
}

// maintenanceListModel is the list block's `config`.
type maintenanceListModel struct {
	IDs types.List `tfsdk:"ids"`
}

func (l *maintenanceListResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = typeName
}

func (l *maintenanceListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads maintenance windows by id for `terraform query` (Terraform 1.14 or later), so that " +
			"`-generate-config-out` writes a resource block and an `import` block for each. " +
			"The maintenance API has no search or list: the query names the ids, and one `get` call reads them all.",
		Attributes: map[string]schema.Attribute{
			"ids": schema.ListAttribute{
				ElementType: types.StringType,
				Required:    true,
				MarkdownDescription: "The maintenance ids to read, such as `[\"silence-12345\"]` (the id the O11y console shows). " +
					"An id the server does not know gives a warning and no result. Expired windows are found too; once imported they stay `expired` with no diff.",
				Validators: []validator.List{
					listvalidator.SizeAtLeast(1),
					listvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1)),
				},
			},
		},
	}
}

func (l *maintenanceListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	d, diags := providerdata.From(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	l.data = d
}

func (l *maintenanceListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg maintenanceListModel
	diags := req.Config.Get(ctx, &cfg)
	var ids []string
	if !diags.HasError() {
		diags.Append(cfg.IDs.ElementsAs(ctx, &ids, false)...)
	}
	client, d := l.data.MaintenanceClient("list." + typeName)
	diags.Append(d...)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	ids = uniqueIDs(ids)
	res, err := client.Get(ctx, ids...)
	if err != nil {
		diags.AddError("Unable to read maintenance windows", errorDetail(err))
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		n := int64(0)
		for _, id := range ids {
			m, ok := res.ByID(id)
			if !ok {
				var w diag.Diagnostics
				w.AddWarning("Maintenance not found",
					fmt.Sprintf("The maintenance API does not know %q (a mistyped id, or another O11y platform), so there is nothing to import for it.", id))
				if !push(list.ListResult{Diagnostics: w}) {
					return
				}
				continue
			}
			if req.Limit > 0 && n >= req.Limit {
				return
			}
			n++
			r := req.NewListResult(ctx)
			r.DisplayName = listedWindowName(m, client.Location())
			r.Diagnostics.Append(identity.Set(ctx, r.Identity, types.StringValue(m.ID))...)
			if req.IncludeResource {
				s, d := flatten(ctx, m, importedWindow(m.ID), client.Location())
				r.Diagnostics.Append(d...)
				r.Diagnostics.Append(r.Resource.Set(ctx, &s)...)
			}
			if !push(r) {
				return
			}
		}
	}
}

// importedWindow is the state `terraform import` gives a window before its
// first refresh, the id alone: flattening the server's window onto it is
// what the refresh stores, so the configuration `terraform query`
// generates from it plans no change once imported.
func importedWindow(id string) maintenanceResourceModel {
	return maintenanceResourceModel{
		ID: types.StringValue(id), Title: types.StringNull(),
		StartDate: timetypes.NewRFC3339Null(), EndDate: timetypes.NewRFC3339Null(),
		Targets: types.SetNull(targetObjectType), Status: types.StringNull(), CreatedAt: timetypes.NewRFC3339Null(),
	}
}

// listedWindowName is a window's title, state and times in the API's zone.
func listedWindowName(m maintenanceapi.Maintenance, loc *time.Location) string {
	at := func(t time.Time) string { return t.In(loc).Format(time.RFC3339) }
	return fmt.Sprintf("%s (%s, %s to %s)", m.Title, m.Status, at(m.Start), at(m.End))
}

func uniqueIDs(ids []string) []string {
	seen := map[string]bool{}
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
