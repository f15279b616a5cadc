package silence

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

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
