"""The project's sessions: `nox -l` lists them, `nox -s NAME` runs one.

Which torch gets installed is the environment's choice, never an unpinned guess:

* ``SINEFIT_TORCH``, if set, is the requirement used (for example ``torch==2.13.0``);
* otherwise, if pip is configured with a local wheel folder (``find-links``) holding a
  CPU build of torch, that exact version is pinned, so a machine provisioned that way
  never downloads the several-GB CUDA build;
* otherwise plain ``torch``, the normal build for the reader's platform.
"""

import os
import pathlib
import re
import shlex
import subprocess
import sys

import nox

nox.options.sessions = ["tests", "docs", "lint"]
nox.options.error_on_missing_interpreters = False

ROOT = pathlib.Path(__file__).parent
SERVE_ADDRESS = "127.0.0.1:8000"

# Sybil keeps one namespace per page, so a page's examples must all run on one worker:
# ``loadfile`` sends each file whole to a worker. ``nox -s tests -- -n 0`` runs serially.
PARALLEL = ["-n", "auto", "--dist", "loadfile"]

# What a site build runs under: mkdocs-material's notice off, and one torch thread for the
# build's own runs (the figures) and the notebook pages' kernels, which inherit it. torch's
# default of a thread per core made the same fits several times slower on these
# 2000-point tensors whenever anything else held a core (a busy loop, say), and CI
# runs other jobs beside the build. No printed digit depends on it (see conftest.py).
BUILD_ENV = {"NO_MKDOCS_2_WARNING": "1", "OMP_NUM_THREADS": "1"}

# pip byte-compiles every file it installs: 20 of the 27 s torch's install takes here. Without
# it, Python compiles only the modules a session imports, once, into the session's environment.
NO_COMPILE = "--no-compile"
# ... provided Python may write what it compiles. Where PYTHONDONTWRITEBYTECODE is set outside
# (it is on the machines CI runs on), every process would compile every module it imports
# afresh, each test worker's start included. A session's environment is its own to cache in,
# so the sessions let Python write there (an empty value counts as unset).
WRITE_BYTECODE = {"PYTHONDONTWRITEBYTECODE": ""}


