"""CI's check of the site's downloads, taken from the built site (``nox -s downloads``).

* every chapter script runs in a fresh environment holding only NumPy and torch (and what
  torch itself needs) and prints the log its page shows, at the page's digits;
* every notebook executes (nbclient) in a fresh environment where sinefit is installed
  from the site's own wheel, and nothing of the checkout is importable.

The two environments (:mod:`sitecheck.environments`) share one install of torch. Scripts run
while the notebooks' environment is installed; the notebooks queue behind them, ``--workers``
at a time. Nothing in the environments but the wheel comes from the site, so they can be made
ahead (``--prepare-only``), while the site is built, as ``.ci/run`` does.

Usage: ``python -m sitecheck.downloads SITE_DIR --torch "torch==2.13.0"``; ahead of it,
``python -m sitecheck.downloads SITE_DIR --torch … --environments DIR --prepare-only``, then
the check with the same ``--environments DIR``.
"""

import argparse
import concurrent.futures
import contextlib
import json
import pathlib
import resource
import shutil
import subprocess
import sys
import tempfile
import time

import nbformat

from sitecheck import environments, logs
from sitecheck.environments import MADE, Clock, clean_environment, python_of

HERE = pathlib.Path(__file__).parent

# The scripts and notebooks run side by side (--workers): one torch thread each, or two of
# them on two cores would start four threads that wait on each other. No printed digit
# depends on it (the tests run with one thread per worker and match the pages).
ONE_THREAD = {"OMP_NUM_THREADS": "1"}


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


def check(downloads: pathlib.Path, torch: str, workers: int, made: pathlib.Path) -> dict:
    """Run every script and notebook of ``downloads``; return the failures by file name.

    ``made``: a folder for the environments, made here unless ``environments.prepare`` has
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
        failures.update(environments.bare_environment(made, torch))
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
            environments.tools_environment(made)
        problem = environments.install_wheel(full, wheel, folder)
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
        problems = environments.prepare(options.environments, options.torch)
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
