terraform {
  required_providers {
    o11y = {
      source  = "nhn-o11y/o11y"
      version = "~> 0.1"
    }
  }
}

# Every attribute can also come from an environment variable, so a pipeline
# may leave this block empty and export O11Y_MAINTENANCE_URL, GRAFANA_URL,
# GRAFANA_TOKEN, NHN_APPKEY, ... instead.
provider "o11y" {
  maintenance {
    url       = "https://o11y.example.com"
    api_key   = var.o11y_api_key
    time_zone = "Asia/Seoul"
  }

  alertmanager {
    url    = "https://grafana.example.com"
    flavor = "grafana"
    token  = var.grafana_token
  }

  resource_watcher {
    app_key            = var.nhn_app_key
    user_access_key_id = var.nhn_access_key_id
    secret_access_key  = var.nhn_secret_access_key
  }

  request_timeout = "30s"
  max_retries     = 4
}

variable "o11y_api_key" {
  type      = string
  sensitive = true
}

variable "grafana_token" {
  type      = string
  sensitive = true
}

variable "nhn_app_key" {
  type      = string
  sensitive = true
}

variable "nhn_access_key_id" {
  type      = string
  sensitive = true
}

variable "nhn_secret_access_key" {
  type      = string
  sensitive = true
}
