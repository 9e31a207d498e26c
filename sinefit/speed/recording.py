"""One run of every measurement, on every device here: the record the speed page is drawn from."""

from dataclasses import dataclass

import torch

from sinefit import data
from sinefit.speed import compiled, hardware, measure, traffic


@dataclass(frozen=True)
class Settings:
    """How much to measure: the full recording, or ``--quick``."""

    steps: int = measure.STEPS
    """Steps of every timed run; a multiple of 100, so each run's last step is one it logs."""
    repeats: int = 11
    """Timed runs of each variant, interleaved; the median is kept (2 cores are noisy)."""
    warmup: int = 1
    scaling_n: tuple[int, ...] = measure.SCALING_N
    scaling_repeats: int = 5
    compile: bool = True
    calls: int = 2_000
    """How many calls each per-call timing (powers, default device) makes per run."""
    quick: bool = False

    def __post_init__(self):
        if self.steps % measure.LOG_EVERY:
            raise ValueError(f"steps must be a multiple of {measure.LOG_EVERY}, got {self.steps}")


# A rough run in seconds: fewer steps, repeats and sizes, and no compilation (which alone
# takes longer than the rest)
QUICK = Settings(
    steps=200,
    repeats=3,
    scaling_n=measure.SCALING_N[:5],
    scaling_repeats=2,
    compile=False,
    calls=500,
    quick=True,
)


def _silent(_message) -> None:
    """Where progress goes unless the caller asks for it."""


def run(settings: Settings = Settings(), *, progress=_silent) -> dict:
    """Measure everything on this machine and return the record that the page is drawn from."""
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    record = {
        "machine": hardware.machine(),
        "settings": {
            "n": data.N,
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
        "default_device": {},
    }
    progress("NumPy powers")
    record["powers"] = measure.power_calls(calls=settings.calls, repeats=settings.repeats)
    for device in devices:
        progress(f"{device}: chapters")
        record["chapters"][device] = measure.measure_chapters(settings, device)
        progress(f"{device}: variants")
        record["variants"][device] = measure.measure_variants(settings, device)
        record["default_device"][device] = measure.default_device_overhead(
            device, calls=settings.calls, repeats=settings.repeats
        )
        progress(f"{device}: torch.compile")
        record["compile"][device] = compiled.measure_compile(settings, device)
        progress(f"{device}: step time against N")
        record["scaling"][device] = measure.measure_scaling(settings, device)
        record["bandwidth"][device] = hardware.bandwidths(device)
    if "cuda" in devices:
        record["crossover_n"] = traffic.crossover(
            record["scaling"]["cpu"], record["scaling"]["cuda"]
        )
    return record
