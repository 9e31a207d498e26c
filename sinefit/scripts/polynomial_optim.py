r"""Chapter 6, optim: chapter 5's model, updated by ``torch.optim.RMSprop`` instead of by hand.

The model is unchanged, ŷ = a + b·x + c·x² + d·x³ as ``Linear(3, 1)`` over (x, x², x³), and
so is the loss L = Σ(ŷ − y)². What changes is the update: ``optimizer.step()`` applies
RMSprop, which divides each coordinate's gradient gᵢ by the root of a running mean of gᵢ²,

    vᵢ ← α·vᵢ + (1 − α)·gᵢ²,   θᵢ ← θᵢ − lr · gᵢ / (√vᵢ + ε)   (α = 0.99, ε = 1e-8),

so every coordinate moves by about ``lr`` per step, however large or small its gradient.

This is the chapter's standalone script: ``python polynomial_optim.py [--seed N] [--steps N]
[--device cuda]`` needs only torch and prints the tutorial's log and result.
"""

import argparse
import math

import torch

STEPS = 2000


LEARNING_RATE = 1e-3


# --8<-- [start:model]
def start(seed=0, dtype=torch.float32, device="cpu"):
    """Chapter 5's layer, ``Sequential(Linear(3, 1), Flatten(0, 1))``, seeded as it is there.

    Built on the CPU in float32 under the CPU generator alone, inside ``fork_rng`` so nobody's
    random state changes, then moved: the start of chapter 5 for the same seed.
    """
    with torch.random.fork_rng(devices=[]):
        torch.default_generator.manual_seed(seed)
        model = torch.nn.Sequential(torch.nn.Linear(3, 1), torch.nn.Flatten(0, 1))
    return model.to(device=device, dtype=dtype)


# --8<-- [end:model]


# --8<-- [start:loop]
def train(x, y, model, steps, learning_rate, observe):
    """RMSprop on ``model``'s parameters; ``observe(t, loss)`` sees every loss."""
    xx = x.unsqueeze(-1).pow(torch.tensor([1, 2, 3], device=x.device))
    loss_fn = torch.nn.MSELoss(reduction="sum")
    optimizer = torch.optim.RMSprop(model.parameters(), lr=learning_rate)

    for t in range(steps):
        # Forward pass
        y_pred = model(xx)

        # Compute loss
        loss = loss_fn(y_pred, y)
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
    linear_layer = model[0]
    print(
        f"Result: y = {linear_layer.bias.item()} + {linear_layer.weight[:, 0].item()} x"
        f" + {linear_layer.weight[:, 1].item()} x^2 + {linear_layer.weight[:, 2].item()} x^3"
    )
