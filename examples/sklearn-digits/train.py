#!/usr/bin/env python3
"""Train a small scikit-learn neural network on the 8x8 handwritten digits, one epoch at a time.

The data is scikit-learn's bundled `load_digits` (1797 images, 10 classes; nothing is downloaded).
An MLPClassifier learns with `partial_fit`, one pass over the training set per epoch, and after each
epoch the script reports `val_accuracy` and `val_loss` (log loss) on a fixed held-out quarter:

* by printing `epoch=N val_accuracy=... val_loss=...`, which HyperSweep reads from standard output;
* through MLflow when MLFLOW_TRACKING_URI is set (see mlflow_log.py), with step = N - 1, the same
  0-based step HyperSweep gives the N-th printed report.

The same seed always gives the same numbers.

    python3 train.py --learning_rate_init 0.003 --alpha 0.0001 --hidden 64 --batch_size 64 --epochs 20
"""

import argparse
import os
import sys

# Debian and Ubuntu ship scikit-learn as the apt package python3-sklearn, which only the system
# interpreter (/usr/bin/python3) can import. When `python3` on PATH is another interpreter (pyenv,
# conda, a virtualenv) without scikit-learn, the spec's `python3 train.py ...` would fail although
# the machine can run it, so restart this script under the system interpreter before giving up.
# exec keeps the process id, so the sweep still stops and times out the right process.
SYSTEM_PYTHON = "/usr/bin/python3"
REEXEC_MARK = "HYPERSWEEP_EXAMPLE_REEXEC"
try:
    import sklearn  # noqa: F401 (only checks that scikit-learn is importable)
except ImportError:
    if os.environ.get(REEXEC_MARK) != "1" and os.path.exists(SYSTEM_PYTHON) \
            and os.path.realpath(sys.executable) != os.path.realpath(SYSTEM_PYTHON):
        os.environ[REEXEC_MARK] = "1"  # never loop if the system interpreter lacks it too
        sys.stdout.flush()
        os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON, os.path.abspath(__file__), *sys.argv[1:]])
    sys.exit(f"train.py needs scikit-learn, which {sys.executable} cannot import. "
             "Install it (pip install scikit-learn, or apt-get install python3-sklearn) and run again.")

import warnings

import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import log_loss
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

# Trials run in this folder (the spec's `code: .`): leave no __pycache__ behind in it.
sys.dont_write_bytecode = True
from mlflow_log import TrackingError, open_run  # noqa: E402 (after the line above on purpose)

SPLIT_SEED = 12345  # the validation split is the same for every trial, so scores are comparable


def _number(kind, minimum, inclusive):
    """An argparse type: a float (or whole number) at or above / above `minimum`."""
    def parse(text):
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
        if kind is int:
            if not value.is_integer():
                raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}")
            value = int(value)
        if not np.isfinite(value) or value < minimum or (not inclusive and value == minimum):
            bound = ">=" if inclusive else ">"
            raise argparse.ArgumentTypeError(f"must be {bound} {minimum}, got {text!r}")
        return value
    return parse


def parse_args(argv):
    parser = argparse.ArgumentParser(description="MLP on scikit-learn's digits, reporting per-epoch validation metrics.")
    parser.add_argument("--learning_rate_init", type=_number(float, 0, False), default=0.003, help="Adam step size (> 0)")
    parser.add_argument("--alpha", type=_number(float, 0, True), default=1e-4, help="L2 penalty (>= 0)")
    parser.add_argument("--hidden", type=_number(int, 1, True), default=64, help="units in the hidden layer (>= 1)")
    parser.add_argument("--batch_size", type=_number(int, 1, True), default=64, help="minibatch size (>= 1)")
    parser.add_argument("--epochs", type=_number(int, 1, True), default=20, help="passes over the training set (>= 1)")
    parser.add_argument("--seed", type=_number(int, 0, True), default=0, help="weight initialisation and shuffling seed")
    return parser.parse_args(argv)


def load_split():
    digits = load_digits()
    x = digits.data / 16.0  # pixel intensities are 0..16
    x_train, x_val, y_train, y_val = train_test_split(
        x, digits.target, test_size=0.25, stratify=digits.target, random_state=SPLIT_SEED)
    return x_train, x_val, y_train, y_val, np.unique(digits.target)


def train(args, run):
    x_train, x_val, y_train, y_val, classes = load_split()
    model = MLPClassifier(
        hidden_layer_sizes=(args.hidden,), alpha=args.alpha, learning_rate_init=args.learning_rate_init,
        batch_size=args.batch_size, solver="adam", random_state=args.seed)
    for epoch in range(1, args.epochs + 1):
        model.partial_fit(x_train, y_train, classes=classes)
        # float(): numpy scalars print as np.float64(...) in numpy 2; repr of a float is the
        # shortest text that reads back as the same double, so both channels carry equal values.
        accuracy = float(model.score(x_val, y_val))
        loss = float(log_loss(y_val, model.predict_proba(x_val), labels=classes))
        print(f"epoch={epoch} val_accuracy={accuracy!r} val_loss={loss!r}", flush=True)
        if run is not None:
            run.log_metric("val_accuracy", accuracy, step=epoch - 1)
            run.log_metric("val_loss", loss, step=epoch - 1)


def main(argv):
    args = parse_args(argv)
    # One partial_fit call is one epoch by design; "maximum iterations reached" says nothing here.
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    try:
        run = open_run()
        if run is None:
            train(args, None)
            return
        with run:
            run.log_params(vars(args))
            train(args, run)
    except TrackingError as error:
        sys.exit(f"train.py: {error}")


if __name__ == "__main__":
    main(sys.argv[1:])
