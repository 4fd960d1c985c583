#!/usr/bin/env python3
"""Figures from SynapticRL run folders alone (synrl train / synrl boundary --out DIR).

    python3 scripts/plot.py RUN [RUN ...] [--out DIR] [--label NAME ...]

For every run folder given (a trials folder counts as all its trial-* folders) it renders, as PNG and SVG:
  curves          training/validation loss and accuracy against iterations (paper Figures 1C-D, 2C-D, 3),
                  runs overlaid; runs sharing a label (the trials of one folder) as mean ± sd bands
  actions         the share of -, 0 and + actions and the +1 reward rate between metrics rows
  boundary-<run>  the 2-D task's ground truth beside the learned decision boundary (Figures 1A-B, 2A-B)
  qtable-<run>    the run's Q-table as a heat map, the greedy action of each state marked
and writes table1.md / table1.csv: the runs' summaries (Table 1's columns), mean ± sd per label.
"""
import argparse
import csv
import json
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

ACTIONS = ["−", "0", "+"]
REWARDS = ["−1", "·", "+1"]


def fail(message):
    print(f"plot.py: {message}", file=sys.stderr)
    sys.exit(1)


def read_csv(path):
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows:
        fail(f"{path} has no rows")
    return rows


def column(rows, name):
    return np.array([float(row[name]) if row.get(name, "") != "" else math.nan for row in rows])


class Run:
    """One run folder: its metrics, summary, policy and, for the 2-D task, its grid."""

    def __init__(self, folder, label):
        self.folder = folder
        self.label = label
        metrics = os.path.join(folder, "metrics.csv")
        if not os.path.exists(metrics):
            fail(f"{folder} is not a run folder (no metrics.csv)")
        self.metrics = read_csv(metrics)
        self.summary = self._json("summary.json")
        self.policy = self._json("policy.json")
        self.is_boundary = os.path.exists(os.path.join(folder, "grid.csv"))
        self.name = os.path.basename(os.path.normpath(folder))

    def _json(self, name):
        path = os.path.join(self.folder, name)
        if not os.path.exists(path):
            return None
        with open(path) as handle:
            return json.load(handle)


def expand(folders, labels):
    """Run folders, a trials folder standing for its trial-* folders (labelled as the folder)."""
    runs = []
    for index, folder in enumerate(folders):
        if not os.path.isdir(folder):
            fail(f"{folder}: no such folder")
        label = labels[index] if labels and index < len(labels) else os.path.basename(os.path.normpath(folder))
        trials = sorted(name for name in os.listdir(folder) if name.startswith("trial-"))
        if trials:
            runs += [Run(os.path.join(folder, name), label) for name in trials]
        else:
            runs.append(Run(folder, label))
    return runs


def save(figure, out, name):
    for extension in ("png", "svg"):
        figure.savefig(os.path.join(out, f"{name}.{extension}"), dpi=130, bbox_inches="tight")
    plt.close(figure)
    print(f"wrote {os.path.join(out, name)}.png/.svg")


def grouped(runs):
    groups = {}
    for run in runs:
        groups.setdefault(run.label, []).append(run)
    return groups


def plot_band(axis, runs, x_name, y_name, label, style="-"):
    """One line per group: the mean over its runs, with a ± sd band when there are several."""
    length = min(len(run.metrics) for run in runs)
    x = column(runs[0].metrics[:length], x_name)
    values = np.array([column(run.metrics[:length], y_name) for run in runs])
    mean = values.mean(axis=0)
    line, = axis.plot(x, mean, style, label=label + (f" (n={len(runs)})" if len(runs) > 1 else ""))
    if len(runs) > 1:
        sd = values.std(axis=0, ddof=1)
        axis.fill_between(x, mean - sd, mean + sd, color=line.get_color(), alpha=0.2)


def curves(runs, out):
    figure, (loss_axis, accuracy_axis) = plt.subplots(1, 2, figsize=(11, 4))
    for label, members in grouped(runs).items():
        if members[0].is_boundary:
            plot_band(loss_axis, members, "iteration", "loss", label)
            plot_band(accuracy_axis, members, "iteration", "accuracy", label)
        else:
            plot_band(loss_axis, members, "iteration", "train_loss", label + " train", "--")
            plot_band(loss_axis, members, "iteration", "validation_loss", label + " validation")
            plot_band(accuracy_axis, members, "iteration", "train_accuracy", label + " train", "--")
            plot_band(accuracy_axis, members, "iteration", "validation_accuracy", label + " validation")
    loss_axis.set(xlabel="iteration", ylabel="loss", title="Loss")
    accuracy_axis.set(xlabel="iteration", ylabel="accuracy", title="Accuracy", ylim=(0, 1))
    for axis in (loss_axis, accuracy_axis):
        axis.grid(alpha=0.3)
        axis.legend(fontsize=8)
    save(figure, out, "curves")


def actions(runs, out):
    figure, (action_axis, reward_axis) = plt.subplots(1, 2, figsize=(11, 4))
    for label, members in grouped(runs).items():
        for name, symbol, style in (("decrement_fraction", "−", "-"), ("none_fraction", "0", ":"),
                                    ("increment_fraction", "+", "--")):
            plot_band(action_axis, members, "iteration", name, f"{label} {symbol}", style)
        plot_band(reward_axis, members, "iteration", "reward_plus_fraction", label)
    action_axis.set(xlabel="iteration", ylabel="share of synapse actions", title="Actions between metrics rows")
    reward_axis.set(xlabel="iteration", ylabel="share of iterations rewarded +1", title="Reward rate", ylim=(0, 1))
    for axis in (action_axis, reward_axis):
        axis.grid(alpha=0.3)
        axis.legend(fontsize=8)
    save(figure, out, "actions")


