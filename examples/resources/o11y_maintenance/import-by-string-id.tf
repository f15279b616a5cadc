# Adopt a window made in the O11y console by its maintenance_id.
import {
  to = o11y_maintenance.db_patch
  id = "silence-12345"
}
