#!/usr/bin/env python3
"""Which parts of a synaptic rule matter: runs the grid of rules in GRID (scripts/rule-study.json) with K seeds and
writes one table. For seed k = 1..K and every rule:
  2-D   learn (rules with a learned table): Q-learning on boundary k (synrl boundary, 10,000 iterations), the
        table's running mean exported; apply: the rule frozen on boundary 10 + k (10,000 iterations);
  OCR   the rule frozen on Fashion-MNIST 784-10 (synrl train, seed k, ITERATIONS iterations, the authors' OCR
        settings: minibatch 5000, epsilon 0.1, step 1e-4), from the same table.
The table: final accuracy mean ± sd over the K seeds, and the median iterations to 95% (2-D) and to 70% validation
accuracy (OCR) with how many runs got there. Files in OUT: study.csv (one row per run), table.md, study.png (with
matplotlib), every run folder.

    scripts/rule-study.py OUT [--synrl PATH] [--grid FILE] [--seeds K] [--ocr-iterations N] [--boundary-iterations N]
                              [--jobs J] [--data DIR] [--only 1,3] [--resume] [--tabulate]
"""
import argparse
import concurrent.futures
import copy
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AUTHORS_TABLE = os.path.join(ROOT, 'Sources/SynapticRL/Resources/authors-golden-policy.json')
BASES = {  # the phases' rules before an entry's changes: the paper's 2-D and OCR settings
    'learn2d': {'learning': {'kind': 'q-learning', 'rate': 0.01, 'discount': 0.9},
                'epsilon': {'kind': 'constant', 'value': 0.25}, 'step': {'kind': 'constant', 'value': 0.001}},
    'apply2d': {'learning': {'kind': 'none'},
                'epsilon': {'kind': 'constant', 'value': 0.25}, 'step': {'kind': 'constant', 'value': 0.001}},
    'ocr': {'learning': {'kind': 'none'},
            'epsilon': {'kind': 'constant', 'value': 0.1}, 'step': {'kind': 'constant', 'value': 0.0001}},
}


def merged(base, change):
    """`change` laid over `base`, objects merged key by key."""
    result = copy.deepcopy(base)
    for key, value in change.items():
        result[key] = merged(result[key], value) if isinstance(value, dict) and isinstance(result.get(key), dict) else value
    return result


def phase_rule(entry, phase):
    rule = merged(merged(BASES[phase], entry.get('rule', {})), entry.get(phase, {}))
    if entry['table'] == 'none' or phase != 'learn2d':
        rule['learning'] = {'kind': 'none'}
    return rule


def write_rule(path, name, rule):
    with open(path, 'w') as file:
        json.dump({'format': 'synaptic-rl-rule', 'version': 1, 'name': name, 'rule': rule}, file, indent=1)


def run(command, log):
    with open(log, 'w') as output:
        status = subprocess.run(command, stdout=output, stderr=subprocess.STDOUT).returncode
    if status != 0:
        with open(log) as output:
            tail = output.read().strip().splitlines()[-1:] or ['(no output)']
        raise RuntimeError(f"{' '.join(command)} failed ({status}): {tail[0]}")


def first_at_least(metrics, column, threshold):
    with open(metrics) as file:
        for row in csv.DictReader(file):
            if row[column] and float(row[column]) >= threshold:
                return int(row['iteration'])
    return None


def one_seed(args, index, entry, seed):
    """Every run of one rule and seed; returns the two result rows."""
    tag = f"{index:02d}-s{seed}"
    folder = os.path.join(args.out, tag)
    os.makedirs(folder)
    rules = {phase: os.path.join(folder, f"{phase}.json") for phase in BASES}
    for phase, path in rules.items():
        write_rule(path, f"{entry['name']} ({phase})", phase_rule(entry, phase))
    table = AUTHORS_TABLE if entry['table'] == 'authors' else None
    if entry['table'] == 'learned':
        table = os.path.join(folder, 'learned-policy.json')
        run([args.synrl, 'boundary', '--rule', rules['learn2d'], '--seed', str(seed), '--threads', '1', '--quiet',
             '--iterations', str(args.boundary_iterations),
             '--save-policy', table], os.path.join(folder, 'learn2d.log'))
    policy = ['--policy', table] if table else []
    run([args.synrl, 'boundary', '--rule', rules['apply2d'], *policy, '--seed', str(10 + seed), '--threads', '1',
         '--quiet', '--iterations', str(args.boundary_iterations), '--out', os.path.join(folder, 'apply2d')], os.path.join(folder, 'apply2d.log'))
    data = ['--data', args.data] if args.data else []
    run([args.synrl, 'train', *data, '--rule', rules['ocr'], *policy, '--seed', str(seed), '--threads', '1',
         '--iterations', str(args.ocr_iterations), '--quiet', '--out', os.path.join(folder, 'ocr')],
        os.path.join(folder, 'ocr.log'))
    return result_rows(args.out, tag, entry, seed)


