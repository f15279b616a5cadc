package alertmanager

import (
	"fmt"
	"regexp"
)

// Local label matching, exactly as Alertmanager v0.28.1 matches (read from
// its source: pkg/labels.Matcher, silence.QMatches, api/v2
// matchFilterLabels):
//
//   - a regex matcher is the RE2 expression "^(?:" + value + ")$", compiled
//     with no flags: anchored at both ends, `.` does not match a newline
//     unless the value says (?s);
//   - a label the alert lacks has the value "";
//   - != and !~ are the exact negations of = and =~;
//   - a label name is any string, compared byte for byte (UTF-8 names such
//     as `service.name` or `名前` included).
//
// Two rule sets use these matchers, and they differ only for a label that
// is present with the value "":
//
//   - a silence mutes an alert when every matcher matches the alert's value
//     for its name (Matches below);
//   - GET /alerts?filter=… additionally lets `name!=""` and `name!~""`
//     match an alert that has the label at all, and lets `name=""` and
//     `name=~""` match an alert that lacks it (matchesFilter below).
//
// Alertmanager drops empty-valued labels when alerts are posted, so for
// every alert it holds the two agree. AlertsMatching applies the filter
// rules, since it stands in for the server's filter.

// Matches reports whether the matcher matches a label set as a silence does:
// the value of a missing label is "", regexes are anchored RE2. The regex is
// compiled on every call; CompileMatchers compiles a set once. A matcher
// whose regex does not compile matches nothing (Alertmanager refuses such a
// matcher).
func (m Matcher) Matches(labels map[string]string) bool {
	c, err := compileMatcher(m)
	if err != nil {
		return false
	}
	return c.matchValue(labels[m.Name])
}

// MatcherSet is a compiled list of matchers: a label set matches when every
// matcher matches it (an empty set matches everything). Safe for concurrent
// use.
type MatcherSet struct {
	ms []compiledMatcher
}

type compiledMatcher struct {
	Matcher
	re *regexp.Regexp // regex matchers only
}

// CompileMatchers compiles the regexes of ms once. It fails, as
// Alertmanager refuses the matcher, when a regex is not valid RE2.
func CompileMatchers(ms []Matcher) (*MatcherSet, error) {
	s := &MatcherSet{ms: make([]compiledMatcher, 0, len(ms))}
	for _, m := range ms {
		c, err := compileMatcher(m)
		if err != nil {
			return nil, err
		}
		s.ms = append(s.ms, c)
	}
	return s, nil
}

func compileMatcher(m Matcher) (compiledMatcher, error) {
	c := compiledMatcher{Matcher: m}
	if m.IsRegex {
		re, err := regexp.Compile("^(?:" + m.Value + ")$")
		if err != nil {
			return c, fmt.Errorf("matcher %s: invalid regular expression: %w", FilterString(m), err)
		}
		c.re = re
	}
	return c, nil
}

// Matches reports whether every matcher matches labels as a silence's
// matchers do (see Matcher.Matches).
func (s *MatcherSet) Matches(labels map[string]string) bool {
	for i := range s.ms {
		if !s.ms[i].matchValue(labels[s.ms[i].Name]) {
			return false
		}
	}
	return true
}

// matchesFilter is Alertmanager's matchFilterLabels (api/v2, v0.28.1): the
// rule GET /alerts applies to its `filter` matchers.
func (s *MatcherSet) matchesFilter(labels map[string]string) bool {
	for i := range s.ms {
		m := &s.ms[i]
		v, present := labels[m.Name]
		if m.Value == "" && present != m.IsEqual {
			// name!="" / name!~"" with the label present, name="" /
			// name=~"" with it absent
			continue
		}
		if !m.matchValue(v) {
			return false
		}
	}
	return true
}

func (m *compiledMatcher) matchValue(v string) bool {
	switch {
	case m.IsRegex:
		return m.re.MatchString(v) == m.IsEqual
	default:
		return (v == m.Value) == m.IsEqual
	}
}
