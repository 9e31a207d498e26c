r"""The closed-form least-squares cubic: the ground truth every chapter is measured against.

With V the N×4 matrix whose columns are 1, x, x², x³, the loss of the coefficients
θ = (a, b, c, d) is L(θ) = ‖Vθ − y‖². It is a convex quadratic, so its minimum solves
the normal equations VᵀV θ = Vᵀy. We solve them with a QR-based least-squares routine
in float64 rather than by inverting VᵀV, whose condition number is the square of V's.
"""

from dataclasses import dataclass

import numpy as np

from sinefit import data


@dataclass(frozen=True)
class Optimum:
    """The least-squares cubic for some data."""

    coefficients: tuple[float, float, float, float]
    """(a, b, c, d) of y = a + b·x + c·x² + d·x³."""
    loss: float
    """The minimal sum of squared errors."""


def vandermonde(x, degree: int = 3) -> np.ndarray:
    """Return the N×(degree+1) matrix whose columns are 1, x, …, x^degree (float64)."""
    x = np.asarray(x, dtype=np.float64)
    return np.vander(x, degree + 1, increasing=True)


def solve(x=None, y=None) -> Optimum:
    """Return the least-squares cubic for ``x, y`` (default: the shared problem).

    >>> best = solve()
    >>> round(best.loss, 7)
    8.8171654
    >>> [round(c, 6) + 0.0 for c in best.coefficients]  # + 0.0 turns -0.0 into 0.0
    [0.0, 0.856741, 0.0, -0.09333]
    """
    x, y = data.given(x, y)
    V = vandermonde(x)
    theta, *_ = np.linalg.lstsq(V, y, rcond=None)
    loss = float(np.square(V @ theta - y).sum())
    return Optimum(coefficients=tuple(float(t) for t in theta), loss=loss)


def loss(coefficients, x=None, y=None) -> float:
    """Return the sum of squared errors of the cubic with these (a, b, c, d), in float64."""
    x, y = data.given(x, y)
    a, b, c, d = (float(v) for v in coefficients)
    return float(np.square(a + b * x + c * x**2 + d * x**3 - y).sum())
