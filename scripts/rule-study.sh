#!/usr/bin/env bash
# Which parts of a synaptic rule matter (issue 14): the grid of scripts/rule-study.json, K seeds, on the 2-D task
# (learn on boundaries 1-K, apply to 11-(10+K)) and on Fashion-MNIST 784-10; one table (table.md) and every run
# folder under OUT. The work is scripts/rule-study.py; this builds synrl first.
# Usage: scripts/rule-study.sh OUT [rule-study.py options: --seeds 3 --ocr-iterations 50000 --jobs 2 ...]
#        (15 rules × 3 seeds at 50,000 OCR iterations: about 30-40 minutes on 2 quiet cores)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { sed -n 2,6p "$0" >&2; exit 2; }
make --no-print-directory build figures-env >&2
exec .venv/bin/python scripts/rule-study.py "$@"
