package silence

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
)

func strList(ss ...string) types.List {
	vs := make([]attr.Value, len(ss))
	for i, s := range ss {
		vs[i] = types.StringValue(s)
	}
	return types.ListValueMust(types.StringType, vs)
}

func errorPaths(diags diag.Diagnostics) []string {
	var out []string
	for _, d := range diags.Errors() {
		p := ""
		if wp, ok := d.(diag.DiagnosticWithPath); ok {
			p = wp.Path().String()
		}
		out = append(out, p+": "+d.Summary())
	}
	return out
}

// TestSilenceList_filter: the list block's config becomes one list
// request's filter; each bad filter is an error at its own path.
func TestSilenceList_filter(t *testing.T) {
	t.Parallel()
	am := &alertmanagerBackend{c: alertmanager.New(nil, alertmanager.Options{Flavor: alertmanager.FlavorPrometheus})}
	as := &alertSilenceBackend{}
	null := silenceListModel{State: types.ListNull(types.StringType), Matchers: types.ListNull(types.StringType)}
	with := func(f func(*silenceListModel)) silenceListModel {
		m := null
		f(&m)
		return m
	}
	for _, tc := range []struct {
		name      string
		b         backend
		cfg       silenceListModel
		want      listFilter
		wantPaths []string
	}{
		{name: "defaults", b: am, cfg: null, want: listFilter{States: []string{"active", "pending"}}},
		{name: "expired", b: am, cfg: with(func(m *silenceListModel) { m.State = strList("expired") }), want: listFilter{States: []string{"expired"}}},
		{
			name: "matchers", b: am,
			cfg: with(func(m *silenceListModel) {
				m.Matchers = strList(`alertname="DiskFull"`, `severity=~"crit.*"`, `env!="dev"`, `job!~"node|blackbox"`)
			}),
			want: listFilter{States: []string{"active", "pending"}, Matchers: []alertmanager.Matcher{
				{Name: "alertname", Value: "DiskFull", IsEqual: true}, {Name: "severity", Value: "crit.*", IsRegex: true, IsEqual: true},
				{Name: "env", Value: "dev"}, {Name: "job", Value: "node|blackbox", IsRegex: true},
			}},
		},
		{
			name: "unknown state", b: am, cfg: with(func(m *silenceListModel) { m.State = strList("active", "done", "gone") }),
			wantPaths: []string{"state[1]: Unknown silence state", "state[2]: Unknown silence state"},
		},
		{
			name: "bad matchers", b: am, cfg: with(func(m *silenceListModel) { m.Matchers = strList(`alertname="a"`, `severity=~"crit`, `x`) }),
			wantPaths: []string{"matchers[1]: Invalid matcher", "matchers[2]: Invalid matcher"},
		},
		{
			name: "bad regex", b: am, cfg: with(func(m *silenceListModel) { m.Matchers = strList(`alertname="a"`, `instance=~"web-("`) }),
			wantPaths: []string{"matchers[1]: Invalid regular expression"},
		},
		{
			// A filter may match the empty string, or everything.
			name: "broad filter", b: am, cfg: with(func(m *silenceListModel) { m.Matchers = strList(`env!=""`) }),
			want: listFilter{States: []string{"active", "pending"}, Matchers: []alertmanager.Matcher{{Name: "env"}}},
		},
		{
			name: "source on alertmanager", b: am,
			cfg: with(func(m *silenceListModel) {
				m.SourceType = types.StringValue("Equipment")
				m.SourceIDPattern = types.StringValue("E-*")
			}),
			wantPaths: []string{"source_type: source_type needs the alert-silence flavor", "source_id_pattern: source_id_pattern needs the alert-silence flavor"},
		},
		{
			name: "matchers on alert-silence", b: as, cfg: with(func(m *silenceListModel) { m.Matchers = strList(`alertname="a"`) }),
			wantPaths: []string{"matchers: matchers need the grafana or prometheus flavor"},
		},
		{
			name: "source on alert-silence", b: as, cfg: with(func(m *silenceListModel) { m.SourceType = types.StringValue("Equipment") }),
			want: listFilter{SourceType: "Equipment", States: []string{"active", "pending"}},
		},
		{
			name: "unknown values wait", b: am,
			cfg: with(func(m *silenceListModel) {
				m.State = types.ListUnknown(types.StringType)
				m.Matchers = types.ListUnknown(types.StringType)
			}),
			want: listFilter{States: []string{"active", "pending"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			l := &silenceListResource{b: tc.b}
			q, diags := l.filter(context.Background(), tc.cfg)
			got := errorPaths(diags)
			if strings.Join(got, "|") != strings.Join(tc.wantPaths, "|") {
				t.Fatalf("errors %q, want %q", got, tc.wantPaths)
			}
			if len(tc.wantPaths) > 0 {
				return
			}
			if strings.Join(q.f.States, ",") != strings.Join(tc.want.States, ",") || q.f.SourceType != tc.want.SourceType || len(q.f.Matchers) != len(tc.want.Matchers) {
				t.Fatalf("filter %+v, want %+v", q.f, tc.want)
			}
			for i := range tc.want.Matchers {
				if q.f.Matchers[i] != tc.want.Matchers[i] {
					t.Errorf("matcher %d = %+v, want %+v", i, q.f.Matchers[i], tc.want.Matchers[i])
				}
			}
		})
	}
}

func TestSilenceList_keeps(t *testing.T) {
	t.Parallel()
	r := record{CreatedBy: "oncall", Comment: "Disk replacement, CHG-1234"}
	for _, tc := range []struct {
		q    silenceQuery
		want bool
	}{
		{silenceQuery{}, true},
		{silenceQuery{createdBy: "oncall"}, true},
		{silenceQuery{createdBy: "Oncall"}, false},
		{silenceQuery{commentContains: "chg-1234"}, true},
		{silenceQuery{createdBy: "oncall", commentContains: "reboot"}, false},
	} {
		if got := tc.q.keeps(r); got != tc.want {
			t.Errorf("%+v keeps %v, want %v", tc.q, got, tc.want)
		}
	}
}

func TestSilenceList_displayName(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	end := time.Date(2026, 12, 2, 19, 0, 0, 0, time.FixedZone("KST", 9*3600))
	ms := []alertmanager.Matcher{{Name: "alertname", Value: "DiskFull", IsEqual: true}, {Name: "severity", Value: "critical", IsEqual: true}}
	for _, tc := range []struct {
		r    record
		want string
	}{
		{record{Matchers: ms, StartsAt: start, EndsAt: end, CreatedBy: "oncall", State: "active"},
			`alertname="DiskFull", severity="critical" until 2026-12-02T10:00:00Z by oncall`},
		{record{Matchers: ms[:1], StartsAt: start, EndsAt: end, CreatedBy: "alice", State: "pending"},
			`alertname="DiskFull" from 2026-12-01T10:00:00Z until 2026-12-02T10:00:00Z by alice`},
		{record{Matchers: []alertmanager.Matcher{{Name: "job", Value: "node|bb", IsRegex: true}}, EndsAt: end, CreatedBy: "bob", State: "expired"},
			`job!~"node|bb" ended 2026-12-02T10:00:00Z by bob`},
		{record{SourceType: "Equipment", SourceIDPattern: "Equipment-*", EndsAt: end, CreatedBy: "terraform", State: "active"},
			`source_type="Equipment", source_id_pattern="Equipment-*" until 2026-12-02T10:00:00Z by terraform`},
	} {
		if got := listedSilenceName(tc.r); got != tc.want {
			t.Errorf("listedSilenceName = %q, want %q", got, tc.want)
		}
	}
}

// TestSilenceList_importedModel: a list result is flatten onto the state an
// import leaves (the id, nothing else), which is what the resource's Read
// does after `terraform import`; allow_broad is set exactly when the plan
// would refuse the silence without it.
func TestSilenceList_importedModel(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 12, 1, 10, 0, 0, 123e6, time.UTC)
	for _, tc := range []struct {
		name  string
		r     record
		broad bool
	}{
		{"equality", record{Matchers: []alertmanager.Matcher{{Name: "alertname", Value: "DiskFull", IsEqual: true}}}, false},
		{"regex and negative", record{Matchers: []alertmanager.Matcher{{Name: "alertname", Value: "Disk.*", IsRegex: true, IsEqual: true}, {Name: "env", Value: "dev"}}}, false},
		{"only negative", record{Matchers: []alertmanager.Matcher{{Name: "env", Value: "prod"}}}, true},
		{"match-anything regex", record{Matchers: []alertmanager.Matcher{{Name: "alertname", Value: ".+", IsRegex: true, IsEqual: true}}}, true},
		{"source", record{SourceType: "Equipment", SourceIDPattern: "Equipment-01"}, false},
		{"every source", record{SourceType: "Equipment", SourceIDPattern: "*"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := tc.r
			r.ID, r.StartsAt, r.EndsAt, r.CreatedBy, r.Comment, r.State, r.UpdatedAt = "id-1", start, start.Add(time.Hour), "oncall", "c", "active", start
			m, diags := flatten(r, importedSilence(r.ID))
			if diags.HasError() {
				t.Fatal(diags)
			}
			if m.AllowBroad.ValueBool() != tc.broad {
				t.Errorf("allow_broad = %v, want %v", m.AllowBroad, tc.broad)
			}
			if m.ID.ValueString() != "id-1" || m.StartsAt.ValueString() != "2026-12-01T10:00:00.123Z" || !m.Duration.IsNull() ||
				!m.MaxMatchedAlerts.IsNull() || m.Status.ValueString() != "active" || m.CreatedBy.ValueString() != "oncall" {
				t.Errorf("flatten onto an import: %+v", m)
			}
			if (r.Matchers == nil) != m.Matchers.IsNull() || (r.SourceType == "") != m.SourceType.IsNull() {
				t.Errorf("the other flavor's attributes: matchers %v, source_type %v", m.Matchers, m.SourceType)
			}
			// The configuration generated from it passes the plan-time checks.
			cfg := m
			if d := append(checkMatcherList(context.Background(), cfg.Matchers, cfg.AllowBroad), checkSelector(cfg)...); d.HasError() {
				t.Errorf("generated configuration refused: %v", d)
			}
		})
	}
}

