variable "schema_version" {
  type        = string
  description = "The orders-db schema version to migrate to."
}

# A maintenance window for the orders database, opened each time the action
# runs. It writes nothing to state and ends by itself after `duration` (whole
# minutes, at most 24h), or earlier through o11y_maintenance_expire below.
action "o11y_maintenance" "db_migration" {
  config {
    title = "Schema migration of orders-db to ${var.schema_version}"
    targets = [
      { type = "infra", target_ip = "10.0.12.7", region = "DX-G-GB" },
      { type = "service", target_name = "orders-db", region = "DX-G-GB" },
    ]
    duration = "1h"
  }
}

# Ends that window when the migration is done. The maintenance API has no
# search, so the window is found by title and targets among those that the
# o11y_maintenance action opened in this same apply.
action "o11y_maintenance_expire" "db_migration" {
  config {
    title = "Schema migration of orders-db to ${var.schema_version}"
    targets = [
      { type = "service", target_name = "orders-db", region = "DX-G-GB" },
      { type = "infra", target_ip = "10.0.12.7", region = "DX-G-GB" },
    ]
  }
}

resource "terraform_data" "orders_db_schema" {
  input = var.schema_version

  lifecycle {
    action_trigger {
      events  = [before_create, before_update]
      actions = [action.o11y_maintenance.db_migration]
    }
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.o11y_maintenance_expire.db_migration]
    }
  }
}
