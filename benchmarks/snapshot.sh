#!/bin/sh
# Build every evaluation set (and the seeds) into OUT/<set>.nq, ignoring the cache: two
# snapshots of the same extractor are byte-identical, so `diff -r A B` after a refactor
# shows every fact it changed.   usage: benchmarks/snapshot.sh OUT [KG]
set -e
out=$1; kg=${2:-.venv/bin/kg}
mkdir -p "$out"
"$kg" build seeds -o "$out/seeds.nq" --no-cache --no-store --no-answers -q
for dir in tests/*/articles; do
  set_name=$(basename "$(dirname "$dir")")
  "$kg" build "$dir" -o "$out/$set_name.nq" --no-cache --no-store --no-answers -q
done
