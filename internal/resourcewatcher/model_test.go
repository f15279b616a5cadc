package resourcewatcher

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/resourcewatcherapi"
)

// target builds an alarm_targets element; email and sms are "t", "f" or "" (null).
func target(t *testing.T, typ, tgt string, email, sms string, url, secret string) attr.Value {
	t.Helper()
	b := func(v string) types.Bool {
		if v == "" {
			return types.BoolNull()
		}
		return types.BoolValue(v == "t")
	}
	s := func(v string) types.String {
		if v == "" {
			return types.StringNull()
		}
		return types.StringValue(v)
	}
	o, d := types.ObjectValue(alarmTargetAttrTypes, map[string]attr.Value{
		"type": types.StringValue(typ), "target": s(tgt), "email": b(email), "sms": b(sms),
		"webhook_url": s(url), "webhook_secret": s(secret),
		"webhook_secret_wo": types.StringNull(), "webhook_secret_wo_version": types.Int64Null(),
	})
	if d.HasError() {
		t.Fatal(d)
	}
	return o
}

func mustSet(t *testing.T, typ attr.Type, vals ...attr.Value) types.Set {
	t.Helper()
	s, d := types.SetValue(typ, vals)
	if d.HasError() {
		t.Fatal(d)
	}
	return s
}

func mustList(t *testing.T, typ attr.Type, vals ...attr.Value) types.List {
	t.Helper()
	l, d := types.ListValue(typ, vals)
	if d.HasError() {
		t.Fatal(d)
	}
	return l
}

func baseModel(t *testing.T) eventAlarmModel {
	ev, _ := types.ObjectValue(eventAttrTypes, map[string]attr.Value{"product_id": types.StringValue("compute"), "event_id": types.StringValue("iaas.instance.create")})
	return eventAlarmModel{
		AlarmName:   types.StringValue("cpu"),
		Description: types.StringValue(""),
		AlarmTargets: mustList(t, alarmTargetType,
			target(t, "WEBHOOK", "", "", "", "https://h.example.com", "s3"),
			target(t, "UUID", "u-1", "t", "", "", ""),
			target(t, "ALARM_KEY", "ak", "", "", "", ""),
			target(t, "ROLE", "ADMIN", "", "t", "", ""),
		),
		Events:           mustSet(t, eventType, ev),
		ResourceGroupIDs: types.SetNull(types.StringType),
		ResourceTagIDs:   mustSet(t, types.Int64Type, types.Int64Value(7), types.Int64Value(3)),
	}
}

