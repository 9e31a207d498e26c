r"""Chapter 9, linear regression step by step: fit f(x) = w·x to X = [1, 2, 3, 4], Y = 2·X.

The smallest problem with a training loop: one weight w, starting at 0, the mean squared
error L(w) = mean((w·x − y)²), whose gradient is dL/dw = mean(2x(w·x − y)), and gradient
descent with learning rate 0.01. The loop is written four times, each time handing one more
part to PyTorch: (1) everything by hand in NumPy; (2) the gradient from autograd;
(3) the loss from ``torch.nn.MSELoss`` and the update from ``torch.optim.SGD``; (4) the model
itself as ``torch.nn.Linear(1, 1)``, which brings a bias b and a random start. Every stage
predicts f(5) before training (0 for stages 1-3) and after (close to 10).
"""

import numpy as np

from sinefit import checks, line_fit
from sinefit.line_fit import History, LineFit, flag, gradient_name, points, tensors

X, Y, X_TEST, GRADIENTS = line_fit.X, line_fit.Y, line_fit.X_TEST, line_fit.GRADIENTS


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


def max_stable_learning_rate(x=None, *, bias: bool = False, gradient: str = "mean") -> float:
    """The largest learning rate for which gradient descent on this chapter's loss converges.

    L = mean((w·x [+ b] − y)²) is a quadratic with Hessian 2·G, where G = mean(x²) for a line
    through the origin and G = [[mean(x²), mean(x)], [mean(x), 1]] with a bias. Each step
    multiplies the error along an eigenvector of G (eigenvalue λ) by 1 − 2ηλ, so it converges
    exactly when η < 1/λmax. A summed gradient is N·∇L, which divides the bound by N.

    >>> print(f"{max_stable_learning_rate():.4f} {max_stable_learning_rate(gradient='sum'):.4f}")
    0.1333 0.0333
    """
    return 1.0 / max(_eigenvalues(x, bias=bias, gradient=gradient))


def step_factors(
    *, learning_rate: float = 0.01, x=None, bias: bool = False, gradient: str = "mean"
) -> tuple[float, ...]:
    """What one step multiplies the error by, along each eigenvector of G (see above).

    Slowest direction last. Where the factor is ρ, the error after t steps is ρᵗ times
    its start.

    >>> [round(rho, 4) for rho in step_factors()]
    [0.85]
    >>> [round(rho, 4) for rho in step_factors(bias=True)]
    [0.833, 0.997]
    """
    learning_rate = checks.learning_rate(learning_rate)
    factors = [abs(1 - 2 * learning_rate * lam) for lam in _eigenvalues(x, bias, gradient)]
    return tuple(sorted(factors))


def _eigenvalues(x, bias: bool, gradient: str) -> tuple[float, ...]:
    x, _ = points(x, x)
    bias = flag("bias", bias)
    scale = len(x) if gradient_name(gradient) == "sum" else 1
    if bias:
        G = np.array([[np.mean(x * x), np.mean(x)], [np.mean(x), 1.0]])
    else:
        G = np.array([[np.mean(x * x)]])
    return tuple(scale * float(lam) for lam in np.linalg.eigvalsh(G))


# An overflowing loss is reported by the Monitor as a DivergenceError naming the step;
# NumPy's own overflow warnings would only repeat it less precisely.
@np.errstate(over="ignore", invalid="ignore")
def numpy_by_hand(
    *,
    steps: int = 100,
    learning_rate: float = 0.01,
    gradient: str = "mean",
    log_every: int = 10,
    log=None,
    x=None,
    y=None,
) -> LineFit:
    """Stage 1: prediction, loss, gradient and update, all written by hand in NumPy.

    ``gradient="sum"`` uses :func:`summed_gradient` instead of :func:`mean_gradient`.

    >>> round(numpy_by_hand(steps=2, log_every=1, log=print).after, 3)
    step 0: w = 0.000, loss = 30.0000
    step 1: w = 0.300, loss = 21.6750
    2.775
    """
    gradient_of = mean_gradient if gradient_name(gradient) == "mean" else summed_gradient
    x, y = points(x, y)
    history = History(steps, learning_rate, log_every, log, x, bias=False, gradient=gradient)

    # --8<-- [start:numpy]
    w = 0.0
    before = w * X_TEST

    for t in range(steps):
        # Forward pass
        y_pred = w * x

        # Compute loss
        loss = np.mean((y_pred - y) ** 2)
        history.observe(t, loss, w)

        # Backward pass
        grad_w = gradient_of(x, y, y_pred)

        # Update weights
        w -= learning_rate * grad_w

    after = w * X_TEST
    # --8<-- [end:numpy]
    return history.result(before, after, w)


