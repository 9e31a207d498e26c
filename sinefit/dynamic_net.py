r"""Chapter 8, control flow and weight sharing: a polynomial whose order changes every pass.

``DynamicNet`` has five parameters a, b, c, d, e. Each forward pass computes the cubic
a + b·x + c·x² + d·x³ and then, in a plain Python loop whose length is drawn at random,
adds e·x⁴ (order 4) or e·x⁴ + e·x⁵ (order 5) or nothing (order 3), each with chance 1/3.
The one parameter e serves both extra terms: that is the weight sharing. Autograd records
whichever graph this pass built, so ``backward`` needs no special handling for either.
Training is ``torch.optim.SGD`` with lr 1e-8 and momentum 0.9 for 30 000 steps.

Because the order is random, each step descends the loss of one order drawn at random:
SGD on a random objective, which in expectation minimises the mean of the three losses

    L̄(a, b, c, d, e) = (L₃ + L₄ + L₅) / 3,   L_k = Σᵢ (ŷ_k(xᵢ) − yᵢ)².

``fit.loss`` is that mean, recomputed in float64 from the returned coefficients.

This file is also the chapter's script: ``python dynamic_net.py [--seed N] [--steps N]
[--device cuda]`` needs only torch and prints the tutorial's log and result.
"""

import argparse
import math
import random

import numpy as np
import torch

STEPS = 30_000
LEARNING_RATE = 1e-8

MOMENTUM = 0.9
"""The tutorial's momentum for this chapter."""

ORDERS = (3, 4, 5)
"""The highest power a forward pass can reach; each is drawn with chance 1/3."""


# --8<-- [start:module]
class DynamicNet(torch.nn.Module):
    """A cubic plus e·x⁴ and maybe e·x⁵, the highest order drawn anew on every forward pass."""

    def __init__(self, device=None, dtype=None, orders=None):
        super().__init__()
        # The tutorial's five torch.randn(()), a to e; device and dtype as torch.nn.Linear
        # takes them
        factory = {"device": device, "dtype": dtype}
        self.a = torch.nn.Parameter(torch.randn((), **factory))
        self.b = torch.nn.Parameter(torch.randn((), **factory))
        self.c = torch.nn.Parameter(torch.randn((), **factory))
        self.d = torch.nn.Parameter(torch.randn((), **factory))
        self.e = torch.nn.Parameter(torch.randn((), **factory))
        # Who draws the orders: Python's global random module, as in the tutorial, unless
        # a random.Random of your own makes them reproducible
        self.random = random if orders is None else orders

    def forward(self, x):
        y = self.a + self.b * x + self.c * x**2 + self.d * x**3
        # randint(4, 6) is 4, 5 or 6, so this loop adds nothing, e·x⁴, or e·x⁴ + e·x⁵:
        # the same parameter e, used once or twice (weight sharing)
        for exp in range(4, self.random.randint(4, 6)):
            y = y + self.e * x**exp
        return y

    def string(self):
        """The polynomial as the tutorial prints it; "?" marks the terms only some passes add."""
        a, b, c, d, e = (p.item() for p in (self.a, self.b, self.c, self.d, self.e))
        return f"y = {a} + {b} x + {c} x^2 + {d} x^3 + {e} x^4 ? + {e} x^5 ?"


# --8<-- [end:module]


def start(seed=0, dtype=torch.float32, device="cpu"):
    """The model after ``torch.manual_seed(seed)``, its orders drawn by ``random.Random(seed)``.

    The weights are drawn on the CPU and moved, so every device starts from the same numbers;
    the orders are plain Python, the same on every device.
    """
    torch.manual_seed(seed)
    return DynamicNet(dtype=dtype, orders=random.Random(seed)).to(device)


# --8<-- [start:loop]
def train(x, y, model, steps, learning_rate, observe):
    """SGD with momentum on ``model``'s parameters; ``observe(t, loss)`` sees every loss."""
    criterion = torch.nn.MSELoss(reduction="sum")
    optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate, momentum=MOMENTUM)

    for t in range(steps):
        # Forward pass
        y_pred = model(x)

        # Compute loss
        loss = criterion(y_pred, y)
        observe(t, loss)

        # Backward pass
        optimizer.zero_grad()
        loss.backward()

        # Update weights
        optimizer.step()

    return model


# --8<-- [end:loop]


def features(x, order: int) -> np.ndarray:
    """Return the N×5 matrix whose columns multiply a, b, c, d, e in a pass of this order.

    The columns are 1, x, x², x³ and, for e: 0 (order 3), x⁴ (order 4) or x⁴ + x⁵ (order 5).

    >>> features([2.0], 5).tolist()
    [[1.0, 2.0, 4.0, 8.0, 48.0]]
    """
    from sinefit import checks  # here, not above: the script runs without sinefit

    x = checks.array(x)
    shared = sum((x**exp for exp in range(4, order + 1)), np.zeros_like(x))
    return np.column_stack([np.ones_like(x), x, x**2, x**3, shared])


def losses(coefficients, x=None, y=None) -> dict[int, float]:
    """Return {order: float64 sum of squared errors} of (a, b, c, d, e) for orders 3, 4, 5."""
    from sinefit import data  # here, not above: the script runs without sinefit

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
    from sinefit import data  # here, not above: the script runs without sinefit

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
    from sinefit import data  # here, not above: the script runs without sinefit

    x, _ = data.given(x, x)
    stiffest = max(np.linalg.eigvalsh(features(x, k).T @ features(x, k))[-1] for k in ORDERS)
    return (1.0 + momentum) / float(stiffest)


def polynomial(coefficients, decimals: int = 4) -> str:
    """Write (a, b, c, d, e) as the tutorial does; "?" marks the terms only some passes add.

    >>> polynomial((0.0, 1.0, 0.0, -0.1, 0.002), 3)
    'y = 0.000 + 1.000 x + 0.000 x^2 - 0.100 x^3 + 0.002 x^4 ? + 0.002 x^5 ?'
    """
    from sinefit.result import render  # here, not above: the script runs without sinefit

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
    from sinefit import runs  # here, not above: the script runs without sinefit

    # No bound is offered when a run fails: the heavy-ball bound holds for one fixed
    # quadratic, and switching between orders at random breaks it (see per_order_bound).
    x, y = runs.problem(x, y, device, dtype)
    monitor = runs.Monitor(steps, learning_rate, log_every, log)
    with torch.random.fork_rng(devices=[]):  # seeds torch, then puts the caller's state back
        model = start(runs.seed(seed), x.dtype, x.device)
    model = train(x, y, model, steps, learning_rate, monitor.observe)
    return runs.finish((model.a, model.b, model.c, model.d, model.e), monitor, x, y, loss_of)


# --8<-- [end:fit]


def log(t, loss):
    """The tutorial's ``if t % 2000 == 1999: print(t, loss.item())``, in the package's format."""
    if t % 2000 == 1999:
        print(f"{t} {loss.item():.4g}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--steps", type=int, default=STEPS)
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()
    # The tutorial's 2000 points, made in float64 and cast: the float32 points `fit` uses
    x = torch.linspace(-math.pi, math.pi, 2000, dtype=torch.float64)
    x, y = x.float().to(args.device), torch.sin(x).float().to(args.device)
    model = train(x, y, start(args.seed, device=args.device), args.steps, LEARNING_RATE, log)
    print(f"Result: {model.string()}")
