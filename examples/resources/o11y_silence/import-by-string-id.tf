# Adopt a silence made in Grafana, Alertmanager or with amtool by its id.
import {
  to = o11y_silence.db_upgrade
  id = "2243b2e6-8e2c-4a3b-9d1a-1f6a0c1e7b5d"
}
