"""The speed chapter's ``torch.compile`` measurement: one step of chapter 2, compiled.

The unit compiled is chapter 2's own ``train`` asked for one step: a loop of a single pass
traces to one graph, and each call carries the four numbers on to the next. Compiling the
whole 2000-step loop instead would unroll it into a graph 2000 steps long.
"""

import contextlib
import os
import tempfile

import torch

from sinefit import data, exact, polynomial_tensor
from sinefit.speed.clock import median_seconds, once_seconds
from sinefit.speed.measure import VARIANT_START, agrees, tensors

LEARNING_RATE = 1e-6  # chapter 2's


# --8<-- [start:step]
def one_step_at_a_time(train, x, y, start, steps):
    """Run ``steps`` steps of a chapter's ``train`` as ``steps`` calls of one step each.

    Each call starts where the last one stopped; ``train(x, y, start, 1, ...)`` is the unit
    that ``torch.compile`` optimises, traced once and reused at every step.
    """
    a, b, c, d = start
    for _ in range(steps):
        a, b, c, d = train(x, y, (a, b, c, d), 1, LEARNING_RATE, unprinted)
    return a, b, c, d


def unprinted(t, loss) -> None:
    """The observer of one-step calls: their only step is step 0, never one the tutorial prints."""


# --8<-- [end:step]


@contextlib.contextmanager
def empty_compile_cache():
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


def measure_compile(settings, device="cpu") -> dict:
    """``torch.compile`` of chapter 2's step: its first call (compiling) and its steady step."""
    if not settings.compile:
        return {"skipped": "not measured in a quick run"}
    with empty_compile_cache():
        return _measure_compile(settings, device)


def _measure_compile(settings, device) -> dict:
    x, y = data.torch_problem(device=device)
    torch._dynamo.reset()  # forget earlier compilations in this process
    compiled = torch.compile(polynomial_tensor.train)

    def run(train):
        return lambda: one_step_at_a_time(train, x, y, tensors(VARIANT_START, x), settings.steps)

    try:
        first_call = once_seconds(
            lambda: compiled(x, y, tensors(VARIANT_START, x), 1, LEARNING_RATE, unprinted),
            device=device,
        )
    except Exception as error:  # any failure to compile is itself the finding
        return {"failed": f"{type(error).__name__}: {str(error).splitlines()[0][:300]}"}
    runs = {"eager": run(polynomial_tensor.train), "compiled": run(compiled)}
    seconds = median_seconds(runs, repeats=settings.repeats, warmup=settings.warmup, device=device)
    points = data.numpy_problem()
    eager_loss = exact.loss(runs["eager"](), *points)
    compiled_loss = exact.loss(runs["compiled"](), *points)
    return {
        "first_call_s": first_call,
        "eager_step_us": seconds["eager"] / settings.steps * 1e6,
        "compiled_step_us": seconds["compiled"] / settings.steps * 1e6,
        "eager_loss": eager_loss,
        "compiled_loss": compiled_loss,
        "agrees": agrees(compiled_loss, eager_loss, "float32"),
    }
