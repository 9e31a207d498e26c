"""Chapter 12: the benchmark's variants compute what they claim to; no timing is asserted."""

import json
import math

import numpy as np
import pytest
import torch
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_leaves

from sinefit import bench, exact

SHORT = 30
"""Steps for the twin checks: enough to move far from the start, few enough to be quick."""

TINY = bench.Settings(
    steps=20,
    repeats=1,
    warmup=0,
    scaling_n=(2_000, 6_000),
    scaling_repeats=1,
    compile=False,
    calls=20,
)


@pytest.mark.parametrize("chapter", bench.CHAPTERS, ids=lambda chapter: chapter.module)
def test_bare_script_follows_the_same_iterates_as_its_chapter(chapter, device):
    """The 1.1× comparison is fair only if the script does what the chapter's fit does."""
    if not chapter.uses_torch and device != "cpu":
        pytest.skip("the NumPy chapter runs on the CPU only")
    module = bench.chapter_module(chapter.module)
    if module is None:
        pytest.skip(f"sinefit.{chapter.module} is not in this checkout")
    start = bench.chapter_start(chapter, module, device)
    x, y = bench.chapter_data(chapter, device=device)
    script = chapter.script(x, y, start, steps=SHORT, learning_rate=chapter.learning_rate)
    fit = bench.fit_call(chapter, module, steps=SHORT, device=device)
    assert script == pytest.approx(fit.coefficients, rel=1e-6, abs=1e-7)
    assert script != pytest.approx(start, rel=1e-3)  # the run moved
    assert chapter.loss(script, x, y) == pytest.approx(fit.loss, rel=1e-6)


def _float64_problem():
    x = np.linspace(-math.pi, math.pi, 200)
    return x, np.sin(x)


START = (0.4, -0.3, 0.2, 0.1)
CUBIC_SGD_VARIANTS = {
    "numpy x*x*x": (bench.numpy_multiply_script, False),
    "numpy powers once": (bench.numpy_powers_once_script, False),
    "gram numpy": (bench.gram_numpy_script, False),
    "gram floats": (bench.gram_floats_script, False),
    "tensor": (bench.tensor_script, True),
    "tensor .item() every step": (
        lambda *args, **kwargs: bench.tensor_script(*args, item_every_step=True, **kwargs),
        True,
    ),
    "tensor, default device set": (
        lambda *args, **kwargs: bench._with_default_device(
            "cpu", lambda: bench.tensor_script(*args, **kwargs)
        ),
        True,
    ),
    "step function": (bench.step_script, True),
    "autograd": (bench.autograd_script, True),
    "nn": (bench.nn_script, True),
    "module": (bench.module_script, True),
}


@pytest.mark.parametrize("name", CUBIC_SGD_VARIANTS)
def test_every_gradient_descent_variant_reaches_the_plain_loops_loss(name):
    """In float64 every variant of plain gradient descent gives the NumPy loop's loss to 1e-9."""
    script, uses_torch = CUBIC_SGD_VARIANTS[name]
    x, y = _float64_problem()
    settings = {"steps": 300, "learning_rate": 1e-5}
    reference = bench.cubic_loss(bench.numpy_script(x, y, START, **settings), x, y)
    assert reference < 0.1 * exact.loss(START, x, y)  # far from the start: not a vacuous match
    data = (torch.from_numpy(x), torch.from_numpy(y)) if uses_torch else (x, y)
    loss = bench.cubic_loss(script(*data, START, **settings), *data)
    assert loss == pytest.approx(reference, rel=bench.AGREEMENT["float64"])


def test_the_closed_form_is_where_the_gram_iterates_go():
    x, y = _float64_problem()
    far = bench.gram_floats_script(x, y, START, steps=200_000, learning_rate=2e-5)
    best = exact.solve(x, y)
    assert bench.cubic_loss(far, x, y) == pytest.approx(best.loss, rel=1e-9)


def test_gram_logs_the_same_losses_as_the_loop():
    x, y = _float64_problem()
    logged = {name: [] for name in ("loop", "gram numpy", "gram floats")}
    for name, script in (
        ("loop", bench.numpy_script),
        ("gram numpy", bench.gram_numpy_script),
        ("gram floats", bench.gram_floats_script),
    ):
        script(
            x,
            y,
            START,
            steps=300,
            learning_rate=1e-5,
            log=lambda t, v, n=name: logged[n].append((t, v)),
        )
    assert [t for t, _ in logged["loop"]] == [99, 199, 299]
    for name in ("gram numpy", "gram floats"):
        assert [t for t, _ in logged[name]] == [99, 199, 299]
        losses = [float(v) for _, v in logged[name]]
        assert losses == pytest.approx([float(v) for _, v in logged["loop"]], rel=1e-9)


