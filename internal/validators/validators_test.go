package validators_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/validators"
)

// validate runs v on value at path p and returns the error summaries and
// details it reported ("" summary: no error).
func validate(t *testing.T, v validator.String, p path.Path, value types.String) (summary, detail string) {
	t.Helper()
	var resp validator.StringResponse
	v.ValidateString(context.Background(), validator.StringRequest{Path: p, ConfigValue: value}, &resp)
	errs := resp.Diagnostics.Errors()
	switch len(errs) {
	case 0:
		return "", ""
	case 1:
		if wp, ok := errs[0].(diag.DiagnosticWithPath); !ok || !wp.Path().Equal(p) {
			t.Errorf("error at %v, want the attribute's path %v", errs[0], p)
		}
		return errs[0].Summary(), errs[0].Detail()
	}
	t.Fatalf("%d errors for one value: %v", len(errs), errs)
	return "", ""
}

func TestValidators_skipNullAndUnknown(t *testing.T) {
	t.Parallel()
	for name, v := range map[string]validator.String{
		"PositiveDuration": validators.PositiveDuration("duration"),
		"MaxDurationRule":  validators.MaxDurationRule("silence", false).Validator(),
		"HTTPURL":          validators.HTTPURL("Invalid URL", "https://grafana.example.com"),
		"TimeZone":         validators.TimeZone(),
		"NotBlank":         validators.NotBlank("a comment"),
	} {
		for _, val := range []types.String{types.StringNull(), types.StringUnknown()} {
			if s, d := validate(t, v, path.Root("x"), val); s != "" {
				t.Errorf("%s on %v: %s: %s", name, val, s, d)
			}
		}
		ctx := context.Background()
		if v.Description(ctx) == "" || v.MarkdownDescription(ctx) != v.Description(ctx) {
			t.Errorf("%s: descriptions %q / %q", name, v.Description(ctx), v.MarkdownDescription(ctx))
		}
	}
}

