"""The speed chapter's clock: medians of interleaved runs, read after the device has finished."""

import statistics
import time

import torch

WARMUP = 1
"""Untimed rounds before the clock starts: a first call pays for imports, allocation, caches."""


def synchronizer(device):
    """What to call before reading the clock on ``device``: nothing on the CPU.

    CUDA kernels run asynchronously, so on a GPU the clock must wait for the queue to drain,
    or it would time how fast Python queues kernels, not how fast the GPU runs them.
    """
    if torch.device(device).type == "cuda":
        return torch.cuda.synchronize
    return _nothing


def _nothing() -> None:
    """The CPU's synchronisation: its operations have finished when they return."""


# --8<-- [start:timing]
def median_seconds(runs: dict, *, repeats: int, warmup: int = WARMUP, device="cpu") -> dict:
    """Time each zero-argument callable in ``runs``; return the median seconds of each.

    The runs are interleaved (a, b, a, b, ...) after ``warmup`` untimed rounds, so a machine
    that slows down or speeds up during the measurement affects every variant alike.
    """
    sync = synchronizer(device)
    for _ in range(warmup):
        for run in runs.values():
            run()
    times = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            times[name].append(_seconds(run, sync))
    return {name: statistics.median(values) for name, values in times.items()}


def _seconds(run, sync) -> float:
    """One timed call: the device is idle when the clock starts, and done when it stops."""
    sync()
    start = time.perf_counter()
    run()
    sync()
    return time.perf_counter() - start


# --8<-- [end:timing]


def once_seconds(run, *, device="cpu") -> float:
    """Seconds of a single call of ``run``, with no warm-up: for what happens only once."""
    return _seconds(run, synchronizer(device))