def finished(out, tag):
    """Whether rule and seed `tag` ran to the end: both applied runs wrote their summaries."""
    return all(os.path.isfile(os.path.join(out, tag, phase, 'summary.json')) for phase in ('apply2d', 'ocr'))


def result_rows(out, tag, entry, seed):
    """The 2-D and OCR rows of one finished rule and seed, from its run folders."""
    folder = os.path.join(out, tag)
    with open(os.path.join(folder, 'apply2d', 'summary.json')) as file:
        boundary = json.load(file)
    with open(os.path.join(folder, 'ocr', 'summary.json')) as file:
        ocr = json.load(file)
    return [
        {'rule': entry['name'], 'task': '2-D', 'seed': seed, 'accuracy': boundary['accuracy'],
         'iterations_to_target': boundary.get('iterationsTo95'),  # exact: synrl boundary checks every iteration
         'iterations': boundary['iterations'], 'folder': os.path.join(tag, 'apply2d')},
        {'rule': entry['name'], 'task': 'OCR', 'seed': seed, 'accuracy': ocr['validationAccuracy'],
         'iterations_to_target': first_at_least(os.path.join(folder, 'ocr', 'metrics.csv'), 'validation_accuracy', 0.70),
         'iterations': ocr['iterations'], 'folder': os.path.join(tag, 'ocr')},
    ]


def spread(values):
    mean = statistics.fmean(values)
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{100 * mean:.1f} ± {100 * sd:.1f}"


def reached(rows):
    hits = [row['iterations_to_target'] for row in rows if row['iterations_to_target'] is not None]
    median = f"{statistics.median(hits):,.0f}" if hits else "—"
    return f"{median} ({len(hits)}/{len(rows)})"


def table(rows, entries, seeds, ocr_iterations, boundary_iterations):
    lines = [f"| rule | 2-D final accuracy % | 2-D iterations to 95% | OCR 784-10 validation accuracy % | "
             f"OCR iterations to 70% |", "|---|---|---|---|---|"]
    for entry in entries:
        two = [row for row in rows if row['rule'] == entry['name'] and row['task'] == '2-D']
        ocr = [row for row in rows if row['rule'] == entry['name'] and row['task'] == 'OCR']
        lines.append(f"| {entry['name']} | {spread([r['accuracy'] for r in two])} | {reached(two)} | "
                     f"{spread([r['accuracy'] for r in ocr])} | {reached(ocr)} |")
    lines.append("")
    lines.append(f"Mean ± sd over {seeds} seeds; iterations: median over the runs that got there (how many of {seeds}). "
                 f"2-D: {boundary_iterations:,} iterations on boundaries 11–{10 + seeds}; OCR: Fashion-MNIST 784-10, {ocr_iterations:,} "
                 f"iterations, validation on the seeded 25% split.")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('out', help='study folder (must not exist)')
    parser.add_argument('--synrl', default=os.path.join(ROOT, '.build-haswell/release/synrl'))
    parser.add_argument('--grid', default=os.path.join(ROOT, 'scripts/rule-study.json'))
    parser.add_argument('--seeds', type=int, default=3)
    parser.add_argument('--ocr-iterations', type=int, default=50000)
    parser.add_argument('--boundary-iterations', type=int, default=10000)
    parser.add_argument('--jobs', type=int, default=os.cpu_count() or 1)
    parser.add_argument('--data', help='synrl train --data (default: Debian\'s Fashion-MNIST)')
    parser.add_argument('--only', help='comma-separated entry numbers (1-based) to run')
    parser.add_argument('--resume', action='store_true',
                        help='go on with the study in OUT: run only the rules and seeds without both results (e.g. '
                             'after an interruption, or with more --seeds), then tabulate all')
    parser.add_argument('--tabulate', action='store_true',
                        help='only write study.csv and table.md again from the run folders of a finished study in OUT '
                             '(the same --grid, --only and --seeds)')
    args = parser.parse_args()
    if not os.access(args.synrl, os.X_OK):
        sys.exit(f"rule-study: no synrl at {args.synrl}: run 'make build' first")
    if (args.tabulate or args.resume) and not os.path.isdir(args.out):
        sys.exit(f"rule-study: no study folder {args.out} to go on with")
    if os.path.exists(args.out) and not (args.tabulate or args.resume):
        sys.exit(f"rule-study: {args.out} exists: name a new folder")
    if not 1 <= args.seeds <= 5:
        sys.exit("rule-study: --seeds must be 1…5 (the learning boundaries are 1–5)")
    with open(args.grid) as file:
        entries = json.load(file)['entries']
    if args.only:
        entries = [entries[int(n) - 1] for n in args.only.split(',')]
    jobs = [(index, entry, seed) for index, entry in enumerate(entries, 1) for seed in range(1, args.seeds + 1)]
    if args.tabulate:
        rows = [row for index, entry, seed in jobs for row in result_rows(args.out, f"{index:02d}-s{seed}", entry, seed)]
        return finish(args, entries, rows)
    if args.resume:
        done = [job for job in jobs if finished(args.out, f"{job[0]:02d}-s{job[2]}")]
        rows = [row for index, entry, seed in done for row in result_rows(args.out, f"{index:02d}-s{seed}", entry, seed)]
        for index, entry, seed in jobs:  # an unfinished seed's folder is made again
            folder = os.path.join(args.out, f"{index:02d}-s{seed}")
            if (index, entry, seed) not in done and os.path.isdir(folder):
                shutil.rmtree(folder)
        jobs = [job for job in jobs if job not in done]
        print(f"rule-study: {len(done)} runs of rule and seed done before, {len(jobs)} to run", file=sys.stderr)
    else:
        os.makedirs(args.out)
        rows = []
    begin = time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(one_seed, args, *job): job for job in jobs}
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            index, entry, seed = futures[future]
            try:
                rows += future.result()
            except RuntimeError as error:
                pool.shutdown(cancel_futures=True)
                sys.exit(f"rule-study: {entry['name']}, seed {seed}: {error}")
            elapsed = time.time() - begin
            eta = elapsed / done * (len(jobs) - done)
            print(f"[{done}/{len(jobs)}] {entry['name']}, seed {seed} done; {elapsed / 60:.1f} min so far, "
                  f"about {eta / 60:.1f} min left", file=sys.stderr, flush=True)
    finish(args, entries, rows)


