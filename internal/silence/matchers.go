package silence

import (
	"fmt"
	"regexp"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
)

// MatcherProblem is one plan-time error about matchers. Index is the
// matcher's position, or -1 when the problem concerns the whole list.
type MatcherProblem struct {
	Index   int
	Summary string
	Detail  string
}

// broadProbes are label values a "match everything" regex matches.
var broadProbes = []string{"a", "Z", "0", "alert_name", "Foo-Bar.baz", "x y", "üñí", "__alert_rule_uid__", "k8s/prod:9090"}

// CheckMatchers applies Alertmanager's own silence validation (RE2 regexes,
// a name, at least one matcher that does not match the empty string) plus
// the provider's guard against silences that mute almost everything.
func CheckMatchers(ms []alertmanager.Matcher, allowBroad bool) []MatcherProblem {
	var out []MatcherProblem
	if len(ms) == 0 {
		return []MatcherProblem{{Index: -1, Summary: "No matchers", Detail: "A silence needs at least one matcher, such as `{ name = \"alertname\", value = \"HighLatency\" }`."}}
	}
	allMatchEmpty, allBroad, valid := true, true, true
	for i, m := range ms {
		if m.Name == "" {
			out = append(out, MatcherProblem{Index: i, Summary: "Empty matcher name",
				Detail: fmt.Sprintf("Matcher %d has an empty `name`; set the label name to match, such as \"alertname\".", i)})
			valid = false
		}
		var re *regexp.Regexp
		if m.IsRegex {
			var err error
			// Alertmanager anchors regex matchers: ^(?:value)$.
			re, err = regexp.Compile("^(?:" + m.Value + ")$")
			if err != nil {
				out = append(out, MatcherProblem{Index: i, Summary: "Invalid regular expression",
					Detail: fmt.Sprintf("Matcher %d (%s) is not a valid RE2 regular expression: %v. Fix the pattern, or set `is_regex = false` to match the value literally.", i, m.String(), err)})
				valid = false
				continue
			}
		}
		allMatchEmpty = allMatchEmpty && matchesEmpty(m, re)
		allBroad = allBroad && isBroad(m, re)
	}
	if !valid {
		return out
	}
	if allMatchEmpty {
		return append(out, MatcherProblem{Index: -1, Summary: "Every matcher matches the empty string",
			Detail: "Alertmanager requires at least one matcher that does not match the empty string (a label that must be present), " +
				"such as `alertname = \"HighLatency\"` or `service =~ \"api-.+\"`. Matchers like `value = \"\"` or `=~ \".*\"` match alerts without the label."})
	}
	if allBroad && !allowBroad {
		return append(out, MatcherProblem{Index: -1, Summary: "Silence would match almost every alert",
			Detail: "Every matcher is negative (`is_equal = false`) or a regex that matches any value (such as `.+`), so this silence would mute nearly all alerts. " +
				"Add a positive matcher that names what to silence, such as `{ name = \"alertname\", value = \"HighLatency\" }`, or set `allow_broad = true` if muting everything is intended."})
	}
	return out
}

// matchesEmpty mirrors Alertmanager's rule (silence.matchesEmpty): only
// positive matchers count; a negative matcher never "matches empty" there.
func matchesEmpty(m alertmanager.Matcher, re *regexp.Regexp) bool {
	if !m.IsEqual {
		return false
	}
	if m.IsRegex {
		return re.MatchString("")
	}
	return m.Value == ""
}

// isBroad reports whether a matcher lets (nearly) every alert through:
// negative matchers, and positive regexes that match any non-empty value.
func isBroad(m alertmanager.Matcher, re *regexp.Regexp) bool {
	if !m.IsEqual {
		return true
	}
	if !m.IsRegex {
		return m.Value == ""
	}
	for _, p := range broadProbes {
		if !re.MatchString(p) {
			return false
		}
	}
	return true
}
