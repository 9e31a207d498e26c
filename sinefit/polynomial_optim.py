"""Chapter 6, optim: the package side of its script.

The package adds ``fit`` and ``cycle_losses``, the loss at RMSprop's two-step cycles.

The loop itself is the standalone script :mod:`sinefit.scripts.polynomial_optim`, imported
here unchanged; its names are re-exported, so ``sinefit.polynomial_optim.train`` is the
script's ``train``.
"""

from sinefit import checks, data, exact, polynomial_nn, runs, stability
from sinefit.result import Monitor
from sinefit.scripts.polynomial_optim import LEARNING_RATE, STEPS, log, start, train

__all__ = ["CYCLES", "LEARNING_RATE", "STEPS", "cycle_losses", "fit", "log", "start", "train"]


CYCLES = {"a, b, c, d": (1, 1, 1, 1), "b, d": (0, 1, 0, 1)}
"""Which coefficients jump in each two-step cycle RMSprop can end in (1: jumps, 0: still)."""


def cycle_losses(learning_rate: float = 1e-3, x=None, y=None) -> dict[str, float]:
    """Return the loss at each of RMSprop's two-step cycles about the optimum, in float64.

    Each is L* plus :func:`sinefit.stability.cycle_excess` for a sign pattern of
    :data:`CYCLES`.

    >>> {name: f"{loss:.4f}" for name, loss in cycle_losses().items()}
    {'a, b, c, d': '8.9208', 'b, d': '8.9072'}
    """
    learning_rate = checks.learning_rate(learning_rate)
    x, y = data.given(x, y)
    best = exact.solve(x, y)
    return {
        name: best.loss + stability.cycle_excess(learning_rate, pattern, x)
        for name, pattern in CYCLES.items()
    }


# --8<-- [start:fit]
def fit(
    *, steps=STEPS, learning_rate=LEARNING_RATE, seed=0, log_every=100, log=None,
    device="cpu", dtype=None, x=None, y=None,
):  # fmt: skip
    """Train chapter 5's model with RMSprop and return the :class:`sinefit.Fit`.

    ``fit.coefficients`` are (a, b, c, d) = (bias, weight[0], weight[1], weight[2]), read
    from the layer by chapter 5's ``coefficients``.

    >>> fit(steps=300, log=print).polynomial()
    99 2.48e+04
    199 1.098e+04
    299 4140
    'y = -0.3551 + 0.3385 x + 0.0699 x^2 - 0.1356 x^3'
    """
    # No bound is offered when a run fails: gradient descent's 1/λmax does not apply to
    # RMSprop, whose step is about learning_rate per coordinate whatever the curvature.
    x, y = runs.problem(x, y, device, dtype)
    monitor = Monitor(steps, learning_rate, log_every, log)
    model = train(
        x, y, start(checks.seed(seed), x.dtype, x.device), steps, learning_rate, monitor.observe
    )
    return runs.finish(polynomial_nn.coefficients(model), monitor, x, y)


# --8<-- [end:fit]
