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
def printed_on(tmp_path_factory):
    """``printed_on(device)``: what each script printed there, by stem; run once per device.

    On the CPU every script runs with its default device; elsewhere the torch chapters'
    scripts run with ``--device``, the option each offers its reader.
    """
    runs = {}

    def printed(device):
        if device not in runs:
            chosen = (*chapters.FITS, CHAPTER_9)
            if device != "cpu":
                chosen = [chapter for chapter in chapters.FITS if chapter.torch]
            runs[device] = run_scripts(tmp_path_factory.mktemp(f"scripts-{device}"), chosen, device)
        return runs[device]

    return printed


@pytest.mark.parametrize("chapter", chapters.FITS, ids=lambda c: c.stem)
def test_the_script_prints_the_log_and_result_of_fit(chapter, device, printed_on):
    """The script's log is what ``fit`` logs for the same steps and seed on the same device
    (the same operations there, so the same digits)."""
    if not chapter.torch and device != "cpu":
        pytest.skip("a NumPy chapter runs on the CPU only")
    *log, result = printed_on(device)[chapter.stem]
    expected = []
    n = steps(chapter)
    options = {"device": device} if chapter.torch else {}
    chapter.module.fit(steps=n, log_every=n // 2, log=expected.append, **seed(chapter), **options)
    assert len(expected) == 2
    assert log == expected
    assert result.startswith("Result: y = ")


def test_chapter_9_s_script_prints_each_stage_s_log_and_f5(printed_on):
    """Its four stages, as the page runs them: the same log lines and f(5) before and after."""
    stages = CHAPTER_9.module
    expected = []
    for stage in (stages.numpy_by_hand, stages.autograd_gradient, stages.loss_and_optimizer):
        run = stage(steps=steps(CHAPTER_9), log=expected.append)
        expected.append(f"f(5) before: {run.before:.3f}, after: {run.after:.3f}")
    run = stages.linear_module(steps=steps(CHAPTER_9), seed=3, log=expected.append)
    expected.append(f"f(5) before: {run.before:.3f}, after: {run.after:.3f}")
    shown = printed_on("cpu")[CHAPTER_9.stem]
    assert [line for line in shown if line.startswith("Stage ")] == [
        "Stage 1: everything by hand",
        "Stage 2: the gradient from autograd",
        "Stage 3: the loss and the optimizer from PyTorch",
        "Stage 4: the model from PyTorch",
    ]
    assert [line for line in shown if not line.startswith("Stage ")] == expected
    assert len(expected) == 12
