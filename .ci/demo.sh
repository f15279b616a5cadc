#!/usr/bin/env bash
# make demo: builds the provider, installs it for local use through a
# generated CLI config (dev_overrides; the user's own ~/.terraformrc is never
# touched), then runs terraform init and plan on the examples.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tf="$root/bin/terraform"
work="$root/.demo"
# The provider's source address; its implied host is Terraform's default
# provider host, the one main.go serves under.
source_addr="nhn-o11y/o11y"
default_host=$(sed -n 's|.*Address: *"\([^/]*\)/nhn-o11y/o11y".*|\1|p' main.go)
version=0.1.0
rm -rf "$work/plugins" "$work/mirror"
mkdir -p "$work/plugins" "$work/mirror/$default_host/$source_addr/$version/$(go env GOOS)_$(go env GOARCH)"

step() { printf '\n==> %s\n' "$*"; }

step "building terraform-provider-o11y"
go build -ldflags "-X main.version=$version" -o "$work/plugins/terraform-provider-o11y" .
# init installs it from a local mirror (lock file with a real hash);
# plan/apply use the freshly built binary through dev_overrides.
cp "$work/plugins/terraform-provider-o11y" \
  "$work/mirror/$default_host/$source_addr/$version/$(go env GOOS)_$(go env GOARCH)/terraform-provider-o11y_v$version"
cat > "$work/terraformrc" <<CFG
provider_installation {
  dev_overrides {
    "$source_addr" = "$work/plugins"
  }
  filesystem_mirror {
    path    = "$work/mirror"
    include = ["$source_addr"]
  }
  direct {
    exclude = ["$source_addr"]
  }
}
CFG
export TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
echo "    provider installed for local use via $work/terraformrc (dev_overrides)"

cfg="$work/provider-example"
rm -rf "$cfg" && mkdir -p "$cfg"
cp examples/provider/provider.tf "$cfg/"
step "terraform init + plan on examples/provider (variables from TF_VAR_*)"
export TF_VAR_o11y_api_key=demo TF_VAR_grafana_token=demo TF_VAR_nhn_app_key=demo \
  TF_VAR_nhn_access_key_id=demo TF_VAR_nhn_secret_access_key=demo
(cd "$cfg" && "$tf" init -input=false -no-color >/dev/null && echo "    init: ok" && "$tf" validate -no-color && "$tf" plan -input=false -no-color -detailed-exitcode) && rc=0 || rc=$?
case $rc in
  0) echo "    plan is clean (exit code 0)";;
  *) echo "    plan failed (exit code $rc)"; exit 1;;
esac
step "summary"
echo "    provider built and installed for local use; examples/provider initialises and plans cleanly."
