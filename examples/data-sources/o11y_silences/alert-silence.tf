# With the Alert Silence API: the active silences of sensors. `state = "active"`
# asks the API's own list of active silences; expired silences stay listed by
# the API, so leave `state` out to see them too.
data "o11y_silences" "sensors" {
  source_type = "Sensor"
  state       = "active"
}

output "sensor_silences" {
  value = [for s in data.o11y_silences.sensors.silences : "${s.source_id_pattern} until ${s.ends_at}: ${s.comment}"]
}
