"""Optuna baselines for `npm run bench:samplers` (bench/samplers/index.ts runs this script).

Runs Optuna's RandomSampler, QMCSampler, TPESampler (independent and multivariate=True) and
CmaEsSampler on the same test functions, budgets and seeds as our samplers and prints one JSON
document: {"version": ..., "results": [{"function", "sampler", "seed", "regret": {"50": r, ...}}],
"latency": [{"size": n, "ms": cpu ms, "running_ms": cpu ms}]}. The latency is the CPU time
(time.process_time, this single-threaded process) of TPESampler(multivariate=True) proposals after n
completed trials on Hartmann-6, one cold and the mean of a running sequence, measured as
bench/samplers/latency.ts measures our own.
The functions are Python twins of bench/samplers/functions.ts (same published definitions);
keep the two in step.

Usage: /usr/bin/python3 optuna_bench.py --seeds 10 --budgets 50,100 [--functions branin,...] [--latency 20,100,1000]
"""
import argparse
import json
import math
import sys
import time

import optuna


def branin(p):
    x1, x2 = p["x1"], p["x2"]
    b = 5.1 / (4 * math.pi ** 2)
    c = 5 / math.pi
    t = 1 / (8 * math.pi)
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2]
HARTMANN_A = [
    [10, 3, 17, 3.5, 1.7, 8],
    [0.05, 10, 17, 0.1, 8, 14],
    [3, 3.5, 1.7, 10, 17, 8],
    [17, 8, 0.05, 10, 0.1, 14],
]
HARTMANN_P = [[v * 1e-4 for v in row] for row in [
    [1312, 1696, 5569, 124, 8283, 5886],
    [2329, 4135, 8307, 3736, 1004, 9991],
    [2348, 1451, 3522, 2883, 3047, 6650],
    [4047, 8828, 8732, 5743, 1091, 381],
]]


def hartmann6(p):
    total = 0.0
    for i in range(4):
        inner = sum(HARTMANN_A[i][j] * (p[f"x{j + 1}"] - HARTMANN_P[i][j]) ** 2 for j in range(6))
        total += HARTMANN_ALPHA[i] * math.exp(-inner)
    return -total


def rosenbrock4(p):
    return sum(100 * (p[f"x{i + 1}"] - p[f"x{i}"] ** 2) ** 2 + (p[f"x{i}"] - 1) ** 2 for i in range(1, 4))


def levy10(p):
    w = [1 + (p[f"x{i + 1}"] - 1) / 4 for i in range(10)]
    total = math.sin(math.pi * w[0]) ** 2
    for i in range(9):
        total += (w[i] - 1) ** 2 * (1 + 10 * math.sin(math.pi * w[i] + 1) ** 2)
    return total + (w[9] - 1) ** 2 * (1 + math.sin(2 * math.pi * w[9]) ** 2)


def ackley20(p):
    x = [p[f"x{i + 1}"] for i in range(20)]
    n = len(x)
    return (-20 * math.exp(-0.2 * math.sqrt(sum(v * v for v in x) / n))
            - math.exp(sum(math.cos(2 * math.pi * v) for v in x) / n) + 20 + math.e)


# Where the shifted variants have their minimum (functions.ts: LEVY10_SHIFTED_OPTIMUM, ...).
LEVY10_SHIFTED_OPTIMUM = [-4.43, -5.42, 4.34, -8.64, -3.39, -5.18, 3.13, -4.4, 3.59, 8.75]
ACKLEY20_SHIFTED_OPTIMUM = [-1.08, -1.55, -1.27, -2.58, -1.99, 7.12, 5.01, -2.26, -0.3, 8.09, 7.04, -3.03, -2.76,
                            5.04, -2.35, 7.76, -1.07, 6.97, -0.9, -3.18]


def levy10_shifted(p):
    return levy10({f"x{i + 1}": p[f"x{i + 1}"] - LEVY10_SHIFTED_OPTIMUM[i] + 1 for i in range(10)})


def ackley20_shifted(p):
    return ackley20({f"x{i + 1}": p[f"x{i + 1}"] - ACKLEY20_SHIFTED_OPTIMUM[i] for i in range(20)})


MIXED_KERNELS = {"linear": (0.3, 0.6), "rbf": (-0.4, 0.0), "poly": (0.1, 0.3)}


def mixed(p):
    shift, offset = MIXED_KERNELS[p["kernel"]]
    x, y, depth, width = p["x"], p["y"], p["depth"], p["width"]
    return (offset + (x - shift) ** 2 + (y + shift) ** 2 + 0.05 * (depth - 6) ** 2
            + 0.02 * (width - 13) ** 2 + 0.1 * (x + y) * (depth - 6) / 9)


def uniform_space(n, low, high):
    return [(f"x{i + 1}", "float", low, high) for i in range(n)]


