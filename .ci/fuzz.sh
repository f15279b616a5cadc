#!/usr/bin/env bash
# Runs every fuzz target of the module briefly, one at a time, and fails on
# the first failure. Each target first replays its seed corpus (f.Add and
# testdata/fuzz), then fuzzes for FUZZTIME (default 20000x: twenty thousand
# inputs; a count, not a duration, because Go's fuzz coordinator can report
# a bare "context deadline exceeded" failure when a duration's deadline
# races a busy worker, golang/go#75804, unfixed in Go 1.26). A failing input is
# written to <package>/testdata/fuzz/<target>/ by Go: keep it as a seed once
# the bug is fixed.
#
#   .ci/fuzz.sh                   every target, 20000 inputs each
#   FUZZTIME=500000x .ci/fuzz.sh  longer
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime="${FUZZTIME:-20000x}"

# `go test -list` prints the matching names of a package, then "ok <pkg> <time>".
listing=$(go test -list '^Fuzz' ./...)
targets=()
names=()
while IFS= read -r line; do
  case "$line" in
    Fuzz*) names+=("$line") ;;
    ok*)
      pkg=$(awk '{print $2}' <<<"$line")
      for n in "${names[@]}"; do targets+=("$pkg $n"); done
      names=()
      ;;
    *) names=() ;;
  esac
done <<<"$listing"

if [ "${#targets[@]}" -eq 0 ]; then
  echo "fuzz: no fuzz targets found" >&2
  exit 1
fi

echo "fuzz: ${#targets[@]} targets, ${fuzztime} each"
start=$SECONDS
for t in "${targets[@]}"; do
  pkg=${t% *}
  name=${t#* }
  t0=$SECONDS
  if out=$(go test "$pkg" -run '^$' -fuzz "^${name}\$" -fuzztime "$fuzztime" 2>&1); then
    printf 'PASS  %-28s %-70s %3ds\n' "$name" "$pkg" $((SECONDS - t0))
  else
    printf 'FAIL  %-28s %-70s %3ds\n' "$name" "$pkg" $((SECONDS - t0))
    echo "$out"
    exit 1
  fi
done
echo "fuzz: all ${#targets[@]} targets passed in $((SECONDS - start))s"
