#!/usr/bin/env bash
# The MPI test (part of `make test`): synrl-mpi on 1, 2 and 3 processes must end byte for byte where the
# single-process synrl train ends: weights.bin, and metrics.csv but its wall-clock column; and so must runs
# killed with SIGKILL (after an iteration, or inside rank 0's checkpoint write) and resumed on another number of
# processes, or by the single-process synrl resume; a general rule's run too.
set -euo pipefail
cd "$(dirname "$0")/.."
SYNRL=${SYNRL:-.build-test/release/synrl}
SYNRL_MPI=${SYNRL_MPI:-MPI/.build/release/synrl-mpi}
# Two cores here: three ranks need --oversubscribe; root (containers, CI) must say so to Open MPI.
MPIRUN=(mpirun --oversubscribe)
if [ "$(id -u)" = 0 ]; then MPIRUN+=(--allow-run-as-root); fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
same_as_single() {  # $1 name, $2 run folder, $3 what
    if cmp -s "$work/$1-single/weights.bin" "$2/weights.bin" \
        && diff -q <(cut -d, -f1-11,13 "$work/$1-single/metrics.csv") <(cut -d, -f1-11,13 "$2/metrics.csv") > /dev/null; then
        echo "ok   $1, $3: identical to the single process"
    else
        echo "FAIL $1, $3: differs from the single process"
        failures=$((failures + 1))
    fi
}
runs=(
    "linear-incremental --hidden 0 --iterations 400 --batch-size 2048 --resample-every 100 --eval-every 100 --seed 2"
    "hidden-dense --hidden 16 --iterations 300 --batch-size 1600 --resample-every 150 --eval-every 100 --seed 2 --step 0.001 --first-layer dense"
)
for run in "${runs[@]}"; do
    read -r name flags <<< "$run"
    "$SYNRL" train $flags --checkpoint-every 0 --quiet --out "$work/$name-single" > /dev/null 2>&1 < /dev/null
    for ranks in 1 2 3; do
        if ! "${MPIRUN[@]}" -np "$ranks" "$SYNRL_MPI" train $flags --quiet --out "$work/$name-$ranks" \
            > "$work/$name-$ranks.log" 2>&1 < /dev/null; then
            echo "FAIL $name, $ranks ranks: synrl-mpi failed"
            cat "$work/$name-$ranks.log"
            failures=$((failures + 1))
            continue
        fi
        same_as_single "$name" "$work/$name-$ranks" "$ranks ranks"
    done
done
read -r name flags <<< "${runs[0]}"
while read -r fault ranks resumer; do
    run="$work/$name-$fault-$ranks"
    status=0
    env "$fault" "${MPIRUN[@]}" -x "${fault%%=*}" -np "$ranks" "$SYNRL_MPI" train $flags --checkpoint-every 100 --quiet \
        --out "$run" > "$run.log" 2>&1 < /dev/null || status=$?
    if [ "$status" = 0 ] || [ ! -f "$run/checkpoint.bin" ]; then
        echo "FAIL $name, $fault on $ranks ranks: the run was not killed, or left no checkpoint"
        failures=$((failures + 1))
        continue
    fi
    if [ "$resumer" = synrl ]; then
        "$SYNRL" resume "$run" --quiet > /dev/null 2>&1 < /dev/null
    else
        "${MPIRUN[@]}" -np "$resumer" "$SYNRL_MPI" resume "$run" --quiet > /dev/null 2>&1 < /dev/null
    fi
    same_as_single "$name" "$run" "$fault on $ranks ranks, resumed by ${resumer/#[0-9]/& ranks of synrl-mpi}"
done <<'FAULTS'
SYNRL_KILL_AT_ITERATION=250 2 3
SYNRL_KILL_IN_CHECKPOINT_AT=300 3 synrl
FAULTS
# A general rule (Boltzmann + SARSA: its table, memory and pending update in the checkpoint), killed on 2 ranks
# and resumed on 3, ends where the single process does.
rule_flags="--hidden 0 --iterations 400 --batch-size 2048 --resample-every 100 --eval-every 100 --seed 2 --rule docs/rules/boltzmann-sarsa.json"
"$SYNRL" train $rule_flags --checkpoint-every 0 --quiet --out "$work/rule-single" > /dev/null 2>&1 < /dev/null
run="$work/rule-killed"
status=0
env SYNRL_KILL_AT_ITERATION=250 "${MPIRUN[@]}" -x SYNRL_KILL_AT_ITERATION -np 2 "$SYNRL_MPI" train $rule_flags --checkpoint-every 100 \
    --quiet --out "$run" > "$run.log" 2>&1 < /dev/null || status=$?
if [ "$status" = 0 ] || [ ! -f "$run/checkpoint.bin" ]; then
    echo "FAIL rule, killed on 2 ranks: the run was not killed, or left no checkpoint"
    failures=$((failures + 1))
