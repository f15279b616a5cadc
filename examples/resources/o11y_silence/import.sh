# A silence is imported by its id (the UUID shown in Grafana or Alertmanager).
# Expired silences can be imported too, until the server forgets them (5 days after their end by default).
terraform import o11y_silence.db_upgrade 2243b2e6-8e2c-4a3b-9d1a-1f6a0c1e7b5d
