# The critical alerts firing in production right now (silenced ones left out).
data "o11y_alerts" "prod_critical" {
  matchers = [
    { name = "env", value = "prod" },
    { name = "severity", value = "critical" },
  ]
  silenced = false
}

# Refuse the rollout while any of them fires unsilenced: the precondition
# fails the plan and names the alerts. (A data source at the top level fails
# the plan when it cannot be read, too. To report instead of refusing, declare
# it inside a check block; see the page of this data source.)
resource "terraform_data" "rollout" {
  input = "checkout v2.4"

  lifecycle {
    precondition {
      condition     = length(data.o11y_alerts.prod_critical.alerts) == 0
      error_message = "Critical production alerts fire unsilenced: ${join(", ", [for a in data.o11y_alerts.prod_critical.alerts : a.labels["alertname"]])}. Silence or fix them first."
    }
  }
}
