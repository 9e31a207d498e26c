r"""Chapter 5, nn: the cubic as a linear layer over the features (x, x², x³).

``torch.nn.Linear(3, 1)`` computes bias + weight · (x, x², x³), which is
y = a + b·x + c·x² + d·x³ with a the bias and (b, c, d) the weight; ``Flatten(0, 1)`` turns
its (N, 1) output into the N predictions. ``MSELoss(reduction="sum")`` is chapter 1's
L = Σ(ŷ − y)², autograd gives the gradients, and the update walks ``model.parameters()``.
"""

import torch

from sinefit import checks, devices, runs
from sinefit.result import Fit, finish_cubic


# --8<-- [start:model]
def features(x):
    """Return the (N, 3) tensor whose columns are x, x², x³ (the tutorial's ``xx``)."""
    p = torch.tensor([1, 2, 3], device=x.device)
    return x.unsqueeze(-1).pow(p)


def build_model(seed: int = 0, dtype=None, device="cpu") -> torch.nn.Sequential:
    """Return ``Sequential(Linear(3, 1), Flatten(0, 1))`` initialised as ``seed`` gives.

    The layer is built on the CPU in float32 right after seeding, as the tutorial's script
    does after ``torch.manual_seed(seed)``, inside ``fork_rng`` so the caller's random state
    is left as it was; then it moves to ``dtype`` and ``device``. Every dtype and device
    thus starts from the tutorial's numbers.
    """
    seed = checks.seed(seed)
    dtype = devices.dtype(dtype)
    device = devices.resolve(device)
    with torch.random.fork_rng(devices=[]):
        # The CPU generator alone: torch.manual_seed would also reseed every GPU's.
        torch.default_generator.manual_seed(seed)
        model = torch.nn.Sequential(
            torch.nn.Linear(3, 1, dtype=torch.float32),
            torch.nn.Flatten(0, 1),
        )
    return model.to(device=device, dtype=dtype)


# --8<-- [end:model]


def fit(
    *,
    steps: int = 2000,
    learning_rate: float = 1e-6,
    seed: int = 0,
    log_every: int = 100,
    log=None,
    device="cpu",
    dtype=None,
    x=None,
    y=None,
) -> Fit:
    """Train ``build_model(seed, dtype, device)`` by gradient descent; return the :class:`Fit`.

    ``fit.coefficients`` are (a, b, c, d) = (bias, weight[0], weight[1], weight[2]).

    >>> fit(steps=200, log=print).polynomial()
    99 582.7
    199 394.6
    'y = -0.3287 + 0.3339 x + 0.0567 x^2 - 0.0190 x^3'
    """
    steps, learning_rate, seed, device, dtype, x, y, monitor = runs.prepare(locals())

    # --8<-- [start:loop]
    xx = features(x)
    model = build_model(seed, dtype, device)
    loss_fn = torch.nn.MSELoss(reduction="sum")

    for t in range(steps):
        # Forward pass
        y_pred = model(xx)

        # Compute loss
        loss = loss_fn(y_pred, y)
        monitor.observe(t, loss.detach())

        # Backward pass
        model.zero_grad()
        loss.backward()

        # Update weights
        with torch.no_grad():
            for param in model.parameters():
                # -= on a tensor changes the parameter in place; it does not rebind the name
                param -= learning_rate * param.grad  # noqa: PLW2901
    # --8<-- [end:loop]

    # --8<-- [start:result]
    # The layer computes bias + weight @ (x, x², x³): a is the bias, (b, c, d) the weight
    linear_layer = model[0]
    a = linear_layer.bias.detach()[0]
    b, c, d = linear_layer.weight.detach()[0]
    # --8<-- [end:result]
    return finish_cubic((a, b, c, d), monitor, x, y)