def finish(args, entries, rows):
    """study.csv and table.md from every run's rows; the table on standard output."""
    rows.sort(key=lambda row: ([e['name'] for e in entries].index(row['rule']), row['task'], row['seed']))
    with open(os.path.join(args.out, 'study.csv'), 'w', newline='') as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)
    text = table(rows, entries, args.seeds, args.ocr_iterations, args.boundary_iterations)
    with open(os.path.join(args.out, 'table.md'), 'w') as file:
        file.write(text)
    print(text, end='')
    draw(args.out, entries, rows)


def draw(out, entries, rows):
    """study.png: each rule's final accuracy on both tasks, every seed a dot, the mean a bar."""
    try:
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
    except ImportError:
        print("rule-study: no study.png: matplotlib is missing (make figures-env, then run with .venv/bin/python)",
              file=sys.stderr)
        return
    names = [entry['name'] for entry in entries]
    figure, axes = plt.subplots(1, 2, figsize=(12, 0.42 * len(names) + 1.6), sharey=True)
    for axis, task, title in zip(axes, ['2-D', 'OCR'], ['2-D boundaries: final accuracy', 'Fashion-MNIST 784-10: validation accuracy']):
        for position, name in enumerate(names):
            values = [100 * row['accuracy'] for row in rows if row['rule'] == name and row['task'] == task]
            axis.barh(position, statistics.fmean(values), color='#9ecae1', height=0.7)
            axis.plot(values, [position] * len(values), 'o', color='#08519c', markersize=4)
        axis.set_title(title, fontsize=11)
        axis.set_xlabel('accuracy %')
        axis.set_xlim(0, 100)
        axis.grid(axis='x', alpha=0.3)
        axis.axvline(95 if task == '2-D' else 70, color='#d62728', linewidth=0.8, linestyle='--')
    axes[0].set_yticks(range(len(names)), names, fontsize=9)
    axes[0].invert_yaxis()
    seeds = len({row['seed'] for row in rows})
    figure.suptitle(f"Which parts of the rule matter: mean (bar) and each of {seeds} seeds (dot); dashed: 95% and 70%",
                    fontsize=11)
    figure.tight_layout()
    figure.savefig(os.path.join(out, 'study.png'), dpi=110)
    plt.close(figure)


if __name__ == '__main__':
    main()
