"""Chapter 2, tensors: the package side of its script.

The package adds ``fit``: the script's ``train`` with the package's checks and monitor.

The loop itself is the standalone script :mod:`sinefit.scripts.polynomial_tensor`, imported
here unchanged; its names are re-exported, so ``sinefit.polynomial_tensor.train`` is the
script's ``train``.
"""

from sinefit import checks, runs
from sinefit.result import Monitor
from sinefit.scripts.polynomial_tensor import LEARNING_RATE, STEPS, log, start, train

__all__ = ["LEARNING_RATE", "STEPS", "fit", "log", "start", "train"]


# --8<-- [start:fit]
def fit(
    *, steps=STEPS, learning_rate=LEARNING_RATE, seed=0, log_every=100, log=None,
    device="cpu", dtype=None, x=None, y=None,
):  # fmt: skip
    """Train the cubic with hand-written gradients on tensors and return the :class:`sinefit.Fit`.

    >>> fit(steps=200, log=print).polynomial()
    99 3238
    199 2246
    'y = 1.3173 + 0.0503 x - 0.2273 x^2 + 0.0214 x^3'
    """
    x, y = runs.problem(x, y, device, dtype)
    monitor = Monitor(steps, learning_rate, log_every, log, bound=runs.cubic_bound(x))
    a, b, c, d = start(checks.seed(seed), x.dtype, x.device)
    a, b, c, d = train(x, y, (a, b, c, d), steps, learning_rate, monitor.observe)
    return runs.finish((a, b, c, d), monitor, x, y)


# --8<-- [end:fit]
