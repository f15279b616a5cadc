package validators

import (
	"context"
	"fmt"
	"time"
	// The IANA database is compiled in, so zone names work where the
	// operating system has no zoneinfo (Windows, distroless images).
	_ "time/tzdata"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// TimeZone accepts an IANA time zone name such as "Asia/Seoul".
func TimeZone() validator.String { return timeZone{} }

type timeZone struct{}

func (timeZone) Description(context.Context) string {
	return "must be an IANA time zone such as UTC or Asia/Seoul"
}

func (v timeZone) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (timeZone) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := LoadZone(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid time zone", err.Error())
	}
}

// LoadZone loads an IANA zone with the database compiled into the
// provider. "Local" is refused: it means whatever machine runs Terraform.
func LoadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("%q is not an IANA time zone; use a name such as \"UTC\" or \"Asia/Seoul\"", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%q is not an IANA time zone; use a name such as \"UTC\" or \"Asia/Seoul\"", name)
	}
	return loc, nil
}
