#!/usr/bin/env bash
# make demo: the whole change window end to end on a local sandbox, no
# credentials needed.
#  1. builds the provider and installs it for local use through a generated
#     CLI config (dev_overrides + a local mirror for init); the user's own
#     ~/.terraformrc is never touched;
#  2. starts the sandbox (maintenance, Alert Silence and Resource Watcher
#     fakes, a real Alertmanager behind a Grafana-path proxy);
#  3. runs examples/demo: init, apply, plan -detailed-exitcode (must be 0),
#     destroy; then stops the sandbox and prints a summary.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tf="$root/bin/terraform"
work="$root/.demo"
source_addr="nhn-o11y/o11y"
# Terraform's default provider host, the one main.go serves under.
default_host=$(sed -n 's|.*Address: *"\([^/]*\)/nhn-o11y/o11y".*|\1|p' main.go)
version=0.1.0
platform="$(go env GOOS)_$(go env GOARCH)"

step() { printf '\n==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }

rm -rf "$work/plugins" "$work/mirror" "$work/run"
mkdir -p "$work/plugins" "$work/mirror/$default_host/$source_addr/$version/$platform" "$work/run"

step "1/6 building terraform-provider-o11y and the sandbox"
go build -ldflags "-X main.version=$version" -o "$work/plugins/terraform-provider-o11y" .
go build -o "$work/sandbox" ./cmd/sandbox
cp "$work/plugins/terraform-provider-o11y" "$work/mirror/$default_host/$source_addr/$version/$platform/terraform-provider-o11y_v$version"
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
note "installed for local use via .demo/terraformrc (dev_overrides); ~/.terraformrc untouched"

step "2/6 starting the sandbox on 127.0.0.1"
rm -f "$work/sandbox.env"
"$work/sandbox" --env-file "$work/sandbox.env" > "$work/sandbox.log" 2>&1 &
sandbox_pid=$!
stop_sandbox() {
  if kill -0 "$sandbox_pid" 2>/dev/null; then
    kill -TERM "$sandbox_pid" 2>/dev/null || true
    wait "$sandbox_pid" 2>/dev/null || true
  fi
}
trap stop_sandbox EXIT
# Ctrl-C or a time limit: stop the sandbox (it stops its Alertmanager and
# removes its temporary folder), then exit. If this script is killed
# outright, the sandbox gets SIGTERM from the kernel and does the same.
trap 'stop_sandbox; exit 130' INT
trap 'stop_sandbox; exit 143' TERM
for _ in $(seq 1 100); do
  [ -s "$work/sandbox.env" ] && break
  kill -0 "$sandbox_pid" 2>/dev/null || { cat "$work/sandbox.log"; echo "sandbox failed to start"; exit 1; }
  sleep 0.2
done
[ -s "$work/sandbox.env" ] || { cat "$work/sandbox.log"; echo "sandbox did not become ready"; exit 1; }
# shellcheck disable=SC1090
source <(grep '^export ' "$work/sandbox.env")
note "O11y maintenance fake   $O11Y_MAINTENANCE_URL (zone $O11Y_MAINTENANCE_TIME_ZONE)"
note "Grafana (Alertmanager)  $GRAFANA_URL (basic auth $GRAFANA_USERNAME)"
note "Resource Watcher fake   $NHN_RESOURCE_WATCHER_URL"

cp examples/demo/*.tf "$work/run/"
cd "$work/run"
# The change window starts at the current minute (whole minutes: the
# maintenance API keeps minutes) and lasts an hour.
export TF_VAR_window_start
TF_VAR_window_start=$(date -u +%Y-%m-%dT%H:%M:00Z)

step "3/6 terraform init"
"$tf" init -input=false -no-color > init.log || { cat init.log; exit 1; }
note "ok (provider from the local mirror)"

step "4/6 terraform apply (window from $TF_VAR_window_start)"
"$tf" apply -input=false -auto-approve -no-color > apply.log || { cat apply.log; exit 1; }
grep -E '^(Apply complete|o11y_|resourcewatcher_).*(Creation complete|complete)' apply.log | sed 's/^/    /' || true
created=$("$tf" state list | grep -vc '^data\.' || true)
"$tf" output -no-color | sed 's/^/    /'

step "5/6 terraform plan -detailed-exitcode (must be 0: nothing to change)"
set +e
"$tf" plan -input=false -no-color -detailed-exitcode > plan.log
plan_rc=$?
set -e
if [ "$plan_rc" -ne 0 ]; then
  cat plan.log
  echo "plan exit code $plan_rc: the plan after apply is not clean"
  exit 1
fi
note "exit code 0: $(grep -E '^No changes' plan.log)"

step "6/6 terraform destroy"
"$tf" destroy -input=false -auto-approve -no-color > destroy.log || { cat destroy.log; exit 1; }
left=$("$tf" state list | grep -vc '^data\.' || true)
grep -E '^Destroy complete' destroy.log | sed 's/^/    /'

stop_sandbox
trap - EXIT
step "summary"
note "objects created: $created (maintenance window, silence, event alarm)"
note "plan after apply: clean (exit code 0)"
note "destroyed: $created, left in state: $left; sandbox stopped"
