"""The speed chapter's report: a recorded run read back and printed as the page's tables.

Every function takes a record (what :func:`sinefit.speed.recording.run` returns, or
:func:`load` reads) and returns text. The recordings the chapter prints ship with the package
in ``sinefit/speed/recordings/`` (:func:`recorded`), so its code runs from any folder.
"""

import json
from importlib import resources
from pathlib import Path

# The targets the chapter holds its measurements against. The Gram path replaces the
# O(N) work of a step by O(1), so at N = 2000 it should win by orders of magnitude, not by
# a factor; and a chapter's fit (argument checks, a Monitor) should cost little beside the
# arithmetic it wraps.
GRAM_SPEEDUP_TARGET = 100  # at least this many times faster than the tutorial's NumPy loop
FIT_RATIO_TARGET = 1.1  # fit's time at most this many times its bare script's


def load(path) -> dict:
    """Read a recorded run from the JSON file at ``path``, as ``--out`` wrote it."""
    with open(path, encoding="utf-8") as file:
        return json.load(file)


def recording(name: str) -> Path:
    """Where the package keeps the recording ``name`` ("bench-cpu", "bench-gpu"); it may not
    exist yet (a GPU recording is made only on a machine with a GPU)."""
    if not name.replace("-", "").isalnum():
        raise ValueError(f"a recording's name is letters, digits and '-', got {name!r}")
    return Path(str(resources.files("sinefit.speed") / "recordings" / f"{name}.json"))


def recorded(name: str = "bench-cpu") -> dict:
    """The recording ``name`` that ships with the package, read by :func:`load`."""
    return load(recording(name))


def save(record: dict, path) -> None:
    """Write a record as :func:`load` reads it, making the folder if needed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


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
    lines.extend(
        f"{row['chapter']:28} {_us(row['script_s'] / steps):>12} "
        f"{_us(row['fit_s'] / steps):>12} {row['ratio']:>10.2f}"
        for row in record["chapters"][device]
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
    """Step time against N, beside what its memory traffic would take from main memory.

    ``eager est.``: the bytes of ``traffic.EAGER_STEP_TRAFFIC`` at the measured copy
    bandwidth; ``fused est.``: x and y read once, at that bandwidth. Estimates, not bounds:
    data served from the CPU's caches move faster, and a step can beat them. A step far above
    its estimate is limited by something else (launches, Python, cores, fresh memory).
    """
    bandwidth = record["bandwidth"][device]["measured_copy"]
    lines = [f"{'N':>10} {'step':>12} {'traffic':>10} {'eager est.':>12} {'fused est.':>12}"]
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


def gpu_report(path) -> str:
    """The GPU's part of the recording at ``path``, or what to run where there is none yet."""
    path = Path(path)
    if not path.exists():
        return (
            "No GPU recording yet, so nothing about GPUs is measured here. On a machine with a "
            "CUDA GPU, run\nnox -s bench -- --gpu"
        )
    record = load(path)
    if "cuda" not in record["scaling"]:
        return f"{path.name} was recorded without a GPU"
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
    """The chapter's two targets, each against the measurements of one run on the CPU."""
    variants = record["variants"]["cpu"]
    lines = []
    for name in ("gram floats", "gram numpy"):
        speedup = variants["numpy x**3"]["seconds"] / variants[name]["seconds"]
        verdict = "met" if speedup >= GRAM_SPEEDUP_TARGET else "missed"
        lines.append(
            f"{name} against the tutorial's NumPy loop: {speedup:,.0f}x faster "
            f"(target: at least {GRAM_SPEEDUP_TARGET}x; {verdict})"
        )
    for row in record["chapters"]["cpu"]:
        verdict = "met" if row["ratio"] <= FIT_RATIO_TARGET else "missed"
        lines.append(
            f"{row['chapter']}: fit / bare script = {row['ratio']:.2f} "
            f"(target: at most {FIT_RATIO_TARGET:g}; {verdict})"
        )
    return "\n".join(lines)
