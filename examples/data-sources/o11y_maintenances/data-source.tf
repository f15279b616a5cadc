# Read several maintenance windows in one API call. Unknown ids (never created,
# or removed by the server some time after they ended) are listed in
# missing_ids instead of failing the plan.
data "o11y_maintenances" "tonight" {
  ids = [o11y_maintenance.db_patch.id, o11y_maintenance.deploy.id, "silence-99999"]
}

output "active_windows" {
  value = [for m in data.o11y_maintenances.tonight.maintenances : m.title if m.status == "active"]
}

output "unknown_windows" {
  value = data.o11y_maintenances.tonight.missing_ids
}
