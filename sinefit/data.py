"""The shared problem: N = 2000 evenly spaced points x in [-π, π] and y = sin(x).

Every chapter fits its model to these points unless the caller passes its own.
"""

import math

import numpy as np

from sinefit import checks

N = 2000
"""How many points the tutorial uses."""


def numpy_problem(n: int = N) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(x, y)`` as float64 NumPy arrays of length ``n``.

    >>> x, y = numpy_problem()
    >>> x.shape, float(x[0]) == -math.pi, float(x[-1]) == math.pi
    ((2000,), True, True)
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(f"n must be an integer of at least 2, got {n!r}")
    x = np.linspace(-math.pi, math.pi, n)
    return x, np.sin(x)


def torch_problem(n: int = N, *, device=None, dtype=None):
    """Return ``(x, y)`` as torch tensors of length ``n`` on ``device``.

    The points are made on the CPU and then moved, so every device fits exactly
    the same numbers (a GPU's ``linspace`` may differ from the CPU's in the last bit).

    >>> x, y = torch_problem()
    >>> x.shape, x.dtype
    (torch.Size([2000]), torch.float32)
    """
    import torch

    x_np, y_np = numpy_problem(n)
    dtype = torch.float32 if dtype is None else dtype
    x = torch.from_numpy(x_np).to(dtype=dtype)
    y = torch.from_numpy(y_np).to(dtype=dtype)
    return x.to(device), y.to(device)


def given(x=None, y=None, default=numpy_problem) -> tuple[np.ndarray, np.ndarray]:
    """The caller's ``x, y`` checked (as float64 arrays), or ``default()`` when both are None.

    >>> given([0.0, 1.0], None)
    Traceback (most recent call last):
    ...
    ValueError: pass both x and y, or neither
    """
    if x is None and y is None:
        return default()
    if x is None or y is None:
        raise ValueError("pass both x and y, or neither")
    return checks.samples(x, y)
