# Opens a maintenance window for the orders database while this apply
# migrates it, and only then.
ephemeral "o11y_maintenance" "db_migration" {
  # False while Terraform plans, true while it applies: a plan never opens a
  # window, although Terraform opens ephemeral resources in every plan too.
  enabled = terraform.applying

  # Whole minutes. If the run dies, the window still ends by itself at most an
  # hour after the minute it was created or last renewed in.
  max_duration = "1h"

  title = "Schema migration of orders-db"
  targets = [
    { type = "infra", target_ip = "10.0.12.7", region = "DX-G-GB" },
    { type = "service", target_name = "orders-db", region = "DX-G-GB" },
  ]
}

resource "terraform_data" "db_migration" {
  triggers_replace = ["orders-db-v42"]

  provisioner "local-exec" {
    command = "echo \"migrating orders-db during maintenance ${ephemeral.o11y_maintenance.db_migration.id}\""
  }
}
