# The critical alerts firing in production right now (silenced ones left out).
data "o11y_alerts" "prod_critical" {
  matchers = [
    { name = "env", value = "prod" },
    { name = "severity", value = "critical" },
  ]
  silenced = false
}

locals {
  firing = [for a in data.o11y_alerts.prod_critical.alerts : a.labels["alertname"]]
}

# A check block reports after every plan and apply whether the assertion
# holds, without failing the run: here, that no critical production alert is
# firing unsilenced while the change window is open.
check "no_unsilenced_critical_alerts" {
  assert {
    condition     = length(local.firing) == 0
    error_message = "Critical production alerts fire unsilenced: ${join(", ", local.firing)}."
  }
}
