#!/usr/bin/env python3
"""Figures from SynapticRL run folders alone (synrl train / synrl boundary --out DIR).

    python3 scripts/plot.py RUN [RUN ...] [--out DIR] [--label NAME]... [--labels NAME [NAME ...]]

A RUN is a run folder (it holds metrics.csv) or a trials folder (synrl train --trials: its trial-* folders,
which count as runs sharing one label). Anything else is refused with a one-line error and exit status 1.
Labels name the RUNs in order (--label a --label b, --label a,b or --labels a b); RUNs without one are named
by their folder. For the runs given it renders, as PNG and SVG, into DIR (default: figures/ inside the first RUN):
  curves          loss and accuracy against iterations from iteration 0 (paper Figures 1C-D, 2C-D, 3), runs
                  overlaid, one row per task (2-D boundary, classification); runs sharing a label as mean ± sd
                  bands; a dotted "chance" line on accuracy; markers on every row of runs with at most 30 rows
  actions         the share of −, 0 and + actions and the +1 reward rate between metrics rows
  boundary-<run>  the 2-D task's ground truth beside the learned decision boundary (Figures 1A-B, 2A-B)
  qtable-<run>    one per distinct Q-table (runs that applied one table share it): each state's deviation
                  Q(s,a) − mean_a Q(s,·), as the raw values differ by a few percent, the greedy action marked,
                  one panel per reward history. Only the states that occur once the history is full, from
                  iteration n+1 on (n = historyLength), where every reward is ±1: 36 of 81 for n = 2. Dropped,
                  and counted in the figure: the states of the first n iterations, whose older entries are still
                  the start's (action 0, reward "·", no reward yet: 7 for n = 2), and those that never occur
                  (a "·" reward newer than a ±1, or a − or + action where the reward is still "·": 38)
  visits-<run>    where a run's synapses stand (visits.csv): the share of synapses that chose their action in
                  each table state at each report, as a heat map (the 30 states most visited on average; the rest
                  counted in the title), beside the share of each action taken there at the last report
  layers-<run>    per weight layer (layers.csv): the share of synapses moving − and + at each report, the mean
                  |Δw| of that iteration's move, and per hidden layer the share of units active on the minibatch
(visits-/layers- figures: one per run holding the files, the first trial of a trials folder),
A comparison folder (synrl compare --out: it holds comparison.json) draws instead
  comparison      validation accuracy against forward-equivalents spent (log scale), one band per method (mean ± sd
                  over its seeds, each seed's curve interpolated on a common log grid), the budgets dotted
A policy evaluation folder (synrl evaluate-policies --out: it holds evaluation.csv) draws instead
  evaluation      one panel per task: the 2-D boundaries' iterations to 95% accuracy (a dot per boundary, never
                  reached drawn at the top, a bar at the mean of those reached) and the OCR tasks' final validation
                  accuracy (a dot per seed, a bar at the mean), policies side by side
An evolve run folder (synrl evolve: it holds generations.csv) draws instead
  fitness         best, mean, worst and best-ever fitness per generation (lower is better), σ on a log axis
  qtable-best-policy   its best-policy.json drawn as the qtable- figures are (and qtable-mean-policy, its
                       mean-policy.json, where there is one)
and writes table1.md / table1.csv: the runs' summaries (Table 1's columns) and chance, mean ± sd per label.

Chance, on accuracy plots: summary.json's chanceAccuracy (or another numeric key naming chance) when present;
otherwise, for classification, the largest class's share of configuration.json's countsPerClass (1/classes for
balanced data: 10% on Fashion-MNIST), or 1/outputs of its network; for the 2-D task, the larger side's share of
points.csv's targets (the accuracy of always answering that side).
"""
import argparse
import csv
import functools
import json
import math
import os
import re
import sys
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.ticker import MaxNLocator, PercentFormatter  # noqa: E402

ACTIONS = ["−", "0", "+"]  # action codes 0, 1, 2 (policy.json's actionCodes)
REWARDS = ["−1", "·", "+1"]  # reward codes 0, 1 (neutral: no reward yet), 2
NEUTRAL = 1  # the code of the null action and of the neutral reward: every synapse's history at t = 0
FEW_ROWS = 30  # runs with at most this many metrics rows get a marker on every row
TASK_TITLES = {"boundary": "2-D boundary", "classification": "classification"}


class Unusable(Exception):
    """An input the figures cannot be drawn from; main prints it as one line and exits 1."""


def read_csv(path):
    try:
        with open(path, newline="") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
            fields = reader.fieldnames or []
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise Unusable(f"{path}: cannot read it ({error})")
    if not rows:
        raise Unusable(f"{path} has no rows")
    return rows, fields


def read_json(path):
    if not os.path.exists(path):
        return None
    try:
        with open(path) as handle:
            return json.load(handle)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise Unusable(f"{path}: not readable JSON ({error})")


def numbers(rows, name, path):
    """A column as floats, empty cells as NaN."""
    values = []
    for line, row in enumerate(rows, start=2):
        text = row.get(name) or ""
        try:
            values.append(float(text) if text.strip() else math.nan)
        except ValueError:
            raise Unusable(f"{path} line {line}: {name} is {text!r}, not a number")
    return np.array(values)


def natural_key(name):
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


