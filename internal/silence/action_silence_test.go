package silence

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
)

func matcherList(t *testing.T, ms ...alertmanager.Matcher) types.List {
	t.Helper()
	l, diags := flattenMatchers(ms)
	if diags.HasError() {
		t.Fatal(diags)
	}
	return l
}

func eq(name, value string) alertmanager.Matcher {
	return alertmanager.Matcher{Name: name, Value: value, IsEqual: true}
}

// TestSameSelection: only the same set of matchers (every field of each,
// any order) or the same source, and the same author, is the silence.
func TestSameSelection(t *testing.T) {
	t.Parallel()
	want := record{Matchers: []alertmanager.Matcher{eq("service", "checkout"), eq("env", "prod")}, CreatedBy: "ci"}
	regex := eq("service", "checkout")
	regex.IsRegex = true
	neg := eq("env", "prod")
	neg.IsEqual = false
	cases := []struct {
		name string
		r    record
		same bool
	}{
		{"same order", record{Matchers: []alertmanager.Matcher{eq("service", "checkout"), eq("env", "prod")}, CreatedBy: "ci"}, true},
		{"other order", record{Matchers: []alertmanager.Matcher{eq("env", "prod"), eq("service", "checkout")}, CreatedBy: "ci"}, true},
		{"another author", record{Matchers: want.Matchers, CreatedBy: "alice"}, false},
		{"one more matcher", record{Matchers: append([]alertmanager.Matcher{eq("region", "eu")}, want.Matchers...), CreatedBy: "ci"}, false},
		{"one fewer", record{Matchers: []alertmanager.Matcher{eq("service", "checkout")}, CreatedBy: "ci"}, false},
		{"a regex instead", record{Matchers: []alertmanager.Matcher{regex, eq("env", "prod")}, CreatedBy: "ci"}, false},
		{"negative instead", record{Matchers: []alertmanager.Matcher{eq("service", "checkout"), neg}, CreatedBy: "ci"}, false},
		{"another value", record{Matchers: []alertmanager.Matcher{eq("service", "checkout"), eq("env", "staging")}, CreatedBy: "ci"}, false},
		{"a duplicate for a matcher", record{Matchers: []alertmanager.Matcher{eq("service", "checkout"), eq("service", "checkout")}, CreatedBy: "ci"}, false},
		{"a source on the other API", record{SourceType: "Equipment", SourceIDPattern: "E-1", CreatedBy: "ci"}, false},
	}
	for _, c := range cases {
		if got := sameSelection(c.r, want); got != c.same {
			t.Errorf("%s: sameSelection = %v, want %v", c.name, got, c.same)
		}
	}
	src := record{SourceType: "Equipment", SourceIDPattern: "Equipment-*", CreatedBy: "ci"}
	for _, c := range []struct {
		r    record
		same bool
	}{
		{record{SourceType: "Equipment", SourceIDPattern: "Equipment-*", CreatedBy: "ci"}, true},
		{record{SourceType: "Equipment", SourceIDPattern: "Equipment-01", CreatedBy: "ci"}, false},
		{record{SourceType: "Sensor", SourceIDPattern: "Equipment-*", CreatedBy: "ci"}, false},
		{record{SourceType: "Equipment", SourceIDPattern: "Equipment-*", CreatedBy: "Admin"}, false},
	} {
		if got := sameSelection(c.r, src); got != c.same {
			t.Errorf("%+v: sameSelection = %v, want %v", c.r, got, c.same)
		}
	}
}

func errorsOf(diags diag.Diagnostics) string {
	var out []string
	for _, d := range diags.Errors() {
		out = append(out, d.Summary()+": "+d.Detail())
	}
	return strings.Join(out, "\n")
}

