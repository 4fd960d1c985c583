#!/usr/bin/env bash
# Condenses package-benchmark's text output (from stdin) to one line per benchmark: median wall clock and
# median mallocs. Used by `make bench`, which keeps the full output in Benchmarks/last-run.txt.
set -euo pipefail
sed 's/\x1b\[[0-9;]*[A-Za-z]//g' | awk '
    /^[A-Za-z]+$/ && previous ~ /^=+$/ { suite = $0 }
    { previous = $0 }
    /^╒/ { name = last }
    { if ($0 !~ /^[╒│╞├╘]/ && $0 != "") last = $0 }
    /^│ Malloc \(total\)/ { split($0, cells, "│"); mallocs = cells[5] }
    /^│ Time \(wall clock\)/ {
        split($0, cells, "│"); unit = cells[2]; sub(/.*\(/, "", unit); sub(/\).*/, "", unit)
        gsub(/ /, "", cells[5]); gsub(/ /, "", mallocs)
        printf "%-16s %-45s %10s %-3s  mallocs %s\n", suite, name, cells[5], unit, mallocs
    }'
