"""What a reader downloads from the site, all under ``downloads/``.

* ``<stem>.ipynb`` for every page: a Markdown page converted by :mod:`sitebuild.notebook`,
  a notebook page (jupytext ``.py``) as its cells; each begins with what to install;
* ``<stem>.py`` for the registry's script chapters: the chapter's standalone script,
  ``sinefit/scripts/<stem>.py`` as it is in the checkout;
* the package's wheel, built from this checkout by this build;
"""

import hashlib
import pathlib
import shutil
import subprocess
import sys
import tempfile
import tomllib

from sinefit import chapters

FOLDER = "downloads"

# The chapters with a standalone script a reader can run alone (the registry's
# "script" kind).
SCRIPTS = tuple(chapter.stem for chapter in chapters.CHAPTERS if chapter.kind == "script")

# The files a package build needs: everything else in the checkout is left out.
PACKAGE_FILES = ("pyproject.toml", "README.md")
PACKAGE = "sinefit"
SCRIPT_FOLDER = "sinefit/scripts"  # where each chapter's standalone script lives


def wheel_name(root: pathlib.Path) -> str:
    """The file name of the wheel this checkout builds (pure Python, any platform)."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return f"{project['name']}-{project['version']}-py3-none-any.whl"


def _package_digest(root: pathlib.Path) -> str:
    digest = hashlib.sha256()
    sources = [root / name for name in PACKAGE_FILES]
    sources += sorted((root / PACKAGE).rglob("*.py"))
    sources += sorted((root / PACKAGE).rglob("*.json"))  # package data: the speed recordings
    for path in sources:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_wheel(root: pathlib.Path, cache: pathlib.Path) -> pathlib.Path:
    """Build the package's wheel from a clean copy of the checkout's package files.

    The wheel is kept in ``cache`` under the digest of those files, so ``mkdocs serve``
    rebuilds it only when the package changes.
    """
    target = cache / _package_digest(root) / wheel_name(root)
    if target.exists():
        return target
    with tempfile.TemporaryDirectory() as scratch:
        source = pathlib.Path(scratch) / "source"
        source.mkdir()
        for name in PACKAGE_FILES:
            shutil.copy2(root / name, source / name)
        shutil.copytree(
            root / PACKAGE, source / PACKAGE, ignore=shutil.ignore_patterns("__pycache__")
        )
        built = pathlib.Path(scratch) / "wheel"
        pip = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"]
        subprocess.run([*pip, "--wheel-dir", str(built), str(source)], check=True)
        (wheel,) = built.glob("*.whl")
        if wheel.name != target.name:
            raise RuntimeError(f"the build made {wheel.name}, expected {target.name}")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(wheel, target)
    return target


def install_text(wheel: str, site_url: str) -> str:
    """The notebook's first cell: what to install to run it."""
    if site_url:
        command = f"pip install {site_url.rstrip('/')}/{FOLDER}/{wheel}"
        where = f"the wheel this site ships: `{command}`"
    else:
        where = (
            f"download [{wheel}]({wheel}), the wheel this site ships beside this notebook, "
            f"and run `pip install {wheel}`"
        )
    lines = [
        "**To run this notebook** you need Python 3.11 or newer and the `sinefit` package "
        f"(it brings NumPy and torch): {where}. From a clone of the project, "
        '`pip install -e ".[test]"` does the same.',
    ]
    lines.append(
        "The outputs stored below are the ones the page shows; running the notebook "
        "prints them again."
    )
    return "\n\n".join(lines)


def notebook_page(source: pathlib.Path, install: str):
    """A notebook page (jupytext ``.py``) as the ``.ipynb`` a reader downloads: ``install``
    (what to install) first, then its cells, unexecuted (the page shows the outputs).

    mkdocs-jupyter's ``include_source`` copies only the jupytext ``.py``; readers who open
    Jupyter want the ``.ipynb``.
    """
    import jupytext
    import nbformat

    from sitebuild import notebook

    page = jupytext.read(source)
    cells = [nbformat.v4.new_markdown_cell(install), *page.cells]
    result = nbformat.v4.new_notebook(cells=cells, metadata=page.metadata)
    result.metadata["kernelspec"] = dict(notebook.KERNEL)
    result.metadata.pop("jupytext", None)
    nbformat.validate(result)
    return result


def write_scripts(root: pathlib.Path, folder: pathlib.Path) -> None:
    """Copy each script chapter's standalone script into ``folder``, as it is in the checkout."""
    folder.mkdir(parents=True, exist_ok=True)
    for stem in SCRIPTS:
        shutil.copy2(root / SCRIPT_FOLDER / f"{stem}.py", folder / f"{stem}.py")
