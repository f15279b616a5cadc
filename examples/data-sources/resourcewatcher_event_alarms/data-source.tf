# Every alarm whose name contains "instance", whatever the number of pages.
data "resourcewatcher_event_alarms" "instance" {
  provider = o11y

  name_contains = "instance"
  statuses      = ["STABLE", "DISABLED"]
  page_size     = 50
}

output "instance_alarm_ids" {
  value = data.resourcewatcher_event_alarms.instance.ids
}
