"""Chapter 9, linear regression step by step: the package side of its script.

The package adds each stage run from its start with the package's history and checks:
``numpy_by_hand``, ``autograd_gradient``, ``loss_and_optimizer`` and ``linear_module``.

The loops themselves are the standalone script :mod:`sinefit.scripts.linear_regression`,
imported here unchanged; its names are re-exported, so
``sinefit.linear_regression.train_by_hand`` is the script's.
"""

import numpy as np
import torch

from sinefit import checks, line_fit
from sinefit.scripts.linear_regression import (
    LEARNING_RATE,
    STEPS,
    X_TEST,
    X,
    Y,
    at_x_test,
    log,
    mean_gradient,
    start_model,
    summed_gradient,
    train_autograd,
    train_by_hand,
    train_module,
    train_optimizer,
)

__all__ = [
    "LEARNING_RATE",
    "STEPS",
    "X_TEST",
    "X",
    "Y",
    "at_x_test",
    "autograd_gradient",
    "from_zero",
    "linear_module",
    "log",
    "loss_and_optimizer",
    "mean_gradient",
    "numpy_by_hand",
    "start_model",
    "summed_gradient",
    "train_autograd",
    "train_by_hand",
    "train_module",
    "train_optimizer",
]


# --8<-- [start:by-hand]
def numpy_by_hand(
    *, steps=STEPS, learning_rate=LEARNING_RATE, gradient="mean", log_every=10, log=None,
    x=None, y=None,
):  # fmt: skip
    """Stage 1 from w = 0, with the package's checks and history: a :class:`LineFit`.

    ``gradient="sum"`` uses :func:`summed_gradient` instead of :func:`mean_gradient`.

    >>> round(numpy_by_hand(steps=2, log_every=1, log=print).after, 3)
    step 0: w = 0.000, loss = 30.0000
    step 1: w = 0.300, loss = 21.6750
    2.775
    """
    gradient_of = mean_gradient if line_fit.gradient_name(gradient) == "mean" else summed_gradient
    x, y = line_fit.points(x, y)
    history = line_fit.History(
        steps, learning_rate, log_every, log, x, bias=False, gradient=gradient
    )
    w = 0.0
    # The history reports an overflow as a DivergenceError; NumPy's warnings would repeat it
    with np.errstate(over="ignore", invalid="ignore"):
        trained = train_by_hand(
            x, y, w, history.steps, history.learning_rate, history.observe, gradient_of
        )
    return history.result(w * X_TEST, trained * X_TEST, trained)


# --8<-- [end:by-hand]


def autograd_gradient(
    *, steps=STEPS, learning_rate=LEARNING_RATE, log_every=10, log=None, device="cpu",
    dtype=None, x=None, y=None,
):  # fmt: skip
    """Stage 2 from w = 0: autograd computes dL/dw; the rest is still by hand."""
    return from_zero(train_autograd, steps, learning_rate, log_every, log, device, dtype, x, y)


def loss_and_optimizer(
    *, steps=STEPS, learning_rate=LEARNING_RATE, log_every=10, log=None, device="cpu",
    dtype=None, x=None, y=None,
):  # fmt: skip
    """Stage 3 from w = 0: the loss is ``torch.nn.MSELoss``, the update ``torch.optim.SGD``."""
    return from_zero(train_optimizer, steps, learning_rate, log_every, log, device, dtype, x, y)


# --8<-- [start:from-zero]
def from_zero(train, steps, learning_rate, log_every, log, device, dtype, x, y):
    """Stages 2 and 3: ``train`` from w = 0, a tensor on the device, with the history."""
    x, y, device, dtype = line_fit.tensors(x, y, device, dtype)
    history = line_fit.History(steps, learning_rate, log_every, log, x, bias=False)
    w = torch.tensor(0.0, dtype=dtype, device=device, requires_grad=True)
    before = (w * X_TEST).item()
    train(x, y, w, history.steps, history.learning_rate, history.observe)
    return history.result(before, (w * X_TEST).item(), w)


# --8<-- [end:from-zero]


# --8<-- [start:linear-module]
def linear_module(
    *, steps=STEPS, learning_rate=LEARNING_RATE, seed=0, bias=True, log_every=10, log=None,
    device="cpu", dtype=None, x=None, y=None,
):  # fmt: skip
    """Stage 4: ``Linear(1, 1)`` from :func:`start_model`, trained on (N, 1) columns.

    ``bias=False`` drops b and keeps the random start.

    >>> round(linear_module(steps=2, log_every=1, log=print).after, 3)
    step 0: w = -0.007, b = 0.536, loss = 25.1283
    step 1: w = 0.267, b = 0.626, loss = 17.4958
    3.178
    """
    seed, bias = checks.seed(seed), line_fit.flag("bias", bias)
    x, y, device, dtype = line_fit.tensors(x, y, device, dtype)
    x, y = x.reshape(-1, 1), y.reshape(-1, 1)
    history = line_fit.History(steps, learning_rate, log_every, log, x, bias=bias)
    model = start_model(seed, bias, dtype, device)
    before = at_x_test(model)
    train_module(x, y, model, history.steps, history.learning_rate, history.observe)
    return history.result(before, at_x_test(model), model.weight, model.bias)


# --8<-- [end:linear-module]
