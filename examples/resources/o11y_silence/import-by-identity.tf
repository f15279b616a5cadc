# Terraform 1.12 and later: the same by the silence's identity.
import {
  to       = o11y_silence.db_upgrade
  identity = { id = "2243b2e6-8e2c-4a3b-9d1a-1f6a0c1e7b5d" }
}
