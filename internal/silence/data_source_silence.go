package silence

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/apidiag"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
)

var (
	_ datasource.DataSource              = (*silenceDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*silenceDataSource)(nil)
)

// NewSilenceDataSource is the o11y_silence data source (one silence by id).
func NewSilenceDataSource() datasource.DataSource { return &silenceDataSource{} }

type silenceDataSource struct {
	data *providerdata.Data
	b    backend
}

func (d *silenceDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = typeName
}

func (d *silenceDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := silenceAttributes()
	attrs["id"] = schema.StringAttribute{Required: true, MarkdownDescription: "The id of the silence to read, expired ones included " +
		"(on Alertmanager until the server garbage-collects them, 5 days after their end by default; the Alert Silence API keeps them until they are deleted)."}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one silence by id from Grafana's Alertmanager, a Prometheus Alertmanager, or the Alert Silence API " +
			"(which has no get-by-id: the provider lists the silences and finds the id).",
		Attributes: attrs,
	}
}

func (d *silenceDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := providerdata.From(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.data, d.b = data, newBackend(data)
}

func (d *silenceDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg silenceDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !d.b.configured() {
		resp.Diagnostics.Append(notConfigured(d.data, "data.o11y_silence")...)
		return
	}
	id := cfg.ID.ValueString()
	s, _, err := d.b.get(ctx, id)
	if err != nil {
		detail := apidiag.Detail(err, "silence", d.b.hints())
		if api.IsNotFound(err) {
			detail = d.b.notFound(id) + "\n\n" + detail
		}
		resp.Diagnostics.AddError("Unable to read silence", detail)
		return
	}
	out, diags := flattenData(s)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, out)...)
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
		"matchers": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "The silence's label matchers, in the server's order (null on the Alert Silence API).",
			NestedObject: schema.NestedAttributeObject{Attributes: matcherAttributes(true)}},
		"source_type":       schema.StringAttribute{Computed: true, MarkdownDescription: "The alert source type the silence applies to (Alert Silence API only; null on Alertmanager)."},
		"source_id_pattern": schema.StringAttribute{Computed: true, MarkdownDescription: "The source id or `*` pattern the silence applies to (Alert Silence API only; null on Alertmanager)."},
		"starts_at":         schema.StringAttribute{CustomType: timetypes.RFC3339Type{}, Computed: true, MarkdownDescription: "When the silence starts (RFC 3339)."},
		"ends_at":           schema.StringAttribute{CustomType: timetypes.RFC3339Type{}, Computed: true, MarkdownDescription: "When the silence ends or ended (RFC 3339)."},
		"comment":           schema.StringAttribute{Computed: true, MarkdownDescription: "The silence's comment (the `reason` on the Alert Silence API)."},
		"created_by":        schema.StringAttribute{Computed: true, MarkdownDescription: "Who created the silence."},
		"status":            schema.StringAttribute{Computed: true, MarkdownDescription: "`pending`, `active` or `expired`, by the server's clock."},
		"updated_at":        schema.StringAttribute{CustomType: timetypes.RFC3339Type{}, Computed: true, MarkdownDescription: "When the server last changed the silence (on the Alert Silence API: when it was created)."},
	}
}
