package silence

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertsilence"
)

// backendOfFlavor is a backend of the flavor that talks to nothing: for
// the checks that need no server.
func backendOfFlavor(flavor string) backend {
	switch flavor {
	case alertmanager.FlavorAlertSilence:
		return &alertSilenceBackend{}
	case "":
		return missingBackend{}
	}
	return &alertmanagerBackend{c: alertmanager.New(nil, alertmanager.Options{Flavor: flavor})}
}

func TestFlattenExpandAlertSilence(t *testing.T) {
	t.Parallel()
	created := time.Date(2026, 11, 22, 22, 2, 51, 471e6, time.UTC)
	end := time.Date(2026, 11, 22, 23, 2, 51, 0, time.UTC)
	server := alertsilence.Silence{ID: "6f1c7f0e-4b5d-4e7a-9c1d-2a3b4c5d6e7f", SourceType: "Equipment", SourceIDPattern: "Equipment-*",
		Reason: "motor", CreatedBy: "ci", CreatedAt: created, StartsAt: created, EndsAt: end}
	cases := []struct {
		name      string
		server    alertsilence.Silence
		prior     silenceResourceModel
		now       time.Time
		wantStart string
		wantEnd   string
		status    string
		broad     bool
	}{
		{"start omitted: the server's", server, silenceResourceModel{StartsAt: timetypes.NewRFC3339Unknown(), EndsAt: timetypes.NewRFC3339ValueMust("2026-11-23T08:02:51+09:00")},
			created, "2026-11-22T22:02:51.471Z", "2026-11-23T08:02:51+09:00", "active", false},
		{"past start sent as now: kept", server, silenceResourceModel{StartsAt: timetypes.NewRFC3339ValueMust("2020-01-01T00:00:00Z"), EndsAt: timetypes.NewRFC3339ValueMust("2026-11-22T23:02:51Z")},
			created, "2020-01-01T00:00:00Z", "2026-11-22T23:02:51Z", "active", false},
		{"import: the server's", server, silenceResourceModel{StartsAt: timetypes.NewRFC3339Null(), EndsAt: timetypes.NewRFC3339Null()},
			created, "2026-11-22T22:02:51.471Z", "2026-11-22T23:02:51Z", "active", false},
		{"expired by the server's clock", server, silenceResourceModel{StartsAt: timetypes.NewRFC3339Null(), EndsAt: timetypes.NewRFC3339Null()},
			end, "2026-11-22T22:02:51.471Z", "2026-11-22T23:02:51Z", "expired", false},
		{"pending", server, silenceResourceModel{StartsAt: timetypes.NewRFC3339Null(), EndsAt: timetypes.NewRFC3339Null()},
			created.Add(-time.Hour), "2026-11-22T22:02:51.471Z", "2026-11-22T23:02:51Z", "pending", false},
		{"imported star pattern is broad", func() alertsilence.Silence { s := server; s.SourceIDPattern = "*"; return s }(),
			silenceResourceModel{StartsAt: timetypes.NewRFC3339Null(), EndsAt: timetypes.NewRFC3339Null()},
			created, "2026-11-22T22:02:51.471Z", "2026-11-22T23:02:51Z", "active", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, diags := flatten(asRecord(tc.server, tc.now), tc.prior)
			if diags.HasError() {
				t.Fatal(diags)
			}
			if got.StartsAt.ValueString() != tc.wantStart || got.EndsAt.ValueString() != tc.wantEnd {
				t.Fatalf("start %s end %s, want %s %s", got.StartsAt.ValueString(), got.EndsAt.ValueString(), tc.wantStart, tc.wantEnd)
			}
			if got.Status.ValueString() != tc.status || got.ID.ValueString() != tc.server.ID || got.Comment.ValueString() != "motor" ||
				got.CreatedBy.ValueString() != "ci" || got.SourceType.ValueString() != "Equipment" || got.SourceIDPattern.ValueString() != tc.server.SourceIDPattern ||
				!got.Matchers.IsNull() || got.UpdatedAt.ValueString() != "2026-11-22T22:02:51.471Z" || got.AllowBroad.ValueBool() != tc.broad {
				t.Fatalf("flattened %+v", got)
			}
			// And back: what Create would send for this state.
			req, diags := expand(context.Background(), got, tc.server.StartsAt, tc.server.EndsAt)
			if diags.HasError() || req.SourceType != tc.server.SourceType || req.SourceIDPattern != tc.server.SourceIDPattern || req.Comment != "motor" || req.CreatedBy != "ci" ||
				req.Matchers != nil ||
				!req.StartsAt.Equal(tc.server.StartsAt) || !req.EndsAt.Equal(tc.server.EndsAt) {
				t.Fatalf("expanded %+v", req)
			}
		})
	}
	d, _ := flattenData(asRecord(server, end.Add(time.Hour)))
	if d.Status.ValueString() != "expired" || d.Comment.ValueString() != "motor" || !d.Matchers.IsNull() || d.SourceIDPattern.ValueString() != "Equipment-*" {
		t.Fatalf("data %+v", d)
	}
}

