package validators

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// NotBlank refuses an empty or all-space string. example is a value the
// user could write instead.
func NotBlank(example string) validator.String { return notBlank{example: example} }

type notBlank struct{ example string }

func (notBlank) Description(context.Context) string { return "must not be empty" }

func (v notBlank) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v notBlank) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if strings.TrimSpace(req.ConfigValue.ValueString()) == "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Empty "+req.Path.String(),
			fmt.Sprintf("%s is empty; the API requires a value, such as %q.", req.Path, v.example))
	}
}
