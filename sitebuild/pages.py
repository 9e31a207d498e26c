"""The site's page format, read in one place: the nav, code fences, embedded sections, cells.

The build (:mod:`sitebuild.notebook`), the checks of the built site (``sitecheck/``) and the
tests all read pages through this module, so the format is defined once. It needs only
PyYAML, and jupytext for the notebook pages.

* **nav**: ``mkdocs.yml``'s ``nav``, read with mkdocs's own tags (``!relative``, ``!ENV``)
  taken as None;
* **fences**: a fenced block opens with three or more backticks, indented by any amount (a
  fence inside an admonition is indented), and closes with the same indentation;
* **sections**: ``--8<-- "path:name"`` includes the lines between ``# --8<-- [start:name]``
  and ``# --8<-- [end:name]`` of ``path``, dedented, as pymdownx.snippets does;
* **figures**: ``![what it shows](figures/<stem>.svg)`` on a line of its own;
* **cells**: a notebook page is jupytext's percent format; its cells are read by jupytext.
"""

import pathlib
import re
import textwrap

import yaml

FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.M | re.S
)
"""A whole fenced block: its indentation, its info string (``python title="…"``) and body."""

SNIPPET = re.compile(r'^\s*--8<--\s+"(?P<path>[^":]+)(?::(?P<section>[\w-]+))?"\s*$')
"""One include line of a titled fence."""

SECTION_MARK = re.compile(r"--8<-- \[(?:start|end):[\w-]+\]")

FIGURE = re.compile(r"^[ \t]*!\[(?P<alt>[^\]]*)\]\(figures/(?P<name>[\w-]+)\.svg\)[ \t]*$", re.M)
"""A figure the build draws (:mod:`sitebuild.figures`), on a line of its own: its alt text
and its name (the page's stem)."""


def section_start(name: str) -> str:
    """The comment that opens section ``name`` in a source file."""
    return f"# --8<-- [start:{name}]"


def section(root: pathlib.Path, path: str, name: str | None) -> str:
    """The named section of a file, as pymdownx.snippets includes it (dedented, no markers).

    ``name`` None: the whole file.
    """
    lines = (root / path).read_text(encoding="utf-8").splitlines()
    if name is not None:
        starts = [i for i, line in enumerate(lines) if section_start(name) in line]
        ends = [i for i, line in enumerate(lines) if f"--8<-- [end:{name}]" in line]
        if len(starts) != 1 or len(ends) != 1 or ends[0] < starts[0]:
            raise ValueError(f"{path}: no single section named {name!r}")
        lines = lines[starts[0] + 1 : ends[0]]
    kept = [line for line in lines if not SECTION_MARK.search(line)]
    return textwrap.dedent("\n".join(kept)).strip("\n")


def without_fences(markdown: str) -> str:
    """The Markdown with every fenced block taken out."""
    return FENCE.sub("", markdown)


def cells(path: pathlib.Path, kind: str) -> list[str]:
    """The sources of a notebook page's cells of ``kind`` ("markdown" or "code"), in order."""
    import jupytext  # only notebook pages need it

    if kind not in ("markdown", "code"):
        raise ValueError(f"kind must be 'markdown' or 'code', got {kind!r}")
    return [cell.source for cell in jupytext.read(path).cells if cell.cell_type == kind]


class _Loader(yaml.SafeLoader):
    """mkdocs.yml's YAML, with mkdocs's own tags (``!relative``, ``!ENV``) read as None."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def config(root: pathlib.Path) -> dict:
    """``mkdocs.yml`` of the checkout at ``root``."""
    return yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)


def nav(root: pathlib.Path) -> list[tuple[str | None, str]]:
    """Every page of the navigation, in order, as (title or None, source path under docs/)."""

    def walk(entries):
        for entry in entries:
            title, target = (None, entry) if isinstance(entry, str) else next(iter(entry.items()))
            if isinstance(target, list):
                yield from walk(target)
            elif "://" not in target:
                yield title, target

    return list(walk(config(root)["nav"]))
