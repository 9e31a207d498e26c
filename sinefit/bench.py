r"""Chapter 12, speed: where the time of this problem goes, measured on the reader's machine.

Every chapter runs the same 2000 gradient-descent steps on N = 2000 points. This module times
them: each chapter's ``fit`` against the same loop written as a bare script (the tutorial's
own file), NumPy's generic ``x ** 3`` against multiplications, the cost of a default device,
the 4×4 Gram-matrix path (VᵀV and Vᵀy once, then O(1) work per step) and the closed form,
``torch.compile``, and the time of one step as N grows from 2·10³ to 2·10⁷ on the CPU and, where
there is one, a CUDA GPU. Every timing is the median of repeated runs after a warm-up, and every
variant's result is checked against the plain loop before its time is kept.

Run it with ``python -m sinefit.bench --out docs/data/bench-cpu.json`` (``--quick`` for a
short, rough run).
"""

import argparse
import contextlib
import datetime
import importlib
import itertools
import json
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from sinefit import data, exact
from sinefit.polynomial_custom_function import LegendrePolynomial3

DATA = Path(__file__).resolve().parent.parent / "docs" / "data"
"""Where the recorded runs live (``docs/data/bench-*.json`` in a checkout)."""

N = data.N
STEPS = 2000
LOG_EVERY = 100
SCALING_N = (2_000, 6_000, 20_000, 60_000, 200_000, 600_000, 2_000_000, 6_000_000, 20_000_000)
"""The sizes of the step-time-against-N curve: half decades from 2·10³ to 2·10⁷."""

SCALING_START = (0.0, 0.5, 0.0, -0.05)
"""Where the step-time runs start: near the answer, so no size makes them diverge."""

AGREEMENT = {"float64": 1e-9, "float32": 1e-4}
"""Relative tolerance on the final loss when a variant is compared with its reference."""


def _silent(*_args) -> None:
    """Where the bare scripts print: nowhere, at the same cost as a call to ``print``'s stand-in."""


# --8<-- [start:timing]
def median_seconds(runs: dict, *, repeats: int, warmup: int = 1, device: str = "cpu") -> dict:
    """Time each zero-argument callable in ``runs``; return the median seconds of each.

    The runs are interleaved (a, b, a, b, ...) after ``warmup`` untimed rounds, so a machine
    that slows down or speeds up during the measurement affects every variant alike. On a GPU
    the clock is read only after ``torch.cuda.synchronize()``: kernels run asynchronously,
    and without it we would time the launches, not the work.
    """
    sync = torch.cuda.synchronize if torch.device(device).type == "cuda" else _silent
    for _ in range(warmup):
        for run in runs.values():
            run()
    times = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            sync()
            start = time.perf_counter()
            run()
            sync()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


# --8<-- [end:timing]


# The bare scripts: each chapter's loop as the tutorial writes it, at the top level of a file.
# Each takes its data and starting values and returns the final parameters as floats.


# --8<-- [start:numpy_script]
def numpy_script(x, y, start, *, steps=STEPS, learning_rate=1e-6, log=_silent):
    """Chapter 1's loop as the tutorial's script writes it."""
    a, b, c, d = start
    for t in range(steps):
        # Forward pass
        y_pred = a + b * x + c * x**2 + d * x**3

        # Compute loss
        loss = np.square(y_pred - y).sum()
        if t % LOG_EVERY == LOG_EVERY - 1:
            log(t, loss)

        # Backward pass
        grad_y_pred = 2.0 * (y_pred - y)
        grad_a = grad_y_pred.sum()
        grad_b = (grad_y_pred * x).sum()
        grad_c = (grad_y_pred * x**2).sum()
        grad_d = (grad_y_pred * x**3).sum()

        # Update weights
        a -= learning_rate * grad_a
        b -= learning_rate * grad_b
        c -= learning_rate * grad_c
        d -= learning_rate * grad_d
    return float(a), float(b), float(c), float(d)


# --8<-- [end:numpy_script]


# --8<-- [start:numpy_powers]
def numpy_multiply_script(x, y, start, *, steps=STEPS, learning_rate=1e-6, log=_silent):
    """Chapter 1's loop with each power written as multiplications: ``x * x * x``."""
    a, b, c, d = start
    for t in range(steps):
        # Forward pass
        y_pred = a + b * x + c * (x * x) + d * (x * x * x)

        # Compute loss
        loss = np.square(y_pred - y).sum()
        if t % LOG_EVERY == LOG_EVERY - 1:
            log(t, loss)

        # Backward pass
        grad_y_pred = 2.0 * (y_pred - y)
        grad_a = grad_y_pred.sum()
        grad_b = (grad_y_pred * x).sum()
        grad_c = (grad_y_pred * (x * x)).sum()
        grad_d = (grad_y_pred * (x * x * x)).sum()

        # Update weights
        a -= learning_rate * grad_a
        b -= learning_rate * grad_b
        c -= learning_rate * grad_c
        d -= learning_rate * grad_d
    return float(a), float(b), float(c), float(d)