def torch_requirement() -> str:
    """The torch requirement for this machine (see the module docstring)."""
    chosen = os.environ.get("SINEFIT_TORCH", "").strip()
    if chosen:
        return chosen
    listing = subprocess.run(
        [sys.executable, "-m", "pip", "config", "list"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    for line in listing.splitlines():
        if "find-links" not in line:
            continue
        for folder in shlex.split(line.split("=", 1)[1].strip("'\"")):
            for wheel in sorted(pathlib.Path(folder.removeprefix("file://")).glob("torch-*.whl")):
                match = re.match(r"torch-([^-]+\+cpu)-", wheel.name)
                if match:
                    return f"torch=={match.group(1).split('+')[0]}"
    return "torch"


def install(session: nox.Session, extra: str) -> None:
    """Install torch first (so the project's floor finds it satisfied), then the project."""
    session.env.update(WRITE_BYTECODE)
    session.install(NO_COMPILE, torch_requirement())
    session.install(NO_COMPILE, "-e", f".[{extra}]")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the whole test suite on CPU: tests/, every docs page's snippets, docstrings."""
    install(session, "test")
    session.run("pytest", *PARALLEL, *session.posargs, env={"SINEFIT_DEVICE": "cpu"})


@nox.session(venv_backend="none")
def gpu(session: nox.Session) -> None:
    """Run the same suite with the torch chapters on CUDA, using this Python's own torch.

    It builds no environment, so it runs on a GPU machine with a CUDA torch and no network
    (pytest, sybil and matplotlib must be importable there; pytest-xdist is used if it is).
    Without a GPU it skips.
    """
    probe = "import torch, sys; sys.exit(0 if torch.cuda.is_available() else 3)"
    status = subprocess.run([sys.executable, "-c", probe], check=False).returncode
    if status == 3:
        session.skip("no CUDA GPU is visible to this Python's torch")
    if status != 0:
        session.skip(f"torch cannot be imported by {sys.executable}")
    has_xdist = subprocess.run([sys.executable, "-c", "import xdist"], check=False).returncode == 0
    session.run(
        sys.executable,
        "-m",
        "pytest",
        *(PARALLEL if has_xdist else []),
        *session.posargs,
        env={"SINEFIT_DEVICE": "cuda", "PYTHONPATH": str(ROOT)},
    )


@nox.session
def docs(session: nox.Session) -> None:
    """Build the site strictly into site/ (any warning, broken link or notebook error fails).

    The build also writes ``site/downloads/``: each page's notebook, chapters 1-9's scripts
    and the package's wheel, built from this checkout.
    """
    install(session, "docs")
    session.run("mkdocs", "build", "--strict", *session.posargs, env=BUILD_ENV)


@nox.session
def site(session: nox.Session) -> None:
    """Build the site strictly, then check every page in headless Chromium (sitecheck/browser/).

    It needs a Chromium on the machine (Debian's ``chromium`` package, or the executable
    named by ``SINEFIT_CHROMIUM``); playwright drives it and downloads no browser itself.
    With ``SINEFIT_SCREENSHOTS=.screenshots`` set, a screenshot of every view goes there.
    """
    install(session, "docs,test,browser")
    built = os.environ.get("SINEFIT_SITE_DIR", str(ROOT / "site"))
    session.run("mkdocs", "build", "--strict", "--site-dir", built, env=BUILD_ENV)
    session.run("pytest", "sitecheck/browser", *session.posargs, env={"SINEFIT_SITE_DIR": built})


@nox.session
def downloads(session: nox.Session) -> None:
    """Check the built site's downloads as a reader gets them (needs a built site/ first).

    Every chapter script runs in a fresh environment with only NumPy and torch and must print
    its page's log; every notebook must execute with sinefit installed from the site's wheel.
    It reads ``site/`` (or ``SINEFIT_SITE_DIR``): run ``docs`` or ``site`` before it.
    ``-- --environments DIR --prepare-only`` makes its environments ahead, with no site.
    """
    built = pathlib.Path(os.environ.get("SINEFIT_SITE_DIR", str(ROOT / "site")))
    if "--prepare-only" not in session.posargs and not (built / "downloads").is_dir():
        session.error(f"no built site with downloads in {built}: run `nox -s docs` first")
    session.env.update(WRITE_BYTECODE)
    session.install(NO_COMPILE, "nbformat>=5")
    session.run(
        "python",
        "-m",
        "sitecheck.downloads",
        str(built),
        "--torch",
        torch_requirement(),
        *session.posargs,
        env={"PYTHONPATH": str(ROOT)},
    )


@nox.session
def serve(session: nox.Session) -> None:
    """Serve the live site at http://127.0.0.1:8000, rebuilding on every change."""
    install(session, "docs")
    session.run("mkdocs", "serve", "-a", SERVE_ADDRESS, *session.posargs, env=BUILD_ENV)


@nox.session
def bench(session: nox.Session) -> None:
    """Measure where the time goes on this machine; rewrite the recording the speed page prints.

    A few minutes on two cores; the GPU parts run too where torch sees a CUDA GPU. Arguments
    after ``--`` go to ``python -m sinefit.speed``: ``-- --quick`` for a rough run that only
    prints (the recorded data must stay a full run), or
    ``-- --gpu`` to keep a GPU machine's run beside the CPU one. The recordings ship with the
    package, in ``sinefit/speed/recordings/``.
    Then run ``pytest docs/speed.md``: it shows where the page's tables must change.
    """
    session.env.update(WRITE_BYTECODE)
    session.install(NO_COMPILE, torch_requirement())
    session.install(NO_COMPILE, "-e", ".")
    arguments = list(session.posargs)
    recordings = ROOT / "sinefit" / "speed" / "recordings"
    if "--gpu" in arguments:
        arguments.remove("--gpu")
        arguments = ["--out", str(recordings / "bench-gpu.json"), *arguments]
    elif "--out" not in arguments and "--quick" not in arguments:
        arguments = ["--out", str(recordings / "bench-cpu.json"), *arguments]
    session.run("python", "-m", "sinefit.speed", *arguments)


@nox.session
def lint(session: nox.Session) -> None:
    """Check the code with ruff, and the GitHub workflows against their schema (offline)."""
    session.install(NO_COMPILE, "ruff>=0.6", "check-jsonschema>=0.29")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    workflows = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    session.run("check-jsonschema", "--builtin-schema", "vendor.github-workflows", *workflows)
