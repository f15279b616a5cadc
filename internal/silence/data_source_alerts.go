package silence

import (
	"context"
	"sort"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	fwdiag "github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/apidiag"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
)

var (
	_ datasource.DataSourceWithConfigure      = (*alertsDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*alertsDataSource)(nil)
)

// NewAlertsDataSource is the o11y_alerts data source: the alerts of the
// configured Alertmanager or Grafana, filtered like the silence preview.
func NewAlertsDataSource() datasource.DataSource { return &alertsDataSource{} }

type alertsDataSource struct{ data *providerdata.Data }

type alertsDataModel struct {
	Matchers  types.List   `tfsdk:"matchers"`
	Active    types.Bool   `tfsdk:"active"`
	Silenced  types.Bool   `tfsdk:"silenced"`
	Inhibited types.Bool   `tfsdk:"inhibited"`
	Receiver  types.String `tfsdk:"receiver"`
	Alerts    types.List   `tfsdk:"alerts"`
}

type alertModel struct {
	Fingerprint types.String `tfsdk:"fingerprint"`
	Labels      types.Map    `tfsdk:"labels"`
	Annotations types.Map    `tfsdk:"annotations"`
	StartsAt    types.String `tfsdk:"starts_at"`
	EndsAt      types.String `tfsdk:"ends_at"`
	State       types.String `tfsdk:"state"`
	SilencedBy  types.List   `tfsdk:"silenced_by"`
	InhibitedBy types.List   `tfsdk:"inhibited_by"`
}

var alertAttrTypes = map[string]attr.Type{
	"fingerprint": types.StringType, "labels": types.MapType{ElemType: types.StringType},
	"annotations": types.MapType{ElemType: types.StringType}, "starts_at": types.StringType, "ends_at": types.StringType,
	"state": types.StringType, "silenced_by": types.ListType{ElemType: types.StringType},
	"inhibited_by": types.ListType{ElemType: types.StringType},
}

func (d *alertsDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = alertsTypeName
}

func (d *alertsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	flag := func(what string) schema.BoolAttribute {
		return schema.BoolAttribute{Optional: true, MarkdownDescription: "Whether to include " + what + " alerts. Leave it out for the server's default (`true`)."}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The alerts of the configured Alertmanager or Grafana (flavors `grafana` and `prometheus`), " +
			"filtered by label matchers the way a silence selects them. Useful in `check` blocks and preconditions: " +
			"assert after apply that a deploy's alerts are silenced, or refuse a change while too many production alerts fire.",
		Attributes: map[string]schema.Attribute{
			"matchers": schema.ListNestedAttribute{
				Optional: true,
				MarkdownDescription: "Keep only alerts that every matcher selects, with the same shape and meaning as the matchers of " +
					"`o11y_silence` (`is_regex` and `is_equal` default to `false` and `true`).",
				NestedObject: schema.NestedAttributeObject{Attributes: matcherAttributes(false)},
			},
			"active":    flag("active"),
			"silenced":  flag("silenced"),
			"inhibited": flag("inhibited"),
			"receiver": schema.StringAttribute{Optional: true,
				MarkdownDescription: "Keep only alerts routed to a receiver whose name matches this regular expression."},
			"alerts": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The alerts found, ordered by fingerprint.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"fingerprint": schema.StringAttribute{Computed: true, MarkdownDescription: "The alert's fingerprint (a hash of its labels)."},
					"labels":      schema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The alert's labels."},
					"annotations": schema.MapAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "The alert's annotations."},
					"starts_at":   schema.StringAttribute{Computed: true, MarkdownDescription: "When the alert started firing (RFC 3339)."},
					"ends_at":     schema.StringAttribute{Computed: true, MarkdownDescription: "When the alert resolves unless it is sent again (RFC 3339)."},
					"state":       schema.StringAttribute{Computed: true, MarkdownDescription: "`active`, `suppressed` (silenced or inhibited) or `unprocessed`."},
					"silenced_by": schema.ListAttribute{Computed: true, ElementType: types.StringType,
						MarkdownDescription: "Ids of the silences that mute the alert."},
					"inhibited_by": schema.ListAttribute{Computed: true, ElementType: types.StringType,
						MarkdownDescription: "Fingerprints of the alerts that inhibit it."},
				}},
			},
		},
	}
}

func (d *alertsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := providerdata.From(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.data = data
}

func (d *alertsDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var cfg alertsDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkFilterMatchers(ctx, cfg.Matchers)...)
}

func optBool(b types.Bool) *bool {
	if b.IsNull() || b.IsUnknown() {
		return nil
	}
	v := b.ValueBool()
	return &v
}

func (d *alertsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg alertsDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, diags := d.data.AlertmanagerClient("data.o11y_alerts")
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ms, _, diags := expandMatchers(ctx, cfg.Matchers)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	alerts, _, err := c.Alerts(ctx, alertmanager.AlertFilter{Matchers: ms, Active: optBool(cfg.Active),
		Silenced: optBool(cfg.Silenced), Inhibited: optBool(cfg.Inhibited), Receiver: cfg.Receiver.ValueString()})
	if err != nil {
		resp.Diagnostics.AddError("Unable to list alerts", apidiag.Detail(err, "alert", alertmanagerHints))
		return
	}
	sort.Slice(alerts, func(i, j int) bool { return alerts[i].Fingerprint < alerts[j].Fingerprint })
	items := make([]alertModel, 0, len(alerts))
	for _, a := range alerts {
		m, diags := flattenAlert(ctx, a)
		resp.Diagnostics.Append(diags...)
		items = append(items, m)
	}
	l, diags := types.ListValueFrom(ctx, types.ObjectType{AttrTypes: alertAttrTypes}, items)
	resp.Diagnostics.Append(diags...)
	cfg.Alerts = l
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}

func flattenAlert(ctx context.Context, a alertmanager.Alert) (alertModel, fwdiag.Diagnostics) {
	var all fwdiag.Diagnostics
	labels, d1 := types.MapValueFrom(ctx, types.StringType, nonNilMap(a.Labels))
	annotations, d2 := types.MapValueFrom(ctx, types.StringType, nonNilMap(a.Annotations))
	silencedBy, d3 := types.ListValueFrom(ctx, types.StringType, nonNilSlice(a.SilencedBy))
	inhibitedBy, d4 := types.ListValueFrom(ctx, types.StringType, nonNilSlice(a.InhibitedBy))
	for _, d := range []fwdiag.Diagnostics{d1, d2, d3, d4} {
		all.Append(d...)
	}
	ts := func(t time.Time) types.String {
		if t.IsZero() {
			return types.StringNull()
		}
		return types.StringValue(t.UTC().Format(time.RFC3339Nano))
	}
	return alertModel{Fingerprint: types.StringValue(a.Fingerprint), Labels: labels, Annotations: annotations,
		StartsAt: ts(a.StartsAt), EndsAt: ts(a.EndsAt), State: types.StringValue(a.State),
		SilencedBy: silencedBy, InhibitedBy: inhibitedBy}, all
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func nonNilSlice(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

const alertsTypeName = "o11y_alerts"
