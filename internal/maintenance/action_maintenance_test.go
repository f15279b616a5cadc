package maintenance

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/maintenanceapi"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/providerdata"
)

func errorText(diags diag.Diagnostics) string {
	var out []string
	for _, d := range diags.Errors() {
		out = append(out, d.Summary()+": "+d.Detail())
	}
	return strings.Join(out, "\n")
}

// TestPickExpire: by id every pending or active window; by title and
// targets only the exact ones (IPs as addresses, any order).
func TestPickExpire(t *testing.T) {
	t.Parallel()
	gb := maintenanceapi.Target{Type: "infra", TargetIP: "2001:db8::1", Region: "DX-G-GB"}
	iam := maintenanceapi.Target{Type: "service", TargetName: "iam", Region: "DX-G-SE"}
	res := &maintenanceapi.GetResult{
		Maintenances: []maintenanceapi.Maintenance{
			{ID: "m-1", Title: "deploy", Status: "active", Targets: []maintenanceapi.Target{iam, gb}},
			{ID: "m-2", Title: "deploy", Status: "pending", Targets: []maintenanceapi.Target{gb}},
			{ID: "m-3", Title: "deploy", Status: "expired", Targets: []maintenanceapi.Target{gb, iam}},
			{ID: "m-4", Title: "Deploy", Status: "active", Targets: []maintenanceapi.Target{gb, iam}},
			{ID: "m-5", Title: "deploy", Status: "active", Targets: []maintenanceapi.Target{gb, iam, {Type: "infra", TargetIP: "10.0.0.9", Region: "DX-G-GB"}}},
		},
		Missing: []string{"m-9"},
	}
	ids := []string{"m-1", "m-2", "m-3", "m-4", "m-5", "m-9"}
	ids2 := func(ms []maintenanceapi.Maintenance) string {
		var out []string
		for _, m := range ms {
			out = append(out, m.ID)
		}
		return strings.Join(out, ",")
	}
	todo, skipped := pickExpire(res, ids, false, window{})
	if got := ids2(todo); got != "m-1,m-2,m-4,m-5" {
		t.Errorf("by id: %s", got)
	}
	if got := strings.Join(skipped, "; "); got != "ended already: m-3; unknown to the API: m-9" {
		t.Errorf("by id, skipped: %s", got)
	}
	want := window{Title: "deploy", Targets: []maintenanceapi.Target{gb, {Type: "service", TargetName: "iam", Region: "DX-G-SE"}}}
	want.Targets[0].TargetIP = "2001:DB8::1" // the same address
	todo, skipped = pickExpire(res, ids, true, want)
	if got := ids2(todo); got != "m-1" {
		t.Errorf("by title and targets: %s", got)
	}
	if got := strings.Join(skipped, "; "); got != `ended already: m-3; unknown to the API: m-9; another title or other targets than "deploy" and the 2 targets configured: m-2, m-4, m-5` {
		t.Errorf("by title and targets, skipped: %s", got)
	}
}

func TestCheckMaintenanceExpire(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	target := func(ip string) attr.Value {
		return types.ObjectValueMust(targetAttrTypes, map[string]attr.Value{
			"type": types.StringValue("infra"), "target_ip": types.StringValue(ip), "target_name": types.StringNull(), "region": types.StringValue("DX-G-GB"),
		})
	}
	set := func(vs ...attr.Value) types.Set { return types.SetValueMust(targetObjectType, vs) }
	null := maintenanceExpireModel{IDs: types.SetNull(types.StringType), Title: types.StringNull(), Targets: types.SetNull(targetObjectType)}
	ids := types.SetValueMust(types.StringType, []attr.Value{types.StringValue("silence-1")})
	for _, c := range []struct {
		name string
		cfg  maintenanceExpireModel
		want string
	}{
		{"nothing", null, "Nothing to expire"},
		{"ids", maintenanceExpireModel{IDs: ids, Title: types.StringNull(), Targets: types.SetNull(targetObjectType)}, ""},
		{"title alone", maintenanceExpireModel{IDs: types.SetNull(types.StringType), Title: types.StringValue("t"), Targets: types.SetNull(targetObjectType)}, "Missing targets"},
		{"targets alone", maintenanceExpireModel{IDs: ids, Title: types.StringNull(), Targets: set(target("10.0.0.1"))}, "Missing title"},
		{"title and targets", maintenanceExpireModel{IDs: types.SetNull(types.StringType), Title: types.StringValue("t"), Targets: set(target("10.0.0.1"))}, ""},
		{"a bad target", maintenanceExpireModel{IDs: ids, Title: types.StringValue("t"), Targets: set(target("10.0.0.1/24"))}, "Infra target with an invalid IP"},
	} {
		got := errorText(checkExpire(ctx, c.cfg))
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s: errors %q, want %q", c.name, got, c.want)
		}
	}
}

