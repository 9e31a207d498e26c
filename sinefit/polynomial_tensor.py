r"""Chapter 2, tensors: chapter 1's hand-written loop on torch tensors, on CPU or GPU.

The mathematics is unchanged: ŷ = a + b·x + c·x² + d·x³, L = Σ(ŷ − y)², and the gradients
derived in chapter 1. Only the arrays change: torch tensors can live on a GPU, where every
operation of the loop runs without leaving the device.

This file is also the chapter's script: ``python polynomial_tensor.py [--seed N] [--steps N]
[--device cuda]`` needs only torch and prints the tutorial's log and result.
"""

import argparse
import math

import torch

STEPS = 2000
LEARNING_RATE = 1e-6


# --8<-- [start:loop]
def start(seed=0, dtype=torch.float32, device="cpu"):
    """(a, b, c, d) as four ``torch.randn(())`` after ``torch.manual_seed(seed)`` give them.

    They are drawn on the CPU from a private generator, then moved to ``device``, so CPU and
    GPU runs start from the same numbers and nobody's random state is touched.
    """
    generator = torch.Generator().manual_seed(seed)
    return [torch.randn((), generator=generator, dtype=dtype).to(device) for _ in range(4)]


def train(x, y, start, steps, learning_rate, observe):
    """Gradient descent with hand-written gradients; ``observe(t, loss)`` sees every loss."""
    a, b, c, d = start

    for t in range(steps):
        # Forward pass
        y_pred = a + b * x + c * x**2 + d * x**3

        # Compute loss
        loss = (y_pred - y).pow(2).sum()
        observe(t, loss)

        # Backward pass
        grad_y_pred = 2.0 * (y_pred - y)
        grad_a = grad_y_pred.sum()
        grad_b = (grad_y_pred * x).sum()
        grad_c = (grad_y_pred * x**2).sum()
        grad_d = (grad_y_pred * x**3).sum()

        # Update weights
        a -= learning_rate * grad_a
        b -= learning_rate * grad_b
        c -= learning_rate * grad_c
        d -= learning_rate * grad_d

    return a, b, c, d


# --8<-- [end:loop]


# --8<-- [start:fit]
def fit(
    *, steps=STEPS, learning_rate=LEARNING_RATE, seed=0, log_every=100, log=None,
    device="cpu", dtype=None, x=None, y=None,
):  # fmt: skip
    """Train the cubic with hand-written gradients on tensors and return the :class:`sinefit.Fit`.

    >>> fit(steps=200, log=print).polynomial()
    99 3238
    199 2246
    'y = 1.3173 + 0.0503 x - 0.2273 x^2 + 0.0214 x^3'
    """
    from sinefit import runs  # here, not above: the script runs without sinefit

    x, y = runs.problem(x, y, device, dtype)
    monitor = runs.Monitor(steps, learning_rate, log_every, log, bound=runs.cubic_bound(x))
    a, b, c, d = start(runs.seed(seed), x.dtype, x.device)
    a, b, c, d = train(x, y, (a, b, c, d), steps, learning_rate, monitor.observe)
    return runs.finish((a, b, c, d), monitor, x, y)


# --8<-- [end:fit]


def log(t, loss):
    """The tutorial's ``if t % 100 == 99: print(t, loss.item())``, in the package's format."""
    if t % 100 == 99:
        print(f"{t} {loss.item():.4g}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--steps", type=int, default=STEPS)
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()
    # The tutorial's 2000 points, made in float64 and cast: the float32 points `fit` uses
    x = torch.linspace(-math.pi, math.pi, 2000, dtype=torch.float64)
    x, y = x.float().to(args.device), torch.sin(x).float().to(args.device)
    a, b, c, d = train(x, y, start(args.seed, device=args.device), args.steps, LEARNING_RATE, log)
    print(f"Result: y = {a.item()} + {b.item()} x + {c.item()} x^2 + {d.item()} x^3")