def numpy_powers_once_script(x, y, start, *, steps=STEPS, learning_rate=1e-6, log=_silent):
    """Chapter 1's loop with x² and x³ computed once, before the loop: they never change."""
    a, b, c, d = start
    x2 = x * x
    x3 = x2 * x
    for t in range(steps):
        # Forward pass
        y_pred = a + b * x + c * x2 + d * x3

        # Compute loss
        loss = np.square(y_pred - y).sum()
        if t % LOG_EVERY == LOG_EVERY - 1:
            log(t, loss)

        # Backward pass
        grad_y_pred = 2.0 * (y_pred - y)
        grad_a = grad_y_pred.sum()
        grad_b = (grad_y_pred * x).sum()
        grad_c = (grad_y_pred * x2).sum()
        grad_d = (grad_y_pred * x3).sum()

        # Update weights
        a -= learning_rate * grad_a
        b -= learning_rate * grad_b
        c -= learning_rate * grad_c
        d -= learning_rate * grad_d
    return float(a), float(b), float(c), float(d)


# --8<-- [end:numpy_powers]


def _scalars(start, x):
    return [torch.tensor(v, dtype=x.dtype, device=x.device) for v in start]


def _values(*tensors) -> tuple[float, ...]:
    return tuple(t.item() for t in tensors)


# --8<-- [start:tensor_script]
def tensor_script(
    x, y, start, *, steps=STEPS, learning_rate=1e-6, log=_silent, item_every_step=False
):
    """Chapter 2's loop; ``item_every_step`` reads the loss back to Python at every step."""
    a, b, c, d = _scalars(start, x)
    for t in range(steps):
        # Forward pass
        y_pred = a + b * x + c * x**2 + d * x**3

        # Compute loss
        loss = (y_pred - y).pow(2).sum()
        if item_every_step:
            loss_value = loss.item()  # waits for the device, every step
        if t % LOG_EVERY == LOG_EVERY - 1:
            log(t, loss_value if item_every_step else loss.item())

        # Backward pass
        grad_y_pred = 2.0 * (y_pred - y)
        grad_a = grad_y_pred.sum()
        grad_b = (grad_y_pred * x).sum()
        grad_c = (grad_y_pred * x**2).sum()
        grad_d = (grad_y_pred * x**3).sum()

        # Update weights
        a -= learning_rate * grad_a
        b -= learning_rate * grad_b
        c -= learning_rate * grad_c
        d -= learning_rate * grad_d
    return _values(a, b, c, d)


# --8<-- [end:tensor_script]


def autograd_script(x, y, start, *, steps=STEPS, learning_rate=1e-6, log=_silent):
    """Chapter 3's loop: autograd computes the gradients."""
    a, b, c, d = (v.requires_grad_() for v in _scalars(start, x))
    for t in range(steps):
        # Forward pass
        y_pred = a + b * x + c * x**2 + d * x**3

        # Compute loss
        loss = (y_pred - y).pow(2).sum()
        if t % LOG_EVERY == LOG_EVERY - 1:
            log(t, loss.item())

        # Backward pass
        loss.backward()

        # Update weights
        with torch.no_grad():
            a -= learning_rate * a.grad
            b -= learning_rate * b.grad
            c -= learning_rate * c.grad
            d -= learning_rate * d.grad
            a.grad = None
            b.grad = None
            c.grad = None
            d.grad = None
    return _values(a, b, c, d)


def custom_function_script(x, y, start, *, steps=STEPS, learning_rate=5e-6, log=_silent):
    """Chapter 4's loop: y = a + b·P3(c + d·x) through a custom autograd Function."""
    a, b, c, d = (v.requires_grad_() for v in _scalars(start, x))
    for t in range(steps):
        P3 = LegendrePolynomial3.apply

        # Forward pass
        y_pred = a + b * P3(c + d * x)

        # Compute loss
        loss = (y_pred - y).pow(2).sum()
        if t % LOG_EVERY == LOG_EVERY - 1:
            log(t, loss.item())

        # Backward pass
        loss.backward()

        # Update weights
        with torch.no_grad():
            a -= learning_rate * a.grad
            b -= learning_rate * b.grad
            c -= learning_rate * c.grad
            d -= learning_rate * d.grad
            a.grad = None
            b.grad = None
            c.grad = None
            d.grad = None
    return _values(a, b, c, d)


def _linear_model(start, x):
    """Sequential(Linear(3, 1), Flatten(0, 1)) holding bias a and weights (b, c, d)."""
    model = torch.nn.Sequential(torch.nn.Linear(3, 1), torch.nn.Flatten(0, 1))
    model.to(device=x.device, dtype=x.dtype)
    with torch.no_grad():
        model[0].bias.copy_(torch.tensor(start[:1], dtype=x.dtype))
        model[0].weight.copy_(torch.tensor([start[1:]], dtype=x.dtype))
    return model


def _linear_values(model) -> tuple[float, ...]:
    layer = model[0]
    return (layer.bias.item(), *layer.weight.detach().flatten().tolist())


def nn_script(x, y, start, *, steps=STEPS, learning_rate=1e-6, log=_silent):
    """Chapter 5's loop: an ``nn.Linear`` on the features (x, x², x³), updated by hand."""
    p = torch.tensor([1, 2, 3], device=x.device)
    xx = x.unsqueeze(-1).pow(p)
    model = _linear_model(start, x)
    loss_fn = torch.nn.MSELoss(reduction="sum")
    for t in range(steps):
        # Forward pass
        y_pred = model(xx)

        # Compute loss
        loss = loss_fn(y_pred, y)
        if t % LOG_EVERY == LOG_EVERY - 1:
            log(t, loss.item())

        # Backward pass
        model.zero_grad()
        loss.backward()

        # Update weights
        with torch.no_grad():
            for param in model.parameters():
                param -= learning_rate * param.grad  # noqa: PLW2901 (in place, as the tutorial)
    return _linear_values(model)


