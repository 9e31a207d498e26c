"""Chapter 7, custom Modules: the package side of its script.

The package adds ``fit``: the script's ``train`` with the package's checks and monitor.

The loop itself is the standalone script :mod:`sinefit.scripts.polynomial_module`, imported
here unchanged; its names are re-exported, so ``sinefit.polynomial_module.train`` is the
script's ``train``.
"""

import torch

from sinefit import checks, runs
from sinefit.result import Monitor
from sinefit.scripts.polynomial_module import LEARNING_RATE, STEPS, Polynomial3, log, start, train

__all__ = ["LEARNING_RATE", "STEPS", "Polynomial3", "fit", "log", "start", "train"]


# --8<-- [start:fit]
def fit(
    *, steps=STEPS, learning_rate=LEARNING_RATE, seed=0, log_every=100, log=None,
    device="cpu", dtype=None, x=None, y=None,
):  # fmt: skip
    """Train :class:`Polynomial3` with ``torch.optim.SGD`` and return the :class:`sinefit.Fit`.

    With ``seed=0`` the start is the tutorial's after ``torch.manual_seed(0)``, and SGD
    without momentum is chapter 2's gradient descent, so the numbers are chapter 2's.

    >>> fit(steps=200, log=print).polynomial()
    99 3238
    199 2246
    'y = 1.3173 + 0.0503 x - 0.2273 x^2 + 0.0214 x^3'
    """
    x, y = runs.problem(x, y, device, dtype)
    monitor = Monitor(steps, learning_rate, log_every, log, bound=runs.cubic_bound(x))
    with torch.random.fork_rng(devices=[]):  # seeds torch, then puts the caller's state back
        model = start(checks.seed(seed), x.dtype, x.device)
    model = train(x, y, model, steps, learning_rate, monitor.observe)
    return runs.finish((model.a, model.b, model.c, model.d), monitor, x, y)


# --8<-- [end:fit]
