"""Each code chapter's file runs alone as its script and prints what its ``fit`` (chapter 9: its
stages) logs.

The files are copied to an empty folder and run, each as ``__main__`` with its own command
line, by one isolated Python (``-I``: no current folder, no user site, no PYTHONPATH), so they
can import NumPy and torch but never ``sinefit``. One interpreter for all of them pays for
importing torch once.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from sinefit import chapters

ROOT = Path(__file__).resolve().parent.parent

RUNNER = """
import contextlib, io, json, runpy, sys
printed = {}
for stem, argv in json.loads(sys.argv[1]).items():
    sys.argv = [stem + ".py", *argv]
    with contextlib.redirect_stdout(io.StringIO()) as out:
        runpy.run_path(stem + ".py", run_name="__main__")
    printed[stem] = out.getvalue()
print(json.dumps(printed))
"""


CHAPTER_9 = chapters.by_stem("linear_regression")  # four stages, each logged
CUDA_MISSING = "no CUDA GPU is visible to this torch"


def steps(chapter):
    """Enough steps for two of the script's log lines: every 100, the dynamic net every 2000,
    chapter 9's stages every 10."""
    return {"dynamic_net": 4000, "linear_regression": 20}.get(chapter.stem, 200)


def seed(chapter):
    return {"seed": 3} if chapter.seeded else {}


def run_scripts(folder, chosen, device="cpu") -> dict[str, list[str]]:
    """Copy the ``chosen`` chapters' scripts to ``folder``, run each with ``--steps`` (and
    ``--seed`` where it has one; ``--device`` unless on the CPU, where it keeps its default),
    and return what each printed, by stem."""
    command_lines = {}
    for chapter in chosen:
        shutil.copy(ROOT / "sinefit" / "scripts" / f"{chapter.stem}.py", folder)
        options = {"steps": steps(chapter), **seed(chapter)}
        if device != "cpu":
            options["device"] = device
        command_lines[chapter.stem] = [f"--{name}={value}" for name, value in options.items()]
    done = subprocess.run(
        [sys.executable, "-I", "-W", "error", "-c", RUNNER, json.dumps(command_lines)],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return {stem: text.splitlines() for stem, text in json.loads(done.stdout).items()}


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """What each script printed, by stem, run on the CPU."""
    return run_scripts(tmp_path_factory.mktemp("scripts"), (*chapters.FITS, CHAPTER_9))


TORCH_FITS = [chapter for chapter in chapters.FITS if chapter.torch]


@pytest.fixture(scope="module")
def printed_on_cuda(tmp_path_factory):
    """What each torch chapter's script printed with ``--device=cuda``."""
    return run_scripts(tmp_path_factory.mktemp("scripts-cuda"), TORCH_FITS, device="cuda")


def expected_log(chapter, **options) -> list[str]:
    """The two log lines the chapter's ``fit`` gives for the scripts' step count."""
    expected = []
    n = steps(chapter)
    chapter.module.fit(steps=n, log_every=n // 2, log=expected.append, **seed(chapter), **options)
    assert len(expected) == 2
    return expected


@pytest.mark.parametrize("chapter", chapters.FITS, ids=lambda c: c.stem)
def test_the_script_prints_the_log_and_result_of_fit(chapter, printed):
    *log, result = printed[chapter.stem]
    assert log == expected_log(chapter)
    assert result.startswith("Result: y = ")


@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason=CUDA_MISSING)
@pytest.mark.parametrize("chapter", TORCH_FITS, ids=lambda c: c.stem)
def test_the_script_s_device_option_runs_it_where_fit_runs(chapter, printed_on_cuda):
    """``--device cuda``, which every torch script offers its reader: the log of ``fit`` on
    the same device (the same operations there, so the same digits)."""
    *log, result = printed_on_cuda[chapter.stem]
    assert log == expected_log(chapter, device="cuda")
    assert result.startswith("Result: y = ")


def test_chapter_9_s_script_prints_each_stage_s_log_and_f5(printed):
    """Its four stages, as the page runs them: the same log lines and f(5) before and after."""
    stages = CHAPTER_9.module
    expected = []
    for stage in (stages.numpy_by_hand, stages.autograd_gradient, stages.loss_and_optimizer):
        run = stage(steps=steps(CHAPTER_9), log=expected.append)
        expected.append(f"f(5) before: {run.before:.3f}, after: {run.after:.3f}")
    run = stages.linear_module(steps=steps(CHAPTER_9), seed=3, log=expected.append)
    expected.append(f"f(5) before: {run.before:.3f}, after: {run.after:.3f}")
    shown = printed[CHAPTER_9.stem]
    assert [line for line in shown if line.startswith("Stage ")] == [
        "Stage 1: everything by hand",
        "Stage 2: the gradient from autograd",
        "Stage 3: the loss and the optimizer from PyTorch",
        "Stage 4: the model from PyTorch",
    ]
    assert [line for line in shown if not line.startswith("Stage ")] == expected
    assert len(expected) == 12
