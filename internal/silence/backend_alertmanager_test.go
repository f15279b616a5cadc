package silence

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
)

// TestCreatedRecord: the record a create derives from its request and the
// answer (id, Date header), for a server in step with the provider, ahead
// of it, behind it, and without a Date header; and that the state it gives
// is what every later refresh keeps (a fixed point of flatten against the
// server's own answer).
func TestCreatedRecord(t *testing.T) {
	t.Parallel()
	const id = "2243b2e6-8e2c-4a3b-9d1a-1f6a0c1e7b5d"
	sentAt := time.Date(2030, 1, 2, 10, 0, 0, 123456789, time.UTC)
	now := sentAt.Truncate(time.Millisecond) // what sendTimes sends for "now"
	ms := []alertmanager.Matcher{{Name: "alertname", Value: "Bench", IsEqual: true}, {Name: "instance", Value: "host-1", IsRegex: true}}
	sent := func(start time.Time) record {
		return record{Matchers: ms, StartsAt: start, EndsAt: start.Add(2*time.Hour + 456789), Comment: "bench 1", CreatedBy: "terraform"}
	}
	cases := []struct {
		name     string
		start    time.Time // the start sent
		answered time.Time // the provider's clock at the answer
		date     time.Time // the answer's Date header
		state    string
		updated  time.Time
		// server is the start Alertmanager stores: the sent one, or its
		// "now" when that is later
		server time.Time
	}{
		{"now, in step", now, sentAt.Add(5 * time.Millisecond), sentAt.Truncate(time.Second), alertmanager.StateActive,
			sentAt.Add(5 * time.Millisecond).Truncate(time.Millisecond), sentAt.Add(2 * time.Millisecond)},
		{"now, no Date header", now, sentAt.Add(5 * time.Millisecond), time.Time{}, alertmanager.StateActive,
			sentAt.Add(5 * time.Millisecond).Truncate(time.Millisecond), sentAt.Add(2 * time.Millisecond)},
		{"now, server 5s ahead", now, sentAt.Add(5 * time.Millisecond), sentAt.Add(5 * time.Second).Truncate(time.Second), alertmanager.StateActive,
			sentAt.Add(5 * time.Second).Truncate(time.Second), sentAt.Add(5*time.Second + 2*time.Millisecond)},
		{"now, server 5s behind: pending", now, sentAt.Add(5 * time.Millisecond), sentAt.Add(-5 * time.Second).Truncate(time.Second), alertmanager.StatePending,
			sentAt.Add(-5 * time.Second).Truncate(time.Second).Add(999 * time.Millisecond), now},
		{"future start", now.Add(time.Hour), sentAt.Add(5 * time.Millisecond), sentAt.Truncate(time.Second), alertmanager.StatePending,
			sentAt.Add(5 * time.Millisecond).Truncate(time.Millisecond), now.Add(time.Hour)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := sent(tc.start)
			got := createdRecord(id, s, tc.answered, tc.date)
			if got.ID != id || got.Comment != "bench 1" || got.CreatedBy != "terraform" || len(got.Matchers) != 2 || got.Matchers[1] != ms[1] {
				t.Fatalf("derived %+v", got)
			}
			if !got.StartsAt.Equal(tc.start.Truncate(time.Millisecond)) || !got.EndsAt.Equal(s.EndsAt.Truncate(time.Millisecond)) {
				t.Fatalf("start %s end %s, want the sent ones at millisecond precision", got.StartsAt, got.EndsAt)
			}
			if got.State != tc.state || !got.UpdatedAt.Equal(tc.updated) {
				t.Fatalf("state %s updated %s, want %s %s", got.State, got.UpdatedAt, tc.state, tc.updated)
			}

			// The state a create stores (starts_at unknown in the plan: not
			// configured), then a refresh that reads the server's answer.
			plan := silenceResourceModel{StartsAt: timetypes.NewRFC3339Unknown(), EndsAt: timetypes.NewRFC3339Unknown(),
				Duration: timetypes.NewGoDurationValueFromStringMust("2h"), AllowBroad: types.BoolValue(false)}
			created, diags := flatten(got, plan)
			if diags.HasError() {
				t.Fatal(diags)
			}
			server := got
			server.StartsAt = tc.server.Truncate(time.Millisecond)
			server.State = tc.state // the server's state when it answered
			server.UpdatedAt = tc.server
			refreshed, diags := flatten(server, created)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if refreshed.StartsAt != created.StartsAt || refreshed.EndsAt != created.EndsAt || refreshed.ID != created.ID ||
				!refreshed.Matchers.Equal(created.Matchers) || refreshed.Comment != created.Comment || refreshed.CreatedBy != created.CreatedBy {
				t.Fatalf("a refresh moves the created state:\ncreated   %+v\nrefreshed %+v", created, refreshed)
			}
		})
	}
}
