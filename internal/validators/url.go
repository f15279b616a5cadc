package validators

import (
	"context"
	"fmt"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// HTTPURL accepts an absolute http:// or https:// URL that names a host.
// summary is the error's title ("Invalid URL", "Invalid webhook URL") and
// example a URL the user could write instead.
func HTTPURL(summary, example string) validator.String {
	return urlValidator{summary: summary, example: example}
}

type urlValidator struct{ summary, example string }

func (urlValidator) Description(context.Context) string {
	return "must be an absolute URL starting with http:// or https://"
}

func (v urlValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v urlValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if !IsHTTPURL(req.ConfigValue.ValueString()) {
		// The value is not repeated: a webhook URL may carry a token.
		resp.Diagnostics.AddAttributeError(req.Path, v.summary,
			fmt.Sprintf("%s is not an absolute URL: it must start with http:// or https:// and name a host, such as %q.", req.Path, v.example))
	}
}

// IsHTTPURL reports whether s is an absolute http(s) URL with a host name
// ("http://:8080" has a port but no host).
func IsHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Hostname() != ""
}
