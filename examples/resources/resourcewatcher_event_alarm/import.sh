# Import an event alarm by its id (`alarmId`). Write `provider = o11y` in the
# resource block first. The API does not return webhook secrets: after the
# import, the next `terraform apply` sends the configured webhook_secret once.
terraform import resourcewatcher_event_alarm.member 2f7c9a4e-3b1d-4e5f-8a6b-7c8d9e0f1a2b
