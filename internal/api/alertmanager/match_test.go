package alertmanager_test

import (
	"testing"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
)

// op builds a matcher from PromQL-style operator text.
func op(name, operator, value string) alertmanager.Matcher {
	m := alertmanager.Matcher{Name: name, Value: value}
	switch operator {
	case "=":
		m.IsEqual = true
	case "=~":
		m.IsEqual, m.IsRegex = true, true
	case "!~":
		m.IsRegex = true
	case "!=":
	default:
		panic("operator " + operator)
	}
	return m
}

func TestMatcher_Matches(t *testing.T) {
	t.Parallel()
	labels := map[string]string{
		"alertname": "HighCPU", "instance": "web-1.example.com:9100", "severity": "critical",
		"service.name": "checkout", "région": "île-de-France", "名前": "東京", "msg": "line1\nline2",
		"path": `C:\data "main"`, "k8s.io/app": "api", "with space": "x y",
	}
	for _, tc := range []struct {
		m    alertmanager.Matcher
		want bool
	}{
		// equality, exact and case-sensitive
		{op("alertname", "=", "HighCPU"), true},
		{op("alertname", "=", "highcpu"), false},
		{op("alertname", "!=", "HighCPU"), false},
		{op("alertname", "!=", "LowCPU"), true},
		{op("path", "=", `C:\data "main"`), true},
		// a missing label has the value ""
		{op("team", "=", ""), true},
		{op("team", "!=", ""), false},
		{op("team", "=", "ops"), false},
		{op("team", "!=", "ops"), true},
		{op("alertname", "=", ""), false},
		{op("alertname", "!=", ""), true},
		// regexes are anchored at both ends
		{op("instance", "=~", "web-1"), false},
		{op("instance", "=~", `web-1\.example\.com:9100`), true},
		{op("instance", "=~", `web-\d+\..*`), true},
		{op("instance", "=~", "example"), false},
		{op("instance", "=~", ".*example.*"), true},
		{op("severity", "=~", "crit|warning"), false}, // ^(?:crit|warning)$, not ^crit|warning$
		{op("severity", "=~", "warning|crit.*"), true},
		{op("severity", "=~", "^critical$"), true},
		{op("severity", "!~", "crit|warning"), true},
		{op("severity", "=~", "(?i)CRITICAL"), true},
		{op("severity", "=~", "CRITICAL"), false},
		// regexes on a missing label see ""
		{op("team", "=~", ".*"), true},
		{op("team", "=~", ".+"), false},
		{op("team", "!~", ".+"), true},
		{op("team", "=~", "|ops"), true},
		{op("team", "!~", ""), false},
		{op("team", "=~", ""), true},
		{op("alertname", "=~", ""), false},
		{op("alertname", "!~", ""), true},
		// `.` stops at a newline unless (?s)
		{op("msg", "=~", ".*"), false},
		{op("msg", "=~", "(?s).*"), true},
		{op("msg", "=~", "line1\nline2"), true},
		{op("msg", "!~", "line1.line2"), true},
		// UTF-8 label names and values
		{op("service.name", "=", "checkout"), true},
		{op("région", "=~", "île-.*"), true},
		{op("名前", "=", "東京"), true},
		{op("名前", "=~", `\p{Han}+`), true},
		{op("名前", "=~", `\p{Latin}+`), false},
		{op("k8s.io/app", "!=", "api"), false},
		{op("with space", "=", "x y"), true},
		{op("service", "=", "checkout"), false}, // names compare byte for byte
		// a regex that does not compile matches nothing, either way
		{op("alertname", "=~", "(unclosed"), false},
		{op("alertname", "!~", "(unclosed"), false},
	} {
		if got := tc.m.Matches(labels); got != tc.want {
			t.Errorf("%s on %v = %v, want %v", alertmanager.FilterString(tc.m), labels, got, tc.want)
		}
		set, err := alertmanager.CompileMatchers([]alertmanager.Matcher{tc.m})
		if err != nil {
			if tc.m.IsRegex && tc.want == false {
				continue
			}
			t.Fatalf("CompileMatchers(%s): %v", alertmanager.FilterString(tc.m), err)
		}
		if got := set.Matches(labels); got != tc.want {
			t.Errorf("set {%s} = %v, want %v", alertmanager.FilterString(tc.m), got, tc.want)
		}
	}
}

func TestMatcherSet_allMustMatch(t *testing.T) {
	t.Parallel()
	labels := map[string]string{"alertname": "HighCPU", "instance": "web-1"}
	for _, tc := range []struct {
		ms   []alertmanager.Matcher
		want bool
	}{
		{nil, true},
		{[]alertmanager.Matcher{op("alertname", "=", "HighCPU"), op("instance", "=~", "web-.*")}, true},
		{[]alertmanager.Matcher{op("alertname", "=", "HighCPU"), op("instance", "!~", "web-.*")}, false},
		{[]alertmanager.Matcher{op("alertname", "=", "HighCPU"), op("team", "=", "")}, true},
		{[]alertmanager.Matcher{op("alertname", "=", "HighCPU"), op("team", "=", ""), op("instance", "=", "web-2")}, false},
	} {
		set, err := alertmanager.CompileMatchers(tc.ms)
		if err != nil {
			t.Fatal(err)
		}
		if got := set.Matches(labels); got != tc.want {
			t.Errorf("%v = %v, want %v", tc.ms, got, tc.want)
		}
	}
	if _, err := alertmanager.CompileMatchers([]alertmanager.Matcher{op("a", "=", "b"), op("x", "!~", "a(")}); err == nil {
		t.Fatal("an invalid regex compiled")
	}
}
