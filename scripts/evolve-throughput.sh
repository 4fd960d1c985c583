#!/usr/bin/env bash
# The policy search's evaluation cost, from one round on this machine: candidate evaluations per second (each on
# every task of its generation, the authors' reference included) for synrl evolve on 1 and 2 threads and
# synrl-mpi evolve on 1, 2 and 3 processes of one thread each, with the same flags; and whether every one of them
# wrote the same generations.csv (the clock column aside), as they must.
#   bash scripts/evolve-throughput.sh [extra synrl evolve flags]   (default: 2 generations of the README's search)
set -euo pipefail
cd "$(dirname "$0")/.."
SYNRL=${SYNRL:-.build-haswell/release/synrl}
SYNRL_MPI=${SYNRL_MPI:-MPI/.build/release/synrl-mpi}
MPIRUN=(mpirun --oversubscribe)
if [ "$(id -u)" = 0 ]; then MPIRUN+=(--allow-run-as-root); fi
flags=("--generations" "2" "--boundaries" "4" "--boundary-iterations" "1000" "$@")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rate() { python3 -c "import json,sys; print('%.2f' % json.load(open(sys.argv[1]))['candidateEvaluationsPerSecond'])" "$1/summary.json"; }
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1 /proc/loadavg): synrl evolve ${flags[*]}"
for threads in 1 2; do
    "$SYNRL" evolve "${flags[@]}" --threads "$threads" --quiet --out "$work/threads-$threads" > /dev/null
    echo "synrl evolve, $threads thread(s): $(rate "$work/threads-$threads") candidate evaluations/s"
done
if [ -x "$SYNRL_MPI" ]; then
    for ranks in 1 2 3; do
        "${MPIRUN[@]}" -np "$ranks" "$SYNRL_MPI" evolve "${flags[@]}" --threads 1 --quiet --out "$work/ranks-$ranks" > /dev/null 2>&1 < /dev/null
        echo "synrl-mpi evolve, $ranks process(es) of 1 thread: $(rate "$work/ranks-$ranks") candidate evaluations/s"
    done
fi
same=yes
for folder in "$work"/*/; do
    cmp -s <(cut -d, -f1-10 "$work/threads-1/generations.csv") <(cut -d, -f1-10 "$folder/generations.csv") || same=no
done
echo "every run wrote the same generations.csv (the clock aside): $same"
