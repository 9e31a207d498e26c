"""Argument checks shared by every ``fit``: each error names the argument at fault."""

import math
import numbers

import numpy as np


def positive_int(name: str, value) -> int:
    """Return ``value`` if it is an integer of at least 1, else raise naming ``name``.

    >>> positive_int("steps", 0)
    Traceback (most recent call last):
    ...
    ValueError: steps must be a positive integer, got 0
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive integer, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def seed(value) -> int:
    """Return ``value`` if it is a usable seed (an integer in [0, 2**32)), else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"seed must be an integer, got {value!r}")
    if not 0 <= value < 2**32:
        raise ValueError(f"seed must be in [0, 2**32), got {value!r}")
    return int(value)


def learning_rate(value, name: str = "learning_rate") -> float:
    """Return ``value`` as a float if it is finite and positive, else raise.

    >>> learning_rate(float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: learning_rate must be a finite number > 0, got nan
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a finite number > 0, got {value!r}")
    value = float(value)
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return value


def log(value):
    """Return ``value`` if it is ``None`` or callable (``print``, ``logger.info``, ...)."""
    if value is not None and not callable(value):
        raise TypeError(f"log must be a callable such as print, or None; got {value!r}")
    return value


def array(value) -> np.ndarray:
    """``value`` (numbers, a NumPy array, or a torch tensor on any device) as float64 NumPy.

    >>> array([1, 2]).dtype
    dtype('float64')
    """
    if hasattr(value, "detach"):  # a torch tensor: it may need grad or live on a GPU
        value = value.detach().cpu().double()
    return np.asarray(value, dtype=np.float64)


def samples(x, y) -> tuple[np.ndarray, np.ndarray]:
    """Return ``x, y`` as 1-D float64 arrays after checking their shape and values.

    >>> samples([0.0, 1.0], [0.0])
    Traceback (most recent call last):
    ...
    ValueError: x and y must have the same length, got 2 and 1
    """
    x_arr, y_arr = array(x), array(y)
    for name, arr in (("x", x_arr), ("y", y_arr)):
        if arr.ndim != 1:
            raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if len(x_arr) != len(y_arr):
        raise ValueError(f"x and y must have the same length, got {len(x_arr)} and {len(y_arr)}")
    if len(x_arr) == 0:
        raise ValueError("x and y must not be empty")
    for name, arr in (("x", x_arr), ("y", y_arr)):
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must hold only finite numbers (no NaN or inf)")
    return x_arr, y_arr
