package silence

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
)

// checkMatcherList applies checkMatchers to the matchers of a silence and
// reports each problem at its matcher (or at the list). With the next
// function it is the one place that turns matcher problems into
// diagnostics, for every type of this package. Nothing is checked while the
// list or allowBroad is not known yet.
func checkMatcherList(ctx context.Context, l types.List, allowBroad types.Bool) diag.Diagnostics {
	ms, known, diags := expandMatchers(ctx, l)
	if !known || allowBroad.IsUnknown() || diags.HasError() {
		return diags
	}
	return append(diags, matcherDiags(checkMatchers(ms, allowBroad.ValueBool()), false)...)
}

// checkFilterMatchers checks matchers that filter (silences or alerts)
// rather than silence: only each matcher's own problems count, since a
// filter may well match the empty string.
func checkFilterMatchers(ctx context.Context, l types.List) diag.Diagnostics {
	ms, known, diags := expandMatchers(ctx, l)
	if !known || diags.HasError() {
		return diags
	}
	return append(diags, matcherDiags(checkMatchers(ms, true), true)...)
}

func matcherDiags(ps []matcherProblem, perMatcherOnly bool) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, p := range ps {
		at := path.Root("matchers")
		if p.Index >= 0 {
			at = at.AtListIndex(p.Index)
		} else if perMatcherOnly {
			continue
		}
		diags.AddAttributeError(at, p.Summary, p.Detail)
	}
	return diags
}

// matcherProblem is one plan-time error about matchers. Index is the
// matcher's position, or -1 when the problem concerns the whole list.
type matcherProblem struct {
	Index   int
	Summary string
	Detail  string
}

// broadProbes are label values a "match everything" regex matches.
var broadProbes = []string{"a", "Z", "0", "alert_name", "Foo-Bar.baz", "x y", "üñí", "__alert_rule_uid__", "k8s/prod:9090"}

// checkMatchers applies Alertmanager's own silence validation (RE2 regexes,
// a name, at least one matcher that does not match the empty string) plus
// the provider's guard against silences that mute almost everything.
func checkMatchers(ms []alertmanager.Matcher, allowBroad bool) []matcherProblem {
	var out []matcherProblem
	if len(ms) == 0 {
		return []matcherProblem{{Index: -1, Summary: "No matchers", Detail: "A silence needs at least one matcher, such as `{ name = \"alertname\", value = \"HighLatency\" }`."}}
	}
	allMatchEmpty, allBroad, valid := true, true, true
	for i, m := range ms {
		if m.Name == "" {
			out = append(out, matcherProblem{Index: i, Summary: "Empty matcher name",
				Detail: fmt.Sprintf("Matcher %d has an empty `name`; set the label name to match, such as \"alertname\".", i)})
			valid = false
		}
		var re *regexp.Regexp
		if m.IsRegex {
			var err error
			// Alertmanager anchors regex matchers: ^(?:value)$.
			re, err = regexp.Compile("^(?:" + m.Value + ")$")
			if err != nil {
				out = append(out, matcherProblem{Index: i, Summary: "Invalid regular expression",
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
		return append(out, matcherProblem{Index: -1, Summary: "Every matcher matches the empty string",
			Detail: "Alertmanager requires at least one matcher that does not match the empty string (a label that must be present), " +
				"such as `alertname = \"HighLatency\"` or `service =~ \"api-.+\"`. Matchers like `value = \"\"` or `=~ \".*\"` match alerts without the label."})
	}
	if allBroad && !allowBroad {
		return append(out, matcherProblem{Index: -1, Summary: "Silence would match almost every alert",
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

// configured reports whether a configured value is present (known or not yet).
func configured(v interface{ IsNull() bool }) bool { return !v.IsNull() }

// checkSelector is the flavor-independent part: a silence selects alerts by
// matchers or by source, not both and not neither, and a source pattern
// that matches everything needs allow_broad.
func checkSelector(cfg silenceResourceModel) diag.Diagnostics {
	var diags diag.Diagnostics
	hasM, hasT, hasP := configured(cfg.Matchers), configured(cfg.SourceType), configured(cfg.SourceIDPattern)
	const which = "Use " + attrsAlertmanager + " with the provider's `alertmanager.flavor` \"grafana\" or \"prometheus\", " +
		"and " + attrsAlertSilence + " with the flavor \"alert-silence\" (the Alert Silence API)."
	switch {
	case hasM && (hasT || hasP):
		at := path.Root("source_type")
		if !hasT {
			at = path.Root("source_id_pattern")
		}
		diags.AddAttributeError(at, "matchers and source attributes together",
			"A silence selects alerts either by label `matchers` or by `source_type` and `source_id_pattern`, not both. "+which)
	case !hasM && !hasT && !hasP:
		diags.AddAttributeError(path.Root("matchers"), "Nothing to silence",
			"Say which alerts to silence. "+which+
				" For example `matchers = [{ name = \"alertname\", value = \"HighLatency\" }]`, or `source_type = \"Equipment\"` with `source_id_pattern = \"Equipment-01\"`.")
	case !hasM && hasT != hasP:
		missing := "source_id_pattern"
		if !hasT {
			missing = "source_type"
		}
		diags.AddAttributeError(path.Root(missing), "Missing "+missing,
			"The Alert Silence API needs both "+attrsAlertSilence+", such as `source_type = \"Sensor\"` with `source_id_pattern = \"Temp-*\"`. Set `"+missing+"`.")
	}
	if !cfg.SourceIDPattern.IsUnknown() && isBroadPattern(cfg.SourceIDPattern.ValueString()) &&
		!cfg.AllowBroad.IsUnknown() && !cfg.AllowBroad.ValueBool() {
		diags.AddAttributeError(path.Root("source_id_pattern"), "Silence would match every source",
			fmt.Sprintf("source_id_pattern %q matches every source of type %q, so this silence would mute all of its alerts. "+
				"Name the sources, such as \"Equipment-01\" or a prefix like \"Equipment-*\", or set `allow_broad = true` if muting them all is intended.",
				cfg.SourceIDPattern.ValueString(), cfg.SourceType.ValueString()))
	}
	return diags
}
