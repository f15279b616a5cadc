package maintenance

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	rsschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/maintenanceapi"
)

var seoul, _ = time.LoadLocation("Asia/Seoul")

func infra(ip, region string) maintenanceapi.Target {
	return maintenanceapi.Target{Type: "infra", TargetIP: ip, Region: region}
}

func svc(typ, name, region string) maintenanceapi.Target {
	return maintenanceapi.Target{Type: typ, TargetName: name, Region: region}
}

func act(t maintenanceapi.Target, a string) maintenanceapi.Target { t.Action = a; return t }

func TestTargetDelta(t *testing.T) {
	t.Parallel()
	a, b, c := infra("10.0.0.1", "GB"), svc("service", "iam", "SE"), svc("platform", "o11y", "GB")
	cases := []struct {
		name     string
		old, new []maintenanceapi.Target
		want     []maintenanceapi.Target
	}{
		{"unchanged sends nothing", []maintenanceapi.Target{a, b}, []maintenanceapi.Target{b, a}, nil},
		{"add", []maintenanceapi.Target{a}, []maintenanceapi.Target{a, b}, []maintenanceapi.Target{act(b, "A")}},
		{"remove", []maintenanceapi.Target{a, b, c}, []maintenanceapi.Target{a}, []maintenanceapi.Target{act(c, "R"), act(b, "R")}},
		{"changed region is remove + add", []maintenanceapi.Target{a, b}, []maintenanceapi.Target{infra("10.0.0.1", "SE"), b},
			[]maintenanceapi.Target{act(a, "R"), act(infra("10.0.0.1", "SE"), "A")}},
		{"changed type is remove + add", []maintenanceapi.Target{b}, []maintenanceapi.Target{svc("platform", "iam", "SE")},
			[]maintenanceapi.Target{act(b, "R"), act(svc("platform", "iam", "SE"), "A")}},
		{"same IPv6 spelled differently is unchanged", []maintenanceapi.Target{infra("2001:DB8::1", "GB")}, []maintenanceapi.Target{infra("2001:db8::1", "GB")}, nil},
		{"replace all", []maintenanceapi.Target{a}, []maintenanceapi.Target{c}, []maintenanceapi.Target{act(a, "R"), act(c, "A")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := targetDelta(tc.old, tc.new)
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestDecideRead(t *testing.T) {
	t.Parallel()
	end := time.Date(2026, 2, 15, 9, 0, 0, 0, time.UTC)
	before, after := end.Add(-time.Hour), end.Add(time.Minute)
	cases := []struct {
		name string
		in   readInput
		want readAction
	}{
		{"active", readInput{Found: true, Status: "active", StateEnd: end, ServerNow: before}, readStore},
		{"pending", readInput{Found: true, Status: "pending", StateEnd: end, ServerNow: before}, readStore},
		{"ended naturally", readInput{Found: true, Status: "expired", StateEnd: end, ServerNow: after}, readKeepExpired},
		{"ended exactly at the end", readInput{Found: true, Status: "expired", StateEnd: end, ServerNow: end}, readKeepExpired},
		{"expired early by a person", readInput{Found: true, Status: "expired", StateEnd: end, ServerNow: before}, readRemove},
		{"gone after its end (collected)", readInput{Found: false, StateEnd: end, ServerNow: after}, readKeepExpired},
		{"gone before its end (lost)", readInput{Found: false, StateEnd: end, ServerNow: before}, readRemove},
		{"import of an expired window", readInput{Found: true, Status: "expired", ServerNow: after}, readStore},
		{"import of a missing window", readInput{Found: false, ServerNow: after}, readRemove},
		{"server still says active after the end", readInput{Found: true, Status: "active", StateEnd: end, ServerNow: after}, readStore},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := decideRead(tc.in); got != tc.want {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestDecideExpiredChange(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 2, 16, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name    string
		status  string
		changed bool
		end     time.Time
		want    expiredChangeAction
	}{
		{"active window changes in place", "active", true, now.Add(-time.Hour), expiredNoChange},
		{"expired, unchanged", "expired", false, now.Add(-time.Hour), expiredNoChange},
		{"expired, changed, end still past", "expired", true, now.Add(-time.Hour), expiredRefuse},
		{"expired, end moved into the future", "expired", true, now.Add(time.Hour), expiredReplace},
		{"expired, end moved to exactly now", "expired", true, now, expiredRefuse},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := decideExpiredChange(tc.status, tc.changed, tc.end, now); got != tc.want {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestValidateTimes(t *testing.T) {
	t.Parallel()
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	cases := []struct {
		name       string
		start, end time.Time
		want       string
	}{
		{"ok", at("2026-02-15T10:00:00+09:00"), at("2026-02-15T18:00:00+09:00"), ""},
		{"ok across offsets", at("2026-02-15T10:00:00+09:00"), at("2026-02-15T01:01:00Z"), ""},
		{"seconds", at("2026-02-15T10:00:30+09:00"), at("2026-02-15T18:00:00+09:00"), "minute precision"},
		{"fraction", at("2026-02-15T10:00:00+09:00"), at("2026-02-15T18:00:00.5+09:00"), "minute precision"},
		{"equal", at("2026-02-15T10:00:00+09:00"), at("2026-02-15T01:00:00Z"), "ends before it starts"},
		{"reversed", at("2026-02-15T18:00:00+09:00"), at("2026-02-15T10:00:00+09:00"), "ends before it starts"},
		{"unknown end", at("2026-02-15T18:00:00+09:00"), time.Time{}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := validateTimes(tc.start, tc.end)
			if tc.want == "" && d.HasError() || tc.want != "" && (!d.HasError() || !strings.Contains(d[0].Summary(), tc.want)) {
				t.Fatalf("got %v, want %q", d, tc.want)
			}
		})
	}
}

func tm(typ, ip, name, region string) maintenanceTargetModel {
	s := func(v string) types.String {
		switch v {
		case "":
			return types.StringNull()
		case "?":
			return types.StringUnknown()
		case "<empty>":
			return types.StringValue("")
		}
		return types.StringValue(v)
	}
	return maintenanceTargetModel{Type: s(typ), TargetIP: s(ip), TargetName: s(name), Region: s(region)}
}

func TestValidateTargets(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		targets []maintenanceTargetModel
		want    string // summary substring; "" = valid
	}{
		{"valid mix", []maintenanceTargetModel{tm("infra", "10.0.0.1", "", "GB"), tm("infra", "2001:db8::1", "", "GB"), tm("service", "", "iam", "SE"), tm("platform", "", "iam", "SE")}, ""},
		{"no targets", nil, "at least one target"},
		{"infra without ip", []maintenanceTargetModel{tm("infra", "", "", "GB")}, "Infra target without IP"},
		{"infra with bad ip", []maintenanceTargetModel{tm("infra", "10.0.0.300", "", "GB")}, "invalid IP"},
		{"infra with cidr", []maintenanceTargetModel{tm("infra", "10.0.0.0/24", "", "GB")}, "invalid IP"},
		{"infra with name", []maintenanceTargetModel{tm("infra", "10.0.0.1", "x", "GB")}, "Infra target with a name"},
		{"service without name", []maintenanceTargetModel{tm("service", "", "", "GB")}, "Target without name"},
		{"platform with empty name", []maintenanceTargetModel{tm("platform", "", "<empty>", "GB")}, "Target without name"},
		{"service with ip", []maintenanceTargetModel{tm("service", "10.0.0.1", "iam", "GB")}, "Target with an IP"},
		{"empty region", []maintenanceTargetModel{tm("service", "", "iam", "<empty>")}, "without region"},
		{"duplicate infra by ip", []maintenanceTargetModel{tm("infra", "10.0.0.1", "", "GB"), tm("infra", "10.0.0.1", "", "SE")}, "Duplicate"},
		{"duplicate ipv6 spelled differently", []maintenanceTargetModel{tm("infra", "2001:DB8::1", "", "GB"), tm("infra", "2001:db8::1", "", "GB")}, "Duplicate"},
		{"unknown ip is not checked", []maintenanceTargetModel{tm("infra", "?", "", "GB")}, ""},
		{"unknown type is not checked", []maintenanceTargetModel{tm("?", "", "", "GB")}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := validateTargets(tc.targets, true)
			if tc.want == "" {
				if d.HasError() {
					t.Fatalf("unexpected %v", d)
				}
				return
			}
			if !d.HasError() || !strings.Contains(d[0].Summary(), tc.want) {
				t.Fatalf("got %v, want %q", d, tc.want)
			}
		})
	}
}

func TestKeepTime(t *testing.T) {
	t.Parallel()
	cfg := timetypes.NewRFC3339ValueMust("2026-02-15T10:00:00+09:00")
	same := time.Date(2026, 2, 15, 1, 0, 0, 0, time.UTC)
	if got := keepTime(cfg, same, time.UTC); got.ValueString() != "2026-02-15T10:00:00+09:00" {
		t.Fatalf("equal instant must keep the configured spelling, got %s", got)
	}
	if got := keepTime(cfg, same.Add(time.Hour), seoul); got.ValueString() != "2026-02-15T11:00:00+09:00" {
		t.Fatalf("other instant in Seoul: got %s", got)
	}
	if got := keepTime(timetypes.NewRFC3339Null(), same, time.UTC); got.ValueString() != "2026-02-15T01:00:00Z" {
		t.Fatalf("no prior in UTC: got %s", got)
	}
	if got := keepTime(timetypes.NewRFC3339Unknown(), same, seoul); got.ValueString() != "2026-02-15T10:00:00+09:00" {
		t.Fatalf("unknown prior (after create) in Seoul: got %s", got)
	}
	if got := keepTime(cfg, time.Time{}, seoul); !got.IsNull() {
		t.Fatalf("no server time: got %s, want null", got)
	}
}

func TestFlattenKeepsConfiguredSpelling(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	prior := maintenanceResourceModel{
		ID: types.StringUnknown(), Title: types.StringValue("t"),
		StartDate: timetypes.NewRFC3339ValueMust("2026-02-15T10:00:00+09:00"),
		EndDate:   timetypes.NewRFC3339ValueMust("2026-02-15T18:00:00+09:00"),
		Status:    types.StringUnknown(), CreatedAt: timetypes.NewRFC3339Null(),
	}
	set, _ := types.SetValueFrom(ctx, targetObjectType, []maintenanceTargetModel{tm("infra", "2001:DB8::1", "", "GB"), tm("service", "", "iam", "SE")})
	prior.Targets = set
	m := maintenanceapi.Maintenance{
		ID: "silence-1", Title: "t", Status: "pending",
		Start: time.Date(2026, 2, 15, 1, 0, 0, 0, time.UTC), End: time.Date(2026, 2, 15, 9, 0, 0, 0, time.UTC),
		Targets: []maintenanceapi.Target{infra("2001:db8::1", "GB"), svc("service", "iam", "SE")},
	}
	got, d := flatten(ctx, m, prior, time.UTC)
	if d.HasError() {
		t.Fatal(d)
	}
	if !got.StartDate.Equal(prior.StartDate) || !got.EndDate.Equal(prior.EndDate) || !got.Targets.Equal(prior.Targets) {
		t.Fatalf("flatten changed equal values: %+v", got)
	}
	if got.ID.ValueString() != "silence-1" || got.Status.ValueString() != "pending" {
		t.Fatalf("computed: %+v", got)
	}
	// a server-side change shows up (drift to update back)
	m.Title, m.End = "edited", m.End.Add(time.Hour)
	got, _ = flatten(ctx, m, prior, seoul)
	if got.Title.ValueString() != "edited" || got.EndDate.ValueString() != "2026-02-15T19:00:00+09:00" {
		t.Fatalf("drift: %+v", got)
	}
}

func TestUpdateInput(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 2, 15, 1, 0, 0, 0, time.UTC)
	have := window{Title: "a", Start: start, End: start.Add(time.Hour), Targets: []maintenanceapi.Target{infra("10.0.0.1", "GB")}}
	same := have
	same.Start = start.In(seoul)
	if _, changed := updateInput("x", have, same); changed {
		t.Fatal("the same instants in another zone are no change")
	}
	next := have
	next.Title = "b"
	in, changed := updateInput("x", have, next)
	if !changed || in.Title == nil || *in.Title != "b" || in.Start != nil || in.End != nil || in.Targets != nil {
		t.Fatalf("title only: %+v", in)
	}
}

// TestSchemas: the schemas of the resource and the data sources pass the
// framework's own implementation checks, document every attribute (nested
// ones included: they become the docs), and Metadata names each type by
// its constant, whatever the provider's type name.
func TestSchemas(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var md resource.MetadataResponse
	NewMaintenanceResource().Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "not-o11y"}, &md)
	if md.TypeName != typeName {
		t.Errorf("resource type name %q", md.TypeName)
	}
	var rs resource.SchemaResponse
	NewMaintenanceResource().Schema(ctx, resource.SchemaRequest{}, &rs)
	if d := rs.Schema.ValidateImplementation(ctx); d.HasError() {
		t.Fatal(d)
	}
	checkDescriptions(t, typeName, rs.Schema.Attributes)
	for want, ds := range map[string]datasource.DataSource{typeName: NewMaintenanceDataSource(), maintenancesTypeName: NewMaintenancesDataSource()} {
		var md datasource.MetadataResponse
		ds.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "not-o11y"}, &md)
		if md.TypeName != want {
			t.Errorf("data source type name %q, want %q", md.TypeName, want)
		}
		var r datasource.SchemaResponse
		ds.Schema(ctx, datasource.SchemaRequest{}, &r)
		if d := r.Schema.ValidateImplementation(ctx); d.HasError() {
			t.Fatal(d)
		}
		checkDescriptions(t, "data source "+want, r.Schema.Attributes)
	}
}

// checkDescriptions fails for every attribute without a description.
func checkDescriptions[A interface{ GetMarkdownDescription() string }](t *testing.T, where string, attrs map[string]A) {
	t.Helper()
	for name, a := range attrs {
		if a.GetMarkdownDescription() == "" {
			t.Errorf("%s: attribute %s has no description", where, name)
		}
		switch n := any(a).(type) {
		case rsschema.SetNestedAttribute:
			checkDescriptions(t, where+"."+name, n.NestedObject.Attributes)
		case dsschema.SetNestedAttribute:
			checkDescriptions(t, where+"."+name, n.NestedObject.Attributes)
		case dsschema.ListNestedAttribute:
			checkDescriptions(t, where+"."+name, n.NestedObject.Attributes)
		}
	}
}
