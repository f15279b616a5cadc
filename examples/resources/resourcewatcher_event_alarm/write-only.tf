# Terraform 1.11 and later (OpenTofu 1.11 and later): keep the webhook's
# secret out of the state and the plan. Pass it through an ephemeral
# variable (or an ephemeral resource); bump the version to send a new one.
variable "hook_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "resourcewatcher_event_alarm" "chat" {
  provider = o11y

  alarm_name = "instance changes to chat"
  alarm_targets = [{
    type                      = "WEBHOOK"
    webhook_url               = "https://chat.example.com/hooks/T000/B000/XXXX"
    webhook_secret_wo         = var.hook_secret
    webhook_secret_wo_version = 1
  }]
  resource_group_ids = ["rg-web"]
}