def autograd_gradient(
    *,
    steps: int = 100,
    learning_rate: float = 0.01,
    log_every: int = 10,
    log=None,
    device="cpu",
    dtype=None,
    x=None,
    y=None,
) -> LineFit:
    """Stage 2: autograd computes dL/dw; prediction, loss and update are still by hand.

    >>> round(autograd_gradient(steps=2, log_every=1, log=print).after, 3)
    step 0: w = 0.000, loss = 30.0000
    step 1: w = 0.300, loss = 21.6750
    2.775
    """
    import torch

    x, y, device, dtype = tensors(x, y, device, dtype)
    history = History(steps, learning_rate, log_every, log, x, bias=False)

    # --8<-- [start:autograd]
    w = torch.tensor(0.0, dtype=dtype, device=device, requires_grad=True)
    before = (w * X_TEST).item()

    for t in range(steps):
        # Forward pass
        y_pred = w * x

        # Compute loss
        loss = ((y_pred - y) ** 2).mean()
        history.observe(t, loss, w)

        # Backward pass
        loss.backward()

        # Update weights
        with torch.no_grad():
            w -= learning_rate * w.grad
        w.grad.zero_()

    after = (w * X_TEST).item()
    # --8<-- [end:autograd]
    return history.result(before, after, w)


def loss_and_optimizer(
    *,
    steps: int = 100,
    learning_rate: float = 0.01,
    log_every: int = 10,
    log=None,
    device="cpu",
    dtype=None,
    x=None,
    y=None,
) -> LineFit:
    """Stage 3: the loss is ``torch.nn.MSELoss``, the update ``torch.optim.SGD``.

    >>> round(loss_and_optimizer(steps=2, log_every=1, log=print).after, 3)
    step 0: w = 0.000, loss = 30.0000
    step 1: w = 0.300, loss = 21.6750
    2.775
    """
    import torch

    x, y, device, dtype = tensors(x, y, device, dtype)
    history = History(steps, learning_rate, log_every, log, x, bias=False)

    # --8<-- [start:optimizer]
    w = torch.tensor(0.0, dtype=dtype, device=device, requires_grad=True)
    before = (w * X_TEST).item()
    loss_fn = torch.nn.MSELoss()
    optimizer = torch.optim.SGD([w], lr=learning_rate)

    for t in range(steps):
        # Forward pass
        y_pred = w * x

        # Compute loss
        loss = loss_fn(y_pred, y)
        history.observe(t, loss, w)

        # Backward pass
        loss.backward()

        # Update weights
        optimizer.step()
        optimizer.zero_grad()

    after = (w * X_TEST).item()
    # --8<-- [end:optimizer]
    return history.result(before, after, w)


def linear_module(
    *,
    steps: int = 100,
    learning_rate: float = 0.01,
    seed: int = 0,
    bias: bool = True,
    log_every: int = 10,
    log=None,
    device="cpu",
    dtype=None,
    x=None,
    y=None,
) -> LineFit:
    """Stage 4: the model is ``torch.nn.Linear(1, 1)``, trained on (N, 1) column tensors.

    The layer draws its own starting w and b. With ``seed`` they are what the tutorial's
    script gets after ``torch.manual_seed(seed)``: the layer is built on the CPU under a
    forked RNG (the caller's random state is left as it was), then moved to ``device``.
    ``bias=False`` drops b, keeping the random start.

    >>> round(linear_module(steps=2, log_every=1, log=print).after, 3)
    step 0: w = -0.007, b = 0.536, loss = 25.1283
    step 1: w = 0.267, b = 0.626, loss = 17.4958
    3.178
    """
    import torch

    seed = checks.seed(seed)
    bias = flag("bias", bias)
    x, y, device, dtype = tensors(x, y, device, dtype)
    x, y = x.reshape(-1, 1), y.reshape(-1, 1)
    history = History(steps, learning_rate, log_every, log, x, bias=bias)

    # --8<-- [start:module]
    # Build the layer on the CPU under its own seed, then move it to the device
    with torch.random.fork_rng(devices=[]):
        # The CPU generator alone: torch.manual_seed would also reseed every GPU's
        torch.default_generator.manual_seed(seed)
        model = torch.nn.Linear(1, 1, bias=bias)
    model = model.to(device=device, dtype=dtype)
    x_test = torch.tensor([[X_TEST]], dtype=dtype, device=device)
    with torch.no_grad():
        before = model(x_test).item()
    loss_fn = torch.nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)

    for t in range(steps):
        # Forward pass
        y_pred = model(x)

        # Compute loss
        loss = loss_fn(y_pred, y)
        history.observe(t, loss, model.weight, model.bias)

        # Backward pass
        loss.backward()

        # Update weights
        optimizer.step()
        optimizer.zero_grad()

    with torch.no_grad():
        after = model(x_test).item()
    # --8<-- [end:module]
    return history.result(before, after, model.weight, model.bias)
