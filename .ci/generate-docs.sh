#!/usr/bin/env bash
# Generates docs/ offline: builds the provider, exports its schema with the
# pinned Terraform 1.15.9 under dev_overrides (Terraform 1.5.7 leaves out
# ephemeral resource schemas, OpenTofu 1.12.6 list resource and action
# schemas; for every other kind the three export the same JSON), renames
# schema keys with cmd/schemarename, and runs tfplugindocs, pinned in go.mod
# as a Go tool (`go tool tfplugindocs`), which renders actions from
# templates/actions/.
#
# Why the rename: tfplugindocs looks every schema up as o11y_<name>, so it
# fails on the resourcewatcher_* types, whose names do not start with the
# provider's name. cmd/schemarename hands it the schema with those keys
# renamed to o11y_resourcewatcher_*; their pages use hand-written titles
# under templates/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/plugins" "$work/cfg"
go build -o "$work/plugins/terraform-provider-o11y" .
cat > "$work/cli.tfrc" <<CFG
provider_installation {
  dev_overrides {
    "nhn-o11y/o11y" = "$work/plugins"
  }
  direct {}
}
CFG
cat > "$work/cfg/main.tf" <<'TF'
terraform {
  required_providers {
    o11y = {
      source = "nhn-o11y/o11y"
    }
  }
}
TF
exporter="$root/bin/terraform-1.15.9"
if [ ! -x "$exporter" ]; then
  echo "generate-docs: $exporter is missing; it is the one CLI here that exports list resource and action schemas. Run 'make docs-tools'." >&2
  exit 1
fi
(cd "$work/cfg" && TF_CLI_CONFIG_FILE="$work/cli.tfrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 \
  "$exporter" providers schema -json 2>/dev/null) > "$work/raw.json"
go run ./cmd/schemarename -provider o11y < "$work/raw.json" > "$work/schema.json"
go tool tfplugindocs generate --provider-name o11y --providers-schema "$work/schema.json" \
  --rendered-provider-name "o11y" --examples-dir examples --website-source-dir templates --provider-dir "$root"
