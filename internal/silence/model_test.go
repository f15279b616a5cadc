package silence

import (
	"context"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
)

func TestFlattenExpand(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	created := time.Date(2026, 11, 22, 22, 2, 51, 471e6, time.UTC)
	end := time.Date(2026, 11, 22, 23, 2, 51, 0, time.UTC)
	server := record{
		ID: "id-1", Matchers: []alertmanager.Matcher{{Name: "b", Value: "2", IsEqual: true}, {Name: "a", Value: "1.*", IsRegex: true}},
		StartsAt: created, EndsAt: end, Comment: "c", CreatedBy: "tf", State: "active", UpdatedAt: created,
	}
	ms, _ := flattenMatchers(server.Matchers)

	cases := []struct {
		name      string
		prior     silenceResourceModel
		wantStart string
		wantEnd   string
	}{
		{"start omitted: the server's", silenceResourceModel{StartsAt: timetypes.NewRFC3339Unknown(), EndsAt: timetypes.NewRFC3339ValueMust("2026-11-22T23:02:51Z")},
			"2026-11-22T22:02:51.471Z", "2026-11-22T23:02:51Z"},
		{"past start clamped: kept", silenceResourceModel{StartsAt: timetypes.NewRFC3339ValueMust("2020-01-01T00:00:00Z"), EndsAt: timetypes.NewRFC3339ValueMust("2026-11-23T08:02:51+09:00")},
			"2020-01-01T00:00:00Z", "2026-11-23T08:02:51+09:00"},
		{"import: the server's", silenceResourceModel{StartsAt: timetypes.NewRFC3339Null(), EndsAt: timetypes.NewRFC3339Null()},
			"2026-11-22T22:02:51.471Z", "2026-11-22T23:02:51Z"},
		{"drifted end: the server's", silenceResourceModel{StartsAt: timetypes.NewRFC3339ValueMust("2026-11-22T22:02:51.471Z"), EndsAt: timetypes.NewRFC3339ValueMust("2026-11-22T22:30:00Z")},
			"2026-11-22T22:02:51.471Z", "2026-11-22T23:02:51Z"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, diags := flatten(server, tc.prior)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if got.StartsAt.ValueString() != tc.wantStart || got.EndsAt.ValueString() != tc.wantEnd {
				t.Fatalf("start %s end %s, want %s %s", got.StartsAt.ValueString(), got.EndsAt.ValueString(), tc.wantStart, tc.wantEnd)
			}
			if !got.Matchers.Equal(ms) || got.ID.ValueString() != "id-1" || got.Status.ValueString() != "active" || !got.AllowBroad.Equal(types.BoolValue(false)) {
				t.Fatalf("flattened %+v", got)
			}
			back, _, diags := expandMatchers(ctx, got.Matchers)
			if diags.HasError() || len(back) != 2 || back[0] != server.Matchers[0] || back[1] != server.Matchers[1] {
				t.Fatalf("round trip %+v", back)
			}
		})
	}
	// A pending silence whose start differs is drift, not clamping.
	pending := server
	pending.State = "pending"
	pending.StartsAt = created.Add(time.Hour)
	got, _ := flatten(pending, silenceResourceModel{StartsAt: timetypes.NewRFC3339ValueMust("2026-11-22T22:30:00Z")})
	if got.StartsAt.ValueString() != "2026-11-22T23:02:51.471Z" {
		t.Fatalf("pending start %s", got.StartsAt.ValueString())
	}
}

func TestSendTimes(t *testing.T) {
	t.Parallel()
	now := fakeNow
	cases := []struct {
		name               string
		plan               silenceResourceModel
		stored             time.Time
		start, end, anchor time.Time
	}{
		{"ends_at, start omitted", silenceResourceModel{StartsAt: timetypes.NewRFC3339Unknown(), EndsAt: timetypes.NewRFC3339ValueMust("2026-11-22T14:00:00Z"), Duration: timetypes.NewGoDurationNull()},
			time.Time{}, now, now.Add(2 * time.Hour), time.Time{}},
		{"duration, start omitted", silenceResourceModel{StartsAt: timetypes.NewRFC3339Unknown(), EndsAt: timetypes.NewRFC3339Unknown(), Duration: timetypes.NewGoDurationValueFromStringMust("90m")},
			time.Time{}, now, now.Add(90 * time.Minute), now},
		{"duration, past start means now", silenceResourceModel{StartsAt: timetypes.NewRFC3339ValueMust("2020-01-01T00:00:00Z"), EndsAt: timetypes.NewRFC3339Unknown(), Duration: timetypes.NewGoDurationValueFromStringMust("1h")},
			time.Time{}, now, now.Add(time.Hour), now},
		{"duration, future start planned", silenceResourceModel{StartsAt: timetypes.NewRFC3339ValueMust("2026-11-22T13:00:00Z"), EndsAt: timetypes.NewRFC3339ValueMust("2026-11-22T14:00:00Z"), Duration: timetypes.NewGoDurationValueFromStringMust("1h")},
			time.Time{}, now.Add(time.Hour), now.Add(2 * time.Hour), now.Add(time.Hour)},
		{"update sends the stored start back", silenceResourceModel{StartsAt: timetypes.NewRFC3339ValueMust("2020-01-01T00:00:00Z"), EndsAt: timetypes.NewRFC3339ValueMust("2026-11-22T14:00:00Z"), Duration: timetypes.NewGoDurationNull()},
			now.Add(-time.Minute), now.Add(-time.Minute), now.Add(2 * time.Hour), time.Time{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			start, end, anchor, diags := sendTimes(tc.plan, now, tc.stored)
			if diags.HasError() || !start.Equal(tc.start) || !end.Equal(tc.end) || !anchor.Equal(tc.anchor) {
				t.Fatalf("got %v %v %v %v, want %v %v %v", start, end, anchor, diags, tc.start, tc.end, tc.anchor)
			}
		})
	}
}