class Run:
    """One run folder: its metrics, summary, configuration, policy and, for the 2-D task, its grid and points."""

    def __init__(self, folder, label, slug, parent=None, group_slug=None):
        self.folder, self.label, self.slug, self.group_slug = folder, label, slug, group_slug or slug
        self.metrics_path = os.path.join(folder, "metrics.csv")
        self.metrics, self.fields = read_csv(self.metrics_path)
        self.summary = self._object("summary.json", folder)
        # A trials folder keeps the configuration beside its trial-* folders.
        self.configuration = self._object("configuration.json", folder) or (
            self._object("configuration.json", parent) if parent else {})
        self.policy = read_json(os.path.join(folder, "policy.json"))
        if "validation_accuracy" in self.fields:
            self.task = "classification"
            required = ("train_loss", "validation_loss", "train_accuracy", "validation_accuracy")
        elif "accuracy" in self.fields:
            self.task, required = "boundary", ("loss", "accuracy")
        else:
            raise Unusable(f"{self.metrics_path} has neither an accuracy nor a validation_accuracy column "
                           f"(columns: {', '.join(self.fields)})")
        for name in ("iteration",) + required:
            if name not in self.fields:
                raise Unusable(f"{self.metrics_path} has no {name} column (columns: {', '.join(self.fields)})")
        self.is_boundary = os.path.exists(os.path.join(folder, "grid.csv"))

    @staticmethod
    def _object(name, folder):
        """A JSON file holding an object, {} when absent."""
        path = os.path.join(folder, name)
        value = read_json(path)
        if value is not None and not isinstance(value, dict):
            raise Unusable(f"{path} holds a JSON {type(value).__name__}, not an object")
        return value or {}

    def column(self, name):
        return numbers(self.metrics, name, self.metrics_path)

    def takes_actions(self):
        """Synaptic RL runs log action shares; gradient descent logs none."""
        return "decrement_fraction" in self.fields and not np.all(np.isnan(self.column("decrement_fraction")))

    @functools.cached_property
    def chance(self):
        """The accuracy of the best constant answer (module docstring), or None where nothing tells it."""
        stated = [(key != "chanceAccuracy", key) for key, value in self.summary.items()
                  if "chance" in key.lower() and "loss" not in key.lower()
                  and isinstance(value, (int, float)) and not isinstance(value, bool)]
        if stated:
            return float(self.summary[min(stated)[1]])  # chanceAccuracy first, else the first by name
        if self.task == "classification":
            counts = self.configuration.get("countsPerClass")
            if isinstance(counts, list) and counts and sum(counts) > 0:
                return max(counts) / sum(counts)
            network = self.configuration.get("network")
            if isinstance(network, list) and network and isinstance(network[-1], int) and network[-1] > 1:
                return 1 / network[-1]
            return None
        points = os.path.join(self.folder, "points.csv")
        if not os.path.exists(points):
            return None
        rows, _ = read_csv(points)
        positive = np.mean(numbers(rows, "target", points) > 0)
        return max(positive, 1 - positive)


def safe(name):
    """A name fit for a file name."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "run"


def expand(folders, labels):
    """Run folders, a trials folder standing for its trial-* folders (labelled as the folder)."""
    if len(labels) > len(folders):
        raise Unusable(f"{len(labels)} labels ({', '.join(labels)}) for {len(folders)} run folders")
    runs, slugs = [], set()

    def unique(slug):
        slug = safe(slug)
        candidate, count = slug, 1
        while candidate in slugs:
            count += 1
            candidate = f"{slug}-{count}"
        slugs.add(candidate)
        return candidate

    for index, folder in enumerate(folders):
        if not os.path.isdir(folder):
            raise Unusable(f"{folder}: no such folder")
        name = os.path.basename(os.path.abspath(folder))
        label = labels[index] if index < len(labels) else name
        if os.path.isfile(os.path.join(folder, "metrics.csv")):
            runs.append(Run(folder, label, unique(name)))
            continue
        trials = sorted((entry for entry in os.listdir(folder)
                         if entry.startswith("trial-") and os.path.isdir(os.path.join(folder, entry))), key=natural_key)
        if not trials:
            entries = sorted(os.listdir(folder))
            held = ", ".join(entries[:6]) + (f" and {len(entries) - 6} more" if len(entries) > 6 else "")
            raise Unusable(f"{folder} is neither a run folder (no metrics.csv) nor a trials folder (no trial-* "
                           f"folders); it holds {held or 'nothing'}")
        group = unique(name)
        for trial in trials:
            path = os.path.join(folder, trial)
            if not os.path.isfile(os.path.join(path, "metrics.csv")):
                raise Unusable(f"{path} has no metrics.csv (an unfinished trial?)")
            runs.append(Run(path, label, unique(f"{group}-{trial}"), parent=folder, group_slug=group))
    return runs


def grouped(runs):
    groups = {}
    for run in runs:
        groups.setdefault(run.label, []).append(run)
    return groups


def save(figure, out, name, written):
    for extension in ("png", "svg"):
        figure.savefig(os.path.join(out, f"{name}.{extension}"), dpi=130, bbox_inches="tight")
    plt.close(figure)
    written.append(f"{name}.png")


def plot_band(axis, runs, y_name, label, style="-", color=None, marker="o", after_start=False):
    """One line for a group: the mean over its runs, with a ± sd band when there are several; markers on short runs.
    after_start: leave out the iteration-0 row (shares of actions and rewards, of which it has none yet)."""
    length = min(len(run.metrics) for run in runs)
    x = runs[0].column("iteration")[:length]
    values = np.array([run.column(y_name)[:length] if y_name in run.fields else np.full(length, math.nan)
                       for run in runs])
    if after_start:
        values[:, x == 0] = math.nan
    with warnings.catch_warnings():  # a column empty on some rows (no actions at iteration 0) is NaN there
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(values, axis=0)
        sd = np.nanstd(values, axis=0, ddof=1) if len(runs) > 1 else None
    markers = {"marker": marker, "markersize": 3.5} if length <= FEW_ROWS else {}
    # Unclipped, so that a marker on an axis limit (a share of 0, iteration 0) stays whole; data never pass the limits.
    line, = axis.plot(x, mean, style, color=color, label=label + (f" (n={len(runs)})" if len(runs) > 1 else ""),
                      clip_on=False, **markers)
    if sd is not None:
        axis.fill_between(x, mean - sd, mean + sd, color=line.get_color(), alpha=0.2, linewidth=0)


def iteration_axis(axis, runs):
    """x from iteration 0 to a little past the last row (a margin either side keeps end markers whole), whole
    iterations."""
    last = max(max(np.nanmax(run.column("iteration")) for run in runs), 1)
    axis.set_xlim(-0.015 * last, 1.04 * last)
    axis.xaxis.set_major_locator(MaxNLocator(integer=True))
    axis.set_xlabel("iteration")
    axis.grid(alpha=0.3)


def chance_lines(axis, groups, colors):
    """One dotted "chance" line per distinct level: grey where several groups share it, else in its group's colour."""
    levels = {label: members[0].chance for label, members in groups.items()}
    levels = {label: level for label, level in levels.items() if level is not None}
    if not levels:
        return
    sharing = {}
    for label, level in levels.items():
        sharing.setdefault(round(level, 3), []).append(label)
    for level, labels in sorted(sharing.items()):
        if len(sharing) == 1:
            name, color = "chance", "0.35"
        elif len(labels) == 1:
            name, color = f"chance, {labels[0]}", colors[labels[0]]
        else:
            name, color = "chance, " + " and ".join(labels), "0.35"
        axis.axhline(level, color=color, linestyle=":", linewidth=1.3, label=f"{name} ({level:.1%})")


