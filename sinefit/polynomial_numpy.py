"""Chapter 1, warm-up: the package side of its script.

The package adds ``fit`` (the script's ``train`` with the package's checks and monitor) and
``gradients``.

The loop itself is the standalone script :mod:`sinefit.scripts.polynomial_numpy`, imported
here unchanged; its names are re-exported, so ``sinefit.polynomial_numpy.train`` is the
script's ``train``.
"""

import numpy as np

from sinefit import checks, data, runs
from sinefit.result import Monitor
from sinefit.scripts.polynomial_numpy import LEARNING_RATE, STEPS, backward, log, start, train

__all__ = ["LEARNING_RATE", "STEPS", "backward", "fit", "gradients", "log", "start", "train"]


def gradients(x, y, a, b, c, d):
    """Return the gradients at (a, b, c, d): the forward pass ŷ, then :func:`backward`."""
    return backward(x, y, a + b * x + c * x**2 + d * x**3)


# --8<-- [start:fit]
def fit(
    *, steps=STEPS, learning_rate=LEARNING_RATE, seed=0, log_every=100, log=None, x=None, y=None
):
    """Train the cubic by hand-written gradient descent and return the :class:`sinefit.Fit`.

    >>> result = fit(steps=3, log_every=1, log=print)
    0 1.486e+06
    1 3.291e+05
    2 1.009e+05
    """
    x, y = data.given(x, y)
    monitor = Monitor(steps, learning_rate, log_every, log, bound=runs.cubic_bound(x))
    # An overflow is reported by the Monitor as a DivergenceError naming the step;
    # NumPy's own overflow warnings would only repeat it less precisely.
    with np.errstate(over="ignore", invalid="ignore"):
        a, b, c, d = train(x, y, start(checks.seed(seed)), steps, learning_rate, monitor.observe)
    return runs.finish((a, b, c, d), monitor, x, y)


# --8<-- [end:fit]
