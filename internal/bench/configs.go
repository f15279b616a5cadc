package bench

import (
	"fmt"
	"strings"
	"time"
)

const header = `terraform {
  required_providers {
    o11y = {
      source = "nhn-o11y/o11y"
    }
  }
}

provider "o11y" {}
`

// window is the fixed start and end every benchmark silence (and the
// floor's objects) is configured with: a start in the past (the server
// clamps it to its "now", the state keeps the configured one) and an end a
// day later, fixed for the whole benchmark.
type window struct{ start, end time.Time }

func newWindow(now time.Time) window {
	start := now.UTC().Truncate(time.Minute)
	return window{start: start, end: start.Add(24 * time.Hour)}
}

// generators write a configuration of n objects of one kind.
var generators = map[string]func(n int, w window) string{
	"floor":       floor,
	"shape":       shape,
	"silence":     func(n int, w window) string { return header + silences("s", "Bench", n, w) },
	"maintenance": func(n int, _ window) string { return header + maintenances(0, n) },
	"alarm":       func(n int, _ window) string { return header + alarms(0, n) },
	"mixed": func(n int, w window) string {
		a, b := n/3, n/3
		return header + silences("s", "Bench", a, w) + maintenances(a, b) + alarms(a+b, n-a-b)
	},
}

// floor is the floor of every kind: n objects of a plugin-framework
// resource that stores the five strings a benchmark silence is configured
// with and does no I/O (cmd/noopprovider).
func floor(n int, w window) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    noop = {
      source = "bench/noop"
    }
  }
}

resource "noop_object" "x" {
  count     = %d
  name      = "Bench"
  instance  = "host-${count.index}"
  starts_at = %q
  ends_at   = %q
  comment   = "bench ${count.index}"
}
`, n, w.start.Format(time.RFC3339), w.end.Format(time.RFC3339))
}

// shape is n shape_silence objects (cmd/noopprovider/shape.go): the
// benchmark silences' configuration on a resource with o11y_silence's
// attributes that does no I/O. Between the floor and the provider, it
// shows what the schema's shape alone costs.
func shape(n int, w window) string {
	return `terraform {
  required_providers {
    shape = {
      source = "bench/shape"
    }
  }
}
` + strings.Replace(silences("x", "Bench", n, w), `resource "o11y_silence"`, `resource "shape_silence"`, 1)
}

func silences(name, alert string, n int, w window) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(`
resource "o11y_silence" %q {
  count = %d
  matchers = [
    { name = "alertname", value = %q },
    { name = "instance", value = "host-${count.index}" },
  ]
  starts_at = %q
  ends_at   = %q
  comment   = "bench ${count.index}"
}
`, name, n, alert, w.start.Format(time.RFC3339), w.end.Format(time.RFC3339))
}

func maintenances(from, n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(`
resource "o11y_maintenance" "m" {
  count      = %d
  title      = "bench ${count.index + %d}"
  start_date = "2030-01-01T00:00:00Z"
  end_date   = "2030-01-01T02:00:00Z"
  targets    = [{ type = "infra", target_ip = cidrhost("10.0.0.0/8", count.index + %d + 1), region = "DX-G-SE" }]
}
`, n, from, from)
}

func alarms(from, n int) string {
	if n == 0 {
		return ""
	}
	return strings.ReplaceAll(fmt.Sprintf(`
resource "resourcewatcher_event_alarm" "a" {
  provider = o11y
  count    = %d

  alarm_name    = "bench-${count.index + %d}"
  alarm_targets = [{ type = "ROLE", target = "ADMIN", email = true }]
  resource_group_ids = ["rg-web"]
}
`, n, from), "\t", "  ")
}
