"""Chapter 12: what the benchmark times is what it claims to time; no timing is asserted."""

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_leaves

from sinefit import chapters, data, exact, polynomial_numpy, polynomial_tensor
from sinefit.speed import compiled, measure, recording, report, traffic, variants

TINY = recording.Settings(
    steps=100,  # the fewest that still log one loss for the fit-against-script check
    repeats=1,
    warmup=0,
    scaling_n=(2_000, 6_000),
    scaling_repeats=1,
    compile=False,
    calls=20,
)

START = (0.4, -0.3, 0.2, 0.1)
SHORT = 30
"""Steps for the one-step-at-a-time check: far enough from the start, few enough to be quick."""


@pytest.fixture(scope="module")
def tiny_record():
    """One run of every measurement at the smallest settings: shared, as it takes seconds."""
    return recording.run(TINY)


def _float64_problem():
    x = np.linspace(-math.pi, math.pi, 200)
    return x, np.sin(x)


def _logged(train, x, y, start, steps=300, learning_rate=1e-5):
    """The (t, loss) pairs a loop hands its observer at the tutorial's printing steps."""
    seen = []

    def observe(t, loss):
        if t % measure.LOG_EVERY == measure.LOG_EVERY - 1:
            seen.append((t, float(loss)))

    result = train(x, y, start, steps, learning_rate, observe)
    return result, seen


def _torch_train(train):
    """A torch loop as a NumPy-data loop: float64 tensors in, float64 tensors updated in place."""

    def run(x, y, start, steps, learning_rate, observe):
        x, y = torch.from_numpy(x), torch.from_numpy(y)
        start = [torch.tensor(v, dtype=torch.float64) for v in start]
        return train(x, y, start, steps, learning_rate, observe)

    return run


GRADIENT_DESCENT_VARIANTS = {
    "numpy x*x*x": variants.numpy_powers,
    "numpy powers once": variants.numpy_powers_once,
    "gram numpy": variants.gram_numpy,
    "gram floats": variants.gram_floats,
    "tensor": _torch_train(polynomial_tensor.train),
    "tensor, default device set": lambda *arguments: measure.with_default_device(
        "cpu", lambda: _torch_train(polynomial_tensor.train)(*arguments)
    ),
}


@pytest.mark.parametrize("name", GRADIENT_DESCENT_VARIANTS)
def test_every_variant_follows_chapter_1s_iterates(name):
    """In float64 each variant logs chapter 1's losses and ends at its final loss, to 1e-9."""
    x, y = _float64_problem()
    reference, reference_log = _logged(polynomial_numpy.train, x, y, START)
    assert exact.loss(reference, x, y) < 0.1 * exact.loss(START, x, y)  # far from the start
    result, log = _logged(GRADIENT_DESCENT_VARIANTS[name], x, y, START)
    assert [t for t, _ in log] == [99, 199, 299]
    assert [v for _, v in log] == pytest.approx([v for _, v in reference_log], rel=1e-9)
    assert exact.loss(result, x, y) == pytest.approx(exact.loss(reference, x, y), rel=1e-9)


def test_the_closed_form_is_where_the_gram_iterates_go():
    x, y = _float64_problem()
    far = variants.gram_floats(x, y, START, 200_000, 2e-5, measure.Printed())
    assert exact.loss(far, x, y) == pytest.approx(exact.solve(x, y).loss, rel=1e-9)


def test_the_printed_observer_reads_the_loss_as_the_tutorial_prints_it():
    printed = measure.Printed()
    for t in range(250):
        printed(t, torch.tensor(float(t)))
    assert printed.last == 199.0
    every_step = measure.Printed(every_step=True)
    every_step(0, torch.tensor(1.0))
    assert every_step.last is None  # read, but not a printing step


