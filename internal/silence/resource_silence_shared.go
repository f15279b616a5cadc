package silence

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
)

// What o11y_silence and o11y_silence_schedule share.

// backendResource is what the silence resources share: the provider's data
// and the backend chosen from it in Configure.
type backendResource struct {
	// name is the resource type, for the diagnostic of a missing backend.
	name string
	data *providerdata.Data
	b    backend
}

func (r *backendResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	d, diags := providerdata.From(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	r.data, r.b = d, newBackend(d)
}

// ready reports whether a silence API is configured, and says what to
// configure when none is.
func (r *backendResource) ready(diags *diag.Diagnostics) bool {
	return apiReady(r.b, r.data, r.name, diags)
}

// The descriptions of a label matcher's attributes, for every silence type.
const (
	matcherNameDesc    = "The label name, such as `alertname`, `severity` or Grafana's `__alert_rule_uid__`."
	matcherValueDesc   = "The label value, or an RE2 regular expression when `is_regex` is true (anchored at both ends, as Alertmanager does)."
	matcherIsRegexDesc = "Whether `value` is a regular expression (`=~` / `!~`). Defaults to `false`."
	matcherIsEqualDesc = "Whether the matcher is positive (`=` / `=~`); `false` makes it negative (`!=` / `!~`). Defaults to `true`."
)

// configuredMatcherAttributes are the attributes of one label matcher, of the
// resource and the schedule alike.
func configuredMatcherAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"name": schema.StringAttribute{
			Required:            true,
			MarkdownDescription: matcherNameDesc,
			Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
		},
		"value": schema.StringAttribute{
			Required:            true,
			MarkdownDescription: matcherValueDesc,
		},
		"is_regex": schema.BoolAttribute{
			Optional: true, Computed: true, Default: booldefault.StaticBool(false),
			MarkdownDescription: matcherIsRegexDesc,
		},
		"is_equal": schema.BoolAttribute{
			Optional: true, Computed: true, Default: booldefault.StaticBool(true),
			MarkdownDescription: matcherIsEqualDesc,
		},
	}
}
