"""CI's check of the site's downloads, taken from the built site (``nox -s downloads``).

* every chapter script runs in a fresh environment holding only NumPy and torch (and what
  torch itself needs) and prints the log its page shows, at the page's digits;
* every notebook executes (nbclient) in a fresh environment where sinefit is installed
  from the site's own wheel, and nothing of the checkout is importable.

The two environments share one install of torch: the notebooks' environment reads the
scripts' one through a ``.pth`` file, so torch is unpacked once. Scripts run while the
notebooks' environment is installed; the notebooks queue behind them, ``--workers`` at a time.

Usage: ``python -m sitecheck.downloads SITE_DIR --torch "torch==2.13.0"``.
"""

import argparse
import concurrent.futures
import json
import os
import pathlib
import resource
import shutil
import subprocess
import sys
import tempfile
import time

import nbformat

from sitecheck import logs

HERE = pathlib.Path(__file__).parent
# What the notebooks need besides the wheel: a kernel, the executor, and the plots' library.
NOTEBOOK_TOOLS = ("ipykernel", "nbclient", "matplotlib")
DISTRIBUTIONS = """
import importlib.metadata as m, json, re
def name(text):
    return re.split(r"[^A-Za-z0-9._-]", text.strip(), maxsplit=1)[0].lower().replace("_", "-")
wanted, seen = ["numpy", "torch"], set()
while wanted:
    dist = wanted.pop()
    if dist in seen:
        continue
    seen.add(dist)
    for req in m.requires(dist) or []:
        if "extra ==" not in req:
            wanted.append(name(req))
installed = {name(d.metadata["Name"]) for d in m.distributions()}
print(json.dumps({"installed": sorted(installed), "allowed": sorted(seen)}))
"""


# --- environments -------------------------------------------------------------------
# The scripts and notebooks run side by side (--workers): one torch thread each, or two of
# them on two cores would start four threads that wait on each other. No printed digit
# depends on it (the tests run with one thread per worker and match the pages).
ONE_THREAD = {"OMP_NUM_THREADS": "1"}


def clean_environment(**extra: str) -> dict:
    """This process's environment without anything that would reach into the checkout."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "JUPYTER_PATH"}
    }
    environment.update(extra)
    return environment


def python_of(folder: pathlib.Path) -> pathlib.Path:
    return folder / "bin" / "python"


def make_environment(folder: pathlib.Path, requirements: list[str]) -> None:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    pip = [
        sys.executable,
        "-m",
        "pip",
        "--python",
        str(python_of(folder)),
        "install",
        "--quiet",
        "--no-compile",
    ]
    subprocess.run([*pip, *requirements], check=True, env=clean_environment())


def printed_by(folder: pathlib.Path, code: str) -> str:
    """What the environment's Python prints for ``code``, run in the environment's folder.

    Away from the checkout: ``python -c`` puts the working folder on the path, and the
    checkout's editable-install metadata would count as sinefit.
    """
    return subprocess.run(
        [str(python_of(folder)), "-c", code],
        check=True,
        capture_output=True,
        text=True,
        env=clean_environment(),
        cwd=folder,
    ).stdout


def purelib(folder: pathlib.Path) -> pathlib.Path:
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    return pathlib.Path(printed_by(folder, code).strip())


def only_numpy_and_torch(folder: pathlib.Path) -> str | None:
    """None if the environment holds numpy, torch and their requirements alone."""
    found = json.loads(printed_by(folder, DISTRIBUTIONS))
    extra = sorted(set(found["installed"]) - set(found["allowed"]))
    return f"it also holds {', '.join(extra)}" if extra else None


# --- the runs -----------------------------------------------------------------------
def run_script(python: pathlib.Path, script: pathlib.Path, notebook, folder) -> str | None:
    """Run one chapter script alone; None if it printed its page's log."""
    done = subprocess.run(
        [str(python), "-E", "-s", str(script)],
        cwd=folder,
        capture_output=True,
        text=True,
        env=clean_environment(**ONE_THREAD),
        check=False,
    )
    if done.returncode != 0:
        return f"exit status {done.returncode}:\n{done.stderr[-2000:]}"
    missing = logs.missing_from(logs.page_log(notebook), done.stdout.splitlines())
    if missing is not None:
        return f"its output does not show the page's log line {missing!r}:\n{done.stdout[-2000:]}"
    return None


