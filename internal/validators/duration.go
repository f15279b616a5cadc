package validators

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Bounds of an ephemeral window's max_duration: how long the window lasts
// at most if the run dies before it closes the window.
const (
	MinMaxDuration = time.Minute
	MaxMaxDuration = 24 * time.Hour
)

// DurationRule is what a duration attribute accepts.
type DurationRule struct {
	// Attr names the attribute in messages ("duration", "max_duration").
	Attr string
	// Lower and Upper bound the duration; a zero Upper means no upper
	// bound, and the duration must then only be positive.
	Lower, Upper time.Duration
	// WholeMinutes refuses seconds, for APIs that keep minutes only; Noun
	// names that API's object ("maintenance").
	WholeMinutes bool
	Noun         string
	// Why is said when the value is out of bounds.
	Why string
}

// MaxDurationRule is the max_duration of an ephemeral window of noun.
func MaxDurationRule(noun string, wholeMinutes bool) DurationRule {
	return DurationRule{
		Attr: "max_duration", Lower: MinMaxDuration, Upper: MaxMaxDuration, WholeMinutes: wholeMinutes, Noun: noun,
		Why: "It bounds how long the " + noun + " lasts if the run dies; a long apply is renewed and can outlast it",
	}
}

// Parse reads s under the rule. The error says what to write instead.
func (r DurationRule) Parse(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	switch {
	case err != nil:
		return 0, fmt.Errorf("%q is not a duration; write it like \"30m\", \"2h\" or \"1h30m\" (units: s, m, h)", s)
	case r.Upper == 0 && d <= 0:
		return 0, fmt.Errorf("%s is %q; it needs a positive duration such as \"30m\" or \"2h\"", r.Attr, s)
	case r.Upper > 0 && (d < r.Lower || d > r.Upper):
		msg := fmt.Sprintf("%s is %q; it must be between %s and %s, such as \"30m\"", r.Attr, s, Short(r.Lower), Short(r.Upper))
		if r.Why != "" {
			msg += ". " + r.Why
		}
		return 0, fmt.Errorf("%s", msg)
	case r.WholeMinutes && d%time.Minute != 0:
		return 0, fmt.Errorf("%s is %q, but the %s API keeps whole minutes; use a whole number of minutes such as %q",
			r.Attr, s, r.Noun, Short(d-d%time.Minute+time.Minute))
	}
	return d, nil
}

// Validator checks the rule at plan time.
func (r DurationRule) Validator() validator.String { return durationValidator{r} }

// PositiveDuration accepts a Go duration greater than zero.
func PositiveDuration(attr string) validator.String {
	return DurationRule{Attr: attr}.Validator()
}

type durationValidator struct{ rule DurationRule }

func (v durationValidator) Description(context.Context) string {
	r := v.rule
	switch {
	case r.Upper > 0 && r.WholeMinutes:
		return fmt.Sprintf("a whole number of minutes between %s and %s, such as \"30m\"", Short(r.Lower), Short(r.Upper))
	case r.Upper > 0:
		return fmt.Sprintf("a duration between %s and %s, such as \"30m\"", Short(r.Lower), Short(r.Upper))
	}
	return "a positive duration such as \"2h\" or \"90m\""
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if _, err := time.ParseDuration(s); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration", err.Error()+".")
		return
	}
	if _, err := v.rule.Parse(s); err != nil {
		summary := "Invalid " + v.rule.Attr
		if v.rule.Upper == 0 {
			summary = "Duration must be positive"
		}
		resp.Diagnostics.AddAttributeError(req.Path, summary, err.Error()+".")
	}
}

// Short renders a duration without zero units: 24h, 1m, 1h30m.
func Short(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}
