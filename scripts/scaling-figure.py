#!/usr/bin/env python3
"""The thread-scaling figure and table from scripts/thread-scaling.sh's scaling.csv.

    scaling-figure.py SCALING_CSV [--cores N] [--out DIR]

Speed-up at N threads: in each round, iterations/s at N over iterations/s at 1 (the same round, minutes apart at
most), then the median over rounds (the bars span the rounds). On a shared machine one ratio moves by ±15%, so the
model is drawn from the median and, as a band, from the best and the worst round. The model for more cores is Amdahl's law with the
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
    measured_counts = thread_counts(rates, cases[0])
    lines = ['| case | 1 thread, iterations/s | speed-up at ' + ', '.join(f'{n}' for n in measured_counts if n > 1)
             + ' threads (median, range over rounds) | serial fraction (median; from the range) '
             + '| model: 8, 12, 16 cores (median; from the range) |', '|---|---|---|---|---|']
    figure, (measured, modelled) = plt.subplots(1, 2, figsize=(13, 5.5), gridspec_kw={'width_ratios': [1, 1.6]})
    largest = 1
    for index, case in enumerate(cases):
        rounds = [per for (name, _), per in rates.items() if name == case and 1 in per]
        counts = thread_counts(rates, case)
        speedups = {n: [per[n] / per[1] for per in rounds if n in per] for n in counts}
        median = {n: statistics.median(values) for n, values in speedups.items()}
        fit = max(n for n in counts if n <= max(args.cores, 1))
        largest = max(largest, max(counts))
        color = f'C{index}'
        measured.errorbar(counts, [median[n] for n in counts],
                          yerr=[[median[n] - min(speedups[n]) for n in counts], [max(speedups[n]) - median[n] for n in counts]],
                          marker='o', color=color, capsize=3, label=case)
        one = statistics.median(per[1] for per in rounds)
        row = f'| {case} | {one:.0f} | ' + ', '.join(
            f'{median[n]:.2f}× ({min(speedups[n]):.2f}–{max(speedups[n]):.2f})' for n in counts if n > 1)
        if fit == 1:
            lines.append(row + ' | – | – |')
            continue
        # The serial fraction from the median ratio, and from the best and worst rounds: the model's range.
        serial = karp_flatt(median[fit], fit)
        serial_range = (karp_flatt(max(speedups[fit]), fit), karp_flatt(min(speedups[fit]), fit))
        cores = list(range(1, max(MODEL_CORES) + 1))
        modelled.plot(cores, [amdahl(serial, p) for p in cores], color=color, label=f'{case} (serial {serial:.3f})')
        modelled.fill_between(cores, [amdahl(serial_range[1], p) for p in cores], [amdahl(serial_range[0], p) for p in cores],
                              color=color, alpha=0.05)
        modelled.plot(MODEL_CORES, [amdahl(serial, p) for p in MODEL_CORES], linestyle='none', marker='s', color=color)
        lines.append(row + f' | {serial:.3f} ({serial_range[0]:.3f}–{serial_range[1]:.3f}) | ' + ', '.join(
            f'{amdahl(serial, p):.1f}× ({amdahl(serial_range[1], p):.1f}–{amdahl(serial_range[0], p):.1f})' for p in MODEL_CORES) + ' |')
    measured.plot([1, largest], [1, largest], color='grey', linewidth=0.8, label='ideal')
    measured.set_xticks(range(1, largest + 1))
    measured.set_xlabel(f'threads ({args.cores} cores here)')
    measured.set_ylabel('speed-up over 1 thread (same round)')
    measured.set_title('measured here: median, bars span the rounds', fontsize=10)
    measured.grid(alpha=0.3)
    measured.legend(fontsize=8, loc='upper left')
    modelled.plot([1, max(MODEL_CORES)], [1, max(MODEL_CORES)], color='grey', linewidth=0.8, label='ideal')
    modelled.set_xticks([1, 2, 4, 8, 12, 16])
    modelled.set_xlabel('cores')
    modelled.set_title(f'Amdahl model from the serial fraction at {min(args.cores, largest)} threads '
                       '(band: from the best and worst rounds)', fontsize=10)
    modelled.grid(alpha=0.3)
    modelled.legend(fontsize=8, loc='upper left')
    figure.suptitle('synrl iteration speed-up with threads')
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
