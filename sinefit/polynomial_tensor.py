r"""Chapter 2, tensors: chapter 1's hand-written loop on torch tensors, on CPU or GPU.

The mathematics is unchanged: ŷ = a + b·x + c·x² + d·x³, L = Σ(ŷ − y)², and the gradients
derived in chapter 1. Only the arrays change: torch tensors can live on a GPU, where every
operation of the loop runs without leaving the device.
"""

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
    """Train the cubic with hand-written gradients on tensors and return the :class:`Fit`.

    With ``seed=0`` the start is what the tutorial's script draws after
    ``torch.manual_seed(0)``: four ``torch.randn(())`` on the CPU, then moved to ``device``.

    >>> fit(steps=200, log=print).polynomial()
    99 3238
    199 2246
    'y = 1.3173 + 0.0503 x - 0.2273 x^2 + 0.0214 x^3'
    """
    steps, learning_rate, seed, device, dtype, x, y, monitor = runs.prepare(locals())

    # --8<-- [start:loop]
    # Randomly initialize weights (drawn on the CPU, then moved to the device)
    a, b, c, d = devices.randn_start(seed, 4, dtype, device)

    for t in range(steps):
        # Forward pass
        y_pred = a + b * x + c * x**2 + d * x**3

        # Compute loss
        loss = (y_pred - y).pow(2).sum()
        monitor.observe(t, loss)

        # Backward pass
        grad_y_pred = 2.0 * (y_pred - y)
        grad_a = grad_y_pred.sum()
        grad_b = (grad_y_pred * x).sum()
        grad_c = (grad_y_pred * x**2).sum()
        grad_d = (grad_y_pred * x**3).sum()

        # Update weights
        a -= learning_rate * grad_a
        b -= learning_rate * grad_b
        c -= learning_rate * grad_c
        d -= learning_rate * grad_d
    # --8<-- [end:loop]

    return finish_cubic((a, b, c, d), monitor, x, y)
