r"""How large a gradient-descent step the data allow, computed from the data.

For L(θ) = ‖Vθ − y‖² the Hessian is 2VᵀV. Gradient descent θ ← θ − η∇L multiplies the
error along each eigenvector of VᵀV (eigenvalue λ) by 1 − 2ηλ per step, so it converges
exactly when every |1 − 2ηλ| < 1, that is when η < 1/λmax. Heavy-ball momentum β widens
this to η < (1 + β)/λmax.
"""

import numpy as np

from sinefit import checks, data, exact


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
    if x is None:
        x, _ = data.numpy_problem()
    x, _ = checks.samples(x, x)
    return x
