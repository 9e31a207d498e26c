"""Chapter 8, control flow and weight sharing: the package side of its script.

The package adds ``fit`` and the analysis of the random order: ``losses``, ``loss_of``,
``expected_optimum``, ``per_order_bound`` and ``polynomial``.

The loop itself is the standalone script :mod:`sinefit.scripts.dynamic_net`, imported here
unchanged; its names are re-exported, so ``sinefit.dynamic_net.train`` is the script's
``train``.
"""

import numpy as np
import torch

from sinefit import checks, data, runs
from sinefit.result import Monitor, render
from sinefit.scripts.dynamic_net import (
    LEARNING_RATE,
    MOMENTUM,
    STEPS,
    DynamicNet,
    log,
    start,
    train,
)

__all__ = [
    "LEARNING_RATE",
    "MOMENTUM",
    "ORDERS",
    "STEPS",
    "DynamicNet",
    "expected_optimum",
    "features",
    "fit",
    "log",
    "loss_of",
    "losses",
    "per_order_bound",
    "polynomial",
    "start",
    "train",
]


ORDERS = (3, 4, 5)
"""The highest power a forward pass can reach; each is drawn with chance 1/3."""


def features(x, order: int) -> np.ndarray:
    """Return the N×5 matrix whose columns multiply a, b, c, d, e in a pass of this order.

    The columns are 1, x, x², x³ and, for e: 0 (order 3), x⁴ (order 4) or x⁴ + x⁵ (order 5).

    >>> features([2.0], 5).tolist()
    [[1.0, 2.0, 4.0, 8.0, 48.0]]
    """
    x = checks.array(x)
    shared = sum((x**exp for exp in range(4, order + 1)), np.zeros_like(x))
    return np.column_stack([np.ones_like(x), x, x**2, x**3, shared])


def losses(coefficients, x=None, y=None) -> dict[int, float]:
    """Return {order: float64 sum of squared errors} of (a, b, c, d, e) for orders 3, 4, 5."""
    x, y = data.given(x, y)
    theta = np.array([float(v) for v in coefficients])
    return {k: float(np.square(features(x, k) @ theta - y).sum()) for k in ORDERS}


def loss_of(coefficients, x=None, y=None) -> float:
    """The objective SGD minimises on average: the mean over the three orders of their losses."""
    return float(np.mean(list(losses(coefficients, x, y).values())))


def expected_optimum(x=None, y=None) -> tuple[tuple[float, ...], float]:
    """Return the (a, b, c, d, e) that minimise :func:`loss_of`, and that minimal mean loss.

    The mean of the three losses is (1/3)·‖Sθ − (y, y, y)‖² with S the three orders'
    feature matrices stacked, so its minimiser is an ordinary least-squares solution.

    >>> theta, best = expected_optimum()
    >>> f"{best:.4f}"
    '8.7553'
    """
    x, y = data.given(x, y)
    stacked = np.vstack([features(x, k) for k in ORDERS])
    theta, *_ = np.linalg.lstsq(stacked, np.tile(y, len(ORDERS)), rcond=None)
    theta = tuple(float(v) for v in theta)
    return theta, loss_of(theta, x, y)


def per_order_bound(x=None, momentum: float = MOMENTUM) -> float:
    """Return (1 + momentum)/λmax for the order whose Gram matrix VᵀV is stiffest.

    Heavy-ball momentum on one fixed quadratic ‖Vθ − y‖² is stable for lr < (1 + β)/λmax.
    Below this value each order taken alone would be stable; switching between them at
    random is not covered by that argument (the chapter's page shows it failing).

    >>> f"{per_order_bound():.3g}"
    '9.76e-08'
    """
    x, _ = data.given(x, x)
    stiffest = max(np.linalg.eigvalsh(features(x, k).T @ features(x, k))[-1] for k in ORDERS)
    return (1.0 + momentum) / float(stiffest)


def polynomial(coefficients, decimals: int = 4) -> str:
    """Write (a, b, c, d, e) as the tutorial does; "?" marks the terms only some passes add.

    >>> polynomial((0.0, 1.0, 0.0, -0.1, 0.002), 3)
    'y = 0.000 + 1.000 x + 0.000 x^2 - 0.100 x^3 + 0.002 x^4 ? + 0.002 x^5 ?'
    """
    a, b, c, d, e = coefficients
    powers = ("", " x", " x^2", " x^3", " x^4 ?", " x^5 ?")
    return render((a, b, c, d, e, e), powers, decimals)


# --8<-- [start:fit]
def fit(
    *, steps=STEPS, learning_rate=LEARNING_RATE, seed=0, log_every=2000, log=None,
    device="cpu", dtype=None, x=None, y=None,
):  # fmt: skip
    """Train :class:`DynamicNet` with SGD and momentum 0.9; return the :class:`sinefit.Fit`.

    ``fit.coefficients`` are (a, b, c, d, e); ``fit.loss`` is :func:`loss_of` them. Each
    logged loss is the loss of that step's randomly drawn order.
    """
    # No bound is offered when a run fails: the heavy-ball bound holds for one fixed
    # quadratic, and switching between orders at random breaks it (see per_order_bound).
    x, y = runs.problem(x, y, device, dtype)
    monitor = Monitor(steps, learning_rate, log_every, log)
    with torch.random.fork_rng(devices=[]):  # seeds torch, then puts the caller's state back
        model = start(checks.seed(seed), x.dtype, x.device)
    model = train(x, y, model, steps, learning_rate, monitor.observe)
    return runs.finish((model.a, model.b, model.c, model.d, model.e), monitor, x, y, loss_of)


# --8<-- [end:fit]