func TestDurationRule_Parse(t *testing.T) {
	t.Parallel()
	positive := validators.DurationRule{Attr: "duration"}
	maxSilence := validators.MaxDurationRule("silence", false)
	maxMaint := validators.MaxDurationRule("maintenance", true)
	cases := []struct {
		name string
		rule validators.DurationRule
		in   string
		want time.Duration
		err  string // substring of the error; "" = no error
	}{
		{"positive", positive, "90m", 90 * time.Minute, ""},
		{"fraction", positive, "1.5h", 90 * time.Minute, ""},
		{"zero", positive, "0s", 0, `duration is "0s"; it needs a positive duration`},
		{"negative", positive, "-1h", 0, `it needs a positive duration`},
		{"not a duration", positive, "2 days", 0, `"2 days" is not a duration; write it like "30m"`},
		{"empty", positive, "", 0, `"" is not a duration`},
		{"lower bound", maxSilence, "1m", time.Minute, ""},
		{"upper bound", maxSilence, "24h", 24 * time.Hour, ""},
		{"below", maxSilence, "59s", 0, `max_duration is "59s"; it must be between 1m and 24h, such as "30m". It bounds how long the silence lasts`},
		{"above", maxSilence, "25h", 0, `between 1m and 24h`},
		{"seconds allowed", maxSilence, "90s", 90 * time.Second, ""},
		{"whole minutes", maxMaint, "30m", 30 * time.Minute, ""},
		{"seconds refused", maxMaint, "90s", 0, `the maintenance API keeps whole minutes; use a whole number of minutes such as "2m"`},
		{"seconds rounded up", maxMaint, "1h30m1s", 0, `such as "1h31m"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := tc.rule.Parse(tc.in)
			switch {
			case tc.err == "" && err != nil:
				t.Fatalf("Parse(%q) = %v", tc.in, err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Fatalf("Parse(%q) = %v, %v; want an error containing %q", tc.in, got, err, tc.err)
			case got != tc.want:
				t.Fatalf("Parse(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestDurationValidator(t *testing.T) {
	t.Parallel()
	p := path.Root("provider").AtName("request_timeout")
	cases := []struct {
		name    string
		v       validator.String
		in      string
		summary string
	}{
		{"valid", validators.PositiveDuration("request_timeout"), "30s", ""},
		{"not a duration", validators.PositiveDuration("request_timeout"), "soon", "Invalid duration"},
		{"zero", validators.PositiveDuration("request_timeout"), "0s", "Duration must be positive"},
		{"negative", validators.PositiveDuration("request_timeout"), "-5s", "Duration must be positive"},
		{"bounded ok", validators.MaxDurationRule("silence", false).Validator(), "2h", ""},
		{"bounded out", validators.MaxDurationRule("silence", false).Validator(), "48h", "Invalid max_duration"},
		{"bounded not a duration", validators.MaxDurationRule("silence", false).Validator(), "two hours", "Invalid duration"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, d := validate(t, tc.v, p, types.StringValue(tc.in))
			if s != tc.summary {
				t.Fatalf("%q: summary %q (%s), want %q", tc.in, s, d, tc.summary)
			}
			if s != "" && !strings.HasSuffix(d, ".") {
				t.Errorf("detail %q is not a sentence", d)
			}
		})
	}
	ctx := context.Background()
	for v, want := range map[validator.String]string{
		validators.PositiveDuration("d"):                            `a positive duration`,
		validators.MaxDurationRule("silence", false).Validator():    `a duration between 1m and 24h`,
		validators.MaxDurationRule("maintenance", true).Validator(): `a whole number of minutes between 1m and 24h`,
	} {
		if got := v.Description(ctx); !strings.Contains(got, want) {
			t.Errorf("description %q lacks %q", got, want)
		}
	}
}

func TestShort(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{
		24 * time.Hour:                  "24h",
		100 * time.Hour:                 "100h",
		time.Minute:                     "1m",
		-time.Minute:                    "-1m",
		90 * time.Minute:                "1h30m",
		time.Hour + time.Minute:         "1h1m",
		10*time.Minute + 10*time.Second: "10m10s",
		time.Hour + 5*time.Second:       "1h0m5s",
		30 * time.Second:                "30s",
		1500 * time.Millisecond:         "1.5s",
		time.Millisecond:                "1ms",
		0:                               "0s",
	} {
		if got := validators.Short(d); got != want {
			t.Errorf("Short(%v) = %q, want %q", d, got, want)
		}
		if back, err := time.ParseDuration(validators.Short(d)); err != nil || back != d {
			t.Errorf("Short(%v) = %q does not parse back: %v, %v", d, validators.Short(d), back, err)
		}
	}
}

func TestHTTPURL(t *testing.T) {
	t.Parallel()
	v := validators.HTTPURL("Invalid webhook URL", "https://hooks.example.com/alarms")
	p := path.Root("alarm_targets").AtListIndex(0).AtName("webhook_url")
	for in, ok := range map[string]bool{
		"https://hooks.example.com/alarms?token=abc": true,
		"http://127.0.0.1:8080":                      true,
		"https://user:pass@h.example.com/x":          true,
		"ftp://hooks.example.com":                    false,
		"hooks.example.com/alarms":                   false,
		"https://":                                   false,
		"http://:8080":                               false,
		"":                                           false,
		"https://h.example.com/%zz":                  false,
		"mailto:ops@example.com":                     false,
	} {
		if got := validators.IsHTTPURL(in); got != ok {
			t.Errorf("IsHTTPURL(%q) = %v, want %v", in, got, ok)
		}
		s, d := validate(t, v, p, types.StringValue(in))
		if ok != (s == "") {
			t.Errorf("%q: %q %q", in, s, d)
			continue
		}
		if ok {
			continue
		}
		if s != "Invalid webhook URL" || !strings.Contains(d, "alarm_targets[0].webhook_url is not an absolute URL: it must start with http:// or https://") ||
			!strings.Contains(d, `"https://hooks.example.com/alarms"`) {
			t.Errorf("%q: %q: %q", in, s, d)
		}
	}
	// A webhook URL may carry a token: the value is not repeated.
	if _, d := validate(t, v, p, types.StringValue("ftp://hooks.example.com/T0KEN")); strings.Contains(d, "T0KEN") {
		t.Errorf("the error repeats the value: %s", d)
	}
}

func TestNotBlank(t *testing.T) {
	t.Parallel()
	v := validators.NotBlank("planned maintenance")
	for in, ok := range map[string]bool{"x": true, " a ": true, "": false, "   ": false, "\t\n": false} {
		s, d := validate(t, v, path.Root("comment"), types.StringValue(in))
		if ok != (s == "") {
			t.Errorf("%q: %q %q", in, s, d)
		}
		if !ok && (s != "Empty comment" || !strings.Contains(d, `such as "planned maintenance"`)) {
			t.Errorf("%q: %q %q", in, s, d)
		}
	}
}

func TestTimeZone(t *testing.T) {
	t.Parallel()
	v := validators.TimeZone()
	for in, ok := range map[string]bool{
		"UTC": true, "Asia/Seoul": true, "America/New_York": true, "Etc/GMT+9": true,
		"": false, "Local": false, "Mars/Olympus": false, "asia/seoul ": false, "../../etc/passwd": false, "/etc/localtime": false, "+09:00": false,
	} {
		loc, err := validators.LoadZone(in)
		if ok != (err == nil) {
			t.Errorf("LoadZone(%q) = %v, %v", in, loc, err)
			continue
		}
		if ok && loc.String() != in {
			t.Errorf("LoadZone(%q) = %s", in, loc)
		}
		if !ok && !strings.Contains(err.Error(), `is not an IANA time zone; use a name such as "UTC" or "Asia/Seoul"`) {
			t.Errorf("LoadZone(%q): %v", in, err)
		}
		s, d := validate(t, v, path.Root("maintenance").AtName("time_zone"), types.StringValue(in))
		if ok != (s == "") || (!ok && s != "Invalid time zone") {
			t.Errorf("%q: %q %q", in, s, d)
		}
	}
}