def optim_script(x, y, start, *, steps=STEPS, learning_rate=1e-3, log=_silent):
    """Chapter 6's loop: the same model, trained by ``torch.optim.RMSprop``."""
    p = torch.tensor([1, 2, 3], device=x.device)
    xx = x.unsqueeze(-1).pow(p)
    model = _linear_model(start, x)
    loss_fn = torch.nn.MSELoss(reduction="sum")
    optimizer = torch.optim.RMSprop(model.parameters(), lr=learning_rate)
    for t in range(steps):
        # Forward pass
        y_pred = model(xx)

        # Compute loss
        loss = loss_fn(y_pred, y)
        if t % LOG_EVERY == LOG_EVERY - 1:
            log(t, loss.item())

        # Backward pass
        optimizer.zero_grad()
        loss.backward()

        # Update weights
        optimizer.step()
    return _linear_values(model)


class Polynomial3(torch.nn.Module):
    """The cubic as a Module with four scalar Parameters, as the tutorial writes it."""

    def __init__(self, start):
        super().__init__()
        self.a, self.b, self.c, self.d = (torch.nn.Parameter(v) for v in start)

    def forward(self, x):
        return self.a + self.b * x + self.c * x**2 + self.d * x**3


def module_script(x, y, start, *, steps=STEPS, learning_rate=1e-6, log=_silent):
    """Chapter 7's loop: a custom Module, ``MSELoss(reduction="sum")`` and SGD."""
    model = Polynomial3(_scalars(start, x))
    criterion = torch.nn.MSELoss(reduction="sum")
    optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
    for t in range(steps):
        # Forward pass
        y_pred = model(x)

        # Compute loss
        loss = criterion(y_pred, y)
        if t % LOG_EVERY == LOG_EVERY - 1:
            log(t, loss.item())

        # Backward pass
        optimizer.zero_grad()
        loss.backward()

        # Update weights
        optimizer.step()
    return _values(model.a, model.b, model.c, model.d)


def legendre_loss(coefficients, x, y) -> float:
    """Sum of squared errors of y = a + b·P3(c + d·x), in float64 on the CPU."""
    x, y = (np.asarray(v.cpu() if hasattr(v, "cpu") else v, dtype=np.float64) for v in (x, y))
    a, b, c, d = coefficients
    z = c + d * x
    return float(np.square(a + b * 0.5 * (5 * z**3 - 3 * z) - y).sum())


def cubic_loss(coefficients, x, y) -> float:
    """Sum of squared errors of the cubic a + b·x + c·x² + d·x³, in float64 on the CPU."""
    x, y = (v.cpu().double() if hasattr(v, "cpu") else v for v in (x, y))
    return exact.loss(coefficients, x, y)


@dataclass(frozen=True)
class Chapter:
    """A chapter's module, its bare-script twin, and how its loss is measured."""

    module: str
    script: object
    learning_rate: float
    loss: object = cubic_loss
    uses_torch: bool = True


CHAPTERS = (
    Chapter("polynomial_numpy", numpy_script, 1e-6, uses_torch=False),
    Chapter("polynomial_tensor", tensor_script, 1e-6),
    Chapter("polynomial_autograd", autograd_script, 1e-6),
    Chapter("polynomial_custom_function", custom_function_script, 5e-6, loss=legendre_loss),
    Chapter("polynomial_nn", nn_script, 1e-6),
    Chapter("polynomial_optim", optim_script, 1e-3),
    Chapter("polynomial_module", module_script, 1e-6),
)
"""The chapters whose loops are timed, in the site's order."""


def chapter_module(name: str):
    """Import ``sinefit.<name>``, or return None if this checkout does not have it yet."""
    try:
        return importlib.import_module(f"sinefit.{name}")
    except ModuleNotFoundError as error:
        if error.name == f"sinefit.{name}":
            return None
        raise


def chapter_data(chapter: Chapter, n: int = N, device="cpu", dtype=torch.float32):
    """The shared problem as that chapter's ``fit`` builds it: arrays, or tensors on ``device``."""
    if not chapter.uses_torch:
        return data.numpy_problem(n)
    return data.torch_problem(n, device=device, dtype=dtype)


def fit_call(chapter: Chapter, module, *, steps, device="cpu", log_every=LOG_EVERY, **kwargs):
    """Call the chapter's ``fit`` with the tutorial's settings, logging every 100 steps."""
    kwargs = {"seed": 0, "learning_rate": chapter.learning_rate, **kwargs}
    if chapter.uses_torch:
        kwargs["device"] = device
    return module.fit(steps=steps, log_every=log_every, **kwargs)


def chapter_start(chapter: Chapter, module, device="cpu") -> tuple[float, ...]:
    """Where the chapter's ``fit`` starts with seed 0: one step at a learning rate of 1e-300."""
    return fit_call(chapter, module, steps=1, device=device, learning_rate=1e-300).coefficients


