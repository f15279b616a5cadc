variable "maintenance_ids" {
  type        = set(string)
  description = "Maintenance windows to expire by id, such as those a progress message named."
  default     = ["silence-12345"]
}

# Ends maintenance windows by id, for instance one that a failed run left
# open (another run cannot find it by title: the API has no search):
#   terraform apply -invoke=action.o11y_maintenance_expire.by_id -var 'maintenance_ids=["silence-12345"]'
action "o11y_maintenance_expire" "by_id" {
  config {
    ids = var.maintenance_ids
  }
}
