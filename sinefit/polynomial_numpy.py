r"""Chapter 1, warm-up: fit y = a + b·x + c·x² + d·x³ to sin(x) with NumPy alone.

The forward pass, the loss L = Σᵢ(ŷᵢ − yᵢ)² and its gradients with respect to a, b, c
and d are all written by hand, and gradient descent updates the four numbers directly.
"""

import numpy as np

from sinefit import checks, data, stability
from sinefit.result import Fit, Monitor, finish_cubic


# --8<-- [start:gradients]
def backward(x, y, y_pred):
    """Return (∂L/∂a, ∂L/∂b, ∂L/∂c, ∂L/∂d) of L = Σ(ŷ − y)², given the forward pass's ŷ."""
    grad_y_pred = 2.0 * (y_pred - y)
    grad_a = grad_y_pred.sum()
    grad_b = (grad_y_pred * x).sum()
    grad_c = (grad_y_pred * x**2).sum()
    grad_d = (grad_y_pred * x**3).sum()
    return grad_a, grad_b, grad_c, grad_d


# --8<-- [end:gradients]


def gradients(x, y, a, b, c, d):
    """Return the gradients at (a, b, c, d): the forward pass ŷ, then :func:`backward`."""
    return backward(x, y, a + b * x + c * x**2 + d * x**3)


# An overflowing loss is reported by the Monitor as a DivergenceError naming the step;
# NumPy's own overflow warnings would only repeat it less precisely.
@np.errstate(over="ignore", invalid="ignore")
def fit(
    *,
    steps: int = 2000,
    learning_rate: float = 1e-6,
    seed: int = 0,
    log_every: int = 100,
    log=None,
    x=None,
    y=None,
) -> Fit:
    """Train the cubic by hand-written gradient descent and return the :class:`Fit`.

    With ``seed=0`` the start is what ``np.random.seed(0)`` followed by four
    ``np.random.randn()`` calls gives, drawn from a private ``RandomState``.

    >>> result = fit(steps=3, log_every=1, log=print)
    0 1.486e+06
    1 3.291e+05
    2 1.009e+05
    """
    steps = checks.positive_int("steps", steps)
    learning_rate = checks.learning_rate(learning_rate)
    log_every = checks.positive_int("log_every", log_every)
    log = checks.log(log)
    rng = np.random.RandomState(checks.seed(seed))
    x, y = data.numpy_problem() if x is None and y is None else checks.samples(x, y)
    monitor = Monitor(
        steps=steps,
        learning_rate=learning_rate,
        log_every=log_every,
        log=log,
        bound=lambda: stability.max_stable_learning_rate(x),
    )

    # --8<-- [start:loop]
    # Randomly initialize weights
    a, b, c, d = rng.randn(), rng.randn(), rng.randn(), rng.randn()

    for t in range(steps):
        # Forward pass
        y_pred = a + b * x + c * x**2 + d * x**3

        # Compute loss
        loss = np.square(y_pred - y).sum()
        monitor.observe(t, loss)

        # Backward pass
        grad_a, grad_b, grad_c, grad_d = backward(x, y, y_pred)

        # Update weights
        a -= learning_rate * grad_a
        b -= learning_rate * grad_b
        c -= learning_rate * grad_c
        d -= learning_rate * grad_d
    # --8<-- [end:loop]

    return finish_cubic((a, b, c, d), monitor, x, y)
