#!/usr/bin/env bash
# Checks scripts/plot.py on tiny synthetic run folders laid out as synrl writes them (run by make test, ~25 s):
# every figure of a 2-D run, a one-row classification run and a trials folder (the visits/layers ones included); the three ways to give labels;
# the default output folder; the chance level (summary key, class counts, majority side); which Q-table states
# are drawn, against a brute-force walk of the history; an evaluate-policies folder's figure and an evolve
# folder's (fitness, its best table); and each refusal (one line, exit 1).
# PYTHON names the interpreter (default: .venv/bin/python, made by make figures-env).
set -uo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
[ -x "$PYTHON" ] || { echo "plot-check: no $PYTHON (make figures-env makes it)" >&2; exit 1; }
PLOT="$PYTHON scripts/plot.py"
S=$(mktemp -d); trap 'rm -rf "$S"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*"; }

# The fixtures: b (2-D, 3 rows from iteration 0, 8×8 grid, 20 points, 15 on the + side), c (classification, one
# row, 4 classes of which one holds half the images), t (trials folder: 2 trials of 5 rows, one shared table),
# s (classification whose summary states chanceAccuracy 0.3).
"$PYTHON" - "$S" <<'EOF' || { echo "plot-check: cannot make the fixtures" >&2; exit 1; }
import csv, itertools, json, os, random, sys
root = sys.argv[1]
random.seed(1)

def write_csv(path, fields, rows):
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(fields)
        writer.writerows(rows)

def policy(path):
    states = []
    for a2, a1, r2, r1 in itertools.product(range(3), repeat=4):
        q = [round(1.5 + random.uniform(-0.05, 0.05), 4) for _ in range(3)] if 1 not in (r2, r1) else [0, 0, 0]
        states.append({"a2": a2, "a1": a1, "r2": r2, "r1": r1, "q": q})
    json.dump({"format": "synaptic-rl-policy", "version": 1, "historyLength": 2, "states": states}, open(path, "w"))

def run(folder, metrics_fields, metrics_rows, summary, configuration=None):
    os.makedirs(folder)
    write_csv(f"{folder}/metrics.csv", metrics_fields, metrics_rows)
    json.dump(summary, open(f"{folder}/summary.json", "w"))
    if configuration is not None:
        json.dump(configuration, open(f"{folder}/configuration.json", "w"))
    policy(f"{folder}/policy.json")

actions = ["reward_plus_fraction", "decrement_fraction", "none_fraction", "increment_fraction"]
run(f"{root}/b", ["iteration", "loss", "accuracy"] + actions,
    [[0, 0.04, 0.3, "", "", "", ""], [50, 0.02, 0.7, 0.6, 0.3, 0.4, 0.3], [100, 0.01, 0.9, 0.5, 0.35, 0.3, 0.35]],
    {"task": "boundary", "mode": "adaptive", "iterations": 100, "accuracy": 0.9}, {"task": "boundary"})
grid = [[x, y, x - y, x - y + 0.1] for y in range(-4, 4) for x in range(-4, 4)]
write_csv(f"{root}/b/grid.csv", ["x", "y", "target", "learned"], grid)
write_csv(f"{root}/b/points.csv", ["x", "y", "target"], [[i, i, 1 if i < 15 else -1] for i in range(20)])
classification = ["iteration", "train_loss", "train_accuracy", "validation_loss", "validation_accuracy"] + actions
run(f"{root}/c", classification, [[1, 2.3, 0.2, 2.3, 0.21, 0.5, 0.3, 0.4, 0.3]],
    {"task": "classification", "method": "synrl", "hidden": [], "iterations": 1, "validationAccuracy": 0.21},
    {"countsPerClass": [50, 20, 20, 10], "network": [4, 4]})
os.makedirs(f"{root}/t")
json.dump({"network": [4, 5]}, open(f"{root}/t/configuration.json", "w"))
for trial in (1, 2):
    rows = [[i * 10, 2 - i * 0.1 * trial, 0.2 + 0.05 * i, 2 - i * 0.1, 0.2 + 0.04 * i, 0.5, 0.3, 0.4, 0.3]
            for i in range(5)]
    run(f"{root}/t/trial-{trial}", classification, rows, {"task": "classification", "method": "synrl",
        "hidden": [8], "iterations": 40, "validationAccuracy": 0.36 + 0.01 * trial})