def test_compiled_step_traces_to_the_same_iterates():
    """Dynamo's tracing of the step, without Inductor's code generation (that takes ~20 s).

    The benchmark itself compares Inductor's compiled run with the eager one and records it.
    """
    x, y = _float64_problem()
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    torch._dynamo.reset()
    compiled = torch.compile(bench.tensor_step, backend="eager")
    eager = bench.step_script(xt, yt, START, steps=SHORT, learning_rate=1e-5)
    traced = bench.step_script(xt, yt, START, step=compiled, steps=SHORT, learning_rate=1e-5)
    assert traced == pytest.approx(eager, rel=1e-12)
    torch._dynamo.reset()


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


def test_the_byte_count_is_what_eager_torch_executes():
    """EAGER_STEP_TRAFFIC lists, in order, the operations torch really runs for one step."""
    x, y = bench.data.torch_problem()
    start = [torch.tensor(v) for v in START]
    with _Traffic(len(x)) as traffic:
        bench.tensor_step(*start, x, y, 1e-6)
    assert traffic.operations == [(r, w) for _, r, w in bench.EAGER_STEP_TRAFFIC]
    assert bench.step_bytes(len(x)) == 4 * len(x) * sum(r + w for r, w in traffic.operations)


def test_the_default_device_is_restored():
    stack = torch.overrides._get_current_function_mode_stack
    assert stack() == []
    inside = bench._with_default_device("cpu", lambda: [type(m).__name__ for m in stack()])
    assert inside == ["DeviceContext"]
    assert stack() == []
    bench.default_device_overhead(calls=10, repeats=1)
    assert stack() == []
    assert torch.get_default_device() == torch.device("cpu")


@pytest.mark.parametrize(
    ("gpu_over_cpu", "expected"),
    [((2.0, 0.5, 0.1), 10**0.5), ((2.0, 1.5, 1.1), None), ((0.5, 0.5, 0.5), 1.0)],
)
def test_crossover(gpu_over_cpu, expected):
    cpu = [{"n": 10**k, "step_s": 1.0} for k in range(3)]
    gpu = [{"n": row["n"], "step_s": ratio} for row, ratio in zip(cpu, gpu_over_cpu, strict=True)]
    found = bench.crossover(cpu, gpu)
    assert found == (None if expected is None else pytest.approx(expected))


def test_a_run_records_the_machine_and_only_checked_numbers():
    record = bench.run(TINY)
    machine = record["machine"]
    assert {"date", "cpu", "cores", "gpu", "python", "numpy", "torch"} <= set(machine)
    assert machine["torch"] == torch.__version__
    assert (machine["gpu"] is None) == (not torch.cuda.is_available())
    rows = record["chapters"]["cpu"]
    assert [row["chapter"] for row in rows] == [c.module for c in bench.CHAPTERS]
    for row in rows:
        assert row.get("agrees", True), row
        assert "skipped" in row or row["ratio"] > 0
    assert all(v["agrees"] for v in record["variants"]["cpu"].values())
    assert [row["n"] for row in record["scaling"]["cpu"]] == [2_000, 6_000]
    assert record["compile"]["cpu"] == {"skipped": "not measured in a quick run"}
    json.dumps(record)  # what the CLI writes
    for table in (bench.chapter_table, bench.variant_table, bench.scaling_table):
        assert table(record).count("\n") >= 2
    assert "against the tutorial's NumPy loop" in bench.targets(record)


def test_the_command_line_writes_the_record(tmp_path, monkeypatch, capsys):
    recorded = bench.run(TINY)
    monkeypatch.setattr(bench, "run", lambda settings, progress: recorded)
    out = tmp_path / "sub" / "bench.json"
    assert bench.main(["--out", str(out), "--quick"]) == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["chapters"] == recorded["chapters"]
    assert "written to" in capsys.readouterr().out


def test_the_recorded_data_is_a_complete_checked_run():
    record = bench.load("bench-cpu.json")
    assert not record["settings"]["quick"]
    assert record["settings"]["steps"] == bench.STEPS
    for row in record["chapters"]["cpu"]:
        assert row.get("agrees", True), row
    assert all(v["agrees"] for v in record["variants"]["cpu"].values())
    assert record["compile"]["cpu"].get("agrees", True)
    assert [row["n"] for row in record["scaling"]["cpu"]] == list(bench.SCALING_N)
