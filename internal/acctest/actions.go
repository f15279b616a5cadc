package acctest

import "fmt"

// ActionPipeline is the deploy pipeline of the actions' acceptance tests,
// to follow the actions' own blocks: a variable "input" (the release), a
// terraform_data "deploy" whose update runs action.<start>.deploy before it
// and action.<expire>.deploy after it, and a terraform_data "smoke_test"
// (input smokeInput) that is replaced after each deploy and runs command,
// such as a Probe's, in between. An expire action whose config refers to
// terraform_data.smoke_test.output runs after the smoke test.
func ActionPipeline(start, expire, smokeInput, command string) string {
	return fmt.Sprintf(`
variable "input" {
  type = string
}

resource "terraform_data" "deploy" {
  input = var.input
  lifecycle {
    action_trigger {
      events  = [before_update]
      actions = [action.%[1]s.deploy]
    }
    action_trigger {
      events  = [after_update]
      actions = [action.%[2]s.deploy]
    }
  }
}

resource "terraform_data" "smoke_test" {
  input            = %[3]q
  triggers_replace = terraform_data.deploy.output
  provisioner "local-exec" {
    interpreter = ["bash", "-c"]
    command     = %[4]q
  }
}
`, start, expire, smokeInput, command)
}

// ActionPlanCheck is a configuration in which action typ, with body as its
// config, runs before terraform_data "deploy" is created: planning it runs
// the action's checks (ValidateConfig and ModifyPlan).
func ActionPlanCheck(typ, body string) string {
	return fmt.Sprintf(`
action %[1]q "x" {
  config {
    %[2]s
  }
}

resource "terraform_data" "deploy" {
  input = "v1"
  lifecycle {
    action_trigger {
      events  = [before_create]
      actions = [action.%[1]s.x]
    }
  }
}
`, typ, body)
}
