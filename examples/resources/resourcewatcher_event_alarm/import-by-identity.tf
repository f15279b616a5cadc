# Terraform 1.12 and later: the same by the alarm's identity.
import {
  to       = resourcewatcher_event_alarm.member
  provider = o11y
  identity = { id = "2f7c9a4e-3b1d-4e5f-8a6b-7c8d9e0f1a2b" }
}
