#!/usr/bin/env bash
# Checks scripts/rule-study.py on a tiny grid (run by make test, ~40 s): four rules (the authors' table, a learned
# table, a hand rule, history 0) × 2 seeds on a 7,000-image Fashion-MNIST subset; the phases' rule files; one
# row per run in study.csv and per rule in table.md; --resume running only an unfinished rule and seed, and --tabulate, each into the same table; and the refusals (an existing folder, a missing synrl).
set -uo pipefail
cd "$(dirname "$0")/.."
SYNRL=${SYNRL:-.build-test/release/synrl}
[ -x "$SYNRL" ] || { echo "study-check: no synrl at $SYNRL (make build)" >&2; exit 1; }
S=$(mktemp -d); trap 'rm -rf "$S"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }
mkdir "$S/data" && python3 scripts/fashion-subset.py "$S/data" 7000 || { echo "study-check: no data subset" >&2; exit 1; }

if python3 scripts/rule-study.py "$S/study" --synrl "$SYNRL" --data "$S/data" --only 1,2,3,8 --seeds 2 --jobs 2 \
     --ocr-iterations 60 --boundary-iterations 300 >"$S/out.txt" 2>"$S/err.txt"; then ok; else bad "the study failed: $(tail -1 "$S/err.txt")"; fi
python3 - "$S/study" <<'PY' && ok || bad "the study's files"
import csv, json, sys
root = sys.argv[1]
rows = list(csv.DictReader(open(f"{root}/study.csv")))
assert len(rows) == 4 * 2 * 2, len(rows)
assert {r["task"] for r in rows} == {"2-D", "OCR"}
assert all(0 <= float(r["accuracy"]) <= 1 for r in rows)
table = open(f"{root}/table.md").read().splitlines()
assert sum(line.startswith("| ") for line in table) == 1 + 4, table
def rule(tag, phase): return json.load(open(f"{root}/{tag}/{phase}.json"))["rule"]
learned = rule("02-s1", "learn2d")
assert learned["learning"]["kind"] == "q-learning" and rule("02-s1", "apply2d")["learning"]["kind"] == "none"
assert rule("02-s1", "ocr")["step"]["value"] == 0.0001 and rule("02-s1", "apply2d")["step"]["value"] == 0.001
hand = rule("03-s2", "apply2d")
assert hand["policy"]["map"] == "repeat-or-reverse" and hand["state"]["actionHistory"] == 1
assert rule("04-s1", "learn2d")["state"] == {"actionHistory": 0, "rewardHistory": 0}, rule("04-s1", "learn2d")
PY
cp "$S/study/table.md" "$S/table-before.md"
rm -r "$S/study/02-s2/ocr"  # as an interrupted study leaves a rule and seed
python3 scripts/rule-study.py "$S/study" --synrl "$SYNRL" --data "$S/data" --only 1,2,3,8 --seeds 2 --jobs 2 \
    --ocr-iterations 60 --boundary-iterations 300 --resume >/dev/null 2>"$S/err.txt" \
  && grep -q "7 runs of rule and seed done before, 1 to run" "$S/err.txt" && cmp -s "$S/study/table.md" "$S/table-before.md" \
  && ok || bad "--resume did not run the one unfinished rule and seed into the same table: $(tail -1 "$S/err.txt")"
python3 scripts/rule-study.py "$S/study" --synrl "$SYNRL" --only 1,2,3,8 --seeds 2 --ocr-iterations 60 \
    --boundary-iterations 300 --tabulate >/dev/null 2>&1 && cmp -s "$S/study/table.md" "$S/table-before.md" \
  && ok || bad "--tabulate did not write the same table again"
python3 scripts/rule-study.py "$S/study" --synrl "$SYNRL" --seeds 1 >/dev/null 2>"$S/err.txt" \
  && bad "an existing study folder was accepted" || { grep -q "exists" "$S/err.txt" && ok || bad "refusal text: $(cat "$S/err.txt")"; }
python3 scripts/rule-study.py "$S/other" --synrl "$S/nothing" >/dev/null 2>"$S/err.txt" \
  && bad "a missing synrl was accepted" || { grep -q "no synrl" "$S/err.txt" && ok || bad "refusal text: $(cat "$S/err.txt")"; }
echo "study-check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
