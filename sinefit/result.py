"""What every ``fit`` returns, and the error it raises when training blows up."""

import math
from dataclasses import dataclass, field

from sinefit import checks

GROWTH_LIMIT = 1e6
"""A loss this many times its first value counts as growing without bound.

Plain gradient descent on a convex quadratic with a stable learning rate never
raises the loss above its first value, so such growth means the steps are too large.
"""


@dataclass(frozen=True)
class Fit:
    """The outcome of one chapter's training run."""

    coefficients: tuple[float, ...]
    """The fitted parameters, in the chapter's own order (a, b, c, d[, e])."""
    history: list[tuple[int, float]] = field(repr=False)
    """(t, loss) for every logged step t: the loss computed at step t, before its update."""
    loss: float
    """The sum of squared errors of the returned coefficients."""

    def polynomial(self, decimals: int = 4) -> str:
        """Render the fitted cubic the way the tutorial prints it, with signs tidied.

        >>> Fit((0.5, -1.0, 0.0, 0.25), [], 1.0).polynomial(2)
        'y = 0.50 - 1.00 x + 0.00 x^2 + 0.25 x^3'
        """
        return render(self.coefficients, POWERS[: len(self.coefficients)], decimals)


POWERS = ("", " x", " x^2", " x^3", " x^4", " x^5")


def render(coefficients, powers, decimals: int = 4) -> str:
    """Write ``y = c0 p0 ± c1 p1 ± …`` with each coefficient rounded and its sign tidied.

    >>> render((0.5, -1.0), ("", " x"), 2)
    'y = 0.50 - 1.00 x'
    """
    first, *rest = (round(float(v), decimals) + 0.0 for v in coefficients)  # + 0.0: no -0.0
    text = f"y = {first:.{decimals}f}{powers[0]}"
    for value, power in zip(rest, powers[1:], strict=True):
        text += f" {'-' if value < 0 else '+'} {abs(value):.{decimals}f}{power}"
    return text


class DivergenceError(ArithmeticError):
    """Training stopped because the loss stopped being finite or grew without bound."""

    def __init__(self, step: int, loss: float, learning_rate: float, max_stable_learning_rate=None):
        self.step = step
        self.loss = loss
        self.learning_rate = learning_rate
        self.max_stable_learning_rate = max_stable_learning_rate
        what = "stopped being finite" if not math.isfinite(loss) else "grew without bound"
        message = (
            f"the loss {what} at step {step} (loss={loss:.3g}) with learning_rate={learning_rate:g}"
        )
        if max_stable_learning_rate is not None:
            message += (
                f"; the largest stable learning rate for this data is "
                f"{max_stable_learning_rate:.3g}: use a smaller one"
            )
        else:
            message += "; use a smaller learning rate"
        super().__init__(message)


class Monitor:
    """Log a run's loss every ``log_every`` steps and stop the run if the loss diverges.

    ``observe(t, loss)`` is called once per step with that step's loss: a Python or
    NumPy float, checked at once, or a 0-d torch tensor. Tensors are kept as they are
    and read back together once per logging interval, so a GPU run synchronises with the host only
    when it logs, as the tutorial's ``if t % 100 == 99: print(t, loss.item())`` does,
    and a divergence is still reported at the exact step it happened.

    ``bound`` is a zero-argument callable giving the largest stable learning rate;
    it is only called once a run has failed, so a healthy run never pays for it.
    The arguments are checked here, where they are used, and each error names its argument.
    """

    def __init__(self, steps: int, learning_rate: float, log_every: int, log=None, *, bound=None):
        self.steps = checks.positive_int("steps", steps)
        self.learning_rate = checks.learning_rate(learning_rate)
        self.log_every = checks.positive_int("log_every", log_every)
        self.log = checks.log(log)
        self.bound = bound
        self.history: list[tuple[int, float]] = []
        self._pending: list = []
        self._first = None

    def observe(self, t: int, loss) -> None:
        """Take step t's loss; log it if t is a logging step, and check what is pending."""
        # A tensor that requires grad would keep its whole graph alive until read back
        self._pending.append(loss.detach() if hasattr(loss, "detach") else loss)
        logged = t % self.log_every == self.log_every - 1
        on_host = not hasattr(loss, "detach")
        if on_host or logged or t == self.steps - 1:
            values = _to_floats(self._pending)
            self._pending.clear()
            for offset, value in enumerate(values):
                self.check(t - len(values) + 1 + offset, value)
            if logged:
                self.history.append((t, values[-1]))
                if self.log is not None:
                    self.log(f"{t} {values[-1]:.4g}")

    def check(self, t: int, loss: float) -> None:
        """Raise :class:`DivergenceError` if ``loss`` is not finite or has exploded."""
        if self._first is None:
            self._first = loss
        if not math.isfinite(loss) or loss > GROWTH_LIMIT * max(self._first, 1.0):
            bound = self.bound() if self.bound is not None else None
            raise DivergenceError(t, loss, self.learning_rate, bound)


def _to_floats(values: list) -> list[float]:
    if values and hasattr(values[0], "detach"):
        import torch

        return torch.stack(values).double().cpu().tolist()
    return [float(v) for v in values]
