"""Chapter 9's bookkeeping and analysis: what a stage returns, the history it keeps while it
trains, and the eigen-analysis that says how fast, and up to which learning rate, it converges.

Every stage of :mod:`sinefit.linear_regression` (the chapter's script) checks its arguments,
watches its loss and records w (and b) step by step the same way; that shared part lives
here, so the script holds the loops alone.
"""

from dataclasses import dataclass, field

import numpy as np
import torch

from sinefit import checks, data, devices
from sinefit.result import Monitor
from sinefit.scripts.linear_regression import X_TEST, X, Y

GRADIENTS = ("mean", "sum")
"""How stage 1 may write dL/dw: as the mean the derivation gives, or as a sum over the points."""


@dataclass(frozen=True)
class LineFit:
    """The outcome of one stage: the final line, f(5) before and after, and every step's numbers."""

    w: float
    """The final weight."""
    b: float | None
    """The final bias (stage 4 with ``bias=True``); ``None`` for a line through the origin."""
    before: float
    """f(5) before training."""
    after: float
    """f(5) after training."""
    w_history: tuple[float, ...] = field(repr=False)
    """``w_history[t]`` is w after t updates: ``w_history[0]`` is the start, the last is ``w``."""
    b_history: tuple[float, ...] | None = field(repr=False)
    """The same for b, or ``None`` where the model has no bias."""
    loss_history: tuple[float, ...] = field(repr=False)
    """``loss_history[t]`` is the loss computed at step t, before step t's update."""

    def predictions(self, x: float = X_TEST) -> tuple[float, ...]:
        """f(x) = w·x + b after each number of updates, from the start to the end.

        >>> LineFit(2.0, None, 0.0, 10.0, (0.0, 1.5, 2.0), None, (30.0, 1.9)).predictions()
        (0.0, 7.5, 10.0)
        """
        biases = self.b_history or (0.0,) * len(self.w_history)
        return tuple(w * x + b for w, b in zip(self.w_history, biases, strict=True))

    def steps_to_reach(self, target: float = 2 * X_TEST, tolerance: float = 0.01) -> int | None:
        """The fewest updates after which |f(5) − target| < tolerance for the rest of the run.

        ``None`` if the run ends outside the tolerance.

        >>> LineFit(2.0, None, 0.0, 10.0, (0.0, 1.5, 2.0), None, (30.0, 1.9)).steps_to_reach()
        2
        """
        tolerance = checks.learning_rate(tolerance, name="tolerance")
        reached = None
        for t, prediction in reversed(list(enumerate(self.predictions()))):
            if not abs(prediction - target) < tolerance:
                break
            reached = t
        return reached


class History:
    """Check a stage's common arguments, then keep, check and log its numbers step by step."""

    def __init__(self, steps, learning_rate, log_every, log, x, *, bias, gradient="mean"):
        self.steps = steps = checks.positive_int("steps", steps)
        self.learning_rate = learning_rate = checks.learning_rate(learning_rate)
        self.log_every = checks.positive_int("log_every", log_every)
        self.log = checks.log(log)
        x = checks.array(x).ravel()
        self.monitor = Monitor(
            steps=steps,
            learning_rate=learning_rate,
            log_every=self.log_every,
            bound=lambda: max_stable_learning_rate(x, bias=bias, gradient=gradient),
        )
        self.w: list[float] = []
        self.b: list[float] | None = [] if bias else None
        self.loss: list[float] = []

    def observe(self, t: int, loss, w, b=None) -> None:
        """Take step t's loss and the w (and b) it was computed with, before the update."""
        loss = as_float(loss)
        self.monitor.observe(t, loss)
        self.loss.append(loss)
        self.w.append(as_float(w))
        line = f"step {t}: w = {rounded(self.w[-1])}"
        if self.b is not None:
            self.b.append(as_float(b))
            line += f", b = {rounded(self.b[-1])}"
        if self.log is not None and t % self.log_every == self.log_every - 1:
            self.log(f"{line}, loss = {loss:.4f}")

    def result(self, before, after, w, b=None) -> LineFit:
        """The stage's :class:`LineFit`, given f(5) before and after and the final w (and b)."""
        self.w.append(as_float(w))
        if self.b is not None:
            self.b.append(as_float(b))
        return LineFit(
            w=self.w[-1],
            b=None if self.b is None else self.b[-1],
            before=float(before),
            after=float(after),
            w_history=tuple(self.w),
            b_history=None if self.b is None else tuple(self.b),
            loss_history=tuple(self.loss),
        )


def as_float(value) -> float:
    """A number, or an array or tensor holding one (needing grad or not), as a float."""
    return checks.array(value).item()


def rounded(value: float) -> str:
    """Three decimals, with -0.000 shown as 0.000."""
    return f"{round(value, 3) + 0.0:.3f}"


def flag(name: str, value) -> bool:
    """``value`` if it is True or False, else an error naming ``name``."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return value


def gradient_name(value) -> str:
    """``value`` if it names one of :data:`GRADIENTS`."""
    if value not in GRADIENTS:
        raise ValueError(f"gradient must be 'mean' or 'sum', got {value!r}")
    return value


def points(x, y) -> tuple[np.ndarray, np.ndarray]:
    """The caller's points checked, or the chapter's X, Y."""
    return data.given(x, y, default=lambda: (X, Y))


def tensors(x, y, device, dtype):
    """The points as tensors of ``dtype`` on ``device``, with the checked device and dtype."""
    device = devices.resolve(device)
    dtype = devices.dtype(dtype)
    x, y = points(x, y)
    return (
        torch.as_tensor(x, dtype=dtype).to(device),
        torch.as_tensor(y, dtype=dtype).to(device),
        device,
        dtype,
    )


def max_stable_learning_rate(x=None, *, bias: bool = False, gradient: str = "mean") -> float:
    """The largest learning rate for which gradient descent on this chapter's loss converges.

    L = mean((w·x [+ b] − y)²) is a quadratic with Hessian 2·G, where G = mean(x²) for a line
    through the origin and G = [[mean(x²), mean(x)], [mean(x), 1]] with a bias. Each step
    multiplies the error along an eigenvector of G (eigenvalue λ) by 1 − 2ηλ, so it converges
    exactly when η < 1/λmax. A summed gradient is N·∇L, which divides the bound by N.

    >>> print(f"{max_stable_learning_rate():.4f} {max_stable_learning_rate(gradient='sum'):.4f}")
    0.1333 0.0333
    """
    return 1.0 / max(_eigenvalues(x, bias=bias, gradient=gradient))


def step_factors(
    *, learning_rate: float = 0.01, x=None, bias: bool = False, gradient: str = "mean"
) -> tuple[float, ...]:
    """What one step multiplies the error by, along each eigenvector of G (see above).

    Slowest direction last. Where the factor is ρ, the error after t steps is ρᵗ times
    its start.

    >>> [round(rho, 4) for rho in step_factors()]
    [0.85]
    >>> [round(rho, 4) for rho in step_factors(bias=True)]
    [0.833, 0.997]
    """
    learning_rate = checks.learning_rate(learning_rate)
    factors = [abs(1 - 2 * learning_rate * lam) for lam in _eigenvalues(x, bias, gradient)]
    return tuple(sorted(factors))


def _eigenvalues(x, bias: bool, gradient: str) -> tuple[float, ...]:
    x, _ = points(x, x)
    bias = flag("bias", bias)
    scale = len(x) if gradient_name(gradient) == "sum" else 1
    if bias:
        G = np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
    else:
        G = np.array([[np.mean(x * x)]])
    return tuple(scale * float(lam) for lam in np.linalg.eigvalsh(G))
