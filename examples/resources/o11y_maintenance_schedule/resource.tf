# Patch night for the database hosts: every Saturday from 22:00 Berlin time,
# three hours. The provider's maintenance.time_zone may be another zone, such
# as Asia/Seoul: each window is sent as the same instants in that zone
# (Saturday 22:00 in Berlin is Sunday 06:00 in Seoul in winter, 05:00 in
# summer).
resource "o11y_maintenance_schedule" "patch_night" {
  title = "DB patch night (CHG-2000)"
  targets = [
    { type = "infra", target_ip = "10.2.14.55", region = "DX-G-GB" },
    { type = "service", target_name = "billing", region = "DX-G-GB" },
  ]
  time_zone   = "Europe/Berlin"
  first_start = "2026-01-03T22:00"
  rrule       = "FREQ=WEEKLY;BYDAY=SA"
  duration    = "3h"

  # Boxing Day is a holiday: no patch night that Saturday.
  except_dates = ["2026-12-26"]
}

# The monthly release window: the second Tuesday of every month, 22:00 to
# 23:30 Seoul time, kept on the server five weeks ahead.
resource "o11y_maintenance_schedule" "release" {
  title       = "Monthly release window"
  targets     = [{ type = "platform", target_name = "next-observability", region = "DX-G-SE" }]
  time_zone   = "Asia/Seoul"
  first_start = "2026-01-13T22:00"
  rrule       = "FREQ=MONTHLY;BYDAY=2TU"
  duration    = "90m"
  horizon     = "840h"
}
