r"""Chapter 5, nn: the cubic as a linear layer over the features (x, x², x³).

``torch.nn.Linear(3, 1)`` computes bias + weight · (x, x², x³), which is
y = a + b·x + c·x² + d·x³ with a the bias and (b, c, d) the weight; ``Flatten(0, 1)`` turns
its (N, 1) output into the N predictions. ``MSELoss(reduction="sum")`` is chapter 1's
L = Σ(ŷ − y)², autograd gives the gradients, and the update walks ``model.parameters()``.

This is the chapter's standalone script: ``python polynomial_nn.py [--seed N] [--steps N]
[--device cuda]`` needs only torch and prints the tutorial's log and result.
"""

import argparse
import math

import torch

STEPS = 2000


LEARNING_RATE = 1e-6


# --8<-- [start:model]
def features(x):
    """Return the (N, 3) tensor whose columns are x, x², x³ (the tutorial's ``xx``)."""
    p = torch.tensor([1, 2, 3], device=x.device)
    return x.unsqueeze(-1).pow(p)


def start(seed=0, dtype=torch.float32, device="cpu"):
    """Return ``Sequential(Linear(3, 1), Flatten(0, 1))`` initialised as ``seed`` gives.

    The layer is built on the CPU in float32 right after seeding, as the tutorial's script
    does after ``torch.manual_seed(seed)``, inside ``fork_rng`` so the caller's random state
    is left as it was; then it moves to ``dtype`` and ``device``. Every dtype and device
    thus starts from the tutorial's numbers.
    """
    with torch.random.fork_rng(devices=[]):
        # The CPU generator alone: torch.manual_seed would also reseed every GPU's.
        torch.default_generator.manual_seed(seed)
        model = torch.nn.Sequential(
            torch.nn.Linear(3, 1, dtype=torch.float32),
            torch.nn.Flatten(0, 1),
        )
    return model.to(device=device, dtype=dtype)


# --8<-- [end:model]


# --8<-- [start:loop]
def train(x, y, model, steps, learning_rate, observe):
    """Gradient descent on ``model``'s parameters; ``observe(t, loss)`` sees every loss."""
    xx = features(x)
    loss_fn = torch.nn.MSELoss(reduction="sum")

    for t in range(steps):
        # Forward pass
        y_pred = model(xx)

        # Compute loss
        loss = loss_fn(y_pred, y)
        observe(t, loss)

        # Backward pass
        model.zero_grad()
        loss.backward()

        # Update weights
        with torch.no_grad():
            for param in model.parameters():
                # -= on a tensor changes the parameter in place; it does not rebind the name
                param -= learning_rate * param.grad  # noqa: PLW2901

    return model


# --8<-- [end:loop]


# --8<-- [start:result]
def coefficients(model):
    """(a, b, c, d) of the trained model: the layer computes bias + weight @ (x, x², x³)."""
    linear_layer = model[0]
    a = linear_layer.bias[0].item()
    b, c, d = linear_layer.weight[0].tolist()
    return a, b, c, d


# --8<-- [end:result]


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
    a, b, c, d = coefficients(model)
    print(f"Result: y = {a} + {b} x + {c} x^2 + {d} x^3")