else
    "${MPIRUN[@]}" -np 3 "$SYNRL_MPI" resume "$run" --quiet > /dev/null 2>&1 < /dev/null || true
    same_as_single rule "$run" "boltzmann-sarsa killed on 2 ranks, resumed by 3 ranks of synrl-mpi"
fi
# A run folder belongs to one run here too: rank 0 claims it, and a finished run's folder is refused in one line.
finished="$work/$name-1"
if "${MPIRUN[@]}" -np 2 "$SYNRL_MPI" train $flags --quiet --out "$finished" > "$work/claim.log" 2>&1 < /dev/null; then
    echo "FAIL synrl-mpi train into a finished run's folder was not refused"
    failures=$((failures + 1))
elif grep -q "already holds a run" "$work/claim.log"; then
    echo "ok   synrl-mpi train into a finished run's folder is refused"
else
    echo "FAIL synrl-mpi train into a finished run's folder: $(head -c 300 "$work/claim.log")"
    failures=$((failures + 1))
fi
# A rule that reads the presynaptic activity needs the whole minibatch: refused at the start, before any file.
refused="$work/presynaptic"
if "${MPIRUN[@]}" -np 2 "$SYNRL_MPI" train --hidden 0 --iterations 40 --batch-size 2048 --rule docs/rules/presynaptic.json --quiet --out "$refused" \
    > "$work/presynaptic.log" 2>&1 < /dev/null; then
    echo "FAIL synrl-mpi train of a presynaptic-activity rule was not refused"
    failures=$((failures + 1))
elif grep -q "cannot run data-parallel yet" "$work/presynaptic.log" && [ ! -e "$refused" ]; then
    echo "ok   synrl-mpi train of a presynaptic-activity rule is refused before any file is made"
else
    echo "FAIL synrl-mpi train of a presynaptic-activity rule: $(grep -m1 Error "$work/presynaptic.log" | head -c 300)"
    failures=$((failures + 1))
fi
# The policy search: synrl-mpi evolve on 1, 2 and 3 processes (boundary and stacked OCR jobs shared out, one
# allreduce per generation) writes the very files of synrl evolve, the clock column aside; and so does a search
# killed with SIGKILL after generation 2 on 2 ranks and resumed on 3.
evolve_flags="--generations 4 --population 5 --boundaries 2 --boundary-iterations 60 --points 300 --ocr-tasks 1 --ocr-images 600 --ocr-iterations 40"
same_search() {  # $1 folder, $2 what
    if diff -q <(cut -d, -f1-10 "$work/evolve-single/generations.csv") <(cut -d, -f1-10 "$1/generations.csv") > /dev/null \
        && cmp -s "$work/evolve-single/best-policy.json" "$1/best-policy.json" \
        && cmp -s "$work/evolve-single/mean-policy.json" "$1/mean-policy.json" \
        && diff -rq "$work/evolve-single/policies" "$1/policies" > /dev/null; then
        echo "ok   evolve, $2: identical to synrl evolve"
    else
        echo "FAIL evolve, $2: differs from synrl evolve"
        failures=$((failures + 1))
    fi
}
"$SYNRL" evolve $evolve_flags --quiet --out "$work/evolve-single" > /dev/null 2>&1 < /dev/null
for ranks in 1 2 3; do
    if "${MPIRUN[@]}" -np "$ranks" "$SYNRL_MPI" evolve $evolve_flags --quiet --out "$work/evolve-$ranks" > "$work/evolve-$ranks.log" 2>&1 < /dev/null; then
        same_search "$work/evolve-$ranks" "$ranks ranks"
    else
        echo "FAIL evolve, $ranks ranks: synrl-mpi evolve failed"
        cat "$work/evolve-$ranks.log"
        failures=$((failures + 1))
    fi
done
run="$work/evolve-killed"
status=0
env SYNRL_KILL_AT_ITERATION=2 "${MPIRUN[@]}" -x SYNRL_KILL_AT_ITERATION -np 2 "$SYNRL_MPI" evolve $evolve_flags --quiet --out "$run" \
    > "$run.log" 2>&1 < /dev/null || status=$?
if [ "$status" = 0 ] || [ ! -f "$run/checkpoint.json" ]; then
    echo "FAIL evolve, killed on 2 ranks: the search was not killed, or left no checkpoint"
    failures=$((failures + 1))
else
    "${MPIRUN[@]}" -np 3 "$SYNRL_MPI" evolve $evolve_flags --resume --quiet --out "$run" > "$run-resume.log" 2>&1 < /dev/null || true
    same_search "$run" "killed after generation 2 on 2 ranks, resumed by 3"
fi
exit $((failures > 0))
