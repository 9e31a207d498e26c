"""Where the torch chapters run: device checks and the suite's default device.

A chapter runs on the CPU or on the accelerator this torch was built for, whichever
``torch.accelerator`` reports: CUDA, MPS on a Mac, XPU, ... ``SINEFIT_DEVICE`` (``cpu``
unless set) is the device the pages and the test fixtures use, so ``nox -s gpu`` can run
every page on CUDA by setting it to ``cuda``.
"""

import os

import torch

ENVIRONMENT_VARIABLE = "SINEFIT_DEVICE"


def default() -> str:
    """The device named by ``SINEFIT_DEVICE``, or ``"cpu"``.

    >>> resolve(default()).type == default().partition(":")[0]
    True
    """
    return os.environ.get(ENVIRONMENT_VARIABLE, "cpu").strip() or "cpu"


# How an error names a missing device type; any other type is named by its own name.
LABELS = {"cuda": "CUDA GPU", "mps": "MPS (Apple GPU) device", "xpu": "XPU (Intel GPU) device"}


def available() -> list[str]:
    """The devices this torch can run on: ``"cpu"``, then its accelerator's, if it has one.

    ``torch.accelerator`` names the one accelerator type this build of torch was made for
    (CUDA, MPS on a Mac, XPU, ...) and how many such devices are present.

    >>> available()[0]
    'cpu'
    """
    accelerator = torch.accelerator.current_accelerator(check_available=True)
    if accelerator is None:
        return ["cpu"]
    count = torch.accelerator.device_count()
    numbered = [f"{accelerator.type}:{index}" for index in range(count)] if count > 1 else []
    return ["cpu", accelerator.type, *numbered]


def resolve(device) -> torch.device:
    """Return ``device`` as a :class:`torch.device`, with a clear error if it cannot be used.

    Any device type torch knows is accepted where this torch has it: ``"cpu"`` always, and
    the accelerator that ``torch.accelerator`` reports (``"cuda"``, ``"mps"``, ``"xpu"``, ...).

    >>> resolve("cpu")
    device(type='cpu')
    >>> resolve("tpu")
    Traceback (most recent call last):
    ...
    ValueError: device must be 'cpu', an accelerator such as 'cuda', ... got 'tpu'
    """
    try:
        device = torch.device(device)
    except (RuntimeError, TypeError):
        raise ValueError(
            "device must be 'cpu', an accelerator such as 'cuda', 'cuda:N', 'mps' or 'xpu', "
            f"or a torch.device, got {device!r}"
        ) from None
    if device.type == "cpu":
        return device
    present = available()
    use = " or ".join(f"device={name!r}" for name in present)
    accelerator = torch.accelerator.current_accelerator(check_available=True)
    if accelerator is None or accelerator.type != device.type:
        label = LABELS.get(device.type, f"{device.type!r} device")
        raise ValueError(
            f"device={str(device)!r} was asked for, but this torch ({torch.__version__}) "
            f"sees no {label}; use {use}"
        )
    count = torch.accelerator.device_count()
    if device.index is not None and device.index >= count:
        raise ValueError(
            f"device={str(device)!r} was asked for, but only {count} {device.type} "
            f"device(s) are visible; use {use}"
        )
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
