r"""Chapter 7, custom Modules: the cubic as a ``torch.nn.Module`` with four ``Parameter`` s.

``Polynomial3`` holds a, b, c and d as ``torch.nn.Parameter`` attributes; assigning a
Parameter to a Module registers it, so ``model.parameters()`` finds all four without being
told. ``forward`` computes ŷ = a + b·x + c·x² + d·x³, ``MSELoss(reduction="sum")`` gives
L = Σ(ŷ − y)², and ``torch.optim.SGD`` applies θ ← θ − lr·∇L, chapter 1's update.

This is the chapter's standalone script: ``python polynomial_module.py [--seed N] [--steps N]
[--device cuda]`` needs only torch and prints the tutorial's log and result.
"""

import argparse
import math

import torch

STEPS = 2000


LEARNING_RATE = 1e-6


# --8<-- [start:module]
class Polynomial3(torch.nn.Module):
    """ŷ = a + b·x + c·x² + d·x³ with a, b, c, d as the Module's own parameters."""

    def __init__(self, device=None, dtype=None):
        super().__init__()
        # The tutorial's four torch.randn(()); device and dtype are factory arguments, as
        # torch.nn.Linear takes them. Assigning a Parameter to an attribute registers it.
        factory = {"device": device, "dtype": dtype}
        self.a = torch.nn.Parameter(torch.randn((), **factory))
        self.b = torch.nn.Parameter(torch.randn((), **factory))
        self.c = torch.nn.Parameter(torch.randn((), **factory))
        self.d = torch.nn.Parameter(torch.randn((), **factory))

    def forward(self, x):
        return self.a + self.b * x + self.c * x**2 + self.d * x**3

    def string(self, decimals=4):
        """The polynomial as text, as the tutorial prints it at the end of a run."""
        a, b, c, d = (round(p.item(), decimals) + 0.0 for p in (self.a, self.b, self.c, self.d))
        text = f"y = {a:.{decimals}f} {'-' if b < 0 else '+'} {abs(b):.{decimals}f} x"
        text += f" {'-' if c < 0 else '+'} {abs(c):.{decimals}f} x^2"
        return text + f" {'-' if d < 0 else '+'} {abs(d):.{decimals}f} x^3"


# --8<-- [end:module]


def start(seed=0, dtype=torch.float32, device="cpu"):
    """The tutorial's model after ``torch.manual_seed(seed)``: drawn on the CPU, then moved.

    Drawing on the CPU gives every device the same four numbers; ``.to(device)`` moves the
    registered Parameters.
    """
    torch.manual_seed(seed)
    return Polynomial3(dtype=dtype).to(device)


# --8<-- [start:loop]
def train(x, y, model, steps, learning_rate, observe):
    """SGD on ``model``'s parameters; ``observe(t, loss)`` sees every loss."""
    criterion = torch.nn.MSELoss(reduction="sum")
    optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)

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
    model = train(x, y, start(args.seed, device=args.device), args.steps, LEARNING_RATE, log)
    print(f"Result: {model.string()}")
