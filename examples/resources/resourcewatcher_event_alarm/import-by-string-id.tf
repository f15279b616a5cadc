# Adopt an alarm made in the NHN Cloud console by its alarmId. The block
# needs `provider = o11y` (Terraform 1.11 or later, OpenTofu 1.7 or later);
# `terraform import` works on every version.
import {
  to       = resourcewatcher_event_alarm.member
  provider = o11y
  id       = "2f7c9a4e-3b1d-4e5f-8a6b-7c8d9e0f1a2b"
}
