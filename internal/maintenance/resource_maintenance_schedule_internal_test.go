package maintenance

import (
	"testing"
	"time"

	"github.com/nhn-o11y/terraform-provider-o11y/internal/api/maintenanceapi"
	"github.com/nhn-o11y/terraform-provider-o11y/internal/schedule/scheduletest"
)

// TestMaintenanceDrift: what of an occurrence's window the refresh
// compares with the schedule; IPs are compared as addresses, and only a
// pending window's start counts.
func TestMaintenanceDrift(t *testing.T) {
	t.Parallel()
	o := scheduletest.SpringForward("silence-1")
	start := o.Start
	targets := []maintenanceapi.Target{{Type: "infra", TargetIP: "2001:db8::1", Region: "DX-G-GB"}, {Type: "service", TargetName: "billing", Region: "DX-G-GB"}}
	want := window{Title: "Patch night", Targets: targets}
	good := maintenanceapi.Maintenance{ID: "silence-1", Title: "Patch night", Status: maintenanceapi.StatusPending, Start: start, End: start.Add(2 * time.Hour),
		Targets: []maintenanceapi.Target{targets[1], {Type: "infra", TargetIP: "2001:DB8::1", Region: "DX-G-GB"}}}
	for _, c := range []struct {
		name   string
		change func(*maintenanceapi.Maintenance)
		want   string
	}{
		{"as scheduled (targets in another order, IP spelt another way)", func(*maintenanceapi.Maintenance) {}, ""},
		{"renamed", func(m *maintenanceapi.Maintenance) { m.Title = "renamed" }, "title"},
		{"a target removed", func(m *maintenanceapi.Maintenance) { m.Targets = m.Targets[:1] }, "targets"},
		{"a target added", func(m *maintenanceapi.Maintenance) {
			m.Targets = append(m.Targets, maintenanceapi.Target{Type: "infra", TargetIP: "10.0.0.9", Region: "DX-G-GB"})
		}, "targets"},
		{"end moved", func(m *maintenanceapi.Maintenance) { m.End = m.End.Add(time.Hour) }, "window"},
		{"pending start moved", func(m *maintenanceapi.Maintenance) { m.Start = m.Start.Add(-time.Hour) }, "window"},
		{"running, start not compared", func(m *maintenanceapi.Maintenance) {
			m.Status, m.Start = maintenanceapi.StatusActive, m.Start.Add(time.Minute)
		}, ""},
	} {
		m := good
		m.Targets = append([]maintenanceapi.Target(nil), good.Targets...)
		c.change(&m)
		if got := maintenanceDrift(m, o, want); got != c.want {
			t.Errorf("%s: drift %q, want %q", c.name, got, c.want)
		}
	}
}
