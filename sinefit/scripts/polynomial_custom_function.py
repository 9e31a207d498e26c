r"""Chapter 4, new autograd Functions: fit y = a + b·P3(c + d·x) with a hand-written P3.

P3(u) = ½(5u³ − 3u) is the Legendre polynomial of degree three. ``LegendrePolynomial3``
computes it in ``forward`` and its derivative P3′(u) = 1.5(5u² − 1) in ``backward``;
autograd chains that derivative with the rest of the model. The model is still a cubic in
x, written in other coordinates: ``expand`` turns (a, b, c, d) into the cubic's own
coefficients, so the result can be held against the exact optimum.

This is the chapter's standalone script: ``python polynomial_custom_function.py [--steps N]
[--device cuda]`` needs only torch and prints the tutorial's log and result.
"""

import argparse
import math

import torch

STEPS = 2000


LEARNING_RATE = 5e-6


START = (0.0, -1.0, 0.0, 0.3)
"""The tutorial's start (a, b, c, d): b·P3(0.3·x) already rises and falls like sin(x)."""


# --8<-- [start:function]
class LegendrePolynomial3(torch.autograd.Function):
    """P3(u) = ½(5u³ − 3u), with its derivative P3′(u) = 1.5(5u² − 1) written by hand."""

    # backward is made of torch operations, so torch.func.vmap can batch it by itself
    generate_vmap_rule = True

    @staticmethod
    def forward(input):
        return 0.5 * (5 * input**3 - 3 * input)

    @staticmethod
    def setup_context(ctx, inputs, output):
        # backward needs u itself to evaluate P3'(u), so keep it.
        (input,) = inputs
        ctx.save_for_backward(input)

    @staticmethod
    def backward(ctx, grad_output):
        # Chain rule: dL/du = dL/dP3 · P3'(u).
        (input,) = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input**2 - 1)


# --8<-- [end:function]


# --8<-- [start:loop]
def start(values=START, dtype=torch.float32, device="cpu"):
    """(a, b, c, d) at ``values``, on ``device``, as leaves whose every use autograd records.

    A fixed point, not a random one: the chapter shows why the start must be near the answer.
    """
    return [torch.full((), v, dtype=dtype, device=device, requires_grad=True) for v in values]


def train(x, y, start, steps, learning_rate, observe):
    """Gradient descent on a + b·P3(c + d·x); ``observe(t, loss)`` sees every loss."""
    a, b, c, d = start
    P3 = LegendrePolynomial3.apply

    for t in range(steps):
        # Forward pass
        y_pred = a + b * P3(c + d * x)

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
    parser.add_argument("--steps", type=int, default=STEPS)
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()
    # The tutorial's 2000 points, made in float64 and cast: the float32 points `fit` uses
    x = torch.linspace(-math.pi, math.pi, 2000, dtype=torch.float64)
    x, y = x.float().to(args.device), torch.sin(x).float().to(args.device)
    a, b, c, d = train(x, y, start(device=args.device), args.steps, LEARNING_RATE, log)
    print(f"Result: y = {a.item()} + {b.item()} * P3({c.item()} + {d.item()} x)")