func TestCheckSelectorAndFlavor(t *testing.T) {
	t.Parallel()
	ms, _ := flattenMatchers([]alertmanager.Matcher{{Name: "alertname", Value: "Foo", IsEqual: true}})
	base := silenceResourceModel{
		Matchers: types.ListNull(matcherObjectType), SourceType: types.StringNull(), SourceIDPattern: types.StringNull(),
		Comment: types.StringValue("c"), CreatedBy: types.StringValue("terraform"), AllowBroad: types.BoolValue(false),
	}
	source := func(tp, pattern string) silenceResourceModel {
		m := base
		m.SourceType, m.SourceIDPattern = types.StringValue(tp), types.StringValue(pattern)
		return m
	}
	withMatchers := base
	withMatchers.Matchers = ms
	both := source("Equipment", "E-1")
	both.Matchers = ms
	broadOK := source("Equipment", "*")
	broadOK.AllowBroad = types.BoolValue(true)
	unknownPattern := source("Equipment", "")
	unknownPattern.SourceIDPattern = types.StringUnknown()
	blank := source("Equipment", "E-1")
	blank.Comment = types.StringValue(" ")
	noCreator := source("Equipment", "E-1")
	noCreator.CreatedBy = types.StringValue("")
	onlyType := base
	onlyType.SourceType = types.StringValue("Equipment")

	cases := []struct {
		name   string
		flavor string
		cfg    silenceResourceModel
		want   string // "" = no error
	}{
		{"matchers on grafana", alertmanager.FlavorGrafana, withMatchers, ""},
		{"source on alert-silence", alertmanager.FlavorAlertSilence, source("Equipment", "Equipment-*"), ""},
		{"unknown pattern", alertmanager.FlavorAlertSilence, unknownPattern, ""},
		{"star with allow_broad", alertmanager.FlavorAlertSilence, broadOK, ""},
		{"flavor not known yet", "", withMatchers, ""},
		{"matchers on alert-silence", alertmanager.FlavorAlertSilence, withMatchers, "matchers need the grafana or prometheus flavor"},
		{"source on prometheus", alertmanager.FlavorPrometheus, source("Equipment", "E-1"), "source_type needs the alert-silence flavor"},
		{"both", alertmanager.FlavorAlertSilence, both, "matchers and source attributes together"},
		{"neither", alertmanager.FlavorGrafana, base, "Nothing to silence"},
		{"type without pattern", alertmanager.FlavorAlertSilence, onlyType, "Missing source_id_pattern"},
		{"star", alertmanager.FlavorAlertSilence, source("Equipment", "*"), "Silence would match every source"},
		{"stars", alertmanager.FlavorAlertSilence, source("Equipment", "***"), "Silence would match every source"},
		{"blank comment", alertmanager.FlavorAlertSilence, blank, "Empty comment"},
		{"empty creator", alertmanager.FlavorAlertSilence, noCreator, "Empty created_by"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			diags := checkSelector(tc.cfg)
			if !diags.HasError() {
				diags.Append(backendOfFlavor(tc.flavor).checkAttributes(tc.cfg)...)
			}
			switch {
			case tc.want == "" && diags.HasError():
				t.Fatalf("unexpected errors: %v", diags)
			case tc.want != "" && (!diags.HasError() || !strings.Contains(diags.Errors()[0].Summary(), tc.want)):
				t.Fatalf("errors %v, want %q", diags, tc.want)
			}
		})
	}
	for p, want := range map[string]bool{"*": true, "**": true, "Equipment-*": false, "*-Sensor": false, "": false, "E-01": false} {
		if isBroadPattern(p) != want {
			t.Errorf("isBroadPattern(%q) = %v", p, !want)
		}
	}
}

func TestReplacePaths(t *testing.T) {
	t.Parallel()
	state := silenceResourceModel{SourceType: types.StringValue("Equipment"), SourceIDPattern: types.StringValue("E-1"),
		Comment: types.StringValue("c"), CreatedBy: types.StringValue("terraform"),
		EndsAt: timetypes.NewRFC3339ValueMust("2030-01-01T00:00:00Z"), Duration: timetypes.NewGoDurationNull()}
	withEnd := state
	withDuration := state
	withDuration.EndsAt, withDuration.Duration = timetypes.NewRFC3339Null(), timetypes.NewGoDurationValueFromStringMust("1h")
	changed := state
	changed.SourceIDPattern, changed.CreatedBy = types.StringValue("E-*"), types.StringValue("ci")
	cases := []struct {
		name              string
		plan, config      silenceResourceModel
		startMoves, endCh bool
		want              string
	}{
		{"pattern and creator", changed, withEnd, false, false, "[source_id_pattern,created_by]"},
		{"end", state, withEnd, false, true, "[ends_at]"},
		{"duration", state, withDuration, false, true, "[duration]"},
		{"start", state, withEnd, true, false, "[starts_at]"},
		{"nothing named: the end", state, withEnd, false, false, "[ends_at]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := replacePaths(tc.plan, state, tc.config, tc.startMoves, tc.endCh).String(); got != tc.want {
				t.Fatalf("replacePaths = %s, want %s", got, tc.want)
			}
		})
	}
}
