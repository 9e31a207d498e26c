r"""Chapter 2, tensors: chapter 1's hand-written loop on torch tensors, on CPU or GPU.

The mathematics is unchanged: ŷ = a + b·x + c·x² + d·x³, L = Σ(ŷ − y)², and the gradients
derived in chapter 1. Only the arrays change: torch tensors can live on a GPU, where every
operation of the loop runs without leaving the device.

This is the chapter's standalone script: ``python polynomial_tensor.py [--seed N] [--steps N]
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
