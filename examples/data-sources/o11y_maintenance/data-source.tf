# Read one maintenance window by id, for example to gate a pipeline step on
# the window being active.
data "o11y_maintenance" "db_patch" {
  id = o11y_maintenance.db_patch.id
}

output "db_patch_active" {
  value = data.o11y_maintenance.db_patch.status == "active"
}