// TestPlan_startEqualsEnd: an end at the start is what the server records
// for a pending silence expired early. Imported as it is, it plans no
// change; created with such times, it is refused at ends_at.
func TestPlan_startEqualsEnd(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	state, diags := flatten(record{ID: "id-1", Matchers: []alertmanager.Matcher{{Name: "alertname", Value: "DiskFull", IsEqual: true}},
		StartsAt: at, EndsAt: at, Comment: "c", CreatedBy: "oncall", State: "expired", UpdatedAt: at}, importedSilence("id-1"))
	if diags.HasError() {
		t.Fatal(diags)
	}
	// The generated configuration: what the list result holds, less the
	// computed-only attributes.
	config := state
	config.ID, config.Status, config.UpdatedAt = types.StringNull(), types.StringNull(), timetypes.NewRFC3339Null()
	p := planUpdate(state, config, state, at, at.Add(time.Hour), true, &diags)
	if diags.HasError() || !p.set || len(p.replace) != 0 || !p.plan.Status.Equal(state.Status) {
		t.Fatalf("imported as is: %v, %+v", diags, p)
	}
	plan := config
	planCreate(&plan, config, at.Add(-time.Hour), &diags)
	if got := errorPaths(diags); len(got) != 1 || got[0] != "ends_at: Silence ends before it starts" {
		t.Errorf("create with start = end: %q", got)
	}
}