func TestExpand(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		mut  func(*eventAlarmModel)
		want string
	}{
		"every target type": {
			mut: func(*eventAlarmModel) {},
			want: `{"alarm":{"alarmName":"cpu","description":""},"alarmTargets":[` +
				`{"alarmTargetTypeCode":"WEBHOOK","webhookUrl":"https://h.example.com","webhookSecret":"s3"},` +
				`{"alarmTargetTypeCode":"UUID","alarmTarget":"u-1","emailAlarm":"Y","smsAlarm":"N"},` +
				`{"alarmTargetTypeCode":"ALARM_KEY","alarmTarget":"ak"},` +
				`{"alarmTargetTypeCode":"ROLE","alarmTarget":"ADMIN","emailAlarm":"N","smsAlarm":"Y"}],` +
				`"events":[{"productId":"compute","eventId":"iaas.instance.create"}],"target":{"resourceTagIds":[3,7]}}`,
		},
		"no events, groups only": {
			mut: func(m *eventAlarmModel) {
				m.Events = types.SetNull(eventType)
				m.ResourceTagIDs = types.SetNull(types.Int64Type)
				m.ResourceGroupIDs = mustSet(t, types.StringType, types.StringValue("rg-b"), types.StringValue("rg-a"))
				m.AlarmTargets = mustList(t, alarmTargetType, target(t, "UUID", "u-1", "", "", "", ""))
				m.Description = types.StringValue("d")
			},
			want: `{"alarm":{"alarmName":"cpu","description":"d"},"alarmTargets":[` +
				`{"alarmTargetTypeCode":"UUID","alarmTarget":"u-1","emailAlarm":"N","smsAlarm":"N"}],"target":{"resourceGroupIds":["rg-a","rg-b"]}}`,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := baseModel(t)
			tc.mut(&m)
			req, d := expand(context.Background(), m, nil)
			if d.HasError() {
				t.Fatal(d)
			}
			got, _ := json.Marshal(req)
			if string(got) != tc.want {
				t.Fatalf("\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestFlatten(t *testing.T) {
	t.Parallel()
	answer := &resourcewatcherapi.EventAlarm{
		Alarm: resourcewatcherapi.Alarm{AlarmID: "a-1", AlarmName: "cpu", AlarmStatusCode: "STABLE", RegDatetime: "2026-01-02T03:04:05", ModDatetime: "2026-01-02T03:05:00",
			AlarmRule: &resourcewatcherapi.AlarmRule{AlarmRuleID: "r", AlarmRuleName: "rn", ResourceTypes: []string{}}},
		AlarmTargets: []resourcewatcherapi.AlarmTarget{
			{AlarmTargetTypeCode: "WEBHOOK", WebhookURL: "https://h.example.com"},
			{AlarmTargetTypeCode: "UUID", AlarmTarget: "u-1", EmailAlarm: "Y", SMSAlarm: "N"},
			{AlarmTargetTypeCode: "ALARM_KEY", AlarmTarget: "ak"},
			{AlarmTargetTypeCode: "ROLE", AlarmTarget: "ADMIN", EmailAlarm: "N", SMSAlarm: "Y"},
		},
		Events: []resourcewatcherapi.Event{{ProductID: "compute", EventID: "iaas.instance.create"}},
		Target: &resourcewatcherapi.Target{ResourceTags: []resourcewatcherapi.ResourceTag{{TagID: 3, TagName: "x"}, {TagID: 7, TagName: "y"}}},
	}
	ctx := context.Background()

	t.Run("secret kept from prior, round trip equals the plan", func(t *testing.T) {
		t.Parallel()
		prior := baseModel(t)
		got, d := flatten(ctx, answer, &prior)
		if d.HasError() {
			t.Fatal(d)
		}
		if !got.AlarmTargets.Equal(prior.AlarmTargets) || !got.Events.Equal(prior.Events) ||
			!got.ResourceTagIDs.Equal(prior.ResourceTagIDs) || !got.ResourceGroupIDs.IsNull() {
			t.Fatalf("flatten differs from plan:\n%v\n%v", got.AlarmTargets, prior.AlarmTargets)
		}
		if got.CreatedAt.ValueString() != "2026-01-02T03:04:05Z" || got.Status.ValueString() != "STABLE" || got.ID.ValueString() != "a-1" {
			t.Fatalf("%+v", got)
		}
	})
	t.Run("import: no prior, no secret", func(t *testing.T) {
		t.Parallel()
		got, d := flatten(ctx, answer, nil)
		if d.HasError() {
			t.Fatal(d)
		}
		want := mustList(t, alarmTargetType,
			target(t, "WEBHOOK", "", "", "", "https://h.example.com", ""),
			target(t, "UUID", "u-1", "t", "", "", ""),
			target(t, "ALARM_KEY", "ak", "", "", "", ""),
			target(t, "ROLE", "ADMIN", "", "t", "", ""))
		if !got.AlarmTargets.Equal(want) {
			t.Fatalf("%v", got.AlarmTargets)
		}
	})
	t.Run("echoed secret wins", func(t *testing.T) {
		t.Parallel()
		a := *answer
		a.AlarmTargets = []resourcewatcherapi.AlarmTarget{{AlarmTargetTypeCode: "WEBHOOK", WebhookURL: "https://h.example.com", WebhookSecret: "server"}}
		prior := baseModel(t)
		got, _ := flatten(ctx, &a, &prior)
		want := mustList(t, alarmTargetType, target(t, "WEBHOOK", "", "", "", "https://h.example.com", "server"))
		if !got.AlarmTargets.Equal(want) {
			t.Fatalf("%v", got.AlarmTargets)
		}
	})
	t.Run("explicit false is kept, drift to Y shows", func(t *testing.T) {
		t.Parallel()
		a := *answer
		a.AlarmTargets = []resourcewatcherapi.AlarmTarget{{AlarmTargetTypeCode: "UUID", AlarmTarget: "u-1", EmailAlarm: "Y", SMSAlarm: "N"}}
		prior := baseModel(t)
		prior.AlarmTargets = mustList(t, alarmTargetType, target(t, "UUID", "u-1", "", "f", "", ""))
		got, _ := flatten(ctx, &a, &prior)
		want := mustList(t, alarmTargetType, target(t, "UUID", "u-1", "t", "f", "", ""))
		if !got.AlarmTargets.Equal(want) {
			t.Fatalf("%v", got.AlarmTargets)
		}
	})
	t.Run("the API's order does not matter, the prior's is kept", func(t *testing.T) {
		t.Parallel()
		a := *answer
		a.AlarmTargets = []resourcewatcherapi.AlarmTarget{answer.AlarmTargets[3], answer.AlarmTargets[2], answer.AlarmTargets[1], answer.AlarmTargets[0],
			{AlarmTargetTypeCode: "ROLE", AlarmTarget: "MEMBER", EmailAlarm: "Y", SMSAlarm: "N"}}
		prior := baseModel(t)
		got, _ := flatten(ctx, &a, &prior)
		want := append(prior.AlarmTargets.Elements(), target(t, "ROLE", "MEMBER", "t", "", "", ""))
		if !got.AlarmTargets.Equal(mustList(t, alarmTargetType, want...)) {
			t.Fatalf("%v", got.AlarmTargets)
		}
	})
	t.Run("no events and no target are null", func(t *testing.T) {
		t.Parallel()
		a := *answer
		a.Events, a.Target, a.Alarm.AlarmRule = nil, &resourcewatcherapi.Target{}, nil
		got, _ := flatten(ctx, &a, nil)
		if !got.Events.IsNull() || !got.ResourceTagIDs.IsNull() || !got.ResourceGroupIDs.IsNull() || !got.AlarmRule.IsNull() {
			t.Fatalf("%+v", got)
		}
	})
}

func TestAPITimes(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"2026-01-02T03:04:05":       "2026-01-02T03:04:05Z",
		"2026-01-02T03:04:05.123":   "2026-01-02T03:04:05Z",
		"2026-01-02 03:04:05":       "2026-01-02T03:04:05Z",
		"2026-01-02T12:04:05+09:00": "2026-01-02T12:04:05+09:00",
		"":                          "<null>",
		"yesterday":                 "<null>",
	} {
		got := apiTime(in)
		if s := got.ValueString(); (got.IsNull() && want != "<null>") || (!got.IsNull() && s != want) {
			t.Errorf("apiTime(%q) = %v, want %s", in, got, want)
		}
		if !got.IsNull() {
			if _, d := got.ValueRFC3339Time(); d.HasError() {
				t.Errorf("apiTime(%q) = %q is not RFC 3339", in, got.ValueString())
			}
		}
	}
	for in, want := range map[timetypes.RFC3339]string{
		timetypes.NewRFC3339ValueMust("2026-02-01T11:30:00+09:00"): "2026-02-01T02:30:00",
		timetypes.NewRFC3339ValueMust("2026-02-01T02:30:00Z"):      "2026-02-01T02:30:00",
		timetypes.NewRFC3339Null():                                 "",
		timetypes.NewRFC3339Unknown():                              "",
	} {
		if got := apiDate(in); got != want {
			t.Errorf("apiDate(%v) = %q, want %q", in, got, want)
		}
	}
}

// TestExpand_writeOnlySecret: the write-only secret is only in the
// configuration; the body sends it in place of the (null) planned secret.
func TestExpand_writeOnlySecret(t *testing.T) {
	t.Parallel()
	hook := func(wo string) attr.Value {
		o, d := types.ObjectValue(alarmTargetAttrTypes, map[string]attr.Value{
			"type": types.StringValue("WEBHOOK"), "target": types.StringNull(), "email": types.BoolNull(), "sms": types.BoolNull(),
			"webhook_url": types.StringValue("https://h.example.com"), "webhook_secret": types.StringNull(),
			"webhook_secret_wo":         map[bool]types.String{true: types.StringValue(wo), false: types.StringNull()}[wo != ""],
			"webhook_secret_wo_version": types.Int64Value(3),
		})
		if d.HasError() {
			t.Fatal(d)
		}
		return o
	}
	plan := baseModel(t)
	plan.AlarmTargets = mustList(t, alarmTargetType, hook(""))
	config := plan
	config.AlarmTargets = mustList(t, alarmTargetType, hook("from-config"))
	req, d := expand(context.Background(), plan, &config)
	if d.HasError() || len(req.AlarmTargets) != 1 || req.AlarmTargets[0].WebhookSecret != "from-config" {
		t.Fatalf("body %+v (%v): want the configured write-only secret", req.AlarmTargets, d)
	}
	if req, _ := expand(context.Background(), plan, nil); req.AlarmTargets[0].WebhookSecret != "" {
		t.Fatalf("without the configuration no secret is known: %+v", req.AlarmTargets)
	}
}
