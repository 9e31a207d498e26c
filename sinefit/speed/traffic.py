"""The speed chapter's memory-traffic model: how many bytes one step of chapter 2 must move.

Dividing those bytes by a measured main-memory bandwidth estimates the step's time if every
byte went to and from main memory. It is not a lower bound (data in the CPU's caches move
faster); a step far above it is limited by something else (calls, Python, cores).
"""

import itertools
import math

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


def crossover(cpu: list[dict], gpu: list[dict]) -> float | None:
    """The N where the GPU's step becomes faster than the CPU's, interpolated in log-log.

    ``cpu`` and ``gpu`` are the rows of the step-time curve (``n``, ``step_s``) at the same N.

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