// TestCheckExpire: the expire action must say exactly which silences.
func TestCheckExpire(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ids := func(vs ...string) types.Set {
		elems := make([]attr.Value, 0, len(vs))
		for _, v := range vs {
			elems = append(elems, types.StringValue(v))
		}
		return types.SetValueMust(types.StringType, elems)
	}
	null := silenceExpireModel{IDs: types.SetNull(types.StringType), Matchers: types.ListNull(matcherObjectType),
		SourceType: types.StringNull(), SourceIDPattern: types.StringNull(), CreatedBy: types.StringNull()}
	with := func(f func(*silenceExpireModel)) silenceExpireModel { m := null; f(&m); return m }
	ms := matcherList(t, eq("service", "checkout"))
	cases := []struct {
		name string
		cfg  silenceExpireModel
		want string // "" for no error
	}{
		{"nothing", null, "Nothing to expire"},
		{"ids", with(func(m *silenceExpireModel) { m.IDs = ids("2243b2e6-8e2c-4a3b-9d1a-1f6a0c1e7b5d") }), ""},
		{"unknown ids", with(func(m *silenceExpireModel) { m.IDs = types.SetUnknown(types.StringType) }), ""},
		{"a bad id", with(func(m *silenceExpireModel) { m.IDs = ids("silence-1") }), `"silence-1" is not a silence id`},
		{"ids and matchers", with(func(m *silenceExpireModel) {
			m.IDs, m.Matchers, m.CreatedBy = ids("2243b2e6-8e2c-4a3b-9d1a-1f6a0c1e7b5d"), ms, types.StringValue("ci")
		}), "ids and matchers together"},
		{"matchers and author", with(func(m *silenceExpireModel) { m.Matchers, m.CreatedBy = ms, types.StringValue("ci") }), ""},
		{"matchers and an unknown author", with(func(m *silenceExpireModel) { m.Matchers, m.CreatedBy = ms, types.StringUnknown() }), ""},
		{"matchers alone", with(func(m *silenceExpireModel) { m.Matchers = ms }), "Missing created_by"},
		{"blank author", with(func(m *silenceExpireModel) { m.Matchers, m.CreatedBy = ms, types.StringValue(" ") }), "Missing created_by"},
		{"author alone", with(func(m *silenceExpireModel) { m.CreatedBy = types.StringValue("ci") }), "created_by alone would expire every silence"},
		{"a bad regex", with(func(m *silenceExpireModel) {
			m.Matchers, m.CreatedBy = matcherList(t, alertmanager.Matcher{Name: "a", Value: "(", IsRegex: true, IsEqual: true}), types.StringValue("ci")
		}), "Invalid regular expression"},
		{"a broad silence may be expired", with(func(m *silenceExpireModel) {
			m.Matchers, m.CreatedBy = matcherList(t, alertmanager.Matcher{Name: "a", Value: ".*", IsRegex: true, IsEqual: true}), types.StringValue("ci")
		}), ""},
		{"source", with(func(m *silenceExpireModel) {
			m.SourceType, m.SourceIDPattern, m.CreatedBy = types.StringValue("Equipment"), types.StringValue("*"), types.StringValue("ci")
		}), ""},
		{"half a source", with(func(m *silenceExpireModel) {
			m.SourceType, m.CreatedBy = types.StringValue("Equipment"), types.StringValue("ci")
		}), "Missing source_id_pattern"},
		{"matchers and source", with(func(m *silenceExpireModel) {
			m.Matchers, m.SourceType, m.SourceIDPattern, m.CreatedBy = ms, types.StringValue("E"), types.StringValue("E-1"), types.StringValue("ci")
		}), "matchers and source attributes together"},
	}
	for _, c := range cases {
		got := errorsOf(checkExpire(ctx, c.cfg))
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s: errors %q, want %q", c.name, got, c.want)
		}
	}
}

// TestCheckSilenceAction: the resource's rules apply to the action's
// configuration as written.
func TestCheckSilenceAction(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	base := silenceActionModel{
		Matchers: matcherList(t, eq("alertname", "HighLatency")), SourceType: types.StringNull(), SourceIDPattern: types.StringNull(),
		StartsAt: timetypes.NewRFC3339Null(), Duration: timetypes.NewGoDurationValueFromStringMust("30m"),
		Comment: types.StringValue("deploy"), CreatedBy: types.StringNull(), AllowBroad: types.BoolNull(), MaxMatchedAlerts: types.Int64Null(),
	}
	broad := base
	broad.Matchers = matcherList(t, alertmanager.Matcher{Name: "alertname", Value: "x", IsEqual: false}, alertmanager.Matcher{Name: "a", Value: ".+", IsRegex: true, IsEqual: true})
	allowed := broad
	allowed.AllowBroad = types.BoolValue(true)
	none := base
	none.Matchers = types.ListNull(matcherObjectType)
	for _, c := range []struct {
		name string
		cfg  silenceActionModel
		want string
	}{
		{"fine", base, ""},
		{"broad", broad, "Silence would match almost every alert"},
		{"broad, allowed", allowed, ""},
		{"nothing", none, "Nothing to silence"},
	} {
		got := errorsOf(checkSilenceAction(ctx, c.cfg))
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s: errors %q, want %q", c.name, got, c.want)
		}
	}
	// The defaults are the resource's.
	s := base.silence()
	if s.CreatedBy.ValueString() != "terraform" || s.AllowBroad.ValueBool() || !s.EndsAt.IsNull() {
		t.Errorf("defaults: %+v", s)
	}
}

func TestMuteCount(t *testing.T) {
	t.Parallel()
	ms := []alertmanager.Matcher{eq("alertname", "HighCPU")}
	alerts := []alertmanager.Alert{
		{Labels: map[string]string{"alertname": "HighCPU", "instance": "web-2"}},
		{Labels: map[string]string{"alertname": "HighCPU", "instance": "web-1"}, SilencedBy: []string{"x"}},
	}
	for _, c := range []struct {
		alerts []alertmanager.Alert
		err    error
		want   string
	}{
		{nil, nil, "It mutes no alert that fires now."},
		{alerts, nil, "It mutes 2 alerts that fire now:\n  - HighCPU{instance=\"web-1\"}  (already silenced)\n  - HighCPU{instance=\"web-2\"}"},
		{nil, errors.New("connection refused"), "The firing alerts it mutes could not be counted: connection refused."},
	} {
		if got := muteCount(ms, c.alerts, c.err); got != c.want {
			t.Errorf("muteCount = %q, want %q", got, c.want)
		}
	}
}
