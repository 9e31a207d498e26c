"""CI's check of the site's downloads, taken from the built site (``nox -s downloads``).

* every chapter script runs in a fresh environment holding only NumPy and torch (and what
  torch itself needs) and prints the log its page shows, at the page's digits;
* every notebook executes (nbclient) in a fresh environment where sinefit is installed
  from the site's own wheel, and nothing of the checkout is importable.

The two environments share one install of torch: the notebooks' environment reads the
scripts' one through a ``.pth`` file, so torch is unpacked once. Scripts run while the
notebooks' environment is installed; the notebooks queue behind them, ``--workers`` at a time.
Nothing in the environments but the wheel comes from the site, so they can be made ahead
(``--prepare-only``), while the site is built, as ``.ci/run`` does.

Usage: ``python -m sitecheck.downloads SITE_DIR --torch "torch==2.13.0"``; ahead of it,
``python -m sitecheck.downloads SITE_DIR --torch … --environments DIR --prepare-only``, then
the check with the same ``--environments DIR``.
"""

import argparse
import concurrent.futures
import contextlib
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
    # The environments are made for this check, and installed without byte-compiling: the
    # first process to import a module caches its bytecode there for the others, as a
    # reader's Python does, even where PYTHONDONTWRITEBYTECODE is set outside.
    environment["PYTHONDONTWRITEBYTECODE"] = ""
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


def notebooks_environment(full: pathlib.Path, bare: pathlib.Path) -> None:
    """The notebooks' environment without the wheel: the kernel and the executor, over the
    bare one's torch and NumPy (read through a ``.pth`` file, so torch is unpacked once)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(full)], check=True)
    (purelib(full) / "_sinefit_base.pth").write_text(f"{purelib(bare)}\n")
    subprocess.run(
        [*pip_for(full), "--quiet", "--no-compile", *NOTEBOOK_TOOLS],
        check=True,
        env=clean_environment(),
    )


def install_wheel(full: pathlib.Path, wheel: pathlib.Path, folder) -> str | None:
    """Install the site's wheel into the notebooks' environment; None if sinefit is then
    imported from there, else what is wrong."""
    subprocess.run(
        [*pip_for(full), "--quiet", "--no-compile", str(wheel)],
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


def pip_for(environment: pathlib.Path) -> list[str]:
    return [sys.executable, "-m", "pip", "--python", str(python_of(environment)), "install"]


MADE = "made-by-sitecheck"  # marks an environments folder whose making finished


def bare_environment(folder: pathlib.Path, torch: str) -> dict:
    """``folder/bare``: NumPy and torch alone. Returns what is wrong with it, by name."""
    clock = Clock()
    make_environment(folder / "bare", [torch, "numpy"])
    problem = only_numpy_and_torch(folder / "bare")
    clock.lap(f"an environment with only numpy and {torch}")
    return {"the scripts' environment": problem} if problem else {}


def tools_environment(folder: pathlib.Path) -> None:
    """``folder/full``: the notebooks' tools over bare's torch, and its kernel spec."""
    clock = Clock()
    notebooks_environment(folder / "full", folder / "bare")
    kernel_spec(folder / "jupyter", python_of(folder / "full"))
    clock.lap(f"the notebooks' environment ({', '.join(NOTEBOOK_TOOLS)})")


def environments(folder: pathlib.Path, torch: str) -> dict:
    """Make both environments in ``folder`` ahead of a check (nothing in them comes from the
    site, so CI makes them while the site is built). Returns what is wrong, by name."""
    problems = bare_environment(folder, torch)
    tools_environment(folder)
    (folder / MADE).write_text(json.dumps({"torch": torch, "problems": problems}))
    return problems


def check(downloads: pathlib.Path, torch: str, workers: int, made: pathlib.Path) -> dict:
    """Run every script and notebook of ``downloads``; return the failures by file name.

    ``made``: a folder for the environments, made here unless :func:`environments` has
    already made them there for the same torch; the reader's folder is made beside them.
    """
    notebooks = sorted(downloads.glob("*.ipynb"))
    scripts = sorted(downloads.glob("*.py"))
    (wheel,) = downloads.glob("*.whl")
    if not notebooks or not scripts:
        return {str(downloads): "no notebooks or no scripts"}
    ready = json.loads((made / MADE).read_text()) if (made / MADE).is_file() else None
    if ready is not None and ready["torch"] != torch:
        return {str(made): f"its environments hold {ready['torch']}, not {torch}"}
    failures: dict[str, str] = {}
    if ready is None:
        failures.update(bare_environment(made, torch))
    else:
        failures.update(ready["problems"])
    clock = Clock()
    folder = made / "downloads"  # the reader's folder: the downloads, nothing else
    shutil.copytree(downloads, folder)
    bare, full, jupyter = made / "bare", made / "full", made / "jupyter"
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        runs = {
            pool.submit(
                run_script,
                python_of(bare),
                folder / script.name,
                nbformat.read(folder / f"{script.stem}.ipynb", as_version=4),
                made,
            ): script.name
            for script in scripts
        }
        # Meanwhile: the notebooks' environment (unless made ahead), with the site's wheel.
        if ready is None:
            tools_environment(made)
        problem = install_wheel(full, wheel, folder)
        if problem:
            failures["the notebooks' environment"] = problem
        clock.lap(f"the notebooks' environment ready, with {wheel.name}")
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
    parser.add_argument("site", type=pathlib.Path, help="the built site (its downloads/)")
    parser.add_argument("--torch", default="torch", help="the torch requirement to install")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--environments",
        type=pathlib.Path,
        help="a folder for the environments, kept afterwards (default: a temporary one)",
    )
    parser.add_argument(
        "--prepare-only",
        action="store_true",
        help="only make the environments in --environments (no site needed): CI does it "
        "while the site is built",
    )
    options = parser.parse_args(arguments)
    if options.prepare_only:
        if options.environments is None:
            parser.error("--prepare-only needs --environments")
        if (options.environments / MADE).exists():
            parser.error(f"{options.environments} already holds environments")
        options.environments.mkdir(parents=True, exist_ok=True)
        problems = environments(options.environments, options.torch)
        for name, problem in problems.items():
            print(f"\nFAILED {name}: {problem}")
        return 1 if problems else 0
    began = time.perf_counter()
    downloads = (options.site / "downloads").resolve()
    with contextlib.ExitStack() as stack:
        made = options.environments
        if made is None:
            made = pathlib.Path(stack.enter_context(temporary("sinefit-downloads-")))
        elif (made / "downloads").exists():
            parser.error(f"{made} holds an earlier run's downloads: use a fresh folder")
        failures = check(downloads, options.torch, options.workers, made)
    for name, problem in sorted(failures.items()):
        print(f"\nFAILED {name}: {problem}")
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"downloads check: {'all passed' if not failures else f'{len(failures)} failed'} in "
        f"{time.perf_counter() - began:.0f} s ({used.ru_utime + used.ru_stime:.0f} s of CPU)"
    )
    return 1 if failures else 0


@contextlib.contextmanager
def temporary(prefix: str):
    """A temporary folder, removed afterwards, saying how long the removal took."""
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        yield folder
        began = time.perf_counter()
    print(f"downloads check: environments removed in {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
