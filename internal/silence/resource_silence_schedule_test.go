package silence

import (
	"testing"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/alertmanager"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/schedule/scheduletest"
)

// TestSilenceDrift: what of an occurrence's silence the refresh compares
// with the schedule. A running silence's start is the server's (it clamps
// a past start to the creation time), so only a pending one's counts.
func TestSilenceDrift(t *testing.T) {
	t.Parallel()
	o := scheduletest.SpringForward("x")
	start := o.Start
	ms := []alertmanager.Matcher{{Name: "team", Value: "platform", IsEqual: true}}
	want := record{Matchers: ms, Comment: "patch night", CreatedBy: "terraform"}
	good := record{ID: "x", Matchers: ms, Comment: "patch night", CreatedBy: "terraform", StartsAt: start, EndsAt: start.Add(2 * time.Hour), State: alertmanager.StatePending}
	for _, c := range []struct {
		name   string
		change func(*record)
		want   string
	}{
		{"as scheduled", func(*record) {}, ""},
		{"running, start clamped by the server", func(r *record) { r.State, r.StartsAt = alertmanager.StateActive, start.Add(17*time.Minute) }, ""},
		{"milliseconds the server added", func(r *record) { r.EndsAt = r.EndsAt.Add(300 * time.Microsecond) }, ""},
		{"another matcher", func(r *record) { r.Matchers = []alertmanager.Matcher{{Name: "team", Value: "db", IsEqual: true}} }, "selection"},
		{"a negated matcher", func(r *record) { r.Matchers = []alertmanager.Matcher{{Name: "team", Value: "platform"}} }, "selection"},
		{"comment and creator", func(r *record) { r.Comment, r.CreatedBy = "edited", "alice" }, "comment and creator"},
		{"end moved", func(r *record) { r.EndsAt = r.EndsAt.Add(time.Hour) }, "window"},
		{"pending start moved", func(r *record) { r.StartsAt = r.StartsAt.Add(time.Hour) }, "window"},
	} {
		s := good
		c.change(&s)
		if got := silenceDrift(s, o, want); got != c.want {
			t.Errorf("%s: drift %q, want %q", c.name, got, c.want)
		}
	}
	// The Alert Silence API: sources instead of matchers.
	src := record{SourceType: "Equipment", SourceIDPattern: "Motor-*", Comment: "check", CreatedBy: "terraform"}
	got := src
	got.StartsAt, got.EndsAt, got.State = start, start.Add(2*time.Hour), alertmanager.StatePending
	if d := silenceDrift(got, o, src); d != "" {
		t.Errorf("alert-silence as scheduled: drift %q", d)
	}
	got.SourceIDPattern = "Motor-01"
	if d := silenceDrift(got, o, src); d != "selection" {
		t.Errorf("alert-silence pattern changed: drift %q", d)
	}
}
