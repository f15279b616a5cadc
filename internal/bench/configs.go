package bench

import (
	"fmt"
	"strings"
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

// generators write a configuration of n objects of one kind.
var generators = map[string]func(n int) string{
	"floor":       floor,
	"noop":        noop,
	"silence":     func(n int) string { return header + silences(0, n) },
	"maintenance": func(n int) string { return header + maintenances(0, n) },
	"alarm":       func(n int) string { return header + alarms(0, n) },
	"mixed": func(n int) string {
		a, b := n/3, n/3
		return header + silences(0, a) + maintenances(a, b) + alarms(a+b, n-a-b)
	},
}

func floor(n int) string {
	return fmt.Sprintf(`resource "terraform_data" "x" {
  count = %d
  input = "object-${count.index}"
}
`, n)
}

func noop(n int) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    noop = {
      source = "bench/noop"
    }
  }
}

resource "noop_object" "x" {
  count = %d
  input = "object-${count.index}"
}
`, n)
}

func silences(from, n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(`
resource "o11y_silence" "s" {
  count = %d
  matchers = [
    { name = "alertname", value = "Bench" },
    { name = "instance", value = "host-${count.index + %d}" },
  ]
  duration = "2h"
  comment  = "bench ${count.index}"
}
`, n, from)
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
