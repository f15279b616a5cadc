package silence

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
)

// silenceAPI is what every configured silence type holds: the provider's
// data and the backend chosen from it once, in Configure.
type silenceAPI struct {
	// what names the type, for the diagnostic of a missing backend.
	what string
	data *providerdata.Data
	b    backend
}

// use takes the provider's data (nil before the provider is configured)
// and chooses the backend from it.
func (s *silenceAPI) use(providerData any, diags *diag.Diagnostics) {
	d, ds := providerdata.From(providerData)
	diags.Append(ds...)
	s.data, s.b = d, newBackend(d)
}

// ready reports whether a silence API is configured, and says what to
// configure when none is.
func (s *silenceAPI) ready(diags *diag.Diagnostics) bool {
	if s.b == nil || !s.b.configured() {
		diags.Append(notConfigured(s.data, s.what)...)
		return false
	}
	return true
}

// backendResource is the silenceAPI of o11y_silence and
// o11y_silence_schedule, configured as a resource.
type backendResource struct{ silenceAPI }

func (r *backendResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.use(req.ProviderData, &resp.Diagnostics)
}

// actionBackend is the silenceAPI of both silence actions, configured as
// an action.
type actionBackend struct{ silenceAPI }

func (a *actionBackend) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.use(req.ProviderData, &resp.Diagnostics)
}
