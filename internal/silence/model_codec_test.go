package silence

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
)

// TestModelCodec holds modelFrom and terraformValue to the schema and to
// the framework's reflection-based Get and Set: the same object type, and
// the same values both ways, for known, null and unknown attributes.
func TestModelCodec(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var sr resource.SchemaResponse
	NewSilenceResource().Schema(ctx, resource.SchemaRequest{}, &sr)
	if !sr.Schema.Type().TerraformType(ctx).Equal(silenceObjectType) {
		t.Fatalf("silenceObjectType is not the schema's type:\n%s\nschema:\n%s", silenceObjectType, sr.Schema.Type().TerraformType(ctx))
	}
	ms, _ := flattenMatchers([]alertmanager.Matcher{{Name: "alertname", Value: "HighCPU", IsEqual: true}, {Name: "instance", Value: "web-[12]", IsRegex: true}})
	full := silenceResourceModel{
		ID: types.StringValue("2243b2e6-8e2c-4a3b-9d1a-1f6a0c1e7b5d"), Matchers: ms,
		SourceType: types.StringNull(), SourceIDPattern: types.StringNull(),
		StartsAt: timetypes.NewRFC3339ValueMust("2030-01-01T00:00:00Z"), EndsAt: timetypes.NewRFC3339ValueMust("2030-01-01T02:00:00+09:00"),
		Duration: timetypes.NewGoDurationValueFromStringMust("90m"), Comment: types.StringValue("c"), CreatedBy: types.StringValue("terraform"),
		AllowBroad: types.BoolValue(false), Status: types.StringValue("active"), UpdatedAt: timetypes.NewRFC3339ValueMust("2030-01-01T00:00:00.123Z"),
		MaxMatchedAlerts: types.Int64Value(3),
	}
	planned := full
	planned.ID, planned.Status, planned.UpdatedAt, planned.EndsAt = types.StringUnknown(), types.StringUnknown(), timetypes.NewRFC3339Unknown(), timetypes.NewRFC3339Unknown()
	planned.Duration, planned.MaxMatchedAlerts = timetypes.NewGoDurationNull(), types.Int64Null()
	unknownMatcher := planned
	unknownMatcher.Matchers = types.ListValueMust(matcherObjectType, []attr.Value{types.ObjectValueMust(matcherAttrTypes, map[string]attr.Value{
		"name": types.StringValue("alertname"), "value": types.StringUnknown(), "is_regex": types.BoolValue(false), "is_equal": types.BoolValue(true),
	})})
	alertSilence := full
	alertSilence.Matchers = types.ListNull(matcherObjectType)
	alertSilence.SourceType, alertSilence.SourceIDPattern = types.StringValue("Equipment"), types.StringValue("E-*")
	unknownList := planned
	unknownList.Matchers = types.ListUnknown(matcherObjectType)

	for name, m := range map[string]silenceResourceModel{"state": full, "plan": planned, "unknown matcher": unknownMatcher, "alert-silence": alertSilence, "unknown list": unknownList} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			viaFramework := tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(silenceObjectType, nil)}
			if d := viaFramework.Set(ctx, m); d.HasError() {
				t.Fatal(d)
			}
			ours, d := m.terraformValue(ctx)
			if d.HasError() {
				t.Fatal(d)
			}
			if !ours.Equal(viaFramework.Raw) {
				t.Fatalf("terraformValue:\n%s\nframework Set:\n%s", ours, viaFramework.Raw)
			}
			var want silenceResourceModel
			if d := viaFramework.Get(ctx, &want); d.HasError() {
				t.Fatal(d)
			}
			got, d := modelFrom(ctx, viaFramework.Raw)
			if d.HasError() {
				t.Fatal(d)
			}
			wantV, _ := want.terraformValue(ctx)
			gotV, _ := got.terraformValue(ctx)
			if !gotV.Equal(wantV) || !gotV.Equal(ours) {
				t.Fatalf("modelFrom:\n%+v\nframework Get:\n%+v", got, want)
			}
			var st tfsdk.State
			st.Schema = sr.Schema
			if d := setState(ctx, &st, got); d.HasError() || !st.Raw.Equal(ours) {
				t.Fatalf("setState: %v %s", d, st.Raw)
			}
		})
	}
	if _, d := modelFrom(ctx, tftypes.NewValue(tftypes.String, "x")); !d.HasError() {
		t.Fatal("modelFrom accepted a string")
	}
}
