#!/usr/bin/env bash
# make release-check: `goreleaser check` validates .goreleaser.yml without
# building anything.
#
# goreleaser takes the project's owner and name from the git `origin` remote
# and refuses to run without one. Worktrees and CI clones may have no origin,
# or one that is a local folder; then the check runs in a temporary clone
# whose origin is the project's repository, with the working tree's
# .goreleaser.yml copied in, so uncommitted edits are what gets checked.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
goreleaser="$root/bin/goreleaser"
project_url=https://github.com/nhn-o11y/terraform-provider-o11y

origin=$(git remote get-url origin 2>/dev/null || true)
case "$origin" in
  file://*) ;;
  *://*/*/* | *@*:*/*)
    exec "$goreleaser" check
    ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q "$root" "$work/repo"
git -C "$work/repo" remote set-url origin "$project_url"
cp .goreleaser.yml terraform-registry-manifest.json "$work/repo/"
echo "==> no usable origin remote here; checking in a temporary clone with origin $project_url"
cd "$work/repo"
"$goreleaser" check
