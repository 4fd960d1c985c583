#!/usr/bin/env bash
# Which exported table transfers: learn a policy on boundaries 1-5 (adaptive, 10k iterations) under each export
# rule, apply each statically to boundaries 11-15 (10k iterations), count the runs that reach 95%.
# Usage: scripts/transfer-study.sh [path/to/synrl]   (about 4 minutes on 2 cores)
set -euo pipefail
bin=${1:-.build-haswell/release/synrl}
[ -x "$bin" ] || { echo "no synrl at $bin: run 'make build' first" >&2; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
rules=("average --mirror" "average --no-mirror" "final --mirror" "final --no-mirror")
for rule in "${rules[@]}"; do
  tag=${rule// /}
  for seed in 1 2 3 4 5; do
    "$bin" boundary --seed "$seed" --export $rule --quiet --save-policy "$work/$tag-$seed.json" >/dev/null 2>&1
    for target in 11 12 13 14 15; do
      "$bin" boundary --policy "$work/$tag-$seed.json" --seed "$target" --quiet --summary "$work/$tag-$seed-$target.sum" >/dev/null 2>&1 &
      [ $((target % 2)) -eq 0 ] && wait
    done
    wait
  done
  python3 - "$work" "$tag" "$rule" <<'PY'
import json, sys
work, tag, rule = sys.argv[1:]
runs = [json.load(open(f"{work}/{tag}-{s}-{t}.sum")) for s in range(1, 6) for t in range(11, 16)]
reached = sum(r["accuracy"] >= 0.95 for r in runs)
accuracies = sorted(r["accuracy"] * 100 for r in runs)
print(f"export {rule:20s}: {reached}/25 static runs >= 95%; final accuracy min {accuracies[0]:.2f}% "
      f"median {accuracies[12]:.2f}% max {accuracies[-1]:.2f}%")
PY
done
