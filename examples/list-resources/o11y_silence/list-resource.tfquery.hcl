# Every silence that still mutes something (active or pending).
list "o11y_silence" "all" {
  provider = o11y
}

# The on-call team's disk silences, the expired ones included. Alertmanager
# compares matchers: this finds silences that carry exactly these two.
list "o11y_silence" "disk" {
  provider = o11y
  config {
    matchers   = ["alertname=\"DiskFull\"", "severity=~\"crit.*\""]
    state      = ["active", "pending", "expired"]
    created_by = "oncall"
  }
}
