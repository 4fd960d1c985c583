#!/usr/bin/env bash
# Re-records the golden trajectories (Tests/SynapticRLTests/Golden/): fixed-seed runs of the default rule that
# GoldenTrajectoryTests holds byte for byte. Only for a change that must move them; its commit says why.
set -euo pipefail
cd "$(dirname "$0")/.."
grep -qw avx2 /proc/cpuinfo || { echo "record-golden: needs an AVX2 CPU (OpenBLAS's Haswell kernels)"; exit 1; }
golden=Tests/SynapticRLTests/Golden
rm -rf "$golden"
OPENBLAS_CORETYPE=Haswell SYNRL_RECORD_GOLDEN=1 swift test -c release -Xswiftc -enable-testing --scratch-path .build-test \
    --no-parallel --filter GoldenTrajectoryTests
cat > "$golden/STAMP" <<STAMP
Recorded by scripts/record-golden.sh on $(date -u +%Y-%m-%d) from commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources || echo " (with uncommitted changes to Sources)"),
OPENBLAS_CORETYPE=Haswell, on $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs).
STAMP
echo "recorded: $(find "$golden" -type f | wc -l) files in $golden"
