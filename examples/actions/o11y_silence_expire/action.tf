# Ends the silences a failed deploy left behind, by hand:
#   terraform apply -invoke=action.o11y_silence_expire.checkout_leftovers
# Only pending and active silences with exactly these matchers and this
# author are expired; finding none is a success.
action "o11y_silence_expire" "checkout_leftovers" {
  config {
    matchers = [
      { name = "service", value = "checkout-api" },
      { name = "severity", value = "critical", is_equal = false },
    ]
    created_by = "ci-checkout-deploy"
  }
}

variable "silence_ids" {
  type        = set(string)
  description = "Silences to expire by id, such as those a progress message named."
  default     = ["2243b2e6-8e2c-4a3b-9d1a-1f6a0c1e7b5d"]
}

# Ends silences by id, whoever made them:
#   terraform apply -invoke=action.o11y_silence_expire.by_id -var 'silence_ids=["…"]'
action "o11y_silence_expire" "by_id" {
  config {
    ids = var.silence_ids
  }
}
