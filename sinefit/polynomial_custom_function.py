r"""Chapter 4, new autograd Functions: fit y = a + b·P3(c + d·x) with a hand-written P3.

P3(u) = ½(5u³ − 3u) is the Legendre polynomial of degree three. ``LegendrePolynomial3``
computes it in ``forward`` and its derivative P3′(u) = 1.5(5u² − 1) in ``backward``;
autograd chains that derivative with the rest of the model. The model is still a cubic in
x, written in other coordinates: ``expand`` turns (a, b, c, d) into the cubic's own
coefficients, so the result can be held against the exact optimum.

This file is also the chapter's script: ``python polynomial_custom_function.py [--steps N]
[--device cuda]`` needs only torch and prints the tutorial's log and result.
"""

import argparse
import math
import numbers

import torch

STEPS = 2000
LEARNING_RATE = 5e-6

START = (0.0, -1.0, 0.0, 0.3)
"""The tutorial's start (a, b, c, d): b·P3(0.3·x) already rises and falls like sin(x)."""


# --8<-- [start:function]
class LegendrePolynomial3(torch.autograd.Function):
    """P3(u) = ½(5u³ − 3u), with its derivative P3′(u) = 1.5(5u² − 1) written by hand."""

    # backward is made of torch operations, so torch.func.vmap can batch it by itself
    generate_vmap_rule = True

    @staticmethod
    def forward(input):
        return 0.5 * (5 * input**3 - 3 * input)

    @staticmethod
    def setup_context(ctx, inputs, output):
        # backward needs u itself to evaluate P3'(u), so keep it.
        (input,) = inputs
        ctx.save_for_backward(input)

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
    from sinefit import data  # here, not above: the script runs without sinefit

    x, y = data.given(x, y)
    a, b, c, d = (float(v) for v in coefficients)
    return float(((a + b * p3(c + d * x) - y) ** 2).sum())


# --8<-- [start:loop]
def start(values=START, dtype=torch.float32, device="cpu"):
    """(a, b, c, d) at ``values``, on ``device``, as leaves whose every use autograd records.

    A fixed point, not a random one: the chapter shows why the start must be near the answer.
    """
    return [torch.full((), v, dtype=dtype, device=device, requires_grad=True) for v in values]


def train(x, y, start, steps, learning_rate, observe):
    """Gradient descent on a + b·P3(c + d·x); ``observe(t, loss)`` sees every loss."""
    a, b, c, d = start
    P3 = LegendrePolynomial3.apply

    for t in range(steps):
        # Forward pass
        y_pred = a + b * P3(c + d * x)

        # Compute loss
        loss = (y_pred - y).pow(2).sum()
        observe(t, loss)

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

    return a, b, c, d


# --8<-- [end:loop]

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
    from sinefit import runs  # here, not above: the script runs without sinefit

    # Chapter 1's bound on the learning rate holds for a model linear in its parameters;
    # this one is not (c and d sit inside P3), so a divergence is reported without one.
    values = _start(start)
    x, y = runs.problem(x, y, device, dtype)
    monitor = runs.Monitor(steps, learning_rate, log_every, log)
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


def log(t, loss):
    """The tutorial's ``if t % 100 == 99: print(t, loss.item())``, in the package's format."""
    if t % 100 == 99:
        print(f"{t} {loss.item():.4g}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=STEPS)
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()
    # The tutorial's 2000 points, made in float64 and cast: the float32 points `fit` uses
    x = torch.linspace(-math.pi, math.pi, 2000, dtype=torch.float64)
    x, y = x.float().to(args.device), torch.sin(x).float().to(args.device)
    a, b, c, d = train(x, y, start(device=args.device), args.steps, LEARNING_RATE, log)
    print(f"Result: y = {a.item()} + {b.item()} * P3({c.item()} + {d.item()} x)")