def curves(runs, out, written):
    tasks = [task for task in TASK_TITLES if any(run.task == task for run in runs)]
    figure, axes = plt.subplots(len(tasks), 2, figsize=(11, 4 * len(tasks)), squeeze=False)
    for (loss_axis, accuracy_axis), task in zip(axes, tasks):
        members_of_task = [run for run in runs if run.task == task]
        groups = grouped(members_of_task)
        colors = {}
        for index, (label, members) in enumerate(groups.items()):
            color = f"C{index % 10}"
            colors[label] = color
            if task == "boundary":
                plot_band(loss_axis, members, "loss", label, color=color)
                plot_band(accuracy_axis, members, "accuracy", label, color=color)
            else:
                for axis, (train, validation) in ((loss_axis, ("train_loss", "validation_loss")),
                                                  (accuracy_axis, ("train_accuracy", "validation_accuracy"))):
                    plot_band(axis, members, train, f"{label} train", "--", color)
                    plot_band(axis, members, validation, f"{label} validation", "-", color)
        chance_lines(accuracy_axis, groups, colors)
        title = TASK_TITLES[task] if len(tasks) > 1 else ""
        loss_axis.set(ylabel="loss", title=f"Loss, {title}" if title else "Loss")
        accuracy_axis.set(ylabel="accuracy", title=f"Accuracy, {title}" if title else "Accuracy", ylim=(0, 1))
        accuracy_axis.yaxis.set_major_formatter(PercentFormatter(1))
        for axis in (loss_axis, accuracy_axis):
            iteration_axis(axis, members_of_task)
            axis.legend(fontsize=8)
    figure.tight_layout()
    save(figure, out, "curves", written)


def actions(runs, out, written):
    figure, (action_axis, reward_axis) = plt.subplots(1, 2, figsize=(11, 4))
    styles, markers = ["-", "--", ":", "-."], ["o", "s", "^", "D"]
    action_colors = {"−": "#4f81bd", "0": "0.45", "+": "#c0504d"}
    groups = grouped(runs)
    for index, (label, members) in enumerate(groups.items()):
        style, marker = styles[index % len(styles)], markers[index % len(markers)]
        prefix = f"{label} " if len(groups) > 1 else ""
        for name, symbol in (("decrement_fraction", "−"), ("none_fraction", "0"), ("increment_fraction", "+")):
            plot_band(action_axis, members, name, f"{prefix}{symbol} step", style, action_colors[symbol], marker,
                      after_start=True)
        plot_band(reward_axis, members, "reward_plus_fraction", label, style, f"C{index % 10}", marker, after_start=True)
    action_axis.set(ylabel="share of synapse actions", title="Actions between metrics rows", ylim=(0, 1))
    reward_axis.set(ylabel="share of iterations rewarded +1", title="Reward rate", ylim=(0, 1))
    for axis in (action_axis, reward_axis):
        axis.yaxis.set_major_formatter(PercentFormatter(1))
        iteration_axis(axis, runs)
        axis.legend(fontsize=8)
    figure.tight_layout()
    save(figure, out, "actions", written)


def boundary(run, out, written):
    grid_path, points_path = os.path.join(run.folder, "grid.csv"), os.path.join(run.folder, "points.csv")
    grid, _ = read_csv(grid_path)
    points, _ = read_csv(points_path)
    x, y = numbers(grid, "x", grid_path), numbers(grid, "y", grid_path)
    side = int(round(math.sqrt(len(grid))))
    if side * side != len(grid):
        raise Unusable(f"{grid_path} is not a square grid ({len(grid)} rows)")
    shape = (side, side)
    figure, axes = plt.subplots(1, 2, figsize=(10, 4.6), sharey=True)
    px, py = numbers(points, "x", points_path), numbers(points, "y", points_path)
    classes = numbers(points, "target", points_path) > 0
    accuracy = run.summary.get("accuracy", math.nan)
    chance = run.chance
    learned_title = f"learned ({accuracy:.1%} of points; chance {chance:.1%})" if chance is not None else f"learned ({accuracy:.1%})"
    for axis, name, title in ((axes[0], "target", "ground truth"), (axes[1], "learned", learned_title)):
        values = numbers(grid, name, grid_path).reshape(shape)
        axis.contourf(x.reshape(shape), y.reshape(shape), values > 0, levels=[-0.5, 0.5, 1.5],
                      colors=["#d6e4f0", "#f6d8c8"])
        axis.contour(x.reshape(shape), y.reshape(shape), values, levels=[0], colors="k", linewidths=1.2)
        if name == "learned":  # the true boundary beside it, so that a miss shows as a gap between two lines
            truth = numbers(grid, "target", grid_path).reshape(shape)
            axis.contour(x.reshape(shape), y.reshape(shape), truth, levels=[0], colors="0.3", linewidths=1.2,
                         linestyles="--")
            axis.plot([], [], "--", color="0.3", label="true boundary")
            axis.plot([], [], "-", color="k", label="learned boundary")
        axis.scatter(px[classes], py[classes], s=3, c="#c0504d", label="point, target > 0" if name == "target" else None)
        axis.scatter(px[~classes], py[~classes], s=3, c="#4f81bd", label="point, target ≤ 0" if name == "target" else None)
        axis.set(title=title, xlabel="x", aspect="equal")
    axes[0].set_ylabel("y")
    for axis in axes:  # below the panels, where they hide nothing
        axis.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, frameon=False)
    figure.suptitle(f"2-D decision boundary, {run.label if run.label != run.slug else run.slug}")
    save(figure, out, f"boundary-{run.slug}", written)


