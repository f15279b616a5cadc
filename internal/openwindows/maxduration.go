package openwindows

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Bounds of max_duration: how long an ephemeral window lasts at most if the
// run dies before it closes the window.
const (
	MinDuration = time.Minute
	MaxDuration = 24 * time.Hour
)

// ParseMaxDuration reads max_duration within the bounds. noun names the
// window in errors; wholeMinutes is for APIs that keep minutes only.
func ParseMaxDuration(s, noun string, wholeMinutes bool) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
		return 0, fmt.Errorf("%q is not a duration; write it like \"30m\", \"2h\" or \"1h30m\"", s)
	case d < MinDuration || d > MaxDuration:
		return 0, fmt.Errorf("max_duration is %q; it must be between 1m and 24h, such as \"30m\". "+
			"It bounds how long the %s lasts if the run dies; a long apply is renewed and can outlast it", s, noun)
	case wholeMinutes && d%time.Minute != 0:
		return 0, fmt.Errorf("max_duration is %q, but the %s API keeps whole minutes; use a whole number of minutes such as %q", s, noun,
			(d - d%time.Minute + time.Minute).String())
	}
	return d, nil
}

// MaxDurationValidator checks max_duration at plan time with
// ParseMaxDuration.
type MaxDurationValidator struct {
	Noun         string
	WholeMinutes bool
}

func (v MaxDurationValidator) Description(context.Context) string {
	if v.WholeMinutes {
		return "a whole number of minutes between 1m and 24h, such as \"30m\""
	}
	return "a duration between 1m and 24h, such as \"30m\""
}

func (v MaxDurationValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v MaxDurationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := ParseMaxDuration(req.ConfigValue.ValueString(), v.Noun, v.WholeMinutes); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid max_duration", err.Error()+".")
	}
}