def relative_difference(value: float, reference: float) -> float:
    """|value − reference| / |reference|: how far a variant's loss is from its reference."""
    return abs(value - reference) / abs(reference)


# --8<-- [start:gram]
def gram_numpy_script(x, y, start, *, steps=STEPS, learning_rate=1e-6, log=_silent):
    """The same iterates from VᵀV and Vᵀy, with NumPy doing the 4×4 algebra at every step.

    L(θ) = θᵀGθ − 2hᵀθ + yᵀy with G = VᵀV and h = Vᵀy, so ∇L = 2(Gθ − h): once G, h and
    yᵀy are known, a step no longer touches the N points.
    """
    V = exact.vandermonde(x)
    G, h, yy = V.T @ V, V.T @ y, y @ y
    theta = np.array(start, dtype=np.float64)
    for t in range(steps):
        # Forward pass
        G_theta = G @ theta

        # Compute loss
        loss = theta @ G_theta - 2.0 * (h @ theta) + yy
        if t % LOG_EVERY == LOG_EVERY - 1:
            log(t, loss)

        # Backward pass
        grad = 2.0 * (G_theta - h)

        # Update weights
        theta = theta - learning_rate * grad
    return tuple(float(v) for v in theta)


def gram_floats_script(x, y, start, *, steps=STEPS, learning_rate=1e-6, log=_silent):
    """The same iterates as plain Python floats: θ ← Aθ + k, A = I − 2ηG and k = 2ηh.

    With four numbers, NumPy's cost per call (about a microsecond) outweighs the arithmetic,
    so the affine map is written out; the loss is computed only when it is logged.
    """
    V = exact.vandermonde(x)
    G, h, yy = V.T @ V, V.T @ y, float(y @ y)
    A = (np.eye(4) - 2.0 * learning_rate * G).tolist()
    k = (2.0 * learning_rate * h).tolist()
    (A0, A1, A2, A3), (k0, k1, k2, k3) = A, k
    a, b, c, d = (float(v) for v in start)
    for t in range(steps):
        if t % LOG_EVERY == LOG_EVERY - 1:
            # Compute loss
            theta = np.array([a, b, c, d])
            log(t, float(theta @ G @ theta - 2.0 * (h @ theta) + yy))

        # Update weights (the forward and backward passes are folded into A and k)
        a, b, c, d = (
            A0[0] * a + A0[1] * b + A0[2] * c + A0[3] * d + k0,
            A1[0] * a + A1[1] * b + A1[2] * c + A1[3] * d + k1,
            A2[0] * a + A2[1] * b + A2[2] * c + A2[3] * d + k2,
            A3[0] * a + A3[1] * b + A3[2] * c + A3[3] * d + k3,
        )
    return a, b, c, d


# --8<-- [end:gram]


# --8<-- [start:step]
def tensor_step(a, b, c, d, x, y, learning_rate: float):
    """One step of chapter 2's loop as a function: the unit ``torch.compile`` optimises."""
    # Forward pass
    y_pred = a + b * x + c * x**2 + d * x**3

    # Compute loss
    loss = (y_pred - y).pow(2).sum()

    # Backward pass
    grad_y_pred = 2.0 * (y_pred - y)
    grad_a = grad_y_pred.sum()
    grad_b = (grad_y_pred * x).sum()
    grad_c = (grad_y_pred * x**2).sum()
    grad_d = (grad_y_pred * x**3).sum()

    # Update weights
    return (
        a - learning_rate * grad_a,
        b - learning_rate * grad_b,
        c - learning_rate * grad_c,
        d - learning_rate * grad_d,
        loss,
    )


def step_script(x, y, start, *, step=tensor_step, steps=STEPS, learning_rate=1e-6, log=_silent):
    """Run ``step`` (eager, or compiled) ``steps`` times, logging like the tutorial."""
    a, b, c, d = _scalars(start, x)
    for t in range(steps):
        a, b, c, d, loss = step(a, b, c, d, x, y, learning_rate)
        if t % LOG_EVERY == LOG_EVERY - 1:
            log(t, loss.item())
    return _values(a, b, c, d)


# --8<-- [end:step]


# --8<-- [start:traffic]
# One eager step of chapter 2's loop, operation by operation: how many length-N arrays each
# reads and writes. Reductions (sum) write a single number, counted as nothing.
EAGER_STEP_TRAFFIC = (
    ("b * x", 1, 1),
    ("a + (b * x)", 1, 1),
    ("x**2", 1, 1),
    ("c * x**2", 1, 1),
    ("(...) + c * x**2", 2, 1),
    ("x**3", 1, 1),
    ("d * x**3", 1, 1),
    ("(...) + d * x**3 -> y_pred", 2, 1),
    ("y_pred - y", 2, 1),
    (".pow(2)", 1, 1),
    (".sum() -> loss", 1, 0),
    ("y_pred - y", 2, 1),
    ("2.0 * (...) -> grad_y_pred", 1, 1),
    ("grad_y_pred.sum()", 1, 0),
    ("grad_y_pred * x", 2, 1),
    (".sum()", 1, 0),
    ("x**2", 1, 1),
    ("grad_y_pred * x**2", 2, 1),
    (".sum()", 1, 0),
    ("x**3", 1, 1),
    ("grad_y_pred * x**3", 2, 1),
    (".sum()", 1, 0),
)
# Fused into one pass, a step must still read x and y once: the least any step can move.
FUSED_STEP_TRAFFIC = (("read x and y once", 2, 0),)


