#!/usr/bin/env bash
# The test matrix of `make test`: every package (unit and acceptance tests)
# on Terraform 1.5.7, the oldest Terraform supported, and every acceptance
# package again on Terraform 1.15.9 (the newest) and OpenTofu 1.6.3 and
# 1.12.6. The four runs go concurrently: their servers take free ports and
# most of a run is waiting on terraform, servers and windows that end by
# time, so they share two cores well. Each suite reports what it ran into
# REPORT (see internal/acctest, EnvReport); cmd/testmatrix prints the table.
#
#   .ci/test-matrix.sh REPORT "ACC_PACKAGES" [go test flags...]
set -uo pipefail
report=$1
read -r -a pkgs <<<"$2"
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/bin
logs=$bin/test-logs
rm -rf "$logs" && mkdir -p "$logs"

# name | binary | provider host | packages
runs=(
  "terraform-1.5.7|$bin/terraform|registry.terraform.io|./..."
  "terraform-1.15.9|$bin/terraform-1.15.9|registry.terraform.io|${pkgs[*]}"
  "tofu-1.6.3|$bin/tofu|registry.opentofu.org|${pkgs[*]}"
  "tofu-1.12.6|$bin/tofu-1.12.6|registry.opentofu.org|${pkgs[*]}"
)

start=$SECONDS
declare -A pid
for r in "${runs[@]}"; do
  IFS='|' read -r name path host packages <<<"$r"
  read -r -a p <<<"$packages"
  (cd "$root" && TF_ACC=1 TF_ACC_TERRAFORM_PATH=$path TF_ACC_PROVIDER_HOST=$host O11Y_ACC_REPORT=$report \
    exec go test "${p[@]}" -count=1 "$@") >"$logs/$name.log" 2>&1 &
  pid[$name]=$!
done
# Stopped (Ctrl-C, a time limit): stop the runs too; their test binaries and
# servers die with them.
trap 'kill "${pid[@]}" 2>/dev/null; wait; exit 130' INT TERM
for r in "${runs[@]}"; do
  name=${r%%|*}
  wait "${pid[$name]}"
  echo $? >"$logs/$name.rc"
  echo "==> $name: done after $((SECONDS - start))s (exit $(cat "$logs/$name.rc"))"
done

failed=0
for r in "${runs[@]}"; do
  name=${r%%|*}
  rc=$(cat "$logs/$name.rc" 2>/dev/null || echo 1)
  if [ "$rc" != 0 ]; then
    failed=1
    echo
    echo "==> $name FAILED; the failures (full log: bin/test-logs/$name.log):"
    grep -E -- '^(--- FAIL|FAIL|panic:|\s+\S+_test\.go:[0-9]+:)' "$logs/$name.log" | head -80
  fi
done
echo "==> test matrix: $((SECONDS - start))s"
exit $failed