def boundary(run, out):
    grid = read_csv(os.path.join(run.folder, "grid.csv"))
    points = read_csv(os.path.join(run.folder, "points.csv"))
    x, y = column(grid, "x"), column(grid, "y")
    side = int(round(math.sqrt(len(grid))))
    if side * side != len(grid):
        fail(f"{run.folder}/grid.csv is not a square grid")
    shape = (side, side)
    figure, axes = plt.subplots(1, 2, figsize=(10, 4.6), sharey=True)
    px, py, classes = column(points, "x"), column(points, "y"), column(points, "target") > 0
    accuracy = run.summary["accuracy"] if run.summary else math.nan
    for axis, name, title in ((axes[0], "target", "ground truth"), (axes[1], "learned", f"learned ({accuracy:.1%})")):
        values = column(grid, name).reshape(shape)
        axis.contourf(x.reshape(shape), y.reshape(shape), values > 0, levels=[-0.5, 0.5, 1.5],
                      colors=["#d6e4f0", "#f6d8c8"])
        axis.contour(x.reshape(shape), y.reshape(shape), values, levels=[0], colors="k", linewidths=1.2)
        axis.scatter(px[classes], py[classes], s=3, c="#c0504d", label="target > 0")
        axis.scatter(px[~classes], py[~classes], s=3, c="#4f81bd", label="target ≤ 0")
        axis.set(title=title, xlabel="x", aspect="equal")
    axes[0].set_ylabel("y")
    axes[0].legend(fontsize=8, loc="lower left")
    figure.suptitle(f"2-D decision boundary, {run.name}")
    save(figure, out, f"boundary-{run.name}")


def qtable(run, out):
    states = run.policy["states"]
    q = np.array([state["q"] for state in states])
    labels = [f"a {ACTIONS[s['a2']]}{ACTIONS[s['a1']]}  r {REWARDS[s['r2']]} {REWARDS[s['r1']]}" for s in states]
    figure, axis = plt.subplots(figsize=(4.2, max(6, 0.17 * len(states))))
    limit = max(abs(q).max(), 1e-12)
    image = axis.imshow(q, aspect="auto", cmap="RdBu_r", vmin=-limit, vmax=limit)
    greedy = q.argmax(axis=1)
    for row, action in enumerate(greedy):
        if np.any(q[row] != 0):
            axis.text(action, row, "●", ha="center", va="center", fontsize=6)
    axis.set_xticks(range(3), [f"{symbol} step" for symbol in ACTIONS])
    axis.set_yticks(range(len(states)), labels, fontsize=5)
    axis.set_title(f"Q-table of {run.name}\n(● greedy action; rows: last two actions, last two rewards)", fontsize=8)
    figure.colorbar(image, ax=axis, fraction=0.05)
    save(figure, out, f"qtable-{run.name}")


def table1(runs, out):
    rows = []
    for label, members in grouped(runs).items():
        summaries = [run.summary for run in members if run.summary]
        if not summaries:
            continue
        key = "validationAccuracy" if "validationAccuracy" in summaries[0] else "accuracy"
        accuracies = np.array([summary[key] for summary in summaries]) * 100
        first = summaries[0]
        hidden = first.get("hidden")
        rows.append({
            "run": label, "task": first.get("task", ""), "method": first.get("method", first.get("mode", "")),
            "hidden": "0" if hidden == [] else ",".join(map(str, hidden)) if hidden else "100",
            "iterations": first["iterations"], "runs": len(summaries),
            "accuracy_mean": f"{accuracies.mean():.2f}",
            "accuracy_sd": f"{accuracies.std(ddof=1):.2f}" if len(accuracies) > 1 else "",
        })
    if not rows:
        return
    fields = list(rows[0])
    with open(os.path.join(out, "table1.csv"), "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    lines = ["| " + " | ".join(fields) + " |", "|" + "---|" * len(fields)]
    lines += ["| " + " | ".join(str(row[field]) for field in fields) + " |" for row in rows]
    with open(os.path.join(out, "table1.md"), "w") as handle:
        handle.write("\n".join(lines) + "\n")
    print(f"wrote {os.path.join(out, 'table1')}.md/.csv")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("runs", nargs="+", help="run folders (synrl train / synrl boundary --out)")
    parser.add_argument("--out", default="figures", help="folder for the figures (default: figures)")
    parser.add_argument("--label", action="append", help="a legend label per run folder, in order")
    arguments = parser.parse_args()
    os.makedirs(arguments.out, exist_ok=True)
    runs = expand(arguments.runs, arguments.label)
    curves(runs, arguments.out)
    learners = [run for run in runs if run.is_boundary or (run.summary or {}).get("method") == "synrl"]
    if learners:  # gradient descent takes no actions
        actions(learners, arguments.out)
    for run in runs:
        if run.is_boundary:
            boundary(run, arguments.out)
    for members in grouped(runs).values():  # trials of one folder share a static table: one heat map each
        if members[0].policy and "states" in members[0].policy:
            qtable(members[0], arguments.out)
    table1(runs, arguments.out)


if __name__ == "__main__":
    main()
