#!/usr/bin/env bash
# A/B of two synrl binaries by instructions per iteration (valgrind's callgrind), which, unlike wall-clock time
# on a shared machine, repeats to a few parts per million. Each case runs at two lengths; the difference of the
# two totals over the difference of the lengths is the cost of one iteration, with setup, reading the data and
# the final scoring cancelled out. Both binaries run the same seeded trajectory, so they do the same work.
#
#   scripts/ab-instructions.sh [--boundary-only] BASE_SYNRL NEW_SYNRL [IDX_FOLDER]
#
# --boundary-only: the 2-D task's case alone (a few minutes, no data set).
# IDX_FOLDER: an IDX data set (default: the first 7,000 Fashion-MNIST training images, made in a temporary
# folder from /usr/share/datasets/fashion-mnist). One thread; OpenBLAS's Haswell kernels, as the golden
# trajectories use. valgrind 3.19 cannot read the DWARF 5 that swiftc writes: the binaries run from copies
# stripped of debug information. About 20 minutes on 2 cores (valgrind emulates AVX2 slowly). Prints one line
# per case: instructions per iteration, base and new, and new / base.
set -euo pipefail

boundary_only=false
if [ "${1:-}" = --boundary-only ]; then boundary_only=true; shift; fi
if [ $# -lt 2 ]; then sed -n '7,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2; fi
base=$1 new=$2
for binary in "$base" "$new"; do [ -x "$binary" ] || { echo "not an executable: $binary" >&2; exit 2; }; done
command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install valgrind)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$base" "$work/synrl-base" && cp "$new" "$work/synrl-new" && strip -g "$work/synrl-base" "$work/synrl-new"
base=$work/synrl-base new=$work/synrl-new

data=${3:-}
if [ -z "$data" ] && ! $boundary_only; then
    data=$work/data
    mkdir -p "$data"
    python3 - "$data" <<'EOF'
import gzip, struct, sys
source, count = '/usr/share/datasets/fashion-mnist/', 7000
images = gzip.open(source + 'train-images-idx3-ubyte.gz').read()
labels = gzip.open(source + 'train-labels-idx1-ubyte.gz').read()
open(sys.argv[1] + '/train-images-idx3-ubyte', 'wb').write(struct.pack('>IIII', 0x803, count, 28, 28) + images[16:16 + count * 784])
open(sys.argv[1] + '/train-labels-idx1-ubyte', 'wb').write(struct.pack('>II', 0x801, count) + labels[8:8 + count])
EOF
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
case_line() {
    local name=$1; shift
    local old now
    old=$(per_iteration "$base" "$@")
    now=$(per_iteration "$new" "$@")
    awk -v n="$name" -v o="$old" -v w="$now" 'BEGIN { printf "%-34s %14d %14d   %.4f\n", n, o, w, w / o }'
}

# The cases run side by side, one per core (instruction counts do not depend on the load), printed in order.
jobs=$(nproc)
run_case() {
    local index=$1; shift
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
    case_line "$@" >"$work/case.$index" &
}
printf "%-34s %14s %14s   %s\n" "case (instructions / iteration)" base new "new/base"
run_case 0 "2-100-1 tanh 2000 points adaptive" 100 400 boundary --seed 1 --quiet
index=1
$boundary_only && { wait; cat "$work"/case.0; exit 0; }
for hidden in 0 32; do
    shape=$([ "$hidden" = 0 ] && echo 784-10 || echo 784-32-10)
    for path in dense incremental; do
        for mode in static adaptive; do
            flags=(train --data "$data" --hidden "$hidden" --batch-size 5000 --first-layer "$path" --threads 1
                   --eval-every 1000000 --seed 2 --quiet)
            [ "$mode" = adaptive ] && flags+=(--adaptive)
            run_case $((index++)) "$shape batch 5000 $path $mode" 2 12 "${flags[@]}"
        done
    done
done
wait
cat "$work"/case.{0..8}
