#!/usr/bin/env python3
"""One line per synrl boundary run folder: when it first reached 95%, where it ended, and from which loss.

    python3 scripts/boundary-comparison.py RUN[=LABEL] [RUN[=LABEL] ...]

Reads each folder's summary.json (standard library only). make demo prints its three runs with it.
"""
import json
import os
import sys


def line(folder, label):
    path = os.path.join(folder, "summary.json")
    try:
        with open(path) as handle:
            summary = json.load(handle)
    except (OSError, ValueError) as error:
        sys.exit(f"boundary-comparison.py: {path}: {error}")
    if summary.get("task") != "boundary":
        sys.exit(f"boundary-comparison.py: {folder} is not a synrl boundary run folder")
    reached = summary.get("iterationsTo95")
    start = f" (from {summary['initialAccuracy'] * 100:.2f}%)" if "initialAccuracy" in summary else ""
    milestone = f"95% at iteration {reached:>5}," if reached is not None else "95% not reached,"
    return (f"{label}:  {milestone:<23} final accuracy {summary['accuracy'] * 100:6.2f}%{start}, "
            f"loss {summary['loss']:.5f} from {summary['initialLoss']:.5f}")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    entries = [argument.partition("=")[::2] for argument in sys.argv[1:]]
    entries = [(folder, label or os.path.basename(os.path.normpath(folder))) for folder, label in entries]
    width = max(len(label) for _, label in entries)
    for folder, label in entries:
        print(line(folder, label.ljust(width)))


if __name__ == "__main__":
    main()
