"""The speed chapter's probes: what a record was measured on, and how fast its memory is."""

import datetime
import os
import platform

import numpy as np
import torch

from sinefit.speed.clock import median_seconds

# A copy this large overflows every CPU cache, so it times the main memory, not a cache.
CPU_COPY_N = 20_000_000
# A GPU's cache is larger and its memory far faster: a billion bytes keep the copy's launch
# cost a small part of its time.
CUDA_COPY_N = 250_000_000


def copy_n(device) -> int:
    """How many float32 numbers the bandwidth probes copy on ``device``."""
    return CUDA_COPY_N if torch.device(device).type == "cuda" else CPU_COPY_N


def copy_bandwidth(device="cpu", *, n: int = CPU_COPY_N, repeats: int = 5) -> float:
    """Measured memory bandwidth in bytes per second: a float32 copy of ``n`` numbers.

    A copy reads and writes every byte once, so it moves 2 × 4 × n bytes.
    """
    source = torch.ones(n, device=device)
    target = torch.empty_like(source)
    seconds = median_seconds({"copy": lambda: target.copy_(source)}, repeats=repeats, device=device)
    return 2 * source.element_size() * n / seconds["copy"]


def fresh_output_bandwidth(device="cpu", *, n: int = CPU_COPY_N, repeats: int = 5) -> float:
    """Bytes per second of ``x * 2.0``, whose output is a new array each time, as in eager code.

    It moves as many bytes as the copy; any difference is the cost of the fresh memory.
    """
    x = torch.ones(n, device=device)
    seconds = median_seconds({"multiply": lambda: x * 2.0}, repeats=repeats, device=device)
    return 2 * x.element_size() * n / seconds["multiply"]


def bandwidths(device="cpu", *, repeats: int = 5) -> dict:
    """Both probes on ``device``, and on a GPU its data-sheet bandwidth: the record's entry."""
    n = copy_n(device)
    found = {
        "measured_copy": copy_bandwidth(device, n=n, repeats=repeats),
        "fresh_output": fresh_output_bandwidth(device, n=n, repeats=repeats),
    }
    if torch.device(device).type == "cuda":
        found["peak"] = cuda_peak_bandwidth()
    return found


def cuda_peak_bandwidth() -> float | None:
    """The GPU's memory bandwidth from its data sheet values (bus width × clock × 2), if known.

    Older torch releases do not report the memory clock and bus width; then there is none.
    """
    props = torch.cuda.get_device_properties(0)
    clock_khz = getattr(props, "memory_clock_rate", 0)
    bus_bits = getattr(props, "memory_bus_width", 0)
    if not clock_khz or not bus_bits:
        return None
    return 2.0 * clock_khz * 1e3 * bus_bits / 8


def cpu_name() -> str:
    """The CPU's model name from /proc/cpuinfo where there is one, else what platform knows."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass  # not Linux: platform's answer is the best there is
    return platform.processor() or platform.machine()


def machine() -> dict:
    """What the numbers were measured on: CPU, cores, GPU, library versions, date."""
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu_name(),
        "cores": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "torch": torch.__version__,
    }
