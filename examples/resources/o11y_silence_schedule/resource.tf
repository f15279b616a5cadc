# Patch night: the platform team's alerts are silenced every Sunday from
# 02:00 to 04:00 Berlin time, in summer and in winter. On the night the
# clocks go forward (2027-03-28), 02:00 does not exist and the silence
# runs from 03:00 to 05:00 CEST: two hours, as always.
resource "o11y_silence_schedule" "patch_night" {
  matchers = [
    { name = "team", value = "platform" },
    { name = "severity", value = "warning|critical", is_regex = true },
  ]
  comment     = "Weekly patch night (CHG-2000)"
  time_zone   = "Europe/Berlin"
  first_start = "2026-01-04T02:00"
  rrule       = "FREQ=WEEKLY;BYDAY=SU"
  duration    = "2h"

  # No patching in the week after Christmas: that Sunday is skipped.
  except_dates = ["2026-12-27"]
}

# The monthly failover drill of the billing database: the second Tuesday
# of every month, 22:00 to 23:30 Seoul time. The horizon keeps the next
# month's silence on the server (the default is 14 days).
resource "o11y_silence_schedule" "failover_drill" {
  matchers    = [{ name = "service", value = "billing-db" }]
  comment     = "Monthly failover drill"
  time_zone   = "Asia/Seoul"
  first_start = "2026-01-13T22:00"
  rrule       = "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2"
  duration    = "90m"
  horizon     = "840h"
}

output "next_patch_nights" {
  value = [for o in o11y_silence_schedule.patch_night.occurrences : o.starts_at if o.status != "expired"]
}
