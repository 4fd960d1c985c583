#!/usr/bin/env bash
# Same-run thread scaling of synrl: every case at 1…MAX threads, REPEATS rounds, the thread counts of a round run
# back to back (and in reverse order every other round) so that a drift in the machine's load reaches every count
# alike. Writes OUT/scaling.csv (case, threads, round, iterations/s from synrl's result line) and, with the
# figures environment, OUT/scaling.png and OUT/scaling.md: the median speed-up over one thread per count, and a
# model for 8, 12 and 16 cores (scripts/scaling-figure.py).
#
#   scripts/thread-scaling.sh [--max N] [--repeats R] [--cases LIST] [--out DIR] SYNRL [IDX_FOLDER]
#
# Cases: boundary (2-100-1 tanh, 2,000 points, 6,000 iterations), 784-10-incremental, 784-10-dense,
# 784-32-10-incremental, 784-32-10-dense (Fashion-MNIST, batch 5000, the authors' table applied statically, seed 2). --max: default nproc.
# --repeats: default 5. --out: default runs/thread-scaling. IDX_FOLDER: default the first 7,000 Fashion-MNIST
# training images (scripts/fashion-subset.py). OpenBLAS stays on one thread and its Haswell kernels.
set -euo pipefail

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
max=$(nproc) repeats=5 cases=boundary,784-10-incremental,784-10-dense,784-32-10-incremental,784-32-10-dense
out=runs/thread-scaling
while [ $# -gt 0 ]; do
    case $1 in
        --max) max=${2:?--max takes a count}; shift 2 ;;
        --repeats) repeats=${2:?--repeats takes a count}; shift 2 ;;
        --cases) cases=${2:?--cases takes a list}; shift 2 ;;
        --out) out=${2:?--out takes a folder}; shift 2 ;;
        -h|--help) usage ;;
        *) break ;;
    esac
done
[ $# -ge 1 ] || usage
synrl=$1 data=${2:-}
[ -x "$synrl" ] || { echo "not an executable: $synrl" >&2; exit 2; }
[[ $max =~ ^[1-9][0-9]*$ && $repeats =~ ^[1-9][0-9]*$ ]] || { echo "--max and --repeats take positive integers" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "$data" ]; then
    data=$work/data
    mkdir -p "$data"
    python3 "$(dirname "$0")/fashion-subset.py" "$data" 7000
fi
export OPENBLAS_CORETYPE=Haswell OPENBLAS_NUM_THREADS=1

# The arguments of case $1 at $2 threads, into the array `arguments`.
case_arguments() {
    local name=$1 threads=$2
    case $name in
        boundary) arguments=(boundary --seed 1 --iterations 6000) ;;
        784-10-incremental|784-10-dense)
            arguments=(train --data "$data" --hidden 0 --first-layer "${name#784-10-}" --iterations 2000) ;;
        784-32-10-incremental|784-32-10-dense)
            arguments=(train --data "$data" --hidden 32 --first-layer "${name#784-32-10-}" --iterations 1000) ;;
        *) echo "unknown case: $name (cases: boundary, 784-10-incremental, 784-10-dense, 784-32-10-incremental, 784-32-10-dense)" >&2
           exit 2 ;;
    esac
    [ "$name" = boundary ] || arguments+=(--batch-size 5000 --eval-every 1000000 --seed 2)
    arguments+=(--threads "$threads" --quiet --out "$work/run")
}
for name in ${cases//,/ }; do case_arguments "$name" 1; done  # unknown names fail before any run

mkdir -p "$out"
csv=$out/scaling.csv
echo "case,threads,round,iterations_per_second" >"$csv"
echo "$(date -u '+%Y-%m-%d %H:%M UTC'): $repeats rounds of 1…$max threads, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for name in ${cases//,/ }; do
    for ((round = 1; round <= repeats; round++)); do
        counts=$(seq 1 "$max"); [ $((round % 2)) = 0 ] && counts=$(seq "$max" -1 1)
        for threads in $counts; do
            case_arguments "$name" "$threads"
            rm -rf "$work/run"
            line=$("$synrl" "${arguments[@]}")
            rate=$(grep -oE '[0-9.]+ iterations/s' <<<"$line" | tail -1 | cut -d' ' -f1)
            echo "$name,$threads,$round,$rate" >>"$csv"
            printf '%-24s %2d threads, round %d: %s iterations/s\n' "$name" "$threads" "$round" "$rate"
        done
    done
done
python=.venv/bin/python
[ -x "$python" ] || { echo "no figures environment (make figures-env): $csv only"; exit 0; }
"$python" "$(dirname "$0")/scaling-figure.py" "$csv" --cores "$(nproc)" --out "$out"
