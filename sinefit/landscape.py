"""The loss landscape around the chapters' models: runs either side of the stable bound, and
the curvature of a model's loss at a point.

It sits above the chapter modules it runs (chapter 2's loop, chapter 4's P3), so that
:mod:`sinefit.stability`, which the chapters' ``fit`` use, needs none of them.
"""

from dataclasses import dataclass, field

import numpy as np
import torch

from sinefit import data, polynomial_tensor
from sinefit.polynomial_custom_function import p3
from sinefit.result import DivergenceError
from sinefit.stability import max_stable_learning_rate


@dataclass(frozen=True)
class Edge:
    """Two runs of chapter 2's loop in float64, just below and just above the stable bound."""

    bound: float
    below: object = field(repr=False)
    """The :class:`Fit` at ``below_rate``."""
    above: object = field(repr=False)
    """The :class:`Fit` at ``above_rate`` up to the step before it was stopped."""
    error: Exception = field(repr=False)
    """The :class:`sinefit.DivergenceError` the full run above the bound raised."""
    below_rate: float
    above_rate: float


def edge(*, margin: float = 0.02, steps: int = 3000, device="cpu") -> Edge:
    """Run chapter 2's loop at (1 ∓ margin) times the largest stable learning rate."""
    bound = max_stable_learning_rate()
    options = {"steps": steps, "log_every": 1, "device": device, "dtype": torch.float64}
    below = polynomial_tensor.fit(learning_rate=(1 - margin) * bound, **options)
    try:
        polynomial_tensor.fit(learning_rate=(1 + margin) * bound, **options)
    except DivergenceError as caught:
        error = caught
    else:
        raise AssertionError(f"lr {(1 + margin) * bound:.3g} did not diverge in {steps} steps")
    # The same run stopped one step short of the loss that tripped the check.
    options["steps"] = error.step - 1
    above = polynomial_tensor.fit(learning_rate=(1 + margin) * bound, **options)
    return Edge(bound, below, above, error, (1 - margin) * bound, (1 + margin) * bound)


def _model(kind: str, x):
    """ŷ as a function of θ = (a, b, c, d): the cubic or chapter 4's a + b·P3(c + d·x)."""
    if kind == "cubic":
        return lambda theta: theta[0] + theta[1] * x + theta[2] * x**2 + theta[3] * x**3
    if kind == "legendre":
        return lambda theta: theta[0] + theta[1] * p3(theta[2] + theta[3] * x)
    raise ValueError(f"kind must be 'cubic' or 'legendre', got {kind!r}")


@dataclass(frozen=True)
class Curvature:
    """The local curvature of a model's loss L(θ) = Σ(ŷ(θ) − y)² at one point θ."""

    eigenvalues: np.ndarray
    """Of the Hessian ∇²L, ascending (float64, by ``torch.autograd.functional.hessian``)."""
    sizes: np.ndarray
    """‖∂ŷ/∂θᵢ‖ for each parameter: how strongly each one moves the prediction."""

    @property
    def bound(self) -> float:
        """2/λmax: the largest stable learning rate for the quadratic model of L at θ."""
        return 2.0 / float(self.eigenvalues[-1])


def curvature(kind: str, theta, x=None, y=None) -> Curvature:
    """The :class:`Curvature` of the ``kind`` ("cubic" or "legendre") model's loss at ``theta``.

    For the cubic the Hessian is 2VᵀV wherever θ is, so its bound is 1/λmax(VᵀV):

    >>> f"{curvature('cubic', (0, 0, 0, 0)).bound:.3g}"
    '3.56e-06'
    """
    x, y = (torch.as_tensor(v, dtype=torch.float64) for v in data.given(x, y))
    model = _model(kind, x)
    point = torch.as_tensor(theta, dtype=torch.float64)
    hessian = torch.autograd.functional.hessian(lambda t: (model(t) - y).pow(2).sum(), point)
    # With the residual taken as zero the Hessian is 2JᵀJ (J = ∂ŷ/∂θ, N×4), whose diagonal
    # holds 2‖∂ŷ/∂θᵢ‖²: the same call gives each parameter's effect without an N-row Jacobian.
    fitted = model(point).detach()
    gauss_newton = torch.autograd.functional.hessian(
        lambda t: (model(t) - fitted).pow(2).sum(), point
    )
    return Curvature(
        eigenvalues=torch.linalg.eigvalsh(hessian).numpy(),
        sizes=torch.sqrt(torch.diagonal(gauss_newton) / 2).numpy(),
    )
