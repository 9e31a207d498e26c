r"""Chapter 3, autograd: the tensor loop with the backward pass left to PyTorch.

The model and loss are chapter 2's, ŷ = a + b·x + c·x² + d·x³ and L = Σ(ŷ − y)², but a, b,
c and d are created with ``requires_grad=True``. Autograd records every operation of the
forward pass, and ``loss.backward()`` walks that record backwards to fill ``a.grad`` …
``d.grad`` with ∂L/∂a … ∂L/∂d: the sums chapter 1 derived by hand.

This is the chapter's standalone script: ``python polynomial_autograd.py [--seed N] [--steps N]
[--device cuda]`` needs only torch and prints the tutorial's log and result.
"""

import argparse
import math

import torch

STEPS = 2000


LEARNING_RATE = 1e-6


# --8<-- [start:loop]
def start(seed=0, dtype=torch.float32, device="cpu"):
    """Chapter 2's (a, b, c, d), as leaves whose every use autograd records.

    Drawn on the CPU from a private generator as after ``torch.manual_seed(seed)``, then moved.
    """
    generator = torch.Generator().manual_seed(seed)
    start = [torch.randn((), generator=generator, dtype=dtype).to(device) for _ in range(4)]
    return [w.requires_grad_() for w in start]


def train(x, y, start, steps, learning_rate, observe):
    """Gradient descent with gradients from autograd; ``observe(t, loss)`` sees every loss."""
    a, b, c, d = start

    for t in range(steps):
        # Forward pass
        y_pred = a + b * x + c * x**2 + d * x**3

        # Compute loss
        loss = (y_pred - y).pow(2).sum()
        observe(t, loss)

        # Backward pass
        loss.backward()

        # Update weights
        with torch.no_grad():
            a -= learning_rate * a.grad
            b -= learning_rate * b.grad
            c -= learning_rate * c.grad
            d -= learning_rate * d.grad

            # backward() adds to .grad rather than overwriting it: clear it for the next step
            a.grad = None
            b.grad = None
            c.grad = None
            d.grad = None

    return a, b, c, d


# --8<-- [end:loop]


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
