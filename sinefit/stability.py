r"""How large a gradient-descent step the data allow, computed from the data.

For L(θ) = ‖Vθ − y‖² the Hessian is 2VᵀV. Gradient descent θ ← θ − η∇L multiplies the
error along each eigenvector of VᵀV (eigenvalue λ) by 1 − 2ηλ per step, so it converges
exactly when every |1 − 2ηλ| < 1, that is when η < 1/λmax. Heavy-ball momentum β widens
this to η < (1 + β)/λmax.

The same eigen-analysis predicts how many steps a run needs (:func:`predict_steps`), shows
runs either side of the bound (:func:`edge`), and gives a model's local curvature
(:func:`curvature`): the convergence page's "why the numbers are what they are".
"""

import math
from dataclasses import dataclass

import numpy as np

from sinefit import data, exact

CLOSE = 1e-3
"""How close counts as converged: within 0.1% of the optimal loss."""


def gram_eigenvalues(x=None, degree: int = 3) -> np.ndarray:
    """Return the eigenvalues of VᵀV in ascending order (V: columns 1, x, …, x^degree).

    >>> lam = gram_eigenvalues()
    >>> f"{lam[0]:.4g} {lam[-1]:.4g}"
    '863.8 2.811e+05'
    """
    V = exact.vandermonde(_points(x), degree)
    return np.linalg.eigvalsh(V.T @ V)


def max_stable_learning_rate(x=None, degree: int = 3, momentum: float = 0.0) -> float:
    """Return the largest learning rate for which gradient descent on ‖Vθ − y‖² converges.

    >>> f"{max_stable_learning_rate():.3g}"
    '3.56e-06'
    """
    return (1.0 + momentum) / float(gram_eigenvalues(x, degree)[-1])


def _points(x) -> np.ndarray:
    x, _ = data.given(x, x)
    return x


@dataclass(frozen=True)
class Prediction:
    """When gradient descent with learning rate η on the cubic gets within 0.1% of the optimum."""

    eigenvalues: np.ndarray
    """λ of VᵀV, ascending."""
    components: np.ndarray
    """The initial error θ₀ − θ* in the eigenbasis."""
    factors: np.ndarray
    """What one step multiplies each component by: 1 − 2ηλ."""
    slowest_only: float
    """The step count from the slowest direction alone."""
    steps: int
    """The step count from all four directions (the exact excess-loss formula)."""


def predict_steps(
    start, learning_rate: float = 1e-6, tolerance: float = CLOSE, x=None, y=None
) -> Prediction:
    """Predict the steps gradient descent from ``start`` needs to get within ``tolerance``.

    >>> from sinefit import polynomial_numpy
    >>> p = predict_steps(polynomial_numpy.start(0))
    >>> round(p.slowest_only), p.steps
    (3585, 3593)
    """
    x, y = data.given(x, y)
    best = exact.solve(x, y)
    V = exact.vandermonde(x)
    eigenvalues, vectors = np.linalg.eigh(V.T @ V)
    components = vectors.T @ (np.array([float(v) for v in start]) - best.coefficients)
    factors = 1.0 - 2.0 * learning_rate * eigenvalues
    if np.any(np.abs(factors) >= 1.0):
        raise ValueError(f"learning_rate={learning_rate:g} is not below the stable bound")
    excess = eigenvalues * components**2
    target = tolerance * best.loss
    # Only the slowest direction left: λ₀z₀²·f₀²ᵏ = target.
    slowest_only = math.log(target / excess[0]) / (2.0 * math.log(factors[0]))
    steps = 0
    while np.sum(excess * factors ** (2 * steps)) > target:
        steps += 1
    return Prediction(eigenvalues, components, factors, slowest_only, steps)


def excess_loss(prediction: Prediction, steps) -> np.ndarray:
    """The predicted L(θₖ) − L* for each k in ``steps``."""
    k = np.asarray(steps, dtype=np.float64)[:, None]
    weights = prediction.eigenvalues * prediction.components**2
    return (weights * prediction.factors ** (2 * k)).sum(axis=1)


def cycle_excess(learning_rate: float, signs, x=None) -> float:
    """How far above L* a two-step cycle of the cubic's coefficients sits, in float64.

    In the cycle each coefficient jumps by ``learning_rate`` every step, from θ* + δ to
    θ* − δ and back, with δ = (learning_rate/2)·s for the sign vector ``signs`` (0: that
    coefficient stays). At the optimum the gradient vanishes, so the loss there is
    L* + δᵀVᵀVδ, the same at θ* + δ and θ* − δ; this returns δᵀVᵀVδ.

    >>> f"{cycle_excess(1e-3, (1, 1, 1, 1)):.4f}"
    '0.1036'
    """
    delta = learning_rate / 2 * np.asarray(signs, dtype=np.float64)
    moved = exact.vandermonde(_points(x)) @ delta
    return float(moved @ moved)