def policy_table(run):
    """(history length, q indexed [action code, reward code, action]) from policy.json, or None without one."""
    return policy_table_of(run.policy, os.path.join(run.folder, "policy.json"))


def policy_table_of(policy, path):
    """policy_table for a policy file's contents (the paper's format) read from `path`; None if it is not one."""
    if not isinstance(policy, dict) or "states" not in policy:
        return None
    length = policy.get("historyLength", 2)
    states = policy["states"]
    if not isinstance(length, int) or length < 1 or not isinstance(states, list) or len(states) != 9 ** length:
        raise Unusable(f"{path}: expected historyLength ≥ 1 and 9^historyLength states")
    q = np.full((3 ** length, 3 ** length, 3), math.nan)
    for position, state in enumerate(states):
        try:
            action_code = sum(state[f"a{age}"] * 3 ** (age - 1) for age in range(1, length + 1))
            reward_code = sum(state[f"r{age}"] * 3 ** (age - 1) for age in range(1, length + 1))
            q[action_code, reward_code] = [float(value) for value in state["q"]]
        except (KeyError, TypeError, ValueError, IndexError):
            raise Unusable(f"{path}: state {position} is not {{a{length}…a1, r{length}…r1, q: [3 numbers]}}")
    return length, q


def digits(code, length):
    """A history code's symbols, oldest (t−n) first: the code is base 3 with a1 (t−1) as its lowest digit."""
    return [(code // 3 ** (age - 1)) % 3 for age in range(length, 0, -1)]


def history_states(length):
    """Which states a synapse can be in, for a history of `length` (n): (the reward codes of the states from
    iteration n+1 on, how many states occur only in iterations 1…n, how many never occur). Every synapse starts
    at actions 0 and rewards · (t = 0); each iteration shifts in an action and a reward of ±1, so at t < n the
    n − t oldest entries are still the start's, and from t = n on every reward is ±1 with any actions."""
    full = [code for code in range(3 ** length) if NEUTRAL not in digits(code, length)]
    early = sum(6 ** t for t in range(length))  # t = 0…n−1: t free entries, each of 3 actions × 2 rewards
    return full, early, 9 ** length - len(full) * 3 ** length - early


def qtable(run, sources, out, written):
    draw_qtable(policy_table(run), sources, out, f"qtable-{run.group_slug}", written)


def draw_qtable(table, sources, out, name, written):
    """The heat map of one Q-table ((history length, q) as policy_table gives it), saved as `name`."""
    length, q = table
    codes = range(3 ** length)
    full, early, never = history_states(length)
    deviation = q[:, full, :] - q[:, full, :].mean(axis=2, keepdims=True)
    visited = np.any(q[:, full, :] != 0, axis=2)
    shown = np.where(visited[..., None], deviation, math.nan)
    limit = np.nanmax(np.abs(shown)) if np.any(visited) else 1.0
    limit = limit if limit > 0 else 1.0
    colormap = matplotlib.colormaps["RdBu_r"].copy()
    colormap.set_bad("0.85")
    rows = 3 ** length
    panel_width = 1.5
    figure, axes = plt.subplots(1, len(full), figsize=(0.9 + panel_width * len(full), 1.4 + 0.3 * rows),
                                sharey=True, squeeze=False)
    for axis, (panel, reward_code) in zip(axes[0], enumerate(full)):
        image = axis.imshow(shown[:, panel, :], aspect="auto", cmap=colormap, vmin=-limit, vmax=limit)
        for action_code in codes:
            if visited[action_code, panel]:
                greedy = int(np.argmax(q[action_code, reward_code]))  # the first maximum on ties, as the engine
                axis.text(greedy, action_code, "●", ha="center", va="center", fontsize=7)
        axis.set_title("  ".join(REWARDS[symbol] for symbol in digits(reward_code, length)), fontsize=9)
        axis.set_xticks(range(3), ACTIONS)
        axis.tick_params(length=0)
        axis.set_xlabel("next action", fontsize=8)
    ages = ", ".join(f"t−{age}" for age in range(length, 0, -1))
    axes[0][0].set_yticks(list(codes), [" ".join(ACTIONS[symbol] for symbol in digits(code, length)) for code in codes],
                          fontsize=8 if rows <= 27 else 5)
    axes[0][0].set_ylabel(f"actions at {ages}")
    bar = figure.colorbar(image, ax=axes[0].tolist(), fraction=0.04, pad=0.02)
    bar.set_label("Q(s,a) − mean over a of Q(s,·)", fontsize=8)
    means = q[:, full, :].mean(axis=2)[visited]
    spread = f"; state means {means.min():.3g} to {means.max():.3g}" if means.size else ""
    also = f" (also in {', '.join(sources[1:])})" if len(sources) > 1 else ""
    figure.suptitle(f"Q-table of {sources[0]}{also}, one panel per reward history (rewards at {ages})", fontsize=10)
    figure.text(0.5, -0.02, f"● greedy action; grey: never visited{spread}. Shown: the {len(full) * rows} states "
                f"that occur from iteration {length + 1} on (every reward ±1). Not shown: {early} visited only in "
                f"iteration{'s' if length > 1 else ''} 1{f'–{length}' if length > 1 else ''} (a reward still · = "
                f"none yet) and {never} that never occur.", ha="center", va="top", fontsize=8, wrap=True)
    save(figure, out, name, written)


def table1(runs, out, written):
    rows = []
    for label, members in grouped(runs).items():
        summaries = [run.summary for run in members if run.summary]
        if not summaries:
            continue
        key = "validationAccuracy" if "validationAccuracy" in summaries[0] else "accuracy"
        if any(not isinstance(summary.get(key), (int, float)) for summary in summaries):
            continue
        accuracies = np.array([summary[key] for summary in summaries]) * 100
        first = summaries[0]
        hidden = first.get("hidden")
        chance = members[0].chance
        rows.append({
            "run": label, "task": first.get("task", ""), "method": first.get("method", first.get("mode", "")),
            "hidden": "0" if hidden == [] else ",".join(map(str, hidden)) if hidden else "100",
            "iterations": first.get("iterations", ""), "runs": len(summaries),
            "accuracy_mean": f"{accuracies.mean():.2f}",
            "accuracy_sd": f"{accuracies.std(ddof=1):.2f}" if len(accuracies) > 1 else "",
            "chance": f"{chance * 100:.2f}" if chance is not None else "",
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
    written.append("table1.md")
    written.append("table1.csv")


MAX_STATES = 30  # rows of the visitation heat map


def introspected(runs):
    """The runs whose folders hold visits.csv and layers.csv (synrl runs since the introspection), one per group."""
    seen, chosen = set(), []
    for run in runs:
        if run.group_slug in seen:
            continue
        if all(os.path.isfile(os.path.join(run.folder, name)) for name in ("visits.csv", "layers.csv")):
            seen.add(run.group_slug)
            chosen.append(run)
    return chosen


def title_of(run):
    trial = os.path.basename(run.folder) if run.group_slug != run.slug else ""
    return run.label + (f" ({trial})" if trial else "")


def visits(run, out, written):
    path = os.path.join(run.folder, "visits.csv")
    rows, fields = read_csv(path)
    action_fields = [field for field in fields if field.endswith("_fraction") and field != "synapse_fraction"]
    iterations = sorted({int(row["iteration"]) for row in rows})
    states = sorted({int(row["state"]) for row in rows})
    names = {int(row["state"]): row["description"] for row in rows}
    column = {iteration: index for index, iteration in enumerate(iterations)}
    share = np.zeros((len(states), len(iterations)))
    row_of = {state: index for index, state in enumerate(states)}
    last = {}
    for line, row in enumerate(rows, start=2):
        try:
            value = float(row["synapse_fraction"])
            taken = [float(row[field]) for field in action_fields]
        except ValueError:
            raise Unusable(f"{path} line {line}: a share is not a number")
        share[row_of[int(row["state"])], column[int(row["iteration"])]] = value
        if int(row["iteration"]) == iterations[-1]:
            last[int(row["state"])] = taken
    top = sorted(np.argsort(-share.mean(axis=1), kind="stable")[:MAX_STATES])
    dropped = len(states) - len(top)
    shown = share[top]
    height = 1.6 + 0.26 * len(top)
    figure, (heat_axis, action_axis) = plt.subplots(1, 2, figsize=(12, height), sharey=True,
                                                    gridspec_kw={"width_ratios": [3, 1]})
    positive = shown[shown > 0]
    norm = matplotlib.colors.LogNorm(vmin=max(positive.min(), 1e-5), vmax=1) if positive.size else None
    image = heat_axis.imshow(np.ma.masked_equal(shown, 0), aspect="auto", interpolation="nearest", cmap="viridis",
                             norm=norm, extent=(-0.5, len(iterations) - 0.5, len(top) - 0.5, -0.5))
    heat_axis.set_facecolor("0.92")
    labels = [f"{names[states[index]]}  [{states[index]}]" for index in top]
    heat_axis.set_yticks(range(len(top)), labels, fontsize=8)
    ticks = sorted(set(np.linspace(0, len(iterations) - 1, min(len(iterations), 8)).round().astype(int)))
    heat_axis.set_xticks(ticks, [f"{iterations[tick]:,}" for tick in ticks], fontsize=8)
    heat_axis.set(xlabel="report iteration", title=f"{title_of(run)}: share of synapses per state"
                  + (f" ({len(top)} of {len(states)} states shown)" if dropped else ""))
    figure.colorbar(image, ax=heat_axis, label="share of synapses (log scale; grey: none)", pad=0.01)
    colors = {"decrement_fraction": "#4f81bd", "none_fraction": "0.6", "increment_fraction": "#c0504d",
              "minus2_fraction": "#1f4e8c", "minus1_fraction": "#4f81bd", "plus1_fraction": "#c0504d",
              "plus2_fraction": "#8c1f1f"}
    left = np.zeros(len(top))
    for index, field in enumerate(action_fields):
        widths = np.array([last.get(states[row], [0] * len(action_fields))[index] for row in top])
        action_axis.barh(range(len(top)), widths, left=left, color=colors.get(field, f"C{index}"),
                         label=field.replace("_fraction", ""), height=0.8)
        left += widths
    action_axis.set(xlim=(0, 1), xlabel="share taking each action",
                    title=f"actions there at iteration {iterations[-1]:,}")
    action_axis.xaxis.set_major_formatter(PercentFormatter(1))
    action_axis.legend(fontsize=7, loc="lower right", framealpha=0.9)
    figure.tight_layout()
    save(figure, out, f"visits-{run.group_slug}", written)


def layers(run, out, written):
    path = os.path.join(run.folder, "layers.csv")
    rows, fields = read_csv(path)
    table = {}
    for line, row in enumerate(rows, start=2):
        try:
            entry = {field: (float(row[field]) if row[field] != "" else math.nan) for field in fields
                     if field not in ("layer",)}
        except ValueError:
            raise Unusable(f"{path} line {line}: a value is not a number")
        table.setdefault(int(row["layer"]), []).append(entry)
    figure, (action_axis, change_axis, active_axis) = plt.subplots(1, 3, figsize=(15, 4))
    down = [field for field in ("decrement_fraction", "minus1_fraction", "minus2_fraction") if field in fields]
    up = [field for field in ("increment_fraction", "plus1_fraction", "plus2_fraction") if field in fields]
    hidden_layers = 0
    for layer, entries in sorted(table.items()):
        x = np.array([entry["iteration"] for entry in entries])
        moved = x > 0  # row 0: no move yet
        color = f"C{layer % 10}"
        name = f"layer {layer}" + (" (output)" if layer == max(table) else "")
        minus = np.array([sum(entry[field] for field in down) for entry in entries])
        plus = np.array([sum(entry[field] for field in up) for entry in entries])
        markers = {"marker": "o", "markersize": 3} if len(x) <= FEW_ROWS else {}
        action_axis.plot(x[moved], plus[moved], "-", color=color, label=f"{name} +", **markers)
        action_axis.plot(x[moved], minus[moved], "--", color=color, label=f"{name} −", **markers)
        change = np.array([entry["mean_abs_dw"] for entry in entries])
        change_axis.plot(x[moved], change[moved], "-", color=color, label=name, **markers)
        active = np.array([entry["active_fraction"] for entry in entries])
        if not np.all(np.isnan(active)):
            hidden_layers += 1
            active_axis.plot(x, active, "-", color=color, label=f"hidden layer {layer + 1}", clip_on=False, **markers)
    action_axis.set(ylabel="share of the layer's synapses", title="Moves at each report (− dashed)", ylim=(0, None))
    action_axis.yaxis.set_major_formatter(PercentFormatter(1))
    change_axis.set(ylabel="mean |Δw| per synapse", title="Mean |Δw| of the report's iteration")
    if any(np.nanmin([entry["mean_abs_dw"] for entry in entries[1:]] or [0]) > 0 for entries in table.values()):
        change_axis.set_yscale("log")
    active_axis.set(ylabel="share of units active on the minibatch", title="Hidden activity", ylim=(0, 1.02))
    active_axis.yaxis.set_major_formatter(PercentFormatter(1))
    if not hidden_layers:
        active_axis.text(0.5, 0.5, "no hidden layer", ha="center", va="center", transform=active_axis.transAxes)
    for axis in (action_axis, change_axis, active_axis):
        axis.set_xlabel("iteration")
        axis.xaxis.set_major_locator(MaxNLocator(6, integer=True))
        if axis.get_legend_handles_labels()[0]:
            axis.legend(fontsize=7)
    figure.suptitle(f"{title_of(run)}: per layer")
    figure.tight_layout()
    save(figure, out, f"layers-{run.group_slug}", written)


def distinct_tables(runs):
    """[(a run holding the table, the runs that hold it, described)] for each distinct Q-table: a table applied
    statically by several runs (a policy reused, a trials folder) gets one figure."""
    found = []
    for label, members in grouped(runs).items():
        tabled = [(run, policy_table(run)) for run in members]
        tabled = [(run, table) for run, table in tabled if table is not None]
        if not tabled:
            continue
        if all(same_table(table, tabled[0][1]) for _, table in tabled):
            entries = [(tabled[0][0], tabled[0][1], label + (f" ({len(tabled)} trials)" if len(tabled) > 1 else ""))]
        else:
            entries = [(run, table, f"{label} {os.path.basename(run.folder)}") for run, table in tabled]
        for run, table, description in entries:
            match = next((entry for entry in found if same_table(entry[1], table)), None)
            if match:
                match[2].append(description)
            else:
                found.append((run, table, [description]))
    return [(run, descriptions) for run, _, descriptions in found]


def same_table(first, second):
    return first[0] == second[0] and np.array_equal(first[1], second[1], equal_nan=True)


def arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("runs", nargs="+", metavar="RUN", help="run folders or trials folders (synrl train / synrl "
                        "boundary --out)")
    parser.add_argument("--out", metavar="DIR", help="folder for the figures (default: figures/ inside the first RUN)")
    parser.add_argument("--label", action="append", default=[], dest="labels", metavar="NAME",
                        help="the legend label of the next RUN, in order; repeat it (--label a --label b) or give a "
                             "comma list (--label a,b). RUNs without one are labelled by their folder's name")
    parser.add_argument("--labels", action="extend", nargs="+", dest="labels", metavar="NAME",
                        help="the same as a list: --labels a b (or a,b); put it after the RUNs, as it takes every "
                             "word that follows")
    options = parser.parse_args()
    options.labels = [part.strip() for label in options.labels for part in label.split(",")]
    if any(not label for label in options.labels):
        parser.error("a label is empty (a stray comma?)")
    return options


def comparison(folder, out, written):
    """synrl compare's figure: each method's validation accuracy against the forward-equivalents it spent."""
    record = read_json(os.path.join(folder, "comparison.json"))
    try:
        settings = record["settings"]
        methods, seeds, budgets = settings["methods"], int(settings["seeds"]), [float(b) for b in settings["budgets"]]
        first_seed = int(settings["base"]["seed"])
    except (KeyError, TypeError, ValueError):
        raise Unusable(f"{folder}/comparison.json is not a synrl comparison record")
    figure, axis = plt.subplots(figsize=(8.5, 5))
    grid = None
    chance = None
    drawn = 0
    for index, method in enumerate(methods):
        curves_of_method = []
        for k in range(seeds):
            run = os.path.join(folder, "runs", f"{method}-seed{first_seed + k}")
            path = os.path.join(run, "metrics.csv")
            if not os.path.isfile(path):
                continue
            rows, fields = read_csv(path)
            if "forward_equivalents" not in fields:
                raise Unusable(f"{path} has no forward_equivalents column (written before synrl counted passes)")
            x, y = numbers(rows, "forward_equivalents", path), numbers(rows, "validation_accuracy", path)
            keep = (x > 0) & ~np.isnan(y)
            if keep.sum() >= 2:
                curves_of_method.append((x[keep], y[keep]))
            summary = read_json(os.path.join(run, "summary.json"))
            if chance is None and summary and isinstance(summary.get("chanceAccuracy"), (int, float)):
                chance = float(summary["chanceAccuracy"])
        if not curves_of_method:
            continue
        low = min(c[0][0] for c in curves_of_method)
        grid = np.geomspace(low, max(budgets), 200)
        # Each seed's curve on the grid, only within the range it covers (NaN beyond: no extrapolation).
        values = np.array([np.where((grid >= x[0]) & (grid <= x[-1]), np.interp(np.log(grid), np.log(x), y), math.nan)
                           for x, y in curves_of_method])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            mean = np.nanmean(values, axis=0)
            sd = np.nanstd(values, axis=0, ddof=1) if len(values) > 1 else None
        color = f"C{index % 10}"
        axis.plot(grid, mean, color=color, label=f"{method} (n={len(values)})")
        if sd is not None:
            axis.fill_between(grid, mean - sd, mean + sd, color=color, alpha=0.2, linewidth=0)
        drawn += 1
    if not drawn:
        raise Unusable(f"{folder}: no run of the comparison has two scored rows yet")
    for budget in budgets:
        axis.axvline(budget, color="0.6", linestyle=":", linewidth=1)
    if chance is not None:
        axis.axhline(chance, color="0.35", linestyle=":", linewidth=1.3, label=f"chance ({chance:.1%})")
    axis.set_xscale("log")
    axis.set(xlabel="forward-equivalents spent (sample forward passes; a backward pass counts 2)",
             ylabel="validation accuracy", ylim=(0, 1),
             title=f"Methods at equal budgets (dotted), hidden {settings['base'].get('hiddenUnits') or 'none'}, {seeds} seeds")
    axis.yaxis.set_major_formatter(PercentFormatter(1))
    axis.grid(alpha=0.3, which="both")
    axis.legend(fontsize=8, loc="upper left")
    save(figure, out, "comparison", written)


EVALUATION_TASKS = {"boundary": "2-D boundaries: iterations to 95%", "ocr": "OCR 784-10: validation accuracy",
                    "hidden": "OCR 784-32-10: validation accuracy"}


def spread(count, width=0.36):
    """x offsets for `count` dots around a policy's position, evenly spaced (no random jitter: replayable)."""
    return np.linspace(-width / 2, width / 2, count) if count > 1 else np.zeros(count)


def evaluation(folder, out, written):
    """synrl evaluate-policies' figure: each policy on each held-out task, a dot per boundary or seed, a bar at the mean."""
    path = os.path.join(folder, "evaluation.csv")
    rows, fields = read_csv(path)
    missing = [name for name in ("policy", "task", "seed", "iterations", "accuracy", "iterations_to_95", "live_hidden_layer")
               if name not in fields]
    if missing:
        raise Unusable(f"{path} lacks the column(s) {', '.join(missing)}: not written by synrl evaluate-policies")
    policies = list(dict.fromkeys(row["policy"] for row in rows))
    tasks = [task for task in EVALUATION_TASKS if any(row["task"] == task for row in rows)]
    unknown = sorted({row["task"] for row in rows} - set(EVALUATION_TASKS))
    if unknown:
        raise Unusable(f"{path}: unknown task(s) {', '.join(unknown)}")
    figure, axes = plt.subplots(1, len(tasks), figsize=(1.2 + 1.3 * len(policies) * len(tasks) + 1.5 * len(tasks), 4.6),
                                squeeze=False)
    for axis, task in zip(axes[0], tasks):
        task_rows = [row for row in rows if row["task"] == task]
        if task == "boundary":
            top = max(numbers(task_rows, "iterations", path))
            never_drawn = False
            for index, policy in enumerate(policies):
                mine = [row for row in task_rows if row["policy"] == policy]
                reached = numbers(mine, "iterations_to_95", path)
                color = f"C{index % 10}"
                hit = reached[~np.isnan(reached)]
                x = index + spread(len(mine))
                axis.scatter(x[~np.isnan(reached)], hit, color=color, s=18, zorder=3)
                misses = int(np.isnan(reached).sum())
                if misses:
                    axis.scatter(x[np.isnan(reached)], np.full(misses, top * 1.08), marker="^", color=color, s=26,
                                 zorder=3, label=None if never_drawn else "never reached 95%")
                    never_drawn = True
                if hit.size:
                    axis.bar(index, hit.mean(), width=0.6, color=color, alpha=0.25, zorder=2)
                axis.text(index, top * 1.15, f"{hit.size}/{len(mine)}", ha="center", fontsize=8)
            axis.axhline(top * 1.08, color="0.6", linestyle=":", linewidth=1)
            axis.set_ylim(0, top * 1.22)
            axis.set_ylabel("iterations to 95% accuracy (bar: mean of those reached)")
            if never_drawn:
                axis.legend(fontsize=8, loc="best")
        else:
            silent_drawn = False
            for index, policy in enumerate(policies):
                mine = [row for row in task_rows if row["policy"] == policy]
                accuracy = numbers(mine, "accuracy", path)
                color = f"C{index % 10}"
                x = index + spread(len(mine))
                live = np.array([row["live_hidden_layer"] != "false" for row in mine])
                axis.scatter(x[live], accuracy[live], color=color, s=18, zorder=3)
                if (~live).any():
                    axis.scatter(x[~live], accuracy[~live], facecolors="none", edgecolors=color, s=22, zorder=3,
                                 label=None if silent_drawn else "hidden layer silent at the end")
                    silent_drawn = True
                axis.bar(index, np.nanmean(accuracy), width=0.6, color=color, alpha=0.25, zorder=2)
            axis.set_ylim(0, 1)
            axis.yaxis.set_major_formatter(PercentFormatter(1))
            axis.set_ylabel("final validation accuracy (bar: mean over seeds)")
            if silent_drawn:
                axis.legend(fontsize=8, loc="best")
        axis.set_xticks(range(len(policies)), policies, rotation=20 if len(policies) > 3 else 0)
        axis.set_xlim(-0.6, len(policies) - 0.4)
        axis.set_title(EVALUATION_TASKS[task], fontsize=10)
        axis.grid(alpha=0.3, axis="y")
    figure.suptitle("Policies applied statically (frozen tables) to held-out tasks", fontsize=11)
    figure.tight_layout()
    save(figure, out, "evaluation", written)


def fitness(folder, out, written):
    """synrl evolve's figures: fitness per generation (lower is better) with σ, and its best policy's Q-table."""
    path = os.path.join(folder, "generations.csv")
    rows, fields = read_csv(path)
    columns = ("generation", "best_fitness", "mean_fitness", "worst_fitness", "best_ever_fitness", "sigma")
    missing = [name for name in columns if name not in fields]
    if missing:
        raise Unusable(f"{path} lacks the column(s) {', '.join(missing)}: not written by synrl evolve")
    generation = numbers(rows, "generation", path)
    figure, axis = plt.subplots(figsize=(8.5, 5))
    axis.fill_between(generation, numbers(rows, "best_fitness", path), numbers(rows, "worst_fitness", path),
                      color="C0", alpha=0.12, linewidth=0)
    for name, label, style in (("worst_fitness", "worst", ":"), ("mean_fitness", "mean", "--"),
                               ("best_fitness", "best", "-"), ("best_ever_fitness", "best ever", "-")):
        axis.plot(generation, numbers(rows, name, path), style, label=label,
                  color="C3" if name == "best_ever_fitness" else "C0", linewidth=2 if name == "best_ever_fitness" else 1.2,
                  marker="o" if len(rows) <= FEW_ROWS else None, markersize=3)
    if "authors_fitness" in fields:  # the yardstick: the authors' table on each generation's own tasks
        axis.plot(generation, numbers(rows, "authors_fitness", path), "-", label="the authors' table, same tasks",
                  color="0.35", linewidth=1, marker="o" if len(rows) <= FEW_ROWS else None, markersize=3)
    if "restart" in fields:  # a restart begins a new population: marked where the counter changes
        restart = numbers(rows, "restart", path)
        for count, position in enumerate(np.flatnonzero(np.diff(restart) != 0) + 1):
            axis.axvline(generation[position], color="0.5", linestyle="-.", linewidth=0.8,
                         label="restart" if count == 0 else None)
    axis.set(xlabel="generation", ylabel="fitness (lower is better)", title="synrl evolve: fitness per generation")
    axis.xaxis.set_major_locator(MaxNLocator(integer=True))
    axis.grid(alpha=0.3)
    sigma_axis = axis.twinx()
    sigma_axis.plot(generation, numbers(rows, "sigma", path), color="C2", linewidth=1, label="σ (right, log)")
    sigma_axis.set_yscale("log")
    sigma_axis.set_ylabel("σ, the step size of the search", color="C2")
    lines = axis.get_legend_handles_labels()
    sigma_lines = sigma_axis.get_legend_handles_labels()
    axis.legend(lines[0] + sigma_lines[0], lines[1] + sigma_lines[1], fontsize=8, loc="upper right")
    save(figure, out, "fitness", written)
    for name, what in (("best-policy", "the best candidate of the search"), ("mean-policy", "the search distribution's mean")):
        path = os.path.join(folder, f"{name}.json")
        if name == "mean-policy" and not os.path.exists(path):
            continue  # the best policy is required, the mean optional
        table = policy_table_of(read_json(path), path)
        if table is not None:
            draw_qtable(table, [f"{what} ({name}.json)"], out, f"qtable-{name}", written)


def figures_folder(options):
    """--out, or figures/ inside the first RUN, made if missing."""
    out = options.out or os.path.join(options.runs[0], "figures")
    try:
        os.makedirs(out, exist_ok=True)
    except OSError as error:
        raise Unusable(f"cannot make the figures folder {out} ({error.strerror})")
    return out


def main():
    options = arguments()
    try:
        # A folder of many runs (a comparison, an evaluation) or of none (an evolve search) draws its own figures.
        for marker, draw in (("comparison.json", comparison), ("evaluation.csv", evaluation), ("generations.csv", fitness)):
            if len(options.runs) == 1 and os.path.isfile(os.path.join(options.runs[0], marker)):
                out = figures_folder(options)
                written = []
                draw(options.runs[0], out, written)
                print(f"figures in {out}/ (each PNG with an SVG beside it): {', '.join(written)}")
                return
        runs = expand(options.runs, options.labels)
        out = figures_folder(options)
        written = []
        curves(runs, out, written)
        learners = [run for run in runs if run.takes_actions()]
        if learners:  # gradient descent takes no actions
            actions(learners, out, written)
        for run in runs:
            if run.is_boundary:
                boundary(run, out, written)
        for run, sources in distinct_tables(runs):
            qtable(run, sources, out, written)
        for run in introspected(runs):
            visits(run, out, written)
            layers(run, out, written)
        table1(runs, out, written)
    except Unusable as error:
        print(f"plot.py: {error}", file=sys.stderr)
        sys.exit(1)
    print(f"figures in {out}/ (each PNG with an SVG beside it): {', '.join(written)}")


if __name__ == "__main__":
    main()
