"""The fresh environments the downloads check (:mod:`sitecheck.downloads`) runs the site's files in.

* ``bare``: NumPy and torch alone (and what torch itself needs), for the chapter scripts;
* ``full``: the notebooks' kernel, executor and plotting library over bare's torch (read
  through a ``.pth`` file, so torch is unpacked once), then the site's own wheel.

Nothing in them but the wheel comes from the site, so both can be made ahead of a check
(:func:`prepare`), while the site is built, as ``.ci/run`` does.
"""

import json
import os
import pathlib
import subprocess
import sys
import time

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


def prepare(folder: pathlib.Path, torch: str) -> dict:
    """Make both environments in ``folder`` ahead of a check (nothing in them comes from the
    site, so CI makes them while the site is built). Returns what is wrong, by name."""
    problems = bare_environment(folder, torch)
    tools_environment(folder)
    (folder / MADE).write_text(json.dumps({"torch": torch, "problems": problems}))
    return problems