@pytest.mark.parametrize("chapter", chapters.FITS, ids=lambda chapter: chapter.stem)
def test_a_chapters_fit_prints_what_its_bare_script_prints(chapter, device, tiny_record):
    """The fit-against-script ratio is fair only if both run the same iterates."""
    if not chapter.torch and device != "cpu":
        pytest.skip("the NumPy chapter runs on the CPU only")
    rows = {row["chapter"]: row for row in tiny_record["chapters"][device]}
    row = rows[chapter.stem]
    assert row["agrees"], row
    assert row["script_loss"] == pytest.approx(row["fit_loss"], rel=1e-6)
    assert row["ratio"] > 0


def test_the_benchmark_times_every_cubic_chapter_of_the_registry(tiny_record):
    rows = tiny_record["chapters"]["cpu"]
    assert [row["chapter"] for row in rows] == [chapter.stem for chapter in chapters.FITS]


def test_one_step_at_a_time_is_the_whole_run_and_traces_to_it():
    """Dynamo's tracing of chapter 2's one-step train, without Inductor's code generation.

    Inductor's compiled run is compared with the eager one by the benchmark itself, where
    compiling takes the ~20 s that a test should not.
    """
    x, y = (torch.from_numpy(v) for v in _float64_problem())

    def start():
        return [torch.tensor(v, dtype=torch.float64) for v in START]

    whole = polynomial_tensor.train(
        x, y, start(), SHORT, compiled.LEARNING_RATE, compiled.unprinted
    )
    eager = compiled.one_step_at_a_time(polynomial_tensor.train, x, y, start(), SHORT)
    torch._dynamo.reset()
    traced = torch.compile(polynomial_tensor.train, backend="eager")
    traced = compiled.one_step_at_a_time(traced, x, y, start(), SHORT)
    torch._dynamo.reset()
    assert [float(v) for v in eager] == pytest.approx([float(v) for v in whole], rel=1e-12)
    assert [float(v) for v in traced] == pytest.approx([float(v) for v in whole], rel=1e-12)
    assert [float(v) for v in whole] != pytest.approx(START, rel=1e-3)  # the run moved


def test_the_compile_cache_is_restored(monkeypatch):
    monkeypatch.setenv("TORCHINDUCTOR_CACHE_DIR", "/somewhere")
    monkeypatch.delenv("TRITON_CACHE_DIR", raising=False)
    with compiled.empty_compile_cache():
        inside = Path(compiled.os.environ["TORCHINDUCTOR_CACHE_DIR"])
        assert inside.is_dir()
        assert list(inside.iterdir()) == []
    assert compiled.os.environ["TORCHINDUCTOR_CACHE_DIR"] == "/somewhere"
    assert "TRITON_CACHE_DIR" not in compiled.os.environ


class _Traffic(TorchDispatchMode):
    """Record, for every aten operation, how many length-n tensors it reads and writes."""

    def __init__(self, n):
        super().__init__()
        self.n = n
        self.operations = []

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        reads = sum(self._is_array(t) for t in tree_leaves((args, kwargs)))
        writes = sum(self._is_array(t) for t in tree_leaves(out))
        if reads or writes:
            self.operations.append((reads, writes))
        return out

    def _is_array(self, value):
        return isinstance(value, torch.Tensor) and value.numel() == self.n


def test_the_byte_count_is_what_chapter_2s_step_executes():
    """EAGER_STEP_TRAFFIC lists, in order, the operations torch runs for one step of train."""
    x, y = data.torch_problem()
    start = [torch.tensor(v) for v in START]
    with _Traffic(len(x)) as seen:
        polynomial_tensor.train(x, y, start, 1, 1e-6, measure.Printed())
    assert seen.operations == [(r, w) for _, r, w in traffic.EAGER_STEP_TRAFFIC]
    assert traffic.step_bytes(len(x)) == 4 * len(x) * sum(r + w for r, w in seen.operations)


