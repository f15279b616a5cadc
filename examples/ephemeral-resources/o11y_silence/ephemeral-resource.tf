variable "release" {
  type        = string
  description = "The checkout-api version to deploy."
}

# Mutes the checkout-api alerts while this apply deploys it, and only then.
ephemeral "o11y_silence" "deploy" {
  # terraform.applying is false while Terraform plans (`terraform plan`, and the
  # planning phase of `terraform apply`) and true while it applies. Terraform
  # opens ephemeral resources in every plan too, so without this line each plan
  # would mute the alerts for a moment.
  enabled = terraform.applying

  # If the run dies, the silence still ends by itself at most 30 minutes after
  # it was created or last renewed. A longer apply is renewed while it runs.
  max_duration = "30m"

  matchers = [
    { name = "service", value = "checkout-api" },
    { name = "severity", value = "critical", is_equal = false },
  ]
  comment    = "Deploy of checkout-api ${var.release} by CI"
  created_by = "ci-pipeline"
}

# The deploy runs in the same apply, under the silence. The silence id is an
# ephemeral value: provisioner commands may use it, state and plan files never
# hold it. When the apply ends, the silence is expired.
resource "terraform_data" "deploy" {
  triggers_replace = [var.release]

  provisioner "local-exec" {
    command = "echo \"deploying checkout-api ${var.release} under silence ${ephemeral.o11y_silence.deploy.id}\""
  }
}
