# Deliveries of an alarm that failed since the start of 2026.
data "resourcewatcher_alarm_history" "failed" {
  provider = o11y

  alarm_id        = resourcewatcher_event_alarm.member.id
  send_results    = ["FAILURE"]
  registered_from = "2026-01-01T00:00:00+09:00"
}

output "failed_deliveries" {
  value = length(data.resourcewatcher_alarm_history.failed.histories)
}
