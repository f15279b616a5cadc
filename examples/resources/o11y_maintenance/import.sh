# A maintenance window is imported by its id (the API's maintenance_id).
terraform import o11y_maintenance.db_patch silence-12345
