#!/usr/bin/env bash
# Builds OpenTofu from its module source into ./bin/tofu-<version>.
#
# `go install github.com/opentofu/opentofu/cmd/tofu@v1.12.x` is refused (the
# module has a replace directive), but the module source downloaded through
# the Go module proxy builds fine once it is copied to a writable folder.
# OpenTofu >= 1.11 runs ephemeral resources; the acceptance tests of the
# ephemeral o11y_silence / o11y_maintenance need it (internal/acctest/tfversions.go).
#
# Skips the build when the binary is already there and reports the version.
# Cold: about 2.5 minutes on 2 cores; warm (Go build cache): seconds.
set -euo pipefail

version=${OPENTOFU_EPHEMERAL_VERSION:-1.12.6}
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/bin"
out="$bin/tofu-$version"
# Keep tofu from reading (or warning about) the user's CLI configuration.
export TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1

reports_version() {
  [ -x "$out" ] && "$out" version -json 2>/dev/null | grep -q "\"terraform_version\": *\"$version\""
}

if reports_version; then
  echo "==> OpenTofu $version already in ./bin/tofu-$version"
  exit 0
fi

echo "==> building OpenTofu $version from its module source into ./bin/tofu-$version (first time takes about 2.5 minutes)"
mkdir -p "$bin"
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"' EXIT

# Download outside this repository's module so go.mod / go.sum stay untouched.
json=$(cd "$work" && GOWORK=off GOFLAGS=-mod=mod go mod download -json "github.com/opentofu/opentofu@v$version")
dir=$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir":[[:space:]]*"\(.*\)",\{0,1\}$/\1/p' | head -n1)
if [ -z "$dir" ] || [ ! -d "$dir" ]; then
  echo "go mod download did not report a source folder for opentofu v$version:" >&2
  printf '%s\n' "$json" >&2
  exit 1
fi

# The module cache is read-only: copy it, make it writable, build there.
cp -R "$dir" "$work/src"
chmod -R u+w "$work/src"
(cd "$work/src" && GOWORK=off GOFLAGS=-mod=mod CGO_ENABLED=0 \
  go build -ldflags "-X github.com/opentofu/opentofu/version.dev=no" -o "$out.tmp" ./cmd/tofu)
mv -f "$out.tmp" "$out"

if ! reports_version; then
  echo "built $out but it does not report version $version:" >&2
  "$out" version -json >&2 || true
  exit 1
fi
echo "==> built ./bin/tofu-$version: $("$out" version | head -n1)"
