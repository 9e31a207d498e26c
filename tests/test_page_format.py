"""sitebuild.pages: the one reader of the page format that the build, the checks and the tests
share."""

import pathlib

import pytest

from sinefit import chapters
from sitebuild import pages

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_the_nav_holds_every_chapter_page_in_order():
    targets = [target for _, target in pages.nav(ROOT)]
    stems = [pathlib.PurePath(t).stem for t in targets]
    assert targets[0] == "index.md"
    assert [s for s in stems if s in {c.stem for c in chapters.CHAPTERS}] == [
        c.stem for c in chapters.CHAPTERS
    ]


def test_a_fence_inside_an_admonition_is_a_fence():
    text = 'Prose.\n\n??? note "n"\n\n    ```python\n    >>> 1\n    1\n\n    ```\n\nMore.\n'
    (fence,) = pages.FENCE.finditer(text)
    assert fence["indent"] == "    "
    assert fence["info"] == "python"
    assert pages.without_fences(text).split() == ["Prose.", "???", "note", '"n"', "More."]


def test_a_section_is_its_lines_dedented_without_markers(tmp_path):
    (tmp_path / "m.py").write_text(
        "x = 1\n    # --8<-- [start:s]\n    y = 2\n    # --8<-- [end:s]\n"
    )
    assert pages.section(tmp_path, "m.py", "s") == "y = 2"
    with pytest.raises(ValueError, match="no single section named 'missing'"):
        pages.section(tmp_path, "m.py", "missing")


def test_cells_of_a_notebook_page_by_kind():
    page = ROOT / "docs" / "optimum.py"
    assert pages.cells(page, "code")
    assert all("# %%" not in cell for cell in pages.cells(page, "markdown"))
    with pytest.raises(ValueError, match="kind must be"):
        pages.cells(page, "raw")
