# With the Alert Silence API (provider block: `alertmanager { flavor = "alert-silence" }`),
# a silence selects alerts by source type and source id pattern instead of matchers,
# and `comment` is sent as the reason. The API cannot change a silence: any change
# creates a new silence (new id) and deletes the old one.

# Four hours of motor replacement on one machine, from the apply.
resource "o11y_silence" "motor" {
  source_type       = "Equipment"
  source_id_pattern = "Equipment-01"
  duration          = "4h"
  comment           = "Motor replacement maintenance"
  created_by        = "Maintenance Team"
}

# Every temperature sensor (a prefix pattern) during a planned window.
resource "o11y_silence" "calibration" {
  source_type       = "Sensor"
  source_id_pattern = "Temp-*"
  starts_at         = "2030-03-14T22:00:00Z"
  ends_at           = "2030-03-15T00:00:00Z"
  comment           = "Sensor calibration in progress"
}

# `*` alone matches every source of the type, so it needs allow_broad.
resource "o11y_silence" "line_shutdown" {
  source_type       = "Equipment"
  source_id_pattern = "*"
  allow_broad       = true
  ends_at           = "2030-03-15T06:00:00+09:00"
  comment           = "Production line shutdown"
}