def introspection(folder, iterations, layers=2):
    """visits.csv and layers.csv as synrl writes them: states with visits per report (shares summing to 1)."""
    actions = ["decrement_fraction", "none_fraction", "increment_fraction"]
    visits = []
    for iteration in iterations[1:]:
        states = sorted(random.sample(range(81), 12))
        weights = [random.random() for _ in states]
        for state, weight in zip(states, weights):
            split = sorted(random.random() for _ in range(2))
            visits.append([iteration, state, f"state {state}", round(weight / sum(weights), 6),
                           round(split[0], 6), round(split[1] - split[0], 6), round(1 - split[1], 6)])
    write_csv(f"{folder}/visits.csv", ["iteration", "state", "description", "synapse_fraction"] + actions, visits)
    rows = [[iteration, layer, 30, *((0, 1, 0) if iteration == 0 else (0.3, 0.4, 0.3)),
             0 if iteration == 0 else 1e-3 / (layer + 1), "" if layer == layers - 1 else max(0, 1 - iteration / 60)]
            for iteration in iterations for layer in range(layers)]
    write_csv(f"{folder}/layers.csv", ["iteration", "layer", "synapses"] + actions + ["mean_abs_dw", "active_fraction"],
              rows)

introspection(f"{root}/b", [0, 50, 100])
introspection(f"{root}/t/trial-1", [0, 10, 20, 30, 40], layers=3)
introspection(f"{root}/t/trial-2", [0, 10, 20, 30, 40], layers=3)
random.seed(1)  # the same table in both trials
policy(f"{root}/t/trial-2/policy.json")
random.seed(1)
policy(f"{root}/t/trial-1/policy.json")
run(f"{root}/s", classification, [[0, 2.3, 0.2, 2.3, 0.2, "", "", "", ""], [5, 2.2, 0.3, 2.2, 0.3, 0.5, 0.3, 0.4, 0.3]],
    {"task": "classification", "method": "synrl", "iterations": 5, "validationAccuracy": 0.3, "chanceAccuracy": 0.3})
os.makedirs(f"{root}/empty")
os.makedirs(f"{root}/other")
open(f"{root}/other/notes.txt", "w").write("not a run\n")
os.makedirs(f"{root}/headeronly")
write_csv(f"{root}/headeronly/metrics.csv", ["iteration", "loss", "accuracy"], [])
os.makedirs(f"{root}/garbled")
write_csv(f"{root}/garbled/metrics.csv", ["iteration", "loss", "accuracy"], [[0, "abc", 0.5]])
os.makedirs(f"{root}/nocolumns")
write_csv(f"{root}/nocolumns/metrics.csv", ["iteration", "loss"], [[0, 1.0]])
os.makedirs(f"{root}/halftrials/trial-1")
os.system(f"cp -r {root}/c {root}/halftrials/trial-2")
# e: an evaluate-policies folder (two policies; boundary 103 never reached by "evolved"; a silent hidden seed).
os.makedirs(f"{root}/e")
evaluation = [["authors", "boundary", 101, 2000, 0.97, 0.01, 800, ""], ["authors", "boundary", 102, 2000, 0.96, 0.02, 1500, ""],
              ["authors", "boundary", 103, 2000, 0.95, 0.02, 1900, ""], ["evolved", "boundary", 101, 2000, 0.98, 0.01, 400, ""],
              ["evolved", "boundary", 102, 2000, 0.97, 0.01, 600, ""], ["evolved", "boundary", 103, 2000, 0.90, 0.05, "", ""]]
evaluation += [[policy, "ocr", seed, 2000, 0.6 + 0.05 * seed + (0.1 if policy == "evolved" else 0), 1.2, "", ""]
               for policy in ("authors", "evolved") for seed in (1, 2)]
evaluation += [[policy, "hidden", seed, 2000, 0.5 + 0.05 * seed, 1.5, "", "false" if (policy, seed) == ("evolved", 2) else "true"]
               for policy in ("authors", "evolved") for seed in (1, 2)]
write_csv(f"{root}/e/evaluation.csv", ["policy", "task", "seed", "iterations", "accuracy", "loss", "iterations_to_95",
                                        "live_hidden_layer", "seconds"], [row + [1.0] for row in evaluation])