def run_notebook(python: pathlib.Path, notebook: pathlib.Path, folder, jupyter) -> str | None:
    done = subprocess.run(
        [str(python), "-E", "-s", str(HERE / "execute.py"), str(notebook), str(folder)],
        cwd=folder,
        capture_output=True,
        text=True,
        env=clean_environment(JUPYTER_PATH=str(jupyter), **ONE_THREAD),
        check=False,
    )
    if done.returncode != 0:
        return f"exit status {done.returncode}:\n{done.stderr[-3000:]}"
    print(done.stdout.strip(), flush=True)
    return None


def kernel_spec(jupyter: pathlib.Path, python: pathlib.Path) -> None:
    """A python3 kernel that is the notebooks' environment's, found before any other."""
    folder = jupyter / "kernels" / "python3"
    folder.mkdir(parents=True)
    spec = {
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (the site's wheel)",
        "language": "python",
    }
    (folder / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")


class Clock:
    """Prints how long each stage took."""

    def __init__(self):
        self.began = self.since = time.perf_counter()

    def lap(self, what: str) -> None:
        now = time.perf_counter()
        print(f"downloads check: {what} in {now - self.since:.1f} s", flush=True)
        self.since = now


def notebooks_environment(full: pathlib.Path, bare: pathlib.Path, wheel: pathlib.Path, folder):
    """The notebooks' environment: the site's wheel and the kernel, over the bare one's torch.

    Returns what is wrong with it, or None.
    """
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(full)], check=True)
    (purelib(full) / "_sinefit_base.pth").write_text(f"{purelib(bare)}\n")
    pip = [sys.executable, "-m", "pip", "--python", str(python_of(full)), "install"]
    subprocess.run(
        [*pip, "--quiet", "--no-compile", str(wheel), *NOTEBOOK_TOOLS],
        check=True,
        env=clean_environment(),
    )
    where = subprocess.run(
        [str(python_of(full)), "-E", "-s", "-c", "import sinefit; print(sinefit.__file__)"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not where.startswith(str(purelib(full))):
        return f"sinefit is imported from {where}, not from the installed wheel"
    return None


def check(downloads: pathlib.Path, torch: str, workers: int, scratch: pathlib.Path) -> dict:
    """Run every script and notebook of ``downloads``; return the failures by file name."""
    notebooks = sorted(downloads.glob("*.ipynb"))
    scripts = sorted(downloads.glob("*.py"))
    (wheel,) = downloads.glob("*.whl")
    failures: dict[str, str] = {}
    if not notebooks or not scripts:
        return {str(downloads): "no notebooks or no scripts"}
    clock = Clock()
    folder = scratch / "downloads"  # the reader's folder: the downloads, nothing else
    shutil.copytree(downloads, folder)
    bare, full, jupyter = scratch / "bare", scratch / "full", scratch / "jupyter"
    make_environment(bare, [torch, "numpy"])
    problem = only_numpy_and_torch(bare)
    if problem:
        failures["the scripts' environment"] = problem
    clock.lap(f"an environment with only numpy and {torch}")
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        runs = {
            pool.submit(
                run_script,
                python_of(bare),
                folder / script.name,
                nbformat.read(folder / f"{script.stem}.ipynb", as_version=4),
                scratch,
            ): script.name
            for script in scripts
        }
        # Meanwhile: the notebooks' environment, on top of the same torch and numpy.
        problem = notebooks_environment(full, bare, wheel, folder)
        if problem:
            failures["the notebooks' environment"] = problem
        kernel_spec(jupyter, python_of(full))
        clock.lap(f"the notebooks' environment with {wheel.name}")
        # Queued behind the scripts still running: the workers never wait for each other
        runs.update(
            {
                pool.submit(run_notebook, python_of(full), folder / path.name, folder, jupyter): (
                    path.name
                )
                for path in notebooks
            }
        )
        concurrent.futures.wait(runs)
        clock.lap(f"the rest of the {len(scripts)} scripts and {len(notebooks)} notebooks run")
    failures.update({name: run.result() for run, name in runs.items() if run.result()})
    print(f"downloads check: {len(scripts)} scripts, {len(notebooks)} notebooks")
    return failures


def main(arguments: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=pathlib.Path)
    parser.add_argument("--torch", default="torch", help="the torch requirement to install")
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args(arguments)
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="sinefit-downloads-") as scratch:
        downloads = (options.site / "downloads").resolve()
        failures = check(downloads, options.torch, options.workers, pathlib.Path(scratch))
        finished = time.perf_counter()
    print(f"downloads check: environments removed in {time.perf_counter() - finished:.1f} s")
    for name, problem in sorted(failures.items()):
        print(f"\nFAILED {name}: {problem}")
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"downloads check: {'all passed' if not failures else f'{len(failures)} failed'} in "
        f"{time.perf_counter() - began:.0f} s ({used.ru_utime + used.ru_stime:.0f} s of CPU)"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