def step_bytes(n: int, itemsize: int = 4, traffic=EAGER_STEP_TRAFFIC) -> int:
    """Bytes one step moves to and from memory: arrays read and written × N × itemsize.

    >>> step_bytes(2000)  # eager float32: (29 reads + 17 writes) × 2000 × 4 bytes
    368000
    >>> step_bytes(2000, traffic=FUSED_STEP_TRAFFIC)
    16000
    """
    return sum(reads + writes for _, reads, writes in traffic) * n * itemsize


# --8<-- [end:traffic]


def copy_bandwidth(device="cpu", *, n: int = 20_000_000, repeats: int = 5) -> float:
    """Measured memory bandwidth in bytes per second: a float32 copy of ``n`` numbers.

    A copy reads and writes every byte once, so it moves 2 × 4 × n bytes.
    """
    source = torch.ones(n, device=device)
    target = torch.empty_like(source)
    seconds = median_seconds({"copy": lambda: target.copy_(source)}, repeats=repeats, device=device)
    return 2 * source.element_size() * n / seconds["copy"]


def fresh_output_bandwidth(device="cpu", *, n: int = 20_000_000, repeats: int = 5) -> float:
    """Bytes per second of ``x * 2.0``, whose output is a new array each time, as in eager code.

    It moves as many bytes as the copy; any difference is the cost of the fresh memory.
    """
    x = torch.ones(n, device=device)
    seconds = median_seconds({"multiply": lambda: x * 2.0}, repeats=repeats, device=device)
    return 2 * x.element_size() * n / seconds["multiply"]


def cuda_peak_bandwidth() -> float | None:
    """The GPU's memory bandwidth from its data sheet values (bus width × clock × 2), if known."""
    props = torch.cuda.get_device_properties(0)
    clock_khz = getattr(props, "memory_clock_rate", 0)
    bus_bits = getattr(props, "memory_bus_width", 0)
    if not clock_khz or not bus_bits:
        return None
    return 2.0 * clock_khz * 1e3 * bus_bits / 8


def machine() -> dict:
    """What the numbers were measured on: CPU, cores, GPU, library versions, date."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    gpu = torch.cuda.get_device_name(0) if torch.cuda.is_available() else None
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "gpu": gpu,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "torch": torch.__version__,
    }


@dataclass(frozen=True)
class Settings:
    """How much to measure: the full recording, or ``--quick``."""

    steps: int = STEPS
    repeats: int = 5
    warmup: int = 1
    scaling_n: tuple[int, ...] = SCALING_N
    scaling_repeats: int = 3
    compile: bool = True
    calls: int = 2_000
    """How many calls each per-call timing (powers, default device) makes per run."""
    quick: bool = False


QUICK = Settings(
    steps=200,
    repeats=3,
    scaling_n=SCALING_N[:5],
    scaling_repeats=2,
    compile=False,
    calls=500,
    quick=True,
)


def measure_chapters(settings: Settings, device="cpu") -> list[dict]:
    """Each chapter's ``fit`` against its bare script, and the reference loss they must reach."""
    rows = []
    for chapter in CHAPTERS:
        if device != "cpu" and not chapter.uses_torch:
            continue
        module = chapter_module(chapter.module)
        if module is None:
            rows.append(
                {
                    "chapter": chapter.module,
                    "skipped": f"sinefit.{chapter.module} is not written yet",
                }
            )
            continue
        start = chapter_start(chapter, module, device)
        x, y = chapter_data(chapter, device=device)
        results = {}

        def script(chapter=chapter, x=x, y=y, start=start, results=results):
            results["script"] = chapter.script(
                x, y, start, steps=settings.steps, learning_rate=chapter.learning_rate
            )

        def fit(chapter=chapter, module=module, results=results):
            results["fit"] = fit_call(
                chapter, module, steps=settings.steps, device=device, log=_silent
            ).coefficients

        seconds = median_seconds(
            {"script": script, "fit": fit},
            repeats=settings.repeats,
            warmup=settings.warmup,
            device=device,
        )
        script_loss = chapter.loss(results["script"], x, y)
        fit_loss = chapter.loss(results["fit"], x, y)
        dtype = "float64" if not chapter.uses_torch else "float32"
        rows.append(
            {
                "chapter": chapter.module,
                "script_s": seconds["script"],
                "fit_s": seconds["fit"],
                "ratio": seconds["fit"] / seconds["script"],
                "script_loss": script_loss,
                "fit_loss": fit_loss,
                "agrees": relative_difference(fit_loss, script_loss) <= AGREEMENT[dtype],
            }
        )
    return rows


