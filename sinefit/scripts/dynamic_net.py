r"""Chapter 8, control flow and weight sharing: a polynomial whose order changes every pass.

``DynamicNet`` has five parameters a, b, c, d, e. Each forward pass computes the cubic
a + b·x + c·x² + d·x³ and then, in a plain Python loop whose length is drawn at random,
adds e·x⁴ (order 4) or e·x⁴ + e·x⁵ (order 5) or nothing (order 3), each with chance 1/3.
The one parameter e serves both extra terms: that is the weight sharing. Autograd records
whichever graph this pass built, so ``backward`` needs no special handling for either.
Training is ``torch.optim.SGD`` with lr 1e-8 and momentum 0.9 for 30 000 steps.

Because the order is random, each step descends the loss of one order drawn at random:
SGD on a random objective, which in expectation minimises the mean of the three losses

    L̄(a, b, c, d, e) = (L₃ + L₄ + L₅) / 3,   L_k = Σᵢ (ŷ_k(xᵢ) − yᵢ)².

``fit.loss`` is that mean, recomputed in float64 from the returned coefficients.

This is the chapter's standalone script: ``python dynamic_net.py [--seed N] [--steps N]
[--device cuda]`` needs only torch and prints the tutorial's log and result.
"""

import argparse
import math
import random

import torch

STEPS = 30_000


LEARNING_RATE = 1e-8


MOMENTUM = 0.9
"""The tutorial's momentum for this chapter."""


# --8<-- [start:module]
class DynamicNet(torch.nn.Module):
    """A cubic plus e·x⁴ and maybe e·x⁵, the highest order drawn anew on every forward pass."""

    def __init__(self, device=None, dtype=None, orders=None):
        super().__init__()
        # The tutorial's five torch.randn(()), a to e; device and dtype as torch.nn.Linear
        # takes them
        factory = {"device": device, "dtype": dtype}
        self.a = torch.nn.Parameter(torch.randn((), **factory))
        self.b = torch.nn.Parameter(torch.randn((), **factory))
        self.c = torch.nn.Parameter(torch.randn((), **factory))
        self.d = torch.nn.Parameter(torch.randn((), **factory))
        self.e = torch.nn.Parameter(torch.randn((), **factory))
        # Who draws the orders: Python's global random module, as in the tutorial, unless
        # a random.Random of your own makes them reproducible
        self.random = random if orders is None else orders

    def forward(self, x):
        y = self.a + self.b * x + self.c * x**2 + self.d * x**3
        # randint(4, 6) is 4, 5 or 6, so this loop adds nothing, e·x⁴, or e·x⁴ + e·x⁵:
        # the same parameter e, used once or twice (weight sharing)
        for exp in range(4, self.random.randint(4, 6)):
            y = y + self.e * x**exp
        return y

    def string(self):
        """The polynomial as the tutorial prints it; "?" marks the terms only some passes add."""
        a, b, c, d, e = (p.item() for p in (self.a, self.b, self.c, self.d, self.e))
        return f"y = {a} + {b} x + {c} x^2 + {d} x^3 + {e} x^4 ? + {e} x^5 ?"


# --8<-- [end:module]


def start(seed=0, dtype=torch.float32, device="cpu"):
    """The model after ``torch.manual_seed(seed)``, its orders drawn by ``random.Random(seed)``.

    The weights are drawn on the CPU and moved, so every device starts from the same numbers;
    the orders are plain Python, the same on every device.
    """
    torch.manual_seed(seed)
    return DynamicNet(dtype=dtype, orders=random.Random(seed)).to(device)


# --8<-- [start:loop]
def train(x, y, model, steps, learning_rate, observe):
    """SGD with momentum on ``model``'s parameters; ``observe(t, loss)`` sees every loss."""
    criterion = torch.nn.MSELoss(reduction="sum")
    optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate, momentum=MOMENTUM)

    for t in range(steps):
        # Forward pass
        y_pred = model(x)

        # Compute loss
        loss = criterion(y_pred, y)
        observe(t, loss)

        # Backward pass
        optimizer.zero_grad()
        loss.backward()

        # Update weights
        optimizer.step()

    return model


# --8<-- [end:loop]


def log(t, loss):
    """The tutorial's ``if t % 2000 == 1999: print(t, loss.item())``, in the package's format."""
    if t % 2000 == 1999:
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
    model = train(x, y, start(args.seed, device=args.device), args.steps, LEARNING_RATE, log)
    print(f"Result: {model.string()}")