def test_the_default_device_is_restored():
    stack = torch.overrides._get_current_function_mode_stack
    assert stack() == []
    inside = measure.with_default_device("cpu", lambda: [type(m).__name__ for m in stack()])
    assert inside == ["DeviceContext"]
    assert stack() == []
    measure.default_device_overhead(calls=10, repeats=1)
    assert stack() == []
    assert torch.get_default_device() == torch.device("cpu")


@pytest.mark.parametrize(
    ("gpu_over_cpu", "expected"),
    [((2.0, 0.5, 0.1), 10**0.5), ((2.0, 1.5, 1.1), None), ((0.5, 0.5, 0.5), 1.0)],
)
def test_crossover(gpu_over_cpu, expected):
    cpu = [{"n": 10**k, "step_s": 1.0} for k in range(3)]
    gpu = [{"n": row["n"], "step_s": ratio} for row, ratio in zip(cpu, gpu_over_cpu, strict=True)]
    found = traffic.crossover(cpu, gpu)
    assert found == (None if expected is None else pytest.approx(expected))


def test_steps_must_end_on_a_logged_step():
    with pytest.raises(ValueError, match="multiple of 100"):
        recording.Settings(steps=150)


def test_a_run_records_the_machine_and_only_checked_numbers(tiny_record):
    machine = tiny_record["machine"]
    assert {"date", "cpu", "cores", "gpu", "python", "numpy", "torch"} <= set(machine)
    assert machine["torch"] == torch.__version__
    assert (machine["gpu"] is None) == (not torch.cuda.is_available())
    assert all(row["agrees"] for row in tiny_record["chapters"]["cpu"])
    assert all(v["agrees"] for v in tiny_record["variants"]["cpu"].values())
    assert [row["n"] for row in tiny_record["scaling"]["cpu"]] == [2_000, 6_000]
    assert tiny_record["compile"]["cpu"] == {"skipped": "not measured in a quick run"}
    json.dumps(tiny_record)  # what the command line writes
    for table in (report.chapter_table, report.variant_table, report.scaling_table):
        assert table(tiny_record).count("\n") >= 2


def test_the_targets_are_judged_against_the_stated_numbers():
    def record(numpy_s, gram_s, ratio):
        variants = {name: {"seconds": gram_s} for name in ("gram floats", "gram numpy")}
        variants["numpy x**3"] = {"seconds": numpy_s}
        rows = [{"chapter": "polynomial_numpy", "ratio": ratio}]
        return {"variants": {"cpu": variants}, "chapters": {"cpu": rows}}

    met = report.targets(record(1.0, 1.0 / report.GRAM_SPEEDUP_TARGET, report.FIT_RATIO_TARGET))
    assert met.count("; met)") == 3
    assert "target: at least 100x" in met
    assert "target: at most 1.1;" in met
    missed = report.targets(record(1.0, 1.01 / report.GRAM_SPEEDUP_TARGET, 1.11))
    assert missed.count("; missed)") == 3


def test_the_command_line_writes_the_record(tiny_record, tmp_path, monkeypatch, capsys):
    from sinefit.speed import __main__ as command_line

    monkeypatch.setattr(recording, "run", lambda settings, progress: tiny_record)
    out = tmp_path / "sub" / "bench.json"
    assert command_line.main(["--out", str(out), "--quick"]) == 0
    assert report.load(out)["chapters"] == tiny_record["chapters"]
    assert f"written to {out}" in capsys.readouterr().out


def test_python_dash_m_sinefit_speed_is_the_command_line():
    shown = subprocess.run(
        [sys.executable, "-m", "sinefit.speed", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.startswith("usage: python -m sinefit.speed")


def test_the_gpu_report_says_what_is_missing(tmp_path, tiny_record):
    missing = tmp_path / "bench-gpu.json"
    assert report.gpu_report(missing).endswith("nox -s bench -- --gpu")
    report.save(tiny_record, missing)
    expected = "was recorded without a GPU" if not torch.cuda.is_available() else "GPU's step"
    assert expected in report.gpu_report(missing)
