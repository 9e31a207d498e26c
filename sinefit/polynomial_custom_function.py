r"""Chapter 4, new autograd Functions: fit y = a + b·P3(c + d·x) with a hand-written P3.

P3(u) = ½(5u³ − 3u) is the Legendre polynomial of degree three. ``LegendrePolynomial3``
computes it in ``forward`` and its derivative P3′(u) = 1.5(5u² − 1) in ``backward``;
autograd chains that derivative with the rest of the model. The model is still a cubic in
x, written in other coordinates: ``expand`` turns (a, b, c, d) into the cubic's own
coefficients, so the result can be held against the exact optimum.
"""

import math
import numbers

import numpy as np
import torch

from sinefit import checks, data, runs
from sinefit.result import Fit

START = (0.0, -1.0, 0.0, 0.3)
"""The tutorial's start (a, b, c, d): b·P3(0.3·x) already rises and falls like sin(x)."""


# --8<-- [start:function]
class LegendrePolynomial3(torch.autograd.Function):
    """P3(u) = ½(5u³ − 3u), with its derivative P3′(u) = 1.5(5u² − 1) written by hand."""

    @staticmethod
    def forward(ctx, input):
        # backward needs u itself to evaluate P3'(u), so keep it.
        ctx.save_for_backward(input)
        return 0.5 * (5 * input**3 - 3 * input)

    @staticmethod
    def backward(ctx, grad_output):
        # Chain rule: dL/du = dL/dP3 · P3'(u).
        (input,) = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input**2 - 1)


# --8<-- [end:function]


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
def gradients(x, y, a, b, c, d):
    """Return (∂L/∂a, ∂L/∂b, ∂L/∂c, ∂L/∂d) of L = Σ(a + b·P3(c + d·x) − y)², by hand."""
    u = c + d * x
    y_pred = a + b * 0.5 * (5 * u**3 - 3 * u)
    grad_y_pred = 2.0 * (y_pred - y)
    grad_u = grad_y_pred * b * 1.5 * (5 * u**2 - 1)
    grad_a = grad_y_pred.sum()
    grad_b = (grad_y_pred * 0.5 * (5 * u**3 - 3 * u)).sum()
    grad_c = grad_u.sum()
    grad_d = (grad_u * x).sum()
    return grad_a, grad_b, grad_c, grad_d


# --8<-- [end:gradients]


def loss_of(coefficients, x=None, y=None) -> float:
    """Return L = Σ(a + b·P3(c + d·x) − y)² for these (a, b, c, d), in float64 on the CPU."""
    if x is None and y is None:
        x, y = data.numpy_problem()
    x, y = checks.samples(x, y)
    a, b, c, d = (float(v) for v in coefficients)
    u = c + d * x
    return float(np.square(a + b * 0.5 * (5 * u**3 - 3 * u) - y).sum())


def fit(
    *,
    steps: int = 2000,
    learning_rate: float = 5e-6,
    seed: int = 0,
    log_every: int = 100,
    log=None,
    device="cpu",
    dtype=None,
    x=None,
    y=None,
    start=START,
) -> Fit:
    """Train a + b·P3(c + d·x) by gradient descent and return the :class:`Fit`.

    ``fit.coefficients`` are (a, b, c, d) of this model; ``expand`` turns them into the
    cubic's. The start is fixed, ``start`` (the tutorial's (0, −1, 0, 0.3) by default),
    not drawn at random: ``seed`` is accepted for the common API but changes nothing here.

    >>> result = fit(steps=300, log=print)
    99 210
    199 144.7
    299 100.7
    """
    start = _start(start)
    # Chapter 1's bound on the learning rate holds for a model linear in its parameters;
    # this one is not (c and d sit inside P3), so a divergence is reported without one.
    steps, learning_rate, seed, device, dtype, x, y, monitor = runs.prepare(
        locals(), cubic_bound=False
    )

    # --8<-- [start:loop]
    # Start near the answer (see the chapter): a fixed point, not a random one
    a, b, c, d = (
        torch.full((), value, device=device, dtype=dtype, requires_grad=True) for value in start
    )
    P3 = LegendrePolynomial3.apply

    for t in range(steps):
        # Forward pass
        y_pred = a + b * P3(c + d * x)

        # Compute loss
        loss = (y_pred - y).pow(2).sum()
        monitor.observe(t, loss.detach())

        # Backward pass
        loss.backward()

        # Update weights
        with torch.no_grad():
            a -= learning_rate * a.grad
            b -= learning_rate * b.grad
            c -= learning_rate * c.grad
            d -= learning_rate * d.grad

            a.grad = None
            b.grad = None
            c.grad = None
            d.grad = None
    # --8<-- [end:loop]

    coefficients = tuple(v.item() for v in (a, b, c, d))
    final = loss_of(coefficients, x.cpu().double(), y.cpu().double())
    monitor.check(monitor.steps, final)
    return Fit(coefficients=coefficients, history=monitor.history, loss=final)


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
