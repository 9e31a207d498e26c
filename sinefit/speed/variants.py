r"""The speed chapter's rewrites of chapter 1's loop: the same iterates, computed more cheaply.

Each takes what a chapter script's ``train`` takes, ``(x, y, start, steps, learning_rate,
observe)`` with NumPy float64 data and ``start`` = (a, b, c, d), and returns the final
(a, b, c, d), so the benchmark times them exactly as it times the chapters' own ``train``.
"""

import numpy as np

from sinefit import exact

LOG_EVERY = 100
"""How often the tutorial prints the loss, and so how often the Gram loops compute it."""


# --8<-- [start:numpy_powers]
def numpy_powers(x, y, start, steps, learning_rate, observe, *, once=False):
    """Chapter 1's loop with x² and x³ as multiplications, at each use or ``once`` before it.

    At each use is the tutorial's arithmetic with ``x**3`` written ``x * x * x``; ``once`` is
    the real fix, since neither x nor its powers change during the run.
    """
    a, b, c, d = start
    x2, x3 = x * x, x * x * x
    for t in range(steps):
        if not once:
            x2, x3 = x * x, x * x * x
        # Forward pass
        y_pred = a + b * x + c * x2 + d * x3

        # Compute loss
        loss = np.square(y_pred - y).sum()
        observe(t, loss)

        # Backward pass
        if not once:
            x2, x3 = x * x, x * x * x  # the tutorial's backward pass computes them again
        grad_y_pred = 2.0 * (y_pred - y)
        grad_a = grad_y_pred.sum()
        grad_b = (grad_y_pred * x).sum()
        grad_c = (grad_y_pred * x2).sum()
        grad_d = (grad_y_pred * x3).sum()

        # Update weights
        a -= learning_rate * grad_a
        b -= learning_rate * grad_b
        c -= learning_rate * grad_c
        d -= learning_rate * grad_d
    return a, b, c, d


# --8<-- [end:numpy_powers]


def numpy_powers_once(x, y, start, steps, learning_rate, observe):
    """:func:`numpy_powers` with the powers computed once, before the loop."""
    return numpy_powers(x, y, start, steps, learning_rate, observe, once=True)


# --8<-- [start:gram]
def gram_numpy(x, y, start, steps, learning_rate, observe):
    """The same iterates from VᵀV and Vᵀy, with NumPy doing the 4×4 algebra at every step.

    L(θ) = θᵀGθ − 2hᵀθ + yᵀy with G = VᵀV and h = Vᵀy, so ∇L = 2(Gθ − h): once G, h and
    yᵀy are known, a step no longer touches the N points.
    """
    V = exact.vandermonde(x)
    G, h, yy = V.T @ V, V.T @ y, y @ y
    theta = np.array(start, dtype=np.float64)
    for t in range(steps):
        # Forward pass
        G_theta = G @ theta

        # Compute loss
        loss = theta @ G_theta - 2.0 * (h @ theta) + yy
        observe(t, loss)

        # Backward pass
        grad = 2.0 * (G_theta - h)

        # Update weights
        theta = theta - learning_rate * grad
    return tuple(float(v) for v in theta)


def gram_floats(x, y, start, steps, learning_rate, observe):
    """The same iterates as plain Python floats: θ ← Aθ + k, A = I − 2ηG and k = 2ηh.

    With four numbers, NumPy's cost per call (about a microsecond) outweighs the arithmetic,
    so the affine map is written out; the loss is computed, and observed, only when the
    tutorial would print it.
    """
    V = exact.vandermonde(x)
    G, h, yy = V.T @ V, V.T @ y, y @ y
    A = (np.eye(4) - 2.0 * learning_rate * G).tolist()
    k = (2.0 * learning_rate * h).tolist()
    (A0, A1, A2, A3), (k0, k1, k2, k3) = A, k
    a, b, c, d = (float(v) for v in start)
    for t in range(steps):
        if t % LOG_EVERY == LOG_EVERY - 1:
            # Compute loss
            theta = np.array([a, b, c, d])
            observe(t, theta @ G @ theta - 2.0 * (h @ theta) + yy)

        # Update weights (the forward and backward passes are folded into A and k)
        a, b, c, d = (
            A0[0] * a + A0[1] * b + A0[2] * c + A0[3] * d + k0,
            A1[0] * a + A1[1] * b + A1[2] * c + A1[3] * d + k1,
            A2[0] * a + A2[1] * b + A2[2] * c + A2[3] * d + k2,
            A3[0] * a + A3[1] * b + A3[2] * c + A3[3] * d + k3,
        )
    return a, b, c, d


# --8<-- [end:gram]
