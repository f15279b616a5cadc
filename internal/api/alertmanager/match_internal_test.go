package alertmanager

import (
	"regexp"
	"testing"
	"unicode/utf8"
)

// TestMatchesFilter_emptyValues: GET /alerts?filter=… (matchFilterLabels)
// differs from a silence only for a label that is present with the value
// "", which Alertmanager never stores (it drops such labels on POST).
func TestMatchesFilter_emptyValues(t *testing.T) {
	t.Parallel()
	empty := map[string]string{"a": "x", "e": ""} // e present and empty
	for _, tc := range []struct {
		m               Matcher
		silence, filter bool
	}{
		{Matcher{Name: "e", Value: "", IsEqual: true}, true, true},
		{Matcher{Name: "e", Value: "", IsEqual: true, IsRegex: true}, true, true},
		{Matcher{Name: "e", Value: ""}, false, true}, // e!="" : the filter sees the label
		{Matcher{Name: "e", Value: "", IsRegex: true}, false, true},
		{Matcher{Name: "e", Value: ".+", IsRegex: true}, true, true},
		{Matcher{Name: "missing", Value: "", IsEqual: true}, true, true},
		{Matcher{Name: "missing", Value: ""}, false, false},
		{Matcher{Name: "missing", Value: "", IsRegex: true}, false, false},
		{Matcher{Name: "a", Value: ""}, true, true},
		{Matcher{Name: "a", Value: "", IsEqual: true}, false, false},
	} {
		set, err := CompileMatchers([]Matcher{tc.m})
		if err != nil {
			t.Fatal(err)
		}
		if got := set.Matches(empty); got != tc.silence {
			t.Errorf("silence %s = %v, want %v", FilterString(tc.m), got, tc.silence)
		}
		if got := set.matchesFilter(empty); got != tc.filter {
			t.Errorf("filter %s = %v, want %v", FilterString(tc.m), got, tc.filter)
		}
	}
}

// FuzzMatcherMatches compares Matches with a direct evaluation of the rule
// (the label's value or "", the anchored regex), the filter rule with its
// own reading of matchFilterLabels, and checks that a regex of the quoted
// literal matches exactly what equality matches (anchoring).
func FuzzMatcherMatches(f *testing.F) {
	for _, s := range []struct {
		name, value       string
		isRegex, isEqual  bool
		label, labelValue string
		present           bool
	}{
		{"alertname", "HighCPU", false, true, "alertname", "HighCPU", true},
		{"instance", `web-\d+`, true, true, "instance", "web-12", true},
		{"instance", `web`, true, true, "instance", "web-12", true},
		{"severity", "crit|warn", true, false, "severity", "critical", true},
		{"team", "", false, false, "team", "", false},
		{"team", ".*", true, true, "other", "x", true},
		{"team", "", true, false, "team", "", true},
		{"msg", ".*", true, true, "msg", "a\nb", true},
		{"名前", `\p{Han}+`, true, true, "名前", "東京", true},
		{"service.name", "a(", true, true, "service.name", "a(", true},
		{"x", `(?i)é`, true, true, "x", "É", true},
	} {
		f.Add(s.name, s.value, s.isRegex, s.isEqual, s.label, s.labelValue, s.present)
	}
	f.Fuzz(func(t *testing.T, name, value string, isRegex, isEqual bool, label, labelValue string, present bool) {
		if !utf8.ValidString(name) || !utf8.ValidString(value) || !utf8.ValidString(label) || !utf8.ValidString(labelValue) {
			return
		}
		labels := map[string]string{"alertname": "Fuzz"}
		if present {
			labels[label] = labelValue
		}
		m := Matcher{Name: name, Value: value, IsRegex: isRegex, IsEqual: isEqual}
		v, has := labels[name]
		var want bool
		if isRegex {
			re, err := regexp.Compile("^(?:" + value + ")$")
			if err != nil {
				if m.Matches(labels) {
					t.Fatalf("%s matched with an invalid regex", FilterString(m))
				}
				if _, cerr := CompileMatchers([]Matcher{m}); cerr == nil {
					t.Fatalf("%s compiled", FilterString(m))
				}
				return
			}
			want = re.MatchString(v) == isEqual
		} else {
			want = (v == value) == isEqual
		}
		if got := m.Matches(labels); got != want {
			t.Fatalf("%s on %q = %v, want %v", FilterString(m), labels, got, want)
		}
		set, err := CompileMatchers([]Matcher{m, {Name: "alertname", Value: labels["alertname"], IsEqual: true}})
		if err != nil {
			t.Fatal(err)
		}
		if got := set.Matches(labels); got != want {
			t.Fatalf("set with %s on %q = %v, want %v", FilterString(m), labels, got, want)
		}
		wantFilter := want
		if value == "" && ((isEqual && !has) || (!isEqual && has)) {
			wantFilter = true
		}
		if got := set.matchesFilter(labels); got != wantFilter {
			t.Fatalf("filter %s on %q = %v, want %v", FilterString(m), labels, got, wantFilter)
		}
		if (!has || v != "") && wantFilter != want {
			t.Fatalf("filter and silence disagree on %s without an empty label: %q", FilterString(m), labels)
		}
		if !isRegex {
			lit := Matcher{Name: name, Value: regexp.QuoteMeta(value), IsRegex: true, IsEqual: isEqual}
			if lit.Matches(labels) != want {
				t.Fatalf("%s and %s disagree on %q: the regex is not anchored", FilterString(m), FilterString(lit), labels)
			}
		}
	})
}
