package alertmanager_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
)

func TestParseFilter(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in      string
		want    alertmanager.Matcher
		wantErr string
	}{
		{in: `alertname="DiskFull"`, want: op("alertname", "=", "DiskFull")},
		{in: `severity=~"crit.*"`, want: op("severity", "=~", "crit.*")},
		{in: `env!="dev"`, want: op("env", "!=", "dev")},
		{in: `job!~"node|blackbox"`, want: op("job", "!~", "node|blackbox")},
		{in: `  team = "sre" `, want: op("team", "=", "sre")},
		{in: `severity=critical`, want: op("severity", "=", "critical")},
		{in: `severity=`, want: op("severity", "=", "")},
		{in: `severity=""`, want: op("severity", "=", "")},
		// The classic parser's escapes; any other backslash is literal.
		{in: `instance=~"web-\d+"`, want: op("instance", "=~", `web-\d+`)},
		{in: `instance=~"web-\\d+"`, want: op("instance", "=~", `web-\d+`)},
		{in: `msg="say \"hi\"\nbye"`, want: op("msg", "=", "say \"hi\"\nbye")},
		{in: `msg="a, b {c}"`, want: op("msg", "=", "a, b {c}")},
		{in: `"service.name"="api"`, want: op("service.name", "=", "api")},
		{in: `"a b"!="x"`, want: op("a b", "!=", "x")},
		{in: `service.name="api"`, want: op("service.name", "=", "api")},
		{in: `서비스="결제"`, want: op("서비스", "=", "결제")},
		{in: ``, wantErr: "empty"},
		{in: `   `, wantErr: "empty"},
		{in: `alertname`, wantErr: "no operator"},
		{in: `="x"`, wantErr: "label name is missing"},
		{in: `a b="x"`, wantErr: "has a space"},
		{in: `alertname=="x"`, wantErr: `has a space, quote`},
		{in: `alertname<"x"`, wantErr: "no operator"},
		{in: `alertname~"x"`, wantErr: "not one of"},
		{in: `alertname="x`, wantErr: "closing double quote"},
		{in: `alertname="x", severity="y"`, wantErr: "one matcher per string"},
		{in: `alertname=x,severity=y`, wantErr: "double-quote it"},
		{in: `alertname=two words`, wantErr: "double-quote it"},
		{in: `"unclosed=x`, wantErr: "not closed"},
	} {
		got, err := alertmanager.ParseFilter(tc.in)
		switch {
		case tc.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParseFilter(%q) = %+v, %v; want an error with %q", tc.in, got, err, tc.wantErr)
			}
		case err != nil:
			t.Errorf("ParseFilter(%q): %v", tc.in, err)
		case got != tc.want:
			t.Errorf("ParseFilter(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

// FuzzParseFilter: ParseFilter reads back exactly the matcher FilterString
// wrote, so a filter the user copies from a query's output (or from
// Alertmanager's UI) selects the same matcher the request sends.
func FuzzParseFilter(f *testing.F) {
	for _, m := range []alertmanager.Matcher{
		op("alertname", "=", "HighLatency"), op("instance", "=~", `web-\d+`), op("severity", "!=", "info"),
		op("job", "!~", ".+"), op("msg", "=", "say \"hi\"\n"+`C:\path\`), op("service.name", "=", "api"),
		op("a b", "=", "\t tab"), op("x", "=", "=~\"}{,"), op("1abc", "=", ""), op("\"q\"", "=", "\\"),
	} {
		f.Add(m.Name, m.Value, m.IsRegex, m.IsEqual)
	}
	f.Fuzz(func(t *testing.T, name, value string, isRegex, isEqual bool) {
		if name == "" || !utf8.ValidString(name) || !utf8.ValidString(value) {
			return // Terraform strings are valid UTF-8; a matcher has a name
		}
		m := alertmanager.Matcher{Name: name, Value: value, IsRegex: isRegex, IsEqual: isEqual}
		enc := alertmanager.FilterString(m)
		got, err := alertmanager.ParseFilter(enc)
		if err != nil || got != m {
			t.Fatalf("ParseFilter(FilterString(%+v) = %q) = %+v, %v", m, enc, got, err)
		}
	})
}