def measure_variants(settings: Settings, device="cpu") -> dict:
    """The loop's variants at N = 2000, each checked against the plain loop's final loss."""
    start = (0.1, 0.2, 0.3, 0.05)
    x, y = data.numpy_problem()
    xt, yt = data.torch_problem(device=device)
    outcome = {}
    numpy_runs = {
        "numpy x**3": lambda: numpy_script(x, y, start, steps=settings.steps),
        "numpy x*x*x": lambda: numpy_multiply_script(x, y, start, steps=settings.steps),
        "numpy powers once": lambda: numpy_powers_once_script(x, y, start, steps=settings.steps),
        "gram numpy": lambda: gram_numpy_script(x, y, start, steps=settings.steps),
        "gram floats": lambda: gram_floats_script(x, y, start, steps=settings.steps),
        "closed form": lambda: exact.solve(x, y).coefficients,
    }
    torch_runs = {
        "tensor": lambda: tensor_script(xt, yt, start, steps=settings.steps),
        "tensor .item() every step": lambda: tensor_script(
            xt, yt, start, steps=settings.steps, item_every_step=True
        ),
        "tensor, default device set": lambda: _with_default_device(
            device, lambda: tensor_script(xt, yt, start, steps=settings.steps)
        ),
    }
    if device == "cpu":
        seconds = median_seconds(numpy_runs, repeats=settings.repeats, warmup=settings.warmup)
        reference = cubic_loss(numpy_script(x, y, start, steps=settings.steps), x, y)
        for name, run in numpy_runs.items():
            loss = cubic_loss(run(), x, y)
            expected = exact.solve(x, y).loss if name == "closed form" else reference
            outcome[name] = _variant(seconds[name], loss, expected, "float64", settings)
    seconds = median_seconds(
        torch_runs, repeats=settings.repeats, warmup=settings.warmup, device=device
    )
    reference = cubic_loss(tensor_script(xt, yt, start, steps=settings.steps), xt, yt)
    for name, run in torch_runs.items():
        loss = cubic_loss(run(), xt, yt)
        outcome[name] = _variant(seconds[name], loss, reference, "float32", settings)
    return outcome


def _variant(seconds, loss, reference, dtype, settings) -> dict:
    return {
        "seconds": seconds,
        "step_us": seconds / settings.steps * 1e6,
        "loss": loss,
        "reference_loss": reference,
        "agrees": relative_difference(loss, reference) <= AGREEMENT[dtype],
    }


# --8<-- [start:default_device]
def _with_default_device(device, run):
    """Run ``run()`` with ``device`` as torch's default device, and restore the previous state.

    ``with torch.device(device):`` installs the same ``DeviceContext`` mode that
    ``torch.set_default_device`` installs, and removes it on the way out; that mode intercepts
    every torch call made from Python, which is where its per-call cost comes from.
    """
    with torch.device(device):
        return run()


def default_device_overhead(device="cpu", *, calls: int = 2_000, repeats: int = 5) -> dict:
    """Seconds per call of a tiny torch operation, without and with a default device set."""
    s = torch.ones((), device=device)

    def plain():
        for _ in range(calls):
            s + s

    seconds = median_seconds(
        {"plain": plain, "default device": lambda: _with_default_device(device, plain)},
        repeats=repeats,
        device=device,
    )
    return {name: value / calls for name, value in seconds.items()}


# --8<-- [end:default_device]


def power_calls(*, calls: int = 2_000, repeats: int = 5) -> dict:
    """Seconds per call of NumPy's ``x**3``, ``x*x*x`` and ``x**2`` on the 2000 points."""
    x, _ = data.numpy_problem()
    runs = {
        "x**3": lambda: [x**3 for _ in range(calls)],
        "x*x*x": lambda: [x * x * x for _ in range(calls)],
        "x**2": lambda: [x**2 for _ in range(calls)],
        "x*x": lambda: [x * x for _ in range(calls)],
    }
    return {name: value / calls for name, value in median_seconds(runs, repeats=repeats).items()}


@contextlib.contextmanager
def _empty_compile_cache():
    """Point Inductor's (and Triton's) on-disk cache at an empty folder, then restore it.

    Compiled code is cached on disk across processes, so without this the "first call" of a
    second benchmark run would time a cache lookup, not a compilation.
    """
    names = ("TORCHINDUCTOR_CACHE_DIR", "TRITON_CACHE_DIR")
    saved = {name: os.environ.get(name) for name in names}
    with tempfile.TemporaryDirectory(prefix="sinefit-compile-") as empty:
        os.environ["TORCHINDUCTOR_CACHE_DIR"] = empty
        os.environ["TRITON_CACHE_DIR"] = os.path.join(empty, "triton")
        try:
            yield
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


def measure_compile(settings: Settings, device="cpu") -> dict:
    """``torch.compile`` of :func:`tensor_step`: its first call (compiling) and its steady step."""
    if not settings.compile:
        return {"skipped": "not measured in a quick run"}
    with _empty_compile_cache():
        return _measure_compile(settings, device)


