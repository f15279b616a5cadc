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
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertsilence"
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
	Matchers        types.List   `tfsdk:"matchers"`
	SourceType      types.String `tfsdk:"source_type"`
	SourceIDPattern types.String `tfsdk:"source_id_pattern"`
	State           types.String `tfsdk:"state"`
	Silences        types.List   `tfsdk:"silences"`
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

func (d *silenceDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = "o11y_silence"
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
	d.data = data
}

func (d *silenceDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg silenceDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if d.data != nil && d.data.AlertSilence != nil {
		s, now, err := d.data.AlertSilence.Get(ctx, cfg.ID.ValueString())
		if err != nil {
			detail := errDetail(err)
			if api.IsNotFound(err) {
				detail = fmt.Sprintf("No silence %q is listed by the Alert Silence API (it may never have existed, or was deleted).\n\n%s", cfg.ID.ValueString(), detail)
			}
			resp.Diagnostics.AddError("Unable to read silence", detail)
			return
		}
		if now.IsZero() {
			now = d.data.AlertSilence.ServerTime(d.data.Clock())
		}
		resp.Diagnostics.Append(resp.State.Set(ctx, flattenDataAlertSilence(s, now))...)
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
	if d.data != nil && d.data.AlertSilence != nil {
		d.readAlertSilence(ctx, cfg, resp)
		return
	}
	c, diags := d.data.AlertmanagerClient("data.o11y_silences")
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	for _, a := range []struct {
		name string
		v    types.String
	}{{"source_type", cfg.SourceType}, {"source_id_pattern", cfg.SourceIDPattern}} {
		if !a.v.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root(a.name), a.name+" needs the alert-silence flavor",
				fmt.Sprintf("The provider's `alertmanager.flavor` is %q, an Alertmanager: filter its silences by `matchers` instead. "+
					"`matchers` are for the flavors \"grafana\" and \"prometheus\"; `source_type` and `source_id_pattern` are for \"alert-silence\".", c.Flavor()))
		}
	}
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

// readAlertSilence lists the Alert Silence API's silences: the server's
// active list for state "active", else the full list (shared with the
// resource reads of the same operation), filtered by source and state.
func (d *silencesDataSource) readAlertSilence(ctx context.Context, cfg silencesDataModel, resp *datasource.ReadResponse) {
	c := d.data.AlertSilence
	if !cfg.Matchers.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("matchers"), "matchers need the grafana or prometheus flavor",
			"The provider's `alertmanager.flavor` is \"alert-silence\": filter its silences by `source_type` and `source_id_pattern` instead. "+
				"`matchers` are for the flavors \"grafana\" and \"prometheus\"; `source_type` and `source_id_pattern` are for \"alert-silence\".")
		return
	}
	var list alertsilence.List
	var err error
	if cfg.State.ValueString() == alertmanager.StateActive {
		list, err = c.ListActive(ctx)
	} else {
		list, err = c.ListAllCached(ctx)
	}
	if err != nil {
		resp.Diagnostics.AddError("Unable to list silences", errDetail(err))
		return
	}
	now := list.Now
	if now.IsZero() {
		now = c.ServerTime(d.data.Clock())
	}
	items := make([]silenceDataModel, 0, len(list.Silences))
	for _, s := range list.Silences {
		if !cfg.SourceType.IsNull() && s.SourceType != cfg.SourceType.ValueString() ||
			!cfg.SourceIDPattern.IsNull() && s.SourceIDPattern != cfg.SourceIDPattern.ValueString() {
			continue
		}
		m := flattenDataAlertSilence(s, now)
		// The server's active list is its own verdict; the others are ours.
		if cfg.State.ValueString() == alertmanager.StateActive {
			m.Status = types.StringValue(alertmanager.StateActive)
		} else if !cfg.State.IsNull() && m.Status.ValueString() != cfg.State.ValueString() {
			continue
		}
		items = append(items, m)
	}
	l, diags := types.ListValueFrom(ctx, types.ObjectType{AttrTypes: silenceDataAttrTypes}, items)
	resp.Diagnostics.Append(diags...)
	cfg.Silences = l
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}
