r"""Chapter 3, autograd: the tensor loop with the backward pass left to PyTorch.

The model and loss are chapter 2's, ŷ = a + b·x + c·x² + d·x³ and L = Σ(ŷ − y)², but a, b,
c and d are created with ``requires_grad=True``. Autograd records every operation of the
forward pass, and ``loss.backward()`` walks that record backwards to fill ``a.grad`` …
``d.grad`` with ∂L/∂a … ∂L/∂d: the sums chapter 1 derived by hand.
"""

import torch

from sinefit import devices, runs
from sinefit.result import Fit, finish_cubic


def fit(
    *,
    steps: int = 2000,
    learning_rate: float = 1e-6,
    seed: int = 0,
    log_every: int = 100,
    log=None,
    device="cpu",
    dtype=None,
    x=None,
    y=None,
) -> Fit:
    """Train the cubic with gradients from autograd and return the :class:`Fit`.

    With ``seed=0`` the start is what the tutorial's script draws after
    ``torch.manual_seed(0)``: four ``torch.randn(())`` on the CPU, then moved to ``device``.

    >>> fit(steps=200, log=print).polynomial()
    99 3238
    199 2246
    'y = 1.3173 + 0.0503 x - 0.2273 x^2 + 0.0214 x^3'
    """
    steps, learning_rate, seed, device, dtype, x, y, monitor = runs.prepare(locals())

    # --8<-- [start:loop]
    # Randomly initialize weights (drawn on the CPU, then moved to the device), and ask
    # autograd to record every operation that uses them
    a, b, c, d = (w.requires_grad_() for w in devices.randn_start(seed, 4, dtype, device))

    for t in range(steps):
        # Forward pass
        y_pred = a + b * x + c * x**2 + d * x**3

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

            # backward() adds to .grad rather than overwriting it: clear it for the next step
            a.grad = None
            b.grad = None
            c.grad = None
            d.grad = None
    # --8<-- [end:loop]

    return finish_cubic([w.detach() for w in (a, b, c, d)], monitor, x, y)
