#!/usr/bin/env bash
# Installs Terraform $1 (the newest the tests run) as $2, in this order:
#  1. TERRAFORM_LATEST=/path/to/terraform, a binary you already have;
#  2. a prebuilt archive terraform_<version>_linux_amd64.gz (with its
#     .sha256 file) in PREBUILT_TOOLS, a folder of prebuilt tools beside the
#     checkout (default ../shared/tools), checked against its sha256;
#  3. the official release, downloaded and verified by hc-install.
# When none works it fails and says which variable to set; it never skips.
set -euo pipefail
version=$1
out=$2
root=$(cd "$(dirname "$0")/.." && pwd)
prebuilt=${PREBUILT_TOOLS:-$root/../shared/tools}
mkdir -p "$(dirname "$out")"

reports_version() {
  "$1" version -json 2>/dev/null | grep -q "\"terraform_version\": *\"$version\""
}

if [ -n "${TERRAFORM_LATEST:-}" ]; then
  reports_version "$TERRAFORM_LATEST" || { echo "TERRAFORM_LATEST=$TERRAFORM_LATEST is not Terraform $version" >&2; exit 1; }
  cp "$TERRAFORM_LATEST" "$out.tmp" && chmod +x "$out.tmp" && mv -f "$out.tmp" "$out"
  echo "==> Terraform $version from TERRAFORM_LATEST into ./bin/$(basename "$out")"
  exit 0
fi

archive="$prebuilt/terraform_${version}_linux_amd64.gz"
sums="$prebuilt/terraform_${version}_linux_amd64.sha256"
if [ -f "$archive" ] && [ -f "$sums" ]; then
  want=$(awk '$2 == "terraform" {print $1}' "$sums")
  gunzip -c "$archive" > "$out.tmp"
  got=$(sha256sum "$out.tmp" | cut -d' ' -f1)
  if [ -z "$want" ] || [ "$got" != "$want" ]; then
    rm -f "$out.tmp"
    echo "the prebuilt Terraform $version ($archive) does not match its sha256 ($got, want $want)" >&2
    exit 1
  fi
  chmod +x "$out.tmp" && mv -f "$out.tmp" "$out"
  echo "==> Terraform $version from the prebuilt archive into ./bin/$(basename "$out") (sha256 $got)"
  exit 0
fi

echo "==> downloading Terraform $version with hc-install"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
if GOFLAGS=-mod=mod go run github.com/hashicorp/hc-install/cmd/hc-install@v0.9.4 install -version "$version" -path "$dir" terraform >&2 &&
  reports_version "$dir/terraform"; then
  mv -f "$dir/terraform" "$out"
  echo "==> Terraform $version downloaded into ./bin/$(basename "$out")"
  exit 0
fi
cat >&2 <<MSG
make tools: Terraform $version is needed for the test matrix, but there is no way to get it here:
  - no prebuilt archive $archive,
  - and the download of the official release failed.
Set TERRAFORM_LATEST=/path/to/terraform (a Terraform $version binary), or PREBUILT_TOOLS=/folder/with/terraform_${version}_linux_amd64.gz.
MSG
exit 1