# name -> (function, optimum, space as (name, kind, low, high | choices))
FUNCTIONS = {
    "branin": (branin, 0.397887357729739, [("x1", "float", -5, 10), ("x2", "float", 0, 15)]),
    "hartmann6": (hartmann6, -3.32236801141551, uniform_space(6, 0, 1)),
    "rosenbrock4": (rosenbrock4, 0.0, uniform_space(4, -5, 10)),
    "levy10": (levy10, 0.0, uniform_space(10, -10, 10)),
    "levy10-shifted": (levy10_shifted, 0.0, uniform_space(10, -10, 10)),
    "ackley20": (ackley20, 0.0, uniform_space(20, -5, 10)),
    "ackley20-shifted": (ackley20_shifted, 0.0, uniform_space(20, -5, 10)),
    # randint(upper) draws 0..upper-1, so the integer ranges are inclusive of upper-1.
    "mixed": (mixed, 0.0, [("kernel", "cat", ["linear", "rbf", "poly"], None), ("depth", "int", 0, 9),
                           ("width", "int", 0, 19), ("x", "float", -1, 1), ("y", "float", -1, 1)]),
}


def make_sampler(name, seed):
    if name == "optuna-random":
        return optuna.samplers.RandomSampler(seed=seed)
    if name == "optuna-qmc":
        return optuna.samplers.QMCSampler(seed=seed, qmc_type="sobol", scramble=True)
    if name == "optuna-tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if name == "optuna-tpe-mv":
        return optuna.samplers.TPESampler(seed=seed, multivariate=True)
    if name == "optuna-cmaes":
        return optuna.samplers.CmaEsSampler(seed=seed)
    raise ValueError(name)


def run(function_name, sampler_name, seed, budgets):
    fn, optimum, space = FUNCTIONS[function_name]
    study = optuna.create_study(direction="minimize", sampler=make_sampler(sampler_name, seed))
    best = math.inf
    regret = {}

    def objective(trial):
        params = {}
        for name, kind, a, b in space:
            if kind == "float":
                params[name] = trial.suggest_float(name, a, b)
            elif kind == "int":
                params[name] = trial.suggest_int(name, a, b)
            else:
                params[name] = trial.suggest_categorical(name, a)
        return fn(params)

    for n in range(1, max(budgets) + 1):
        study.optimize(objective, n_trials=1)
        best = min(best, study.trials[-1].value)
        if n in budgets:
            regret[str(n)] = best - optimum
    return regret


def suggest_all(trial, space):
    params = {}
    for name, kind, a, b in space:
        if kind == "float":
            params[name] = trial.suggest_float(name, a, b)
        elif kind == "int":
            params[name] = trial.suggest_int(name, a, b)
        else:
            params[name] = trial.suggest_categorical(name, a)
    return params


def running_window(size):
    """Proposals averaged after `size` trials: as latency.ts, max(10, ceil(size / 10))."""
    return max(10, -(-size // 10))


RUNNING_ROUNDS = 5


def latency(sizes):
    """CPU ms of multivariate-TPE proposals after n random completed trials on Hartmann-6, as latency.ts:
    "ms" is one proposal (median of five, told as failed so the history stays n trials), "running_ms"
    the mean over the next running_window(n) proposals, each evaluated and told before the next, median of
    RUNNING_ROUNDS such windows (as latency.ts)."""
    fn, _, space = FUNCTIONS["hartmann6"]
    out = []
    for size in sizes:
        study = optuna.create_study(direction="minimize", sampler=optuna.samplers.RandomSampler(seed=1))
        study.optimize(lambda t: fn(suggest_all(t, space)), n_trials=size)
        study.sampler = optuna.samplers.TPESampler(seed=1, multivariate=True)
        times = []
        for rep in range(6):
            start = time.process_time()
            trial = study.ask()
            suggest_all(trial, space)
            elapsed = time.process_time() - start
            study.tell(trial, state=optuna.trial.TrialState.FAIL)
            if rep > 0:
                times.append(elapsed * 1000)
        times.sort()
        window = running_window(size)
        rounds = []
        for _ in range(RUNNING_ROUNDS):
            running = optuna.create_study(direction="minimize", sampler=optuna.samplers.RandomSampler(seed=1))
            running.optimize(lambda t: fn(suggest_all(t, space)), n_trials=size - 1)
            running.sampler = optuna.samplers.TPESampler(seed=1, multivariate=True)
            total = 0.0
            for rep in range(window + 1):
                start = time.process_time()
                trial = running.ask()
                params = suggest_all(trial, space)
                elapsed = time.process_time() - start
                running.tell(trial, fn(params))
                if rep > 0:  # the first is the sampler's own trial number n, as in latency.ts
                    total += elapsed * 1000
            rounds.append(total / window)
        rounds.sort()
        out.append({"size": size, "ms": times[len(times) // 2], "running_ms": rounds[len(rounds) // 2]})
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--budgets", default="50,100")
    parser.add_argument("--functions", default=",".join(FUNCTIONS))
    parser.add_argument("--samplers", default="optuna-random,optuna-qmc,optuna-tpe,optuna-tpe-mv,optuna-cmaes")
    parser.add_argument("--latency", default="")
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    import warnings
    warnings.filterwarnings("ignore")
    budgets = [int(b) for b in args.budgets.split(",")]
    results = []
    for function_name in args.functions.split(","):
        for sampler_name in args.samplers.split(","):
            for seed in range(args.seeds):
                results.append({"function": function_name, "sampler": sampler_name, "seed": seed,
                                 "regret": run(function_name, sampler_name, seed, budgets)})
    sizes = [int(n) for n in args.latency.split(",") if n]
    json.dump({"version": optuna.__version__, "results": results, "latency": latency(sizes)}, sys.stdout)


if __name__ == "__main__":
    main()
