variable "release" {
  type        = string
  description = "The checkout-api version to deploy."
}

# A silence for the checkout-api alerts, created each time the action runs.
# It writes nothing to state and ends by itself after `duration`, or earlier
# through the o11y_silence_expire action below.
action "o11y_silence" "checkout_deploy" {
  config {
    matchers = [
      { name = "service", value = "checkout-api" },
      { name = "severity", value = "critical", is_equal = false },
    ]
    comment    = "Deploy of checkout-api ${var.release} by CI"
    created_by = "ci-checkout-deploy"

    # The longest the deploy may take: if it fails, nothing expires the
    # silence early, and it ends by itself then.
    duration = "30m"

    # Fail before the deploy if the silence would mute more alerts than this.
    max_matched_alerts = 10
  }
}

# Ends that silence: exactly these matchers (in any order) and this author,
# never another silence.
action "o11y_silence_expire" "checkout_deploy" {
  config {
    matchers = [
      { name = "service", value = "checkout-api" },
      { name = "severity", value = "critical", is_equal = false },
    ]
    created_by = "ci-checkout-deploy"
  }
}

# The deploy. Only an apply that creates or changes it runs the actions: the
# silence is created just before the change and expired right after it; an
# apply without a change, and every plan, create nothing.
resource "terraform_data" "checkout_api" {
  input = var.release

  lifecycle {
    action_trigger {
      events  = [before_create, before_update]
      actions = [action.o11y_silence.checkout_deploy]
    }
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.o11y_silence_expire.checkout_deploy]
    }
  }
}
