# A planned database patch: alerts of one host, one service and one platform
# are muted from 10:00 to 18:00 Korean time. The offset in the times decides
# the instant; the provider converts it to the API's time zone.
resource "o11y_maintenance" "db_patch" {
  title      = "DB patch (CHG-1042)"
  start_date = "2030-03-15T10:00:00+09:00"
  end_date   = "2030-03-15T18:00:00+09:00"

  targets = [
    { type = "infra", target_ip = "10.2.14.55", region = "DX-G-GB" },
    { type = "service", target_name = "next-iam-service", region = "DX-G-SE" },
    { type = "platform", target_name = "next-observability", region = "DX-G-GB" },
  ]
}

# A change window opened by a deployment pipeline. The pipeline passes the
# window's start (for example `-var change_start=2030-03-20T22:00:00+09:00`);
# never use timestamp() here, it would change on every plan.
variable "change_start" {
  type        = string
  description = "Start of the change window, RFC 3339 with whole minutes."
  default     = "2030-03-20T22:00:00+09:00"
}

variable "release" {
  type    = string
  default = "v2.14.0"
}

variable "hosts" {
  type    = list(string)
  default = ["10.2.20.11", "10.2.20.12"]
}

resource "o11y_maintenance" "deploy" {
  title      = "Deploy next-iam-service ${var.release}"
  start_date = var.change_start
  end_date   = timeadd(var.change_start, "90m")

  targets = concat(
    [for ip in var.hosts : { type = "infra", target_ip = ip, target_name = null, region = "DX-G-SE" }],
    [{ type = "service", target_ip = null, target_name = "next-iam-service", region = "DX-G-SE" }],
  )
}
