# Enabled alarms whose name mentions "disk", 50 to a search request.
list "resourcewatcher_event_alarm" "disk" {
  provider = o11y
  config {
    name_contains = "disk"
    statuses      = ["STABLE"]
    page_size     = 50
  }
}
