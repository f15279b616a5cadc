# A change window as code: a maintenance window on two infra hosts and a
# service, a silence for the same targets over the window's first 30 minutes,
# and a Resource Watcher alarm that posts instance events to a webhook while
# the change runs.
#
# `make demo` runs this against the local sandbox. Against real servers, export
# the provider's environment variables (see the README) and pass the window:
#   terraform apply -var window_start=2026-12-01T22:00:00+09:00

terraform {
  required_providers {
    o11y = {
      source  = "nhn-o11y/o11y"
      version = "~> 0.1"
    }
  }
}

# URLs and credentials come from the environment (O11Y_MAINTENANCE_URL,
# GRAFANA_URL, NHN_APPKEY, ...); make demo exports the sandbox's.
provider "o11y" {}

variable "window_start" {
  type        = string
  description = "Start of the change window, RFC 3339 in whole minutes. Pass it in; never use timestamp() (it changes on every plan)."
}

variable "window_minutes" {
  type        = number
  description = "Length of the maintenance window in minutes."
  default     = 60
}

variable "webhook_secret" {
  type      = string
  sensitive = true
  default   = "demo-webhook-secret"
}

locals {
  change  = "CHG-2042 checkout v2.4 rollout"
  region  = "DX-G-SE"
  hosts   = ["10.20.0.11", "10.20.0.12"]
  service = "checkout-api"

  # One regex for the hosts' node_exporter targets (instance="10.20.0.11:9100"):
  # (10\.20\.0\.11|10\.20\.0\.12):9100. Silence regexes are RE2 and anchored
  # at both ends, so the port must be part of it and the dots escaped (a bare
  # "." matches any character). In an HCL string, "\\." is the two characters \.
  instance_regex = "(${join("|", [for ip in local.hosts : replace(ip, ".", "\\.")])}):9100"
}

resource "o11y_maintenance" "change" {
  title      = local.change
  start_date = var.window_start
  end_date   = timeadd(var.window_start, "${var.window_minutes}m")

  targets = concat(
    [for ip in local.hosts : { type = "infra", target_ip = ip, region = local.region }],
    [{ type = "service", target_name = local.service, region = local.region }],
  )
}

# Silence the same targets for the first 30 minutes of the window. Without
# starts_at a duration counts from the apply, which mutes the wrong half hour
# when the window is planned ahead. The end (start + duration) is fixed at
# create, so the next plan is clean; the silence ends by itself.
resource "o11y_silence" "change" {
  matchers = [
    { name = "instance", value = local.instance_regex, is_regex = true },
    { name = "service", value = local.service },
  ]
  starts_at  = var.window_start
  duration   = "30m"
  comment    = "${local.change} (maintenance ${o11y_maintenance.change.id})"
  created_by = "make-demo"
}

# Find the instance events in the Resource Watcher catalogue.
data "resourcewatcher_events" "instance" {
  provider = o11y

  product_ids         = ["compute"]
  event_name_contains = "instance"
  lang                = "en"
}

resource "resourcewatcher_event_alarm" "change" {
  provider = o11y

  alarm_name  = "checkout-rollout-instances"
  description = "Instance events during ${local.change}."

  alarm_targets = [{
    type           = "WEBHOOK"
    webhook_url    = "https://hooks.example.com/o11y/deploy"
    webhook_secret = var.webhook_secret
  }]

  events = [
    for e in data.resourcewatcher_events.instance.events : {
      product_id = e.product_id
      event_id   = e.event_id
    }
  ]

  resource_group_ids = ["rg-web"]
}

output "maintenance_id" {
  value = o11y_maintenance.change.id
}

output "silence" {
  value = {
    id      = o11y_silence.change.id
    status  = o11y_silence.change.status
    ends_at = o11y_silence.change.ends_at
  }
}

output "alarm_id" {
  value = resourcewatcher_event_alarm.change.id
}
