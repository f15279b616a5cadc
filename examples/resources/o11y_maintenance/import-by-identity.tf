# Terraform 1.12 and later: the same by the window's identity.
import {
  to       = o11y_maintenance.db_patch
  identity = { id = "silence-12345" }
}
