"""Chapter 5, nn: the package side of its script.

The package adds ``fit``: the script's ``train`` with the package's checks and monitor.

The loop itself is the standalone script :mod:`sinefit.scripts.polynomial_nn`, imported here
unchanged; its names are re-exported, so ``sinefit.polynomial_nn.train`` is the script's
``train``.
"""

from sinefit import checks, runs
from sinefit.result import Monitor
from sinefit.scripts.polynomial_nn import (
    LEARNING_RATE,
    STEPS,
    coefficients,
    features,
    log,
    start,
    train,
)

__all__ = [
    "LEARNING_RATE",
    "STEPS",
    "coefficients",
    "features",
    "fit",
    "log",
    "start",
    "train",
]


# --8<-- [start:fit]
def fit(
    *, steps=STEPS, learning_rate=LEARNING_RATE, seed=0, log_every=100, log=None,
    device="cpu", dtype=None, x=None, y=None,
):  # fmt: skip
    """Train ``start(seed, dtype, device)`` by gradient descent; return the ``Fit``.

    ``fit.coefficients`` are (a, b, c, d) = (bias, weight[0], weight[1], weight[2]).

    >>> fit(steps=200, log=print).polynomial()
    99 582.7
    199 394.6
    'y = -0.3287 + 0.3339 x + 0.0567 x^2 - 0.0190 x^3'
    """
    x, y = runs.problem(x, y, device, dtype)
    monitor = Monitor(steps, learning_rate, log_every, log, bound=runs.cubic_bound(x))
    model = start(checks.seed(seed), x.dtype, x.device)
    model = train(x, y, model, steps, learning_rate, monitor.observe)
    return runs.finish(coefficients(model), monitor, x, y)


# --8<-- [end:fit]
