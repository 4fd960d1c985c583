#!/usr/bin/env python3
"""The thread-scaling figure and table from scripts/thread-scaling.sh's scaling.csv.

    scaling-figure.py SCALING_CSV [--cores N] [--out DIR]

Speed-up at N threads: in each round, iterations/s at N over iterations/s at 1 (the same round, minutes apart at
most), then the median over rounds (the bars span the rounds). The model for more cores is Amdahl's law with the
serial fraction measured at the largest thread count M up to the machine's cores (--cores, default: this machine's;
the Karp-Flatt metric e = (1/S - 1/M) / (1 - 1/M)):
S(P) = 1 / (e + (1 - e) / P). It knows nothing the measurement did not show: memory bandwidth, a second socket or
the cost of handing work to more threads would make real machines fall below it.
"""
import argparse
import csv
import os
import statistics
from collections import defaultdict

import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt

MODEL_CORES = (8, 12, 16)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('csv')
    parser.add_argument('--cores', type=int, default=os.cpu_count())
    parser.add_argument('--out', default='.')
    args = parser.parse_args()
    rates = defaultdict(dict)  # (case, round) -> {threads: rate}
    cases = []
    with open(args.csv) as file:
        for row in csv.DictReader(file):
            if row['case'] not in cases:
                cases.append(row['case'])
            rates[(row['case'], int(row['round']))][int(row['threads'])] = float(row['iterations_per_second'])
    lines = ['| case | 1 thread, iterations/s | speed-up at ' + ', '.join(f'{n}' for n in thread_counts(rates, cases[0]) if n > 1)
             + ' threads (median, range over rounds) | serial fraction | model: 8, 12, 16 cores |', '|---|---|---|---|---|']
    figure, axis = plt.subplots(figsize=(8, 5.5))
    largest = 1
    for index, case in enumerate(cases):
        rounds = [per for (name, _), per in rates.items() if name == case and 1 in per]
        counts = thread_counts(rates, case)
        speedups = {n: [per[n] / per[1] for per in rounds if n in per] for n in counts}
        median = {n: statistics.median(values) for n, values in speedups.items()}
        top = max(n for n in counts if n <= max(args.cores, 1))
        largest = max(largest, max(counts))
        serial = karp_flatt(median[top], top) if top > 1 else float('nan')
        model = [amdahl(serial, p) for p in MODEL_CORES]
        color = f'C{index}'
        axis.errorbar(counts, [median[n] for n in counts],
                      yerr=[[median[n] - min(speedups[n]) for n in counts], [max(speedups[n]) - median[n] for n in counts]],
                      marker='o', color=color, capsize=3, label=f'{case} (serial fraction {serial:.3f})')
        if top > 1:
            cores = list(range(top, max(MODEL_CORES) + 1))
            axis.plot(cores, [amdahl(serial, p) for p in cores], linestyle='--', color=color, alpha=0.7)
            axis.plot(MODEL_CORES, model, linestyle='none', marker='s', color=color, alpha=0.7)
        one = statistics.median(per[1] for per in rounds)
        lines.append(f'| {case} | {one:.0f} | ' + ', '.join(
            f'{median[n]:.2f}× ({min(speedups[n]):.2f}–{max(speedups[n]):.2f})' for n in counts if n > 1)
            + f' | {serial:.3f} | ' + ', '.join(f'{value:.1f}×' for value in model) + ' |')
    axis.plot([1, max(MODEL_CORES)], [1, max(MODEL_CORES)], color='grey', linewidth=0.8, label='ideal')
    axis.axvspan(0.5, largest + 0.5, color='grey', alpha=0.08,
                 label=f'measured here (1–{largest} threads, {args.cores} cores; the model fits at {min(largest, args.cores)})')
    axis.set_xlabel('threads (beyond the shaded part: Amdahl model from the measured serial fraction)')
    axis.set_ylabel('speed-up over 1 thread (same round)')
    axis.set_xlim(0.5, max(MODEL_CORES) + 0.5)
    axis.set_ylim(0, max(MODEL_CORES) + 0.5)
    axis.set_xticks([1, 2, 4, 8, 12, 16])
    axis.grid(alpha=0.3)
    axis.legend(fontsize=8, loc='upper left')
    axis.set_title('synrl iteration speed-up with threads: measured, and modelled for 8, 12, 16 cores')
    figure.tight_layout()
    os.makedirs(args.out, exist_ok=True)
    figure.savefig(os.path.join(args.out, 'scaling.png'), dpi=120)
    table = '\n'.join(lines) + '\n'
    with open(os.path.join(args.out, 'scaling.md'), 'w') as file:
        file.write(table)
    print(table, end='')
    print(f"figure: {os.path.join(args.out, 'scaling.png')}")


def thread_counts(rates, case):
    return sorted({n for (name, _), per in rates.items() if name == case for n in per})


def karp_flatt(speedup, threads):
    return max(0.0, min(1.0, (1 / speedup - 1 / threads) / (1 - 1 / threads)))


def amdahl(serial, cores):
    return 1 / (serial + (1 - serial) / cores)


if __name__ == '__main__':
    main()
