# Every resourcewatcher_* block needs `provider = o11y`: without it Terraform
# looks for a provider called "resourcewatcher".

# Find event ids in the catalogue instead of copying them from the console.
data "resourcewatcher_events" "instance" {
  provider = o11y

  product_ids         = ["compute"]
  event_name_contains = "instance"
  lang                = "en"
}

# UUID: one organisation member, by email and SMS, when instances are created
# or deleted in the "rg-web" resource group.
resource "resourcewatcher_event_alarm" "member" {
  provider = o11y

  alarm_name  = "web-instance-changes"
  description = "Instances created or deleted in the web servers group."

  alarm_targets = [{
    type   = "UUID"
    target = "6c4d2f4e-0d3b-4a4e-9a55-1f1a2b3c4d5e"
    email  = true
    sms    = true
  }]

  events = [
    for e in data.resourcewatcher_events.instance.events : {
      product_id = e.product_id
      event_id   = e.event_id
    } if contains(["iaas.instance.create", "iaas.instance.delete"], e.event_id)
  ]

  resource_group_ids = ["rg-web"]
}

# ROLE: everyone with the organisation's ADMIN role, by email, for every event
# on resources tagged 101. Leaving `events` out means "every event".
resource "resourcewatcher_event_alarm" "role" {
  provider = o11y

  alarm_name = "prod-everything"

  alarm_targets = [{
    type   = "ROLE"
    target = "ADMIN"
    email  = true
  }]

  resource_tag_ids = [101]
}

# ALARM_KEY: a notification group (its own settings say how members are told),
# for VPC changes on every resource. Leaving out both resource_group_ids and
# resource_tag_ids means "every resource"; then `events` is required.
resource "resourcewatcher_event_alarm" "group" {
  provider = o11y

  alarm_name = "vpc-changes"

  alarm_targets = [{
    type   = "ALARM_KEY"
    target = "ak-ops-oncall"
  }]

  events = [
    { product_id = "network", event_id = "iaas.vpc.create" },
    { product_id = "network", event_id = "iaas.vpc.delete" },
  ]
}

# WEBHOOK: post to an HTTP(S) endpoint, signed with a secret. The API does not
# return the secret; the provider keeps the configured one.
variable "webhook_secret" {
  type      = string
  sensitive = true
}

resource "resourcewatcher_event_alarm" "webhook" {
  provider = o11y

  alarm_name = "db-failover-to-chatops"

  alarm_targets = [
    {
      type           = "WEBHOOK"
      webhook_url    = "https://hooks.example.com/resource-watcher"
      webhook_secret = var.webhook_secret
    },
    {
      type   = "ROLE"
      target = "ADMIN"
      email  = true
    },
  ]

  events = [{ product_id = "rds-mysql", event_id = "rds.instance.failover" }]

  resource_group_ids = ["rg-db"]
}
