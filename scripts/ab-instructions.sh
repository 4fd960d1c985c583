#!/usr/bin/env bash
# Instructions per iteration of synrl binaries (valgrind's callgrind), which, unlike wall-clock time on a shared
# machine, repeat to a few parts per million. Each case runs at two lengths; the difference of the two totals
# over the difference of the lengths is the cost of one iteration, with setup, reading the data and the final
# scoring cancelled out. Both binaries of an A/B run the same seeded trajectory, so they do the same work.
#
#   scripts/ab-instructions.sh [--cases LIST] [--threads N] BASE_SYNRL NEW_SYNRL [IDX_FOLDER]
#   scripts/ab-instructions.sh [--cases LIST] [--threads N] --one SYNRL [IDX_FOLDER]
#
# Two binaries: one line per case with both counts and new / base. --one: one binary's counts.
# --cases: a comma-separated list of case names (default: all), from boundary, 784-10-dense-static,
# 784-10-dense-adaptive, 784-10-incremental-static, 784-10-incremental-adaptive and the same four for 784-32-10.
# --threads N: synrl's own threads (default 1; callgrind runs them one at a time and counts them all, so the
# count includes what dispatching costs). OpenBLAS stays on one thread and its Haswell kernels, as the golden
# trajectories use. IDX_FOLDER: an IDX data set (default: the first 7,000 Fashion-MNIST training images, made in
# a temporary folder from /usr/share/datasets/fashion-mnist). valgrind 3.19 cannot read the DWARF 5 that swiftc
# writes: the binaries run from copies stripped of debug information. All nine cases take about 15 minutes per
# binary on 2 cores (valgrind emulates AVX2 slowly).
set -euo pipefail

usage() { sed -n '7,19p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
all_cases="boundary"
for shape in 784-10 784-32-10; do
    for path in dense incremental; do
        for mode in static adaptive; do all_cases+=",$shape-$path-$mode"; done
    done
done
cases=$all_cases threads=1 one=
while [ $# -gt 0 ]; do
    case $1 in
        --cases) cases=${2:?--cases takes a list}; shift 2 ;;
        --threads) threads=${2:?--threads takes a count}; shift 2 ;;
        --one) one=${2:?--one takes a binary}; shift 2 ;;
        -h|--help) usage ;;
        *) break ;;
    esac
done
if [ -n "$one" ]; then binaries=("$one"); else [ $# -ge 2 ] || usage; binaries=("$1" "$2"); shift 2; fi
for name in ${cases//,/ }; do
    [[ ",$all_cases," == *",$name,"* ]] || { echo "unknown case: $name (cases: $all_cases)" >&2; exit 2; }
done
for binary in "${binaries[@]}"; do [ -x "$binary" ] || { echo "not an executable: $binary" >&2; exit 2; }; done
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stripped=()
for index in "${!binaries[@]}"; do
    cp "${binaries[$index]}" "$work/synrl-$index" && strip -g "$work/synrl-$index"
    stripped+=("$work/synrl-$index")
done

data=${1:-}
if [ -z "$data" ] && [ "$cases" != boundary ]; then  # the 2-D task needs no data set
    data=$work/data
    mkdir -p "$data"
    python3 "$(dirname "$0")/fashion-subset.py" "$data" 7000
fi

export OPENBLAS_CORETYPE=Haswell OPENBLAS_NUM_THREADS=1
# Instructions of one run: callgrind's "Collected" total.
instructions() {
    local log=$work/log.$RANDOM
    valgrind --tool=callgrind --callgrind-out-file=/dev/null --log-file="$log" "$@" >/dev/null
    awk '/Collected :/ { print $NF }' "$log"
}
# Instructions per iteration of one binary: $1 binary, $2 short length, $3 long length, then the arguments.
per_iteration() {
    local binary=$1 short=$2 long=$3; shift 3
    local a b
    a=$(instructions "$binary" "$@" --iterations "$short" --out "$work/run.$RANDOM")
    b=$(instructions "$binary" "$@" --iterations "$long" --out "$work/run.$RANDOM")
    echo $(( (b - a) / (long - short) ))
}
# The run lengths and arguments of case $1, into the array `arguments`.
case_arguments() {
    local name=$1
    if [ "$name" = boundary ]; then
        arguments=(100 400 boundary --seed 1 --threads "$threads" --quiet)
        return
    fi
    local shape=${name%-*-*} rest=${name#784-*-} hidden=0
    [ "$shape" = 784-32-10 ] && { hidden=32; rest=${name#784-32-10-}; }
    local path=${rest%-*} mode=${rest#*-}
    arguments=(2 12 train --data "$data" --hidden "$hidden" --batch-size 5000 --first-layer "$path" --threads "$threads"
               --eval-every 1000000 --seed 2 --quiet)
    [ "$mode" = adaptive ] && arguments+=(--adaptive)
    return 0
}
# One line: the case's name, each binary's count and, for two, new / base.
case_line() {
    local name=$1 arguments counts=()
    case_arguments "$name"
    for binary in "${stripped[@]}"; do counts+=("$(per_iteration "$binary" "${arguments[@]}")"); done
    awk -v n="$name" -v o="${counts[0]}" -v w="${counts[1]:-}" \
        'BEGIN { printf "%-32s %14d", n, o; if (w != "") printf " %14d   %.4f", w, w / o; printf "\n" }'
}

# The cases run side by side, one per core (instruction counts do not depend on the load), printed in order.
jobs=$(nproc)
index=0
for name in ${cases//,/ }; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
    case_line "$name" >"$work/case.$index" &
    index=$((index + 1))  # not inside the redirection, which the background job expands
done
wait
echo "instructions per iteration, $threads thread$([ "$threads" = 1 ] || echo s)"
if [ -n "$one" ]; then printf "%-32s %14s\n" case synrl; else printf "%-32s %14s %14s   %s\n" case base new "new/base"; fi
for ((i = 0; i < index; i++)); do cat "$work/case.$i"; done
