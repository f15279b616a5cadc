# Read one alarm by id, here the one of the resource example.
data "resourcewatcher_event_alarm" "example" {
  provider = o11y

  id = resourcewatcher_event_alarm.member.id
}

output "member_alarm_status" {
  value = data.resourcewatcher_event_alarm.example.status
}
