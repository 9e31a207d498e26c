"""Where the torch chapters run: device checks and the suite's default device.

``SINEFIT_DEVICE`` (``cpu`` unless set) is the device the pages and the test fixtures use,
so ``nox -s gpu`` can run every page on CUDA by setting it to ``cuda``.
"""

import os

import torch

ENVIRONMENT_VARIABLE = "SINEFIT_DEVICE"


def default() -> str:
    """The device named by ``SINEFIT_DEVICE``, or ``"cpu"``.

    >>> default() in ("cpu", "cuda")
    True
    """
    return os.environ.get(ENVIRONMENT_VARIABLE, "cpu").strip() or "cpu"


def resolve(device) -> torch.device:
    """Return ``device`` as a :class:`torch.device`, with a clear error if it cannot be used.

    >>> resolve("cpu")
    device(type='cpu')
    >>> resolve("tpu")
    Traceback (most recent call last):
    ...
    ValueError: device must be 'cpu', 'cuda', 'cuda:N' or a torch.device, got 'tpu'
    """
    try:
        device = torch.device(device)
    except (RuntimeError, TypeError):
        raise ValueError(
            f"device must be 'cpu', 'cuda', 'cuda:N' or a torch.device, got {device!r}"
        ) from None
    if device.type == "cuda":
        if not torch.cuda.is_available():
            raise ValueError(
                f"device={str(device)!r} was asked for, but this torch ({torch.__version__}) "
                "sees no CUDA GPU; use device='cpu'"
            )
        if device.index is not None and device.index >= torch.cuda.device_count():
            raise ValueError(
                f"device={str(device)!r} was asked for, but only "
                f"{torch.cuda.device_count()} CUDA device(s) are visible"
            )
    elif device.type != "cpu":
        raise ValueError(f"device must be 'cpu' or a CUDA device, got {str(device)!r}")
    return device


def dtype(value) -> torch.dtype:
    """Return ``value`` if it is a floating-point torch dtype (``None``: float32)."""
    if value is None:
        return torch.float32
    if not isinstance(value, torch.dtype) or not value.is_floating_point:
        raise ValueError(f"dtype must be a floating-point torch.dtype, got {value!r}")
    return value


def randn_start(seed: int, count: int, dtype: torch.dtype, device: torch.device):
    """Draw ``count`` scalars as the tutorial does after ``torch.manual_seed(seed)``.

    They are drawn on the CPU from a private generator, one ``torch.randn(())`` at a time
    in order, then moved to ``device``, so CPU and GPU runs start from the same numbers.
    """
    generator = torch.Generator().manual_seed(seed)
    return [torch.randn((), generator=generator, dtype=dtype).to(device) for _ in range(count)]
