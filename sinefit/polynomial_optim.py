r"""Chapter 6, optim: chapter 5's model, updated by ``torch.optim.RMSprop`` instead of by hand.

The model is unchanged, ŷ = a + b·x + c·x² + d·x³ as ``Linear(3, 1)`` over (x, x², x³), and
so is the loss L = Σ(ŷ − y)². What changes is the update: ``optimizer.step()`` applies
RMSprop, which divides each coordinate's gradient gᵢ by the root of a running mean of gᵢ²,

    vᵢ ← α·vᵢ + (1 − α)·gᵢ²,   θᵢ ← θᵢ − lr · gᵢ / (√vᵢ + ε)   (α = 0.99, ε = 1e-8),

so every coordinate moves by about ``lr`` per step, however large or small its gradient.

This file is also the chapter's script: ``python polynomial_optim.py [--seed N] [--steps N]
[--device cuda]`` needs only torch and prints the tutorial's log and result.
"""

import argparse
import math

import numpy as np
import torch

STEPS = 2000
LEARNING_RATE = 1e-3

CYCLES = {"a, b, c, d": (1, 1, 1, 1), "b, d": (0, 1, 0, 1)}
"""Which coefficients jump in each two-step cycle RMSprop can end in (1: jumps, 0: still)."""


def cycle_losses(learning_rate: float = 1e-3, x=None, y=None) -> dict[str, float]:
    """Return the loss at each of RMSprop's two-step cycles about the optimum, in float64.

    In a cycle, each coefficient that moves jumps by ``learning_rate`` every step, from
    θ* + δ to θ* − δ and back, with δ = (learning_rate/2)·s for s in :data:`CYCLES`. The loss
    there is L* + δᵀVᵀVδ: at the optimum the gradient vanishes, so only the quadratic
    term is left, and it is the same at θ* + δ and θ* − δ.

    >>> {name: f"{loss:.4f}" for name, loss in cycle_losses().items()}
    {'a, b, c, d': '8.9208', 'b, d': '8.9072'}
    """
    from sinefit import checks, data, exact  # here, not above: the script runs without sinefit

    learning_rate = checks.learning_rate(learning_rate)
    x, y = data.given(x, y)
    best = exact.solve(x, y)
    gram = exact.vandermonde(x).T @ exact.vandermonde(x)
    losses = {}
    for name, pattern in CYCLES.items():
        delta = learning_rate / 2 * np.array(pattern, dtype=np.float64)
        losses[name] = best.loss + float(delta @ gram @ delta)
    return losses


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


# --8<-- [start:fit]
def fit(
    *, steps=STEPS, learning_rate=LEARNING_RATE, seed=0, log_every=100, log=None,
    device="cpu", dtype=None, x=None, y=None,
):  # fmt: skip
    """Train chapter 5's model with RMSprop and return the :class:`sinefit.Fit`.

    ``fit.coefficients`` are (a, b, c, d) = (bias, weight[0], weight[1], weight[2]), read
    from the layer by chapter 5's ``coefficients``.

    >>> fit(steps=300, log=print).polynomial()
    99 2.48e+04
    199 1.098e+04
    299 4140
    'y = -0.3551 + 0.3385 x + 0.0699 x^2 - 0.1356 x^3'
    """
    from sinefit import polynomial_nn, runs  # here, not above: the script runs without sinefit

    # No bound is offered when a run fails: gradient descent's 1/λmax does not apply to
    # RMSprop, whose step is about learning_rate per coordinate whatever the curvature.
    x, y = runs.problem(x, y, device, dtype)
    monitor = runs.Monitor(steps, learning_rate, log_every, log)
    model = train(
        x, y, start(runs.seed(seed), x.dtype, x.device), steps, learning_rate, monitor.observe
    )
    return runs.finish(polynomial_nn.coefficients(model), monitor, x, y)


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
    model = train(x, y, start(args.seed, device=args.device), args.steps, LEARNING_RATE, log)
    linear_layer = model[0]
    print(
        f"Result: y = {linear_layer.bias.item()} + {linear_layer.weight[:, 0].item()} x"
        f" + {linear_layer.weight[:, 1].item()} x^2 + {linear_layer.weight[:, 2].item()} x^3"
    )