os.makedirs(f"{root}/ebad")
write_csv(f"{root}/ebad/evaluation.csv", ["policy", "task", "accuracy"], [["authors", "ocr", 0.5]])
# v: an evolve run folder (12 generations, a restart at 8) with its best policy.
os.makedirs(f"{root}/v")
write_csv(f"{root}/v/generations.csv", ["generation", "evaluations", "population", "restart", "best_fitness", "mean_fitness",
                                         "worst_fitness", "best_ever_fitness", "authors_fitness", "sigma", "seconds"],
          [[g, 8 * g, 8, 0 if g < 8 else 1, 1 / g, 1.5 / g, 2 / g, 1 / min(g, 7) if g < 8 else 1 / g, 1.2, 0.5 * 0.8 ** g, g * 2.0]
           for g in range(1, 13)])
policy(f"{root}/v/best-policy.json")
policy(f"{root}/v/mean-policy.json")
EOF

# expect_ok NAME ARGS...: plot.py exits 0
expect_ok() {
  local name=$1; shift
  if $PLOT "$@" >"$S/out" 2>"$S/err"; then ok; else bad "$name: exit $? ($(tail -1 "$S/err"))"; fi
}
# expect_refusal NAME TEXT ARGS...: plot.py exits 1 with one line on stderr holding TEXT, and writes no figure
expect_refusal() {
  local name=$1 text=$2; shift 2
  rm -rf "$S/refused"
  $PLOT "$@" --out "$S/refused" >"$S/out" 2>"$S/err"
  local code=$? lines
  lines=$(wc -l <"$S/err")
  if [ $code -ne 1 ]; then bad "$name: exit $code, expected 1"
  elif [ "$lines" -ne 1 ]; then bad "$name: $lines lines on stderr, expected 1: $(head -3 "$S/err")"
  elif ! grep -qF -- "$text" "$S/err"; then bad "$name: stderr lacks '$text': $(cat "$S/err")"
  elif ls "$S/refused"/*.png >/dev/null 2>&1; then bad "$name: wrote figures although refused"
  else ok; fi
}
expect_file() { if [ -s "$1" ]; then ok; else bad "missing or empty: $1"; fi; }
# table_has FOLDER TEXT: table1.csv in FOLDER holds TEXT
table_has() { if grep -qF -- "$2" "$1/table1.csv"; then ok; else bad "$1/table1.csv lacks '$2': $(cat "$1/table1.csv")"; fi; }

# Every figure, into --out, and the list printed.
expect_ok "all figures" "$S/b" "$S/c" "$S/t" --out "$S/all"
for name in curves actions boundary-b qtable-b visits-b layers-b visits-t layers-t; do expect_file "$S/all/$name.png"; expect_file "$S/all/$name.svg"; done
expect_file "$S/all/table1.md"
if grep -q "figures in $S/all/" "$S/out" && grep -q "curves.png" "$S/out"; then ok; else bad "no list of figures: $(cat "$S/out")"; fi
# t's two trials hold b's table (both drawn right after seeding with 1), c another: two Q-table figures.
if [ "$(ls "$S/all"/qtable-*.png | wc -l)" -eq 2 ]; then ok; else bad "expected 2 Q-table figures: $(ls "$S/all")"; fi
table_has "$S/all" "b,boundary,adaptive,100,100,1,90.00,,75.00"  # chance: 15 of 20 points on the + side
table_has "$S/all" "c,classification,synrl,0,1,1,21.00,,50.00"   # chance: the largest class, 50 of 100
table_has "$S/all" "t,classification,synrl,8,40,2,37.50,0.71,20.00"  # chance: 1/5 outputs (the parent's network)

# The default output folder: figures/ inside the first run folder.
expect_ok "default out" "$S/c"
expect_file "$S/c/figures/curves.png"
[ -e "$S/c/figures/actions.png" ] && ok || bad "a one-row run has no actions figure"
# Introspection figures: one per run holding visits.csv and layers.csv, one per trials folder; none without them.
[ -e "$S/c/figures/visits-c.png" ] && bad "a run without visits.csv has a visits figure" || ok
[ -e "$S/all/visits-t-trial-2.png" ] && bad "a trials folder has one visits figure, not one per trial" || ok

# A summary's chanceAccuracy wins.
expect_ok "chance key" "$S/s" --out "$S/chance"
table_has "$S/chance" ",30.00"

# Labels: one form drawn end to end; every form (repeated, comma list, --labels list, mixed) and fewer labels than
# runs (the rest named by folder) through plot.py's own parser and folder reader, quicker than drawing each.
expect_ok "labels" "$S/b" "$S/c" --label one,two --out "$S/labels"
table_has "$S/labels" "one,boundary"; table_has "$S/labels" "two,classification"
if "$PYTHON" - "$S" <<'EOF'; then ok; else bad "label forms"; fi
import sys
sys.path.insert(0, "scripts")
import plot
root = sys.argv[1]
for form, expected in ((["--label", "one", "--label", "two"], ["one", "two"]), (["--label", "one,two"], ["one", "two"]),
                       (["--labels", "one", "two"], ["one", "two"]), (["--labels", "one,two"], ["one", "two"]),
                       (["--label", "one", "--labels", "two"], ["one", "two"]), (["--label", "one"], ["one", "c"])):
    sys.argv = ["plot.py", f"{root}/b", f"{root}/c"] + form
    options = plot.arguments()
    labels = [run.label for run in plot.expand(options.runs, options.labels)]
    assert labels == expected, (form, labels)
EOF

# An evaluate-policies folder: its one figure, no per-run ones; an evolve folder: fitness and its best table.
expect_ok "evaluation" "$S/e"
expect_file "$S/e/figures/evaluation.png"; expect_file "$S/e/figures/evaluation.svg"
[ -e "$S/e/figures/curves.png" ] && bad "an evaluation folder drew per-run curves" || ok
expect_ok "evolve" "$S/v" --out "$S/evolve"
for name in fitness qtable-best-policy qtable-mean-policy; do expect_file "$S/evolve/$name.png"; done
# Refusals.
expect_refusal "evaluation columns" "lacks the column(s) seed, iterations, iterations_to_95, live_hidden_layer" "$S/ebad"
expect_refusal "no such folder" "no such folder" "$S/missing"
expect_refusal "empty folder" "is neither a run folder (no metrics.csv) nor a trials folder" "$S/empty"
expect_refusal "other folder" "it holds notes.txt" "$S/other"
expect_refusal "header only" "has no rows" "$S/headeronly"
expect_refusal "not a number" "line 2: loss is 'abc', not a number" "$S/garbled"
expect_refusal "no accuracy column" "neither an accuracy nor a validation_accuracy column" "$S/nocolumns"
expect_refusal "unfinished trial" "trial-1 has no metrics.csv" "$S/halftrials"
expect_refusal "too many labels" "3 labels (a, b, c) for 2 run folders" "$S/b" "$S/c" --labels a b c
expect_refusal "a good run beside a bad one" "is neither a run folder" "$S/b" "$S/empty"
if $PLOT "$S/b" --label "a,,b" >/dev/null 2>"$S/err"; then bad "an empty label was taken"
elif grep -q "a label is empty" "$S/err"; then ok; else bad "empty label: $(cat "$S/err")"; fi

# The Q-table's states: history_states(n) against every history a synapse can walk from the start in n+2 steps.
if "$PYTHON" - <<'EOF'; then ok; else bad "history_states disagrees with a walk of the history"; fi
import itertools, sys
sys.path.insert(0, "scripts")
from plot import NEUTRAL, digits, history_states
for n in (1, 2, 3):
    def code(symbols):  # oldest first, a1 the lowest digit
        return sum(symbol * 3 ** (len(symbols) - 1 - i) for i, symbol in enumerate(symbols))
    seen = {}  # (action code, reward code) -> first iteration it occurs
    for steps in itertools.product(itertools.product(range(3), (0, 2)), repeat=n + 2):
        actions, rewards = [NEUTRAL] * n, [NEUTRAL] * n
        for t, (action, reward) in enumerate(((None, None),) + steps):
            if action is not None:
                actions, rewards = actions[1:] + [action], rewards[1:] + [reward]
            key = (code(actions), code(rewards))
            seen[key] = min(seen.get(key, t), t)
    full, early, never = history_states(n)
    late = {key for key, t in seen.items() if t >= n}
    assert late == {(a, r) for a in range(3 ** n) for r in full}, n
    assert all(NEUTRAL not in digits(r, n) for r in full), n
    assert sum(1 for t in seen.values() if t < n) == early, (n, early)
    assert 9 ** n - len(seen) == never, (n, never)
    print(f"history {n}: {len(late)} states shown, {early} only in the first {n} iterations, {never} never")
EOF

echo "plot-check: $passed passed, $failed failed"
[ $failed -eq 0 ]
