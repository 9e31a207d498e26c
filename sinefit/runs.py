"""What every torch chapter's ``fit`` does before its loop: check, place, and watch.

Each ``fit`` starts with

    steps, learning_rate, seed, device, dtype, x, y, monitor = runs.prepare(locals())

so its loop can read like the tutorial's script while the arguments are checked in one place.
"""

from typing import NamedTuple

import torch

from sinefit import checks, devices, stability
from sinefit.result import Monitor


class Run(NamedTuple):
    """A torch chapter's checked arguments, its data on the device, and its Monitor."""

    steps: int
    learning_rate: float
    seed: int
    device: torch.device
    dtype: torch.dtype
    x: torch.Tensor
    y: torch.Tensor
    monitor: Monitor


def prepare(arguments: dict, *, cubic_bound: bool = True) -> Run:
    """Check ``fit``'s common keyword arguments (given as its ``locals()``) and set up the run.

    ``cubic_bound``: whether a divergence error should quote the largest stable learning rate
    of plain gradient descent on the cubic (1/λmax of VᵀV). Chapters whose optimiser or model
    that bound does not describe (RMSprop, the Legendre model, the dynamic net) pass False.
    """
    steps = checks.positive_int("steps", arguments["steps"])
    learning_rate = checks.learning_rate(arguments["learning_rate"])
    log_every = checks.positive_int("log_every", arguments["log_every"])
    log = checks.log(arguments["log"])
    seed = checks.seed(arguments["seed"])
    device = devices.resolve(arguments["device"])
    dtype = devices.dtype(arguments["dtype"])
    x, y = devices.problem(arguments["x"], arguments["y"], device, dtype)
    bound = None
    if cubic_bound:

        def bound():
            return stability.max_stable_learning_rate(x.cpu().double())

    monitor = Monitor(
        steps=steps, learning_rate=learning_rate, log_every=log_every, log=log, bound=bound
    )
    return Run(steps, learning_rate, seed, device, dtype, x, y, monitor)