def _measure_compile(settings: Settings, device) -> dict:
    start = (0.1, 0.2, 0.3, 0.05)
    x, y = data.torch_problem(device=device)
    torch._dynamo.reset()  # forget earlier compilations in this process
    compiled = torch.compile(tensor_step)
    try:
        sync = torch.cuda.synchronize if torch.device(device).type == "cuda" else _silent
        begin = time.perf_counter()
        step_script(x, y, start, step=compiled, steps=1)
        sync()
        first_call = time.perf_counter() - begin
    except Exception as error:  # any failure to compile is itself the finding
        return {"failed": f"{type(error).__name__}: {str(error).splitlines()[0][:300]}"}
    runs = {
        "eager": lambda: step_script(x, y, start, steps=settings.steps),
        "compiled": lambda: step_script(x, y, start, step=compiled, steps=settings.steps),
    }
    seconds = median_seconds(runs, repeats=settings.repeats, warmup=settings.warmup, device=device)
    eager_loss = cubic_loss(runs["eager"](), x, y)
    compiled_loss = cubic_loss(runs["compiled"](), x, y)
    return {
        "first_call_s": first_call,
        "eager_step_us": seconds["eager"] / settings.steps * 1e6,
        "compiled_step_us": seconds["compiled"] / settings.steps * 1e6,
        "eager_loss": eager_loss,
        "compiled_loss": compiled_loss,
        "agrees": relative_difference(compiled_loss, eager_loss) <= AGREEMENT["float32"],
    }


