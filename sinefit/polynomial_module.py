r"""Chapter 7, custom Modules: the cubic as a ``torch.nn.Module`` with four ``Parameter`` s.

``Polynomial3`` holds a, b, c and d as ``torch.nn.Parameter`` attributes; assigning a
Parameter to a Module registers it, so ``model.parameters()`` finds all four without being
told. ``forward`` computes ŷ = a + b·x + c·x² + d·x³, ``MSELoss(reduction="sum")`` gives
L = Σ(ŷ − y)², and ``torch.optim.SGD`` applies θ ← θ − lr·∇L, chapter 1's update.
"""

import torch

from sinefit import checks, devices, runs
from sinefit.result import Fit, finish_cubic, render


# --8<-- [start:module]
class Polynomial3(torch.nn.Module):
    """ŷ = a + b·x + c·x² + d·x³ with a, b, c, d as the Module's own parameters."""

    def __init__(self, seed: int = 0, dtype=None, device="cpu"):
        super().__init__()
        # Drawn as the tutorial draws them after torch.manual_seed(seed): four randn(()) on
        # the CPU, in order, from a private generator; then moved to the device
        a, b, c, d = devices.randn_start(
            checks.seed(seed), 4, devices.dtype(dtype), devices.resolve(device)
        )
        # Assigning a Parameter to an attribute registers it with the Module
        self.a = torch.nn.Parameter(a)
        self.b = torch.nn.Parameter(b)
        self.c = torch.nn.Parameter(c)
        self.d = torch.nn.Parameter(d)

    def forward(self, x):
        return self.a + self.b * x + self.c * x**2 + self.d * x**3

    def string(self, decimals: int = 4) -> str:
        """The polynomial as text, as the tutorial prints it at the end of a run."""
        values = (self.a.item(), self.b.item(), self.c.item(), self.d.item())
        return render(values, ("", " x", " x^2", " x^3"), decimals)


# --8<-- [end:module]


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
    """Train :class:`Polynomial3` with ``torch.optim.SGD`` and return the :class:`Fit`.

    With ``seed=0`` the start is the tutorial's after ``torch.manual_seed(0)``, and SGD
    without momentum is chapter 2's gradient descent, so the numbers are chapter 2's.

    >>> fit(steps=200, log=print).polynomial()
    99 3238
    199 2246
    'y = 1.3173 + 0.0503 x - 0.2273 x^2 + 0.0214 x^3'
    """
    steps, learning_rate, seed, device, dtype, x, y, monitor = runs.prepare(locals())

    # --8<-- [start:loop]
    model = Polynomial3(seed, dtype, device)
    criterion = torch.nn.MSELoss(reduction="sum")
    optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)

    for t in range(steps):
        # Forward pass
        y_pred = model(x)

        # Compute loss
        loss = criterion(y_pred, y)
        monitor.observe(t, loss.detach())

        # Backward pass
        optimizer.zero_grad()
        loss.backward()

        # Update weights
        optimizer.step()
    # --8<-- [end:loop]

    return finish_cubic([p.detach() for p in (model.a, model.b, model.c, model.d)], monitor, x, y)
