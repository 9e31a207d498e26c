r"""Chapter 9, linear regression step by step: fit f(x) = w·x to X = [1, 2, 3, 4], Y = 2·X.

The smallest problem with a training loop: one weight w, starting at 0, the mean squared
error L(w) = mean((w·x − y)²), whose gradient is dL/dw = mean(2x(w·x − y)), and gradient
descent with learning rate 0.01. The loop is written four times, each time handing one more
part to PyTorch: (1) everything by hand in NumPy; (2) the gradient from autograd;
(3) the loss from ``torch.nn.MSELoss`` and the update from ``torch.optim.SGD``; (4) the model
itself as ``torch.nn.Linear(1, 1)``, which brings a bias b and a random start. Every stage
predicts f(5) before training (0 for stages 1-3) and after (close to 10).

This is the chapter's standalone script: ``python linear_regression.py [--steps N] [--seed N]
[--device cuda]`` needs only NumPy and torch and prints each stage's log and f(5).
:mod:`sinefit.linear_regression` runs the same loops inside the package.
"""

import argparse

import numpy as np
import torch

STEPS = 100


LEARNING_RATE = 0.01


X = np.array([1.0, 2.0, 3.0, 4.0])  # the inputs


Y = 2 * X  # the targets: the best line is w = 2 (and b = 0)


X_TEST = 5.0  # where every stage predicts, before and after training: f(5) should become 10


# --8<-- [start:gradients]
def mean_gradient(x, y, y_pred):
    """dL/dw of L = mean((w·x − y)²), given y_pred = w·x: the mean of 2x(w·x − y)."""
    return np.mean(2 * x * (y_pred - y))


def summed_gradient(x, y, y_pred):
    """The gradient as some tutorials write it: N times dL/dw.

    ``np.dot`` has already added the N products up, so ``.mean()`` of that single number
    is the number itself: nothing divides by N.
    """
    return np.dot(2 * x, y_pred - y).mean()


# --8<-- [end:gradients]


# --8<-- [start:numpy]
def train_by_hand(x, y, w, steps, learning_rate, observe, gradient_of=mean_gradient):
    """Stage 1: NumPy alone, from the number ``w``; returns the trained w."""
    for t in range(steps):
        # Forward pass
        y_pred = w * x

        # Compute loss
        loss = np.mean((y_pred - y) ** 2)
        observe(t, loss, w)

        # Backward pass
        grad_w = gradient_of(x, y, y_pred)

        # Update weights
        w -= learning_rate * grad_w

    return w


# --8<-- [end:numpy]


# --8<-- [start:autograd]
def train_autograd(x, y, w, steps, learning_rate, observe):
    """Stage 2: ``w`` is a tensor with ``requires_grad=True``, updated in place."""
    for t in range(steps):
        # Forward pass
        y_pred = w * x

        # Compute loss
        loss = ((y_pred - y) ** 2).mean()
        observe(t, loss, w)

        # Backward pass
        loss.backward()

        # Update weights
        with torch.no_grad():
            w -= learning_rate * w.grad
        w.grad.zero_()

    return w


# --8<-- [end:autograd]


# --8<-- [start:optimizer]
def train_optimizer(x, y, w, steps, learning_rate, observe):
    """Stage 3: as stage 2, with the loss and the update from PyTorch."""
    loss_fn = torch.nn.MSELoss()
    optimizer = torch.optim.SGD([w], lr=learning_rate)

    for t in range(steps):
        # Forward pass
        y_pred = w * x

        # Compute loss
        loss = loss_fn(y_pred, y)
        observe(t, loss, w)

        # Backward pass
        loss.backward()

        # Update weights
        optimizer.step()
        optimizer.zero_grad()

    return w


# --8<-- [end:optimizer]


# --8<-- [start:module]
def start_model(seed=0, bias=True, dtype=torch.float32, device="cpu"):
    """``Linear(1, 1)`` as ``torch.manual_seed(seed)`` draws it on the CPU, then moved.

    Only the CPU generator is seeded (``torch.manual_seed`` would reseed every GPU's too),
    inside ``fork_rng``: nobody's random state changes.
    """
    with torch.random.fork_rng(devices=[]):
        torch.default_generator.manual_seed(seed)
        model = torch.nn.Linear(1, 1, bias=bias)
    return model.to(device=device, dtype=dtype)


def train_module(x, y, model, steps, learning_rate, observe):
    """Stage 4: the model from PyTorch too; ``x`` and ``y`` are (N, 1) columns."""
    loss_fn = torch.nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)

    for t in range(steps):
        # Forward pass
        y_pred = model(x)

        # Compute loss
        loss = loss_fn(y_pred, y)
        observe(t, loss, model.weight, model.bias)

        # Backward pass
        loss.backward()

        # Update weights
        optimizer.step()
        optimizer.zero_grad()

    return model


# --8<-- [end:module]


def at_x_test(model) -> float:
    """The model's f(5), without recording it for autograd."""
    with torch.no_grad():
        point = torch.full((1, 1), X_TEST, dtype=model.weight.dtype, device=model.weight.device)
        return model(point).item()


def log(t, loss, w, b=None):
    """Every tenth step: the w (and b) the step started from, and the loss there."""
    if t % 10 == 9:
        line = f"step {t}: w = {w.item():.3f}"  # .item(): a NumPy number or a tensor's value
        if b is not None:
            line += f", b = {b.item():.3f}"
        print(f"{line}, loss = {loss.item():.4f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=STEPS)
    parser.add_argument("--seed", type=int, default=0, help="stage 4's random start")
    parser.add_argument("--device", default="cpu", help="where stages 2 to 4 run")
    args = parser.parse_args()
    x = torch.tensor(X, dtype=torch.float32, device=args.device)
    y = torch.tensor(Y, dtype=torch.float32, device=args.device)
    print("Stage 1: everything by hand")
    w = train_by_hand(X, Y, 0.0, args.steps, LEARNING_RATE, log)
    print(f"f(5) before: {0.0:.3f}, after: {w * X_TEST:.3f}")
    for number, title, train in (
        (2, "the gradient from autograd", train_autograd),
        (3, "the loss and the optimizer from PyTorch", train_optimizer),
    ):
        print(f"Stage {number}: {title}")
        w = torch.tensor(0.0, device=args.device, requires_grad=True)
        train(x, y, w, args.steps, LEARNING_RATE, log)
        print(f"f(5) before: {0.0:.3f}, after: {(w * X_TEST).item():.3f}")
    print("Stage 4: the model from PyTorch")
    model = start_model(args.seed, device=args.device)
    before = at_x_test(model)
    train_module(x.reshape(-1, 1), y.reshape(-1, 1), model, args.steps, LEARNING_RATE, log)
    print(f"f(5) before: {before:.3f}, after: {at_x_test(model):.3f}")