def measure_scaling(settings: Settings, device="cpu") -> list[dict]:
    """Seconds per step of chapter 2's loop (float32) for each N, with its memory traffic."""
    rows = []
    for n in settings.scaling_n:
        x, y = data.torch_problem(n, device=device)
        steps = max(2, min(100, 2_000_000 // n))
        seconds = median_seconds(
            {"run": lambda x=x, y=y, steps=steps: tensor_script(x, y, SCALING_START, steps=steps)},
            repeats=settings.scaling_repeats,
            device=device,
        )
        rows.append(
            {
                "n": n,
                "step_s": seconds["run"] / steps,
                "eager_bytes": step_bytes(n),
                "fused_bytes": step_bytes(n, traffic=FUSED_STEP_TRAFFIC),
            }
        )
        del x, y
    return rows


def crossover(cpu: list[dict], gpu: list[dict]) -> float | None:
    """The N where the GPU's step becomes faster than the CPU's, interpolated in log-log.

    >>> cpu = [{"n": 1000, "step_s": 1e-5}, {"n": 10000, "step_s": 1e-4}]
    >>> gpu = [{"n": 1000, "step_s": 1e-4}, {"n": 10000, "step_s": 1e-5}]
    >>> round(crossover(cpu, gpu))
    3162
    """
    pairs = [(c["n"], math.log(g["step_s"] / c["step_s"])) for c, g in zip(cpu, gpu, strict=True)]
    if pairs[0][1] < 0:
        return float(pairs[0][0])
    for (n0, r0), (n1, r1) in itertools.pairwise(pairs):
        if r1 < 0 <= r0:
            fraction = r0 / (r0 - r1)
            return math.exp(math.log(n0) + fraction * (math.log(n1) - math.log(n0)))
    return None


def run(settings: Settings = Settings(), *, progress=_silent) -> dict:
    """Measure everything on this machine and return the record that the page is drawn from."""
    targets = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    record = {
        "machine": machine(),
        "settings": {
            "n": N,
            "steps": settings.steps,
            "repeats": settings.repeats,
            "warmup": settings.warmup,
            "scaling_repeats": settings.scaling_repeats,
            "quick": settings.quick,
        },
        "chapters": {},
        "variants": {},
        "compile": {},
        "scaling": {},
        "bandwidth": {},
    }
    progress("NumPy powers")
    record["powers"] = power_calls(calls=settings.calls, repeats=settings.repeats)
    for device in targets:
        progress(f"{device}: chapters")
        record["chapters"][device] = measure_chapters(settings, device)
        progress(f"{device}: variants")
        record["variants"][device] = measure_variants(settings, device)
        record.setdefault("default_device", {})[device] = default_device_overhead(
            device, calls=settings.calls, repeats=settings.repeats
        )
        progress(f"{device}: torch.compile")
        record["compile"][device] = measure_compile(settings, device)
        progress(f"{device}: step time against N")
        record["scaling"][device] = measure_scaling(settings, device)
        copy_n = 250_000_000 if device == "cuda" else 20_000_000
        record["bandwidth"][device] = {
            "measured_copy": copy_bandwidth(device, n=copy_n),
            "fresh_output": fresh_output_bandwidth(device, n=copy_n),
        }
    if "cuda" in targets:
        record["bandwidth"]["cuda"]["peak"] = cuda_peak_bandwidth()
        record["crossover_n"] = crossover(record["scaling"]["cpu"], record["scaling"]["cuda"])
    return record


def load(name: str = "bench-cpu.json") -> dict:
    """Read a recorded run from ``docs/data`` (or from any path)."""
    path = Path(name) if Path(name).is_absolute() or Path(name).exists() else DATA / name
    with open(path, encoding="utf-8") as file:
        return json.load(file)


# Turning a record into the page's tables.


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:.1f} µs"


def describe_machine(record: dict) -> str:
    """One paragraph: where and when the record was measured."""
    m = record["machine"]
    return (
        f"{m['date']}: {m['cpu']} ({m['cores']} cores, torch uses {m['torch_threads']} threads), "
        f"GPU: {m['gpu'] or 'none'}; Python {m['python']}, NumPy {m['numpy']}, "
        f"torch {m['torch']}; {record['settings']['steps']} steps, median of "
        f"{record['settings']['repeats']} runs after {record['settings']['warmup']} warm-up"
    )


def chapter_table(record: dict, device: str = "cpu") -> str:
    """Per-step time of each chapter's ``fit`` and of its bare script, and their ratio."""
    steps = record["settings"]["steps"]
    lines = [f"{'chapter':28} {'script/step':>12} {'fit/step':>12} {'fit/script':>10}"]
    for row in record["chapters"][device]:
        if "skipped" in row:
            lines.append(f"{row['chapter']:28} skipped: {row['skipped']}")
            continue
        lines.append(
            f"{row['chapter']:28} {_us(row['script_s'] / steps):>12} "
            f"{_us(row['fit_s'] / steps):>12} {row['ratio']:>10.2f}"
        )
    return "\n".join(lines)


def variant_table(record: dict, device: str = "cpu") -> str:
    """Per-step time of the loop's variants, and the time of the whole run."""
    lines = [f"{'variant':28} {'per step':>12} {'whole run':>12}"]
    for name, row in record["variants"][device].items():
        per_step = "" if name == "closed form" else _us(row["step_us"] / 1e6)
        lines.append(f"{name:28} {per_step:>12} {row['seconds'] * 1e3:>9.3f} ms")
    return "\n".join(lines)


def scaling_table(record: dict, device: str = "cpu") -> str:
    """Step time against N, beside the least time the step's memory traffic needs.

    ``eager bound``: the bytes of :data:`EAGER_STEP_TRAFFIC` at the measured copy bandwidth;
    ``fused bound``: x and y read once, at that bandwidth. A step near its bound is limited
    by memory; far above it, by something else (launches, Python, cores).
    """
    bandwidth = record["bandwidth"][device]["measured_copy"]
    lines = [f"{'N':>10} {'step':>12} {'traffic':>10} {'eager bound':>12} {'fused bound':>12}"]
    lines.extend(
        f"{row['n']:>10} {_us(row['step_s']):>12} {row['eager_bytes'] / 1e6:>7.1f} MB "
        f"{_us(row['eager_bytes'] / bandwidth):>12} {_us(row['fused_bytes'] / bandwidth):>12}"
        for row in record["scaling"][device]
    )
    lines.append(f"measured copy bandwidth: {bandwidth / 1e9:.1f} GB/s")
    peak = record["bandwidth"][device].get("peak")
    if peak:
        lines[-1] += f" (data sheet: {peak / 1e9:.0f} GB/s)"
    fresh = record["bandwidth"][device]["fresh_output"]
    lines.append(f"the same bytes, written to a newly allocated array: {fresh / 1e9:.1f} GB/s")
    return "\n".join(lines)


def gpu_report(name: str = "bench-gpu.json") -> str:
    """The GPU's part of a recording made on a machine with one, or a note that there is none."""
    if not (DATA / name).exists() and not Path(name).exists():
        return (
            "No GPU recording yet: on a machine with a CUDA GPU, run\n"
            f"python -m sinefit.bench --out docs/data/{name}"
        )
    record = load(name)
    if "cuda" not in record["scaling"]:
        return f"{name} was recorded without a GPU"
    found = record.get("crossover_n")
    where = (
        f"the GPU's step is faster than the CPU's from N = {found:,.0f}"
        if found
        else "the GPU's step is not faster than the CPU's at any measured N"
    )
    return "\n\n".join(
        [
            describe_machine(record),
            chapter_table(record, "cuda"),
            variant_table(record, "cuda"),
            scaling_table(record, "cuda"),
            f"{where} (CPU: {record['machine']['cpu']})",
        ]
    )


def targets(record: dict) -> str:
    """The issue's two targets, measured side by side in the same run on the CPU."""
    variants = record["variants"]["cpu"]
    lines = []
    for name in ("gram floats", "gram numpy"):
        speedup = variants["numpy x**3"]["seconds"] / variants[name]["seconds"]
        verdict = "met" if speedup >= 100 else "missed"
        lines.append(
            f"{name} against the tutorial's NumPy loop: {speedup:,.0f}x faster ({verdict})"
        )
    for row in record["chapters"]["cpu"]:
        if "skipped" not in row:
            verdict = "met" if row["ratio"] <= 1.1 else "missed"
            lines.append(f"{row['chapter']}: fit / bare script = {row['ratio']:.2f} ({verdict})")
    return "\n".join(lines)


def main(argv=None) -> int:
    """The command line: ``python -m sinefit.bench --out FILE [--quick]``."""
    parser = argparse.ArgumentParser(prog="python -m sinefit.bench", description=__doc__)
    parser.add_argument("--out", type=Path, help="write the record to this JSON file")
    parser.add_argument("--quick", action="store_true", help="fewer steps, repeats and sizes")
    arguments = parser.parse_args(argv)
    began = time.perf_counter()

    def progress(message):
        print(f"[{time.perf_counter() - began:6.1f} s] {message}", file=sys.stderr, flush=True)

    record = run(QUICK if arguments.quick else Settings(), progress=progress)
    record["settings"]["wall_s"] = round(time.perf_counter() - began, 1)
    print(describe_machine(record))
    for device in record["chapters"]:
        print(f"\n{device}\n{chapter_table(record, device)}\n\n{variant_table(record, device)}")
        print(f"\n{scaling_table(record, device)}")
    print(f"\n{targets(record)}")
    if arguments.out is not None:
        arguments.out.parent.mkdir(parents=True, exist_ok=True)
        arguments.out.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        print(f"\nwritten to {arguments.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
