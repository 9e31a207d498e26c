"""What a chapter's ``fit`` puts around its script's ``train``: the data, the start, the result.

A torch chapter's ``fit`` is these few lines around the loop its page shows::

    x, y = runs.problem(x, y, device, dtype)
    monitor = Monitor(steps, learning_rate, log_every, log, bound=runs.cubic_bound(x))
    a, b, c, d = train(x, y, start(checks.seed(seed), x.dtype, x.device), steps, ...)
    return runs.finish((a, b, c, d), monitor, x, y)

Each argument is checked where it is used: the data and device here, the step count,
learning rate and logger by the :class:`sinefit.result.Monitor`.
"""

import torch

from sinefit import checks, data, devices, exact, stability
from sinefit.result import Fit, Monitor


def problem(x, y, device, dtype) -> tuple[torch.Tensor, torch.Tensor]:
    """The data as tensors of ``dtype`` on ``device``: the shared problem, or the caller's.

    Both are made on the CPU in float64 and then moved, so every device fits the same numbers.
    """
    device, dtype = devices.resolve(device), devices.dtype(dtype)
    x, y = data.given(x, y)
    return torch.as_tensor(x, dtype=dtype).to(device), torch.as_tensor(y, dtype=dtype).to(device)


def cubic_bound(x):
    """For a divergence error: the largest stable learning rate of gradient descent on the cubic.

    Returned as a callable because only a failed run needs it (1/λmax of VᵀV, see
    :mod:`sinefit.stability`).
    """
    return lambda: stability.max_stable_learning_rate(checks.array(x))


def finish(coefficients, monitor: Monitor, x, y, loss_of=exact.loss) -> Fit:
    """A run's :class:`Fit`: its coefficients as floats, its history, and its checked final loss.

    ``coefficients`` are floats or 0-d tensors in the chapter's own order. The final loss is
    ``loss_of(coefficients, x, y)`` recomputed on the CPU in float64 from the returned numbers,
    so it is exactly the loss of what the caller gets, whatever the device or dtype of the run.
    """
    coefficients = tuple(float(checks.array(v)) for v in coefficients)
    final = loss_of(coefficients, checks.array(x), checks.array(y))
    monitor.check(monitor.steps, final)
    return Fit(coefficients=coefficients, history=monitor.history, loss=final)
