#!/usr/bin/env bash
# Fails when a process whose executable lies in ./bin (terraform, tofu,
# alertmanager, the sandbox, the bench) is still running: whatever a command
# or a test started must die with it. `make test` runs this last.
set -euo pipefail
bin=$(cd "$(dirname "$0")/.." && pwd -P)/bin
left=()
for p in /proc/[0-9]*; do
  exe=$(readlink "$p/exe" 2>/dev/null) || continue
  case "$exe" in
    "$bin"/*)
      state=$(sed 's/.*) //' "$p/stat" 2>/dev/null | cut -d' ' -f1) || continue
      [ "$state" = Z ] && continue
      left+=("${p#/proc/} $(tr '\0' ' ' < "$p/cmdline" 2>/dev/null | cut -c1-160)")
      ;;
  esac
done
if [ ${#left[@]} -gt 0 ]; then
  echo "processes started from ./bin are still running after the tests:" >&2
  printf '  %s\n' "${left[@]}" >&2
  exit 1
fi
echo "==> no process started from ./bin is left running"