// TestActionTimes: the window an action opens at now.
func TestActionTimes(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 2, 1, 9, 17, 42, 0, seoul)
	rfc := func(s string) timetypes.RFC3339 { return timetypes.NewRFC3339ValueMust(s) }
	dur := func(s string) timetypes.GoDuration { return timetypes.NewGoDurationValueFromStringMust(s) }
	for _, c := range []struct {
		name       string
		m          maintenanceActionModel
		start, end string
		err        string
	}{
		{"duration from this minute", maintenanceActionModel{StartDate: timetypes.NewRFC3339Null(), EndDate: timetypes.NewRFC3339Null(), Duration: dur("45m")},
			"2026-02-01T09:17:00+09:00", "2026-02-01T10:02:00+09:00", ""},
		{"an end", maintenanceActionModel{StartDate: timetypes.NewRFC3339Null(), EndDate: rfc("2026-02-01T12:00:00+09:00"), Duration: timetypes.NewGoDurationNull()},
			"2026-02-01T09:17:00+09:00", "2026-02-01T12:00:00+09:00", ""},
		{"a future start", maintenanceActionModel{StartDate: rfc("2026-02-01T22:00:00+09:00"), EndDate: timetypes.NewRFC3339Null(), Duration: dur("2h")},
			"2026-02-01T22:00:00+09:00", "2026-02-02T00:00:00+09:00", ""},
		{"an end in the past", maintenanceActionModel{StartDate: timetypes.NewRFC3339Null(), EndDate: rfc("2026-02-01T09:00:00+09:00"), Duration: timetypes.NewGoDurationNull()},
			"", "", "Maintenance ends in the past"},
		{"a past start plus duration", maintenanceActionModel{StartDate: rfc("2026-02-01T07:00:00+09:00"), EndDate: timetypes.NewRFC3339Null(), Duration: dur("1h")},
			"", "", "start_date (2026-02-01T07:00:00+09:00) plus duration (1h) ends at"},
		{"too long", maintenanceActionModel{StartDate: timetypes.NewRFC3339Null(), EndDate: rfc("2026-02-02T10:00:00+09:00"), Duration: timetypes.NewGoDurationNull()},
			"", "", "Maintenance window too long for an action"},
		{"a duration out of bounds", maintenanceActionModel{StartDate: timetypes.NewRFC3339Null(), EndDate: timetypes.NewRFC3339Null(), Duration: dur("90s")},
			"", "", "keeps whole minutes"},
	} {
		start, end, diags := c.m.times(now)
		got := errorText(diags)
		if (c.err == "") != (got == "") || !strings.Contains(got, c.err) {
			t.Errorf("%s: errors %q, want %q", c.name, got, c.err)
			continue
		}
		if c.err == "" && (start.In(seoul).Format(time.RFC3339) != c.start || end.In(seoul).Format(time.RFC3339) != c.end) {
			t.Errorf("%s: %s .. %s, want %s .. %s", c.name, start.In(seoul).Format(time.RFC3339), end.In(seoul).Format(time.RFC3339), c.start, c.end)
		}
	}
}

// TestOpenedWindows: each configured provider instance knows only the
// windows it opened.
func TestOpenedWindows(t *testing.T) {
	t.Parallel()
	o := &openedWindows{byProvider: map[*providerdata.Data][]string{}}
	a, b := &providerdata.Data{}, &providerdata.Data{}
	o.add(a, "silence-2")
	o.add(a, "silence-1")
	o.add(b, "silence-3")
	if got := strings.Join(o.ids(a), ","); got != "silence-1,silence-2" {
		t.Errorf("a: %s", got)
	}
	if got := strings.Join(o.ids(b), ","); got != "silence-3" {
		t.Errorf("b: %s", got)
	}
	if got := o.ids(&providerdata.Data{}); len(got) != 0 {
		t.Errorf("a new instance: %v", got)
	}
	if got := union([]string{"x", "y"}, []string{"y", "z"}); strings.Join(got, ",") != "x,y,z" {
		t.Errorf("union: %v", got)
	}
}
