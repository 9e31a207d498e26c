"""Chapter 4, new autograd Functions: the package side of its script.

The package adds ``fit`` and the analysis of the model: ``expand`` (to the cubic), ``p3``,
``dp3``, ``gradients`` and ``loss_of`` in float64.

The loop itself is the standalone script :mod:`sinefit.scripts.polynomial_custom_function`,
imported here unchanged; its names are re-exported, so
``sinefit.polynomial_custom_function.train`` is the script's ``train``.
"""

import math
import numbers

from sinefit import data, runs
from sinefit.result import Monitor
from sinefit.scripts.polynomial_custom_function import (
    LEARNING_RATE,
    START,
    STEPS,
    LegendrePolynomial3,
    log,
    start,
    train,
)

__all__ = [
    "LEARNING_RATE",
    "START",
    "STEPS",
    "LegendrePolynomial3",
    "dp3",
    "expand",
    "fit",
    "gradients",
    "log",
    "loss_of",
    "p3",
    "start",
    "train",
]


# --8<-- [start:expand]
def expand(a, b, c, d):
    """Return (a', b', c', d') with a + b·P3(c + d·x) = a' + b'·x + c'·x² + d'·x³.

    >>> [round(v, 4) + 0.0 for v in expand(*START)]  # the tutorial's start
    [0.0, 0.45, 0.0, -0.0675]
    """
    return (
        a + b * (2.5 * c**3 - 1.5 * c),
        b * d * (7.5 * c**2 - 1.5),
        7.5 * b * c * d**2,
        2.5 * b * d**3,
    )


# --8<-- [end:expand]


# --8<-- [start:gradients]
# The same two formulas on plain numbers, for the hand-written gradients and the loss
def p3(u):
    """The Legendre polynomial P3(u) = ½(5u³ − 3u)."""
    return 0.5 * (5 * u**3 - 3 * u)


def dp3(u):
    """Its derivative P3′(u) = 1.5(5u² − 1)."""
    return 1.5 * (5 * u**2 - 1)


def gradients(x, y, a, b, c, d):
    """Return (∂L/∂a, ∂L/∂b, ∂L/∂c, ∂L/∂d) of L = Σ(a + b·P3(c + d·x) − y)², by hand."""
    u = c + d * x
    y_pred = a + b * p3(u)
    grad_y_pred = 2.0 * (y_pred - y)
    grad_u = grad_y_pred * b * dp3(u)
    grad_a = grad_y_pred.sum()
    grad_b = (grad_y_pred * p3(u)).sum()
    grad_c = grad_u.sum()
    grad_d = (grad_u * x).sum()
    return grad_a, grad_b, grad_c, grad_d


# --8<-- [end:gradients]


def loss_of(coefficients, x=None, y=None) -> float:
    """Return L = Σ(a + b·P3(c + d·x) − y)² for these (a, b, c, d), in float64 on the CPU."""
    x, y = data.given(x, y)
    a, b, c, d = (float(v) for v in coefficients)
    return float(((a + b * p3(c + d * x) - y) ** 2).sum())


# fit's own argument is also called start (the caller's four numbers)
_leaves = start


# --8<-- [start:fit]
def fit(
    *, steps=STEPS, learning_rate=LEARNING_RATE, log_every=100, log=None,
    device="cpu", dtype=None, x=None, y=None, start=START,
):  # fmt: skip
    """Train a + b·P3(c + d·x) by gradient descent and return the :class:`sinefit.Fit`.

    ``fit.coefficients`` are (a, b, c, d) of this model; ``expand`` turns them into the
    cubic's. The start is ``start``, the tutorial's (0, −1, 0, 0.3) unless you pass another.

    >>> result = fit(steps=300, log=print)
    99 210
    199 144.7
    299 100.7
    """
    # Chapter 1's bound on the learning rate holds for a model linear in its parameters;
    # this one is not (c and d sit inside P3), so a divergence is reported without one.
    values = _start(start)
    x, y = runs.problem(x, y, device, dtype)
    monitor = Monitor(steps, learning_rate, log_every, log)
    a, b, c, d = train(
        x, y, _leaves(values, x.dtype, x.device), steps, learning_rate, monitor.observe
    )
    return runs.finish((a, b, c, d), monitor, x, y, loss_of)


# --8<-- [end:fit]


def _start(value) -> tuple[float, float, float, float]:
    """Return ``value`` as four finite floats (a, b, c, d), else raise naming ``start``."""
    try:
        items = tuple(value)
    except TypeError:
        raise TypeError(f"start must be four numbers (a, b, c, d), got {value!r}") from None
    if len(items) != 4:
        raise ValueError(f"start must be four numbers (a, b, c, d), got {len(items)}")
    for item in items:
        if isinstance(item, bool) or not isinstance(item, numbers.Real):
            raise TypeError(f"start must be four numbers (a, b, c, d), got {item!r} in it")
        if not math.isfinite(item):
            raise ValueError(f"start must hold only finite numbers, got {item!r} in it")
    return tuple(float(item) for item in items)
