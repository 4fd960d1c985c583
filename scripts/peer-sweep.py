#!/usr/bin/env python3
"""The small hyper-parameter sweep behind synrl compare's defaults (issue 15): for every method in GRID
(scripts/peer-sweep.json) and every combination of its flags' candidate values, one `synrl compare` of that method
alone, K seeds, on the tuning split: the default seeded 75/25 split of the TRAINING images, so the data set's own
test split, on which the README's table validates (synrl compare --test-split), is never seen. The winner of each
method is the candidate with the highest mean validation accuracy at the largest budget. Files in OUT: sweep.md
(every candidate, the winners marked), sweep.csv, and each candidate's comparison folder.

    scripts/peer-sweep.py OUT [--synrl PATH] [--grid FILE] [--methods a,b] [--seeds K] [--budget LIST] [--scale S]
                              [--hidden H] [--data DIR] [--jobs J] [--resume]
"""
import argparse
import concurrent.futures
import csv
import itertools
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def candidates(grid, methods):
    """(method, [(flag, value), ...]) for every combination of a method's candidate values."""
    for method in methods:
        flags = grid[method]
        names = sorted(flags)
        for values in itertools.product(*(flags[name] for name in names)):
            yield method, list(zip(names, values))


def folder_name(method, settings):
    return method + "".join(f"_{flag.lstrip('-')}={value}" for flag, value in settings)


def finished(folder):
    try:
        with open(os.path.join(folder, "comparison.json")) as handle:
            return not json.load(handle)["interrupted"]
    except (OSError, ValueError, KeyError):
        return False


def run(options, method, settings):
    folder = os.path.join(options.out, folder_name(method, settings))
    if options.resume and finished(folder):
        return folder, 0
    command = [options.synrl, "compare", "--methods", method, "--seeds", str(options.seeds), "--budget", options.budget,
               "--scale", str(options.scale), "--hidden", options.hidden, "--threads", "1", "--quiet", "--out", folder]
    if os.path.isdir(folder):
        command.append("--overwrite")
    if options.data:
        command += ["--data", options.data]
    for flag, value in settings:
        command += [flag, value]
    with open(folder + ".log", "w") as log:
        status = subprocess.call(command, stdout=log, stderr=subprocess.STDOUT)
    return folder, status


def score(folder):
    """Mean validation accuracy at each budget, from the candidate's comparison.json."""
    with open(os.path.join(folder, "comparison.json")) as handle:
        record = json.load(handle)
    cells = [cell for cell in record["cells"] if cell.get("budget") is not None]
    return [(cell["budget"], sum(cell["accuracies"]) / len(cell["accuracies"]) if cell["accuracies"] else float("nan"))
            for cell in cells]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--synrl", default=os.path.join(ROOT, ".build-haswell/release/synrl"))
    parser.add_argument("--grid", default=os.path.join(ROOT, "scripts/peer-sweep.json"))
    parser.add_argument("--methods", help="comma-separated (default: every method in the grid)")
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--budget", default="1e7,1e8")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--hidden", default="0")
    parser.add_argument("--data")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--resume", action="store_true", help="keep candidates that finished")
    options = parser.parse_args()
    try:
        with open(options.grid) as handle:
            grid = {key: value for key, value in json.load(handle).items() if key != "comment"}
    except (OSError, ValueError) as error:
        sys.exit(f"peer-sweep: cannot read the grid {options.grid} ({error})")
    methods = options.methods.split(",") if options.methods else list(grid)
    unknown = [method for method in methods if method not in grid]
    if unknown:
        sys.exit(f"peer-sweep: {', '.join(unknown)} not in the grid {options.grid}")
    if not os.access(options.synrl, os.X_OK):
        sys.exit(f"peer-sweep: no synrl at {options.synrl} (make build, or --synrl PATH)")
    os.makedirs(options.out, exist_ok=True)
    jobs = list(candidates(grid, methods))
    print(f"peer-sweep: {len(jobs)} candidates, {options.seeds} seeds each, budgets {options.budget} × {options.scale}, "
          f"{options.jobs} at a time", file=sys.stderr)
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=options.jobs) as pool:
        futures = {pool.submit(run, options, method, settings): (method, settings) for method, settings in jobs}
        for done, future in enumerate(concurrent.futures.as_completed(futures), start=1):
            method, settings = futures[future]
            folder, status = future.result()
            results[(method, tuple(settings))] = folder if status == 0 else None
            print(f"[{done}/{len(jobs)}] {folder_name(method, settings)}: " + ("done" if status == 0 else f"failed ({status}), see {folder}.log"),
                  file=sys.stderr)
    rows = []
    for method, settings in jobs:
        folder = results[(method, tuple(settings))]
        scores = score(folder) if folder else []
        rows.append((method, settings, scores))
    winners = {}
    for method in methods:
        scored = [(scores[-1][1], settings) for m, settings, scores in rows if m == method and scores]
        if scored:
            winners[method] = max(scored, key=lambda pair: pair[0])[1]
    budgets = [budget for budget, _ in next((scores for _, _, scores in rows if scores), [])]
    with open(os.path.join(options.out, "sweep.csv"), "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["method", "settings"] + [f"accuracy_at_{budget}" for budget in budgets] + ["chosen"])
        for method, settings, scores in rows:
            writer.writerow([method, " ".join(f"{f} {v}" for f, v in settings)] + [f"{accuracy:.6f}" for _, accuracy in scores]
                            + [int(winners.get(method) == settings)])
    lines = [f"Tuning split (seeded 75/25 of the training images), hidden {options.hidden}, {options.seeds} seeds, mean "
             f"validation accuracy at each budget (forward-equivalents × {options.scale}); **chosen**: the best at the largest.", "",
             "| method | settings | " + " | ".join(f"{budget:.1e}" for budget in budgets) + " |",
             "|---|---|" + "---|" * len(budgets)]
    for method, settings, scores in rows:
        text = " ".join(f"`{f} {v}`" for f, v in settings)
        mark = " **chosen**" if winners.get(method) == settings else ""
        lines.append(f"| {method} | {text}{mark} | " + " | ".join(f"{accuracy * 100:.2f}" for _, accuracy in scores) + " |")
    with open(os.path.join(options.out, "sweep.md"), "w") as handle:
        handle.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    failed = [name for name, folder in results.items() if folder is None]
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
