"""Optuna's pruners on the learning curves of `npm run bench:policies` (bench/policiesOptuna.ts).

Reads one JSON object on stdin: {"workers": 4, "pruner": {"type": "median"} or
{"type": "successive_halving", "min_resource": 3, "reduction_factor": 3}, "sweeps": [[curve, ...], ...]}
and writes {"version": "...", "lengths": [[reports of each trial], ...]} on stdout.

Each sweep is driven as bench/policiesSim.ts drives HyperSweep's policies: `workers` trials run at
once through Optuna's ask-and-tell interface, each reports one epoch per tick (in slot order,
step = epoch number, 1-based) and asks `should_prune()` after every report except its last; a
pruned trial ends at once, and a free slot takes the next curve. The curves are given, so no
sampler is involved: only the pruner decides.
"""
import json
import sys

import optuna
from optuna.trial import TrialState


def make_pruner(spec):
    if spec["type"] == "median":
        return optuna.pruners.MedianPruner()
    if spec["type"] == "successive_halving":
        return optuna.pruners.SuccessiveHalvingPruner(
            min_resource=spec["min_resource"], reduction_factor=spec["reduction_factor"], min_early_stopping_rate=0
        )
    raise ValueError(f"unknown pruner {spec['type']}")


def run_sweep(curves, workers, pruner_spec):
    study = optuna.create_study(direction="minimize", pruner=make_pruner(pruner_spec))
    lengths = [0] * len(curves)
    active = []  # (curve index, optuna trial)
    following = 0

    def fill():
        nonlocal following
        while len(active) < workers and following < len(curves):
            active.append((following, study.ask()))
            following += 1

    fill()
    while active:
        for entry in list(active):
            index, trial = entry
            curve = curves[index]
            value = curve[lengths[index]]
            lengths[index] += 1
            step = lengths[index]
            trial.report(value, step)
            if step >= len(curve):
                study.tell(trial, value)
                active.remove(entry)
            elif trial.should_prune():
                study.tell(trial, state=TrialState.PRUNED)
                active.remove(entry)
        fill()
    return lengths


def main():
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    request = json.load(sys.stdin)
    lengths = [run_sweep(curves, request["workers"], request["pruner"]) for curves in request["sweeps"]]
    json.dump({"version": optuna.__version__, "lengths": lengths}, sys.stdout)


if __name__ == "__main__":
    main()
