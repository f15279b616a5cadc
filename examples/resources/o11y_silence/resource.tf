# A fixed window: silence one alert in one environment until a set time.
resource "o11y_silence" "db_upgrade" {
  matchers = [
    { name = "alertname", value = "PostgresReplicationLag" },
    { name = "env", value = "prod|staging", is_regex = true },
  ]
  ends_at = "2030-03-15T04:00:00+09:00"
  comment = "PostgreSQL 17 upgrade, CHG-1234"
}

# A CI deploy: silence the service for two hours from the apply. The end is
# computed once at create and kept, so later plans show no diff. Start a fresh
# window on the next deploy with `terraform apply -replace=o11y_silence.deploy`.
# To end it early, remove this block and apply: while the block is configured,
# Terraform keeps a silence in place.
resource "o11y_silence" "deploy" {
  matchers = [
    { name = "service", value = "checkout-api" },
    { name = "severity", value = "critical", is_equal = false },
  ]
  duration   = "2h"
  comment    = "Deploy of checkout-api by CI"
  created_by = "ci-pipeline"
  # Fail the plan if more than 20 alerts fire now and match (a typo in a
  # matcher would otherwise mute far more than this service).
  max_matched_alerts = 20
}

# Grafana: silence one alert rule by its UID (the rule's folder permissions
# apply). Changing this matcher always creates a new silence.
resource "o11y_silence" "rule" {
  matchers = [
    { name = "__alert_rule_uid__", value = "ddk3q7lhd2ku8b" },
  ]
  starts_at = "2030-03-14T22:00:00Z"
  ends_at   = "2030-03-15T02:00:00Z"
  comment   = "Planned network maintenance"
}
