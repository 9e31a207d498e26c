r"""Chapter 6, optim: chapter 5's model, updated by ``torch.optim.RMSprop`` instead of by hand.

The model is unchanged, ŷ = a + b·x + c·x² + d·x³ as ``Linear(3, 1)`` over (x, x², x³), and
so is the loss L = Σ(ŷ − y)². What changes is the update: ``optimizer.step()`` applies
RMSprop, which divides each coordinate's gradient gᵢ by the root of a running mean of gᵢ²,

    vᵢ ← α·vᵢ + (1 − α)·gᵢ²,   θᵢ ← θᵢ − lr · gᵢ / (√vᵢ + ε)   (α = 0.99, ε = 1e-8),

so every coordinate moves by about ``lr`` per step, however large or small its gradient.
"""

import numpy as np
import torch

from sinefit import checks, data, exact, runs
from sinefit.polynomial_nn import build_model, features
from sinefit.result import Fit, finish_cubic

CYCLES = {"a, b, c, d": (1, 1, 1, 1), "b, d": (0, 1, 0, 1)}
"""Which coefficients jump in each two-step cycle RMSprop can end in (1: jumps, 0: still)."""


def cycle_losses(learning_rate: float = 1e-3, x=None, y=None) -> dict[str, float]:
    """Return the loss at each of RMSprop's two-step cycles about the optimum, in float64.

    In a cycle, each coefficient that moves jumps by ``learning_rate`` every step, from
    θ* + δ to θ* − δ and back, with δ = (learning_rate/2)·s for s in :data:`CYCLES`. The loss
    there is L* + δᵀVᵀVδ: at the optimum the gradient vanishes, so only the quadratic
    term is left, and it is the same at θ* + δ and θ* − δ.

    >>> {name: f"{loss:.4f}" for name, loss in cycle_losses().items()}
    {'a, b, c, d': '8.9208', 'b, d': '8.9072'}
    """
    learning_rate = checks.learning_rate(learning_rate)
    if x is None and y is None:
        x, y = data.numpy_problem()
    x, y = checks.samples(x, y)
    best = exact.solve(x, y)
    gram = exact.vandermonde(x).T @ exact.vandermonde(x)
    losses = {}
    for name, pattern in CYCLES.items():
        delta = learning_rate / 2 * np.array(pattern, dtype=np.float64)
        losses[name] = best.loss + float(delta @ gram @ delta)
    return losses


def fit(
    *,
    steps: int = 2000,
    learning_rate: float = 1e-3,
    seed: int = 0,
    log_every: int = 100,
    log=None,
    device="cpu",
    dtype=None,
    x=None,
    y=None,
) -> Fit:
    """Train chapter 5's model with RMSprop and return the :class:`Fit`.

    ``fit.coefficients`` are (a, b, c, d) = (bias, weight[0], weight[1], weight[2]). The
    start is chapter 5's: the layer as ``torch.manual_seed(seed)`` initialises it.

    >>> fit(steps=300, log=print).polynomial()
    99 2.48e+04
    199 1.098e+04
    299 4140
    'y = -0.3551 + 0.3385 x + 0.0699 x^2 - 0.1356 x^3'
    """
    # No bound is offered when a run fails: gradient descent's 1/λmax does not apply to
    # RMSprop, whose step is about learning_rate per coordinate whatever the curvature.
    steps, learning_rate, seed, device, dtype, x, y, monitor = runs.prepare(
        locals(), cubic_bound=False
    )

    # --8<-- [start:loop]
    xx = features(x)
    model = build_model(seed, dtype, device)
    loss_fn = torch.nn.MSELoss(reduction="sum")
    optimizer = torch.optim.RMSprop(model.parameters(), lr=learning_rate)

    for t in range(steps):
        # Forward pass
        y_pred = model(xx)

        # Compute loss
        loss = loss_fn(y_pred, y)
        monitor.observe(t, loss.detach())

        # Backward pass
        optimizer.zero_grad()
        loss.backward()

        # Update weights
        optimizer.step()
    # --8<-- [end:loop]

    linear_layer = model[0]
    a = linear_layer.bias.detach()[0]
    b, c, d = linear_layer.weight.detach()[0]
    return finish_cubic((a, b, c, d), monitor, x, y)
