r"""Chapter 1, warm-up: fit y = a + b·x + c·x² + d·x³ to sin(x) with NumPy alone.

The forward pass, the loss L = Σᵢ(ŷᵢ − yᵢ)² and its gradients with respect to a, b, c
and d are all written by hand, and gradient descent updates the four numbers directly.

This is the chapter's standalone script: ``python polynomial_numpy.py [--seed N] [--steps N]``
needs only NumPy and prints the tutorial's log and result. :mod:`sinefit.polynomial_numpy`
imports it and runs the same ``train`` inside the package.
"""

import argparse
import math

import numpy as np

STEPS = 2000


LEARNING_RATE = 1e-6


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


# --8<-- [start:loop]
def start(seed=0):
    """(a, b, c, d) as ``np.random.seed(seed)`` and four ``np.random.randn()`` give them.

    A private ``RandomState`` draws them, so NumPy's global random state is left alone.
    """
    rng = np.random.RandomState(seed)
    return rng.randn(), rng.randn(), rng.randn(), rng.randn()


def train(x, y, start, steps, learning_rate, observe):
    """Gradient descent on (a, b, c, d) from ``start``; ``observe(t, loss)`` sees every loss."""
    a, b, c, d = start

    for t in range(steps):
        # Forward pass
        y_pred = a + b * x + c * x**2 + d * x**3

        # Compute loss
        loss = np.square(y_pred - y).sum()
        observe(t, loss)

        # Backward pass
        grad_a, grad_b, grad_c, grad_d = backward(x, y, y_pred)

        # Update weights
        a -= learning_rate * grad_a
        b -= learning_rate * grad_b
        c -= learning_rate * grad_c
        d -= learning_rate * grad_d

    return a, b, c, d


# --8<-- [end:loop]


def log(t, loss):
    """The tutorial's ``if t % 100 == 99: print(t, loss)``, in the package's format."""
    if t % 100 == 99:
        print(f"{t} {loss:.4g}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--steps", type=int, default=STEPS)
    args = parser.parse_args()
    # The tutorial's data: 2000 evenly spaced x in [-π, π] and y = sin(x), in float64
    x = np.linspace(-math.pi, math.pi, 2000)
    y = np.sin(x)
    a, b, c, d = train(x, y, start(args.seed), args.steps, LEARNING_RATE, log)
    print(f"Result: y = {a} + {b} x + {c} x^2 + {d} x^3")
