"""The registry of chapters against the nav, Home's chapter table and the files on disk."""

import inspect
import re
from pathlib import Path

import pytest

from sinefit import chapters
from sitebuild import pages

ROOT = Path(__file__).resolve().parent.parent


def page(chapter):
    return chapter.files()[0 if chapter.kind == "prose" else 1].removeprefix("docs/")


def test_the_chapters_are_numbered_from_one_in_order_with_distinct_stems():
    assert [c.number for c in chapters.CHAPTERS] == list(range(1, len(chapters.CHAPTERS) + 1))
    assert len({c.stem for c in chapters.CHAPTERS}) == len(chapters.CHAPTERS)


def test_the_nav_lists_every_chapter_in_order_and_nothing_else():
    numbered = [(t, target) for t, target in pages.nav(ROOT) if t and re.match(r"\d+\. ", t)]
    assert numbered == [(c.label, page(c)) for c in chapters.CHAPTERS]


def test_homes_table_lists_every_chapter_in_order():
    text = (ROOT / "docs" / "index.md").read_text()
    rows = re.findall(r"^\| (\d+) \| \[([^\]]+)\]\(([^)]+)\) \|", text, flags=re.MULTILINE)
    assert rows == [(str(c.number), c.title, page(c)) for c in chapters.CHAPTERS]


def test_every_chapter_has_its_files():
    missing = [path for c in chapters.CHAPTERS for path in c.files() if not (ROOT / path).is_file()]
    assert missing == [], f"missing: {', '.join(missing)}"


def test_every_module_the_registry_names_imports():
    for chapter in chapters.CHAPTERS:
        if chapter.module_name is not None:
            assert chapter.module.__name__ == chapter.module_name


def test_a_prose_chapter_has_no_module():
    with pytest.raises(ValueError, match="is prose: it has no module"):
        _ = chapters.by_stem("pitfalls").module


def test_an_unknown_stem_is_named():
    with pytest.raises(KeyError, match="no chapter is named 'nope'"):
        chapters.by_stem("nope")


@pytest.mark.parametrize("chapter", chapters.FITS, ids=lambda c: c.stem)
def test_each_fit_chapter_is_a_script_with_its_loss_and_any_tutorial_link_a_section(chapter):
    if chapter.tutorial is not None:  # chapters 1-8 follow the tutorial; a later one may not
        assert chapter.tutorial.startswith(chapters.TUTORIAL + "#")
    assert chapter.kind == "script"
    assert callable(chapter.loss_of)


@pytest.mark.parametrize("chapter", chapters.FITS, ids=lambda c: c.stem)
def test_each_fit_chapter_s_module_keeps_the_chapter_protocol(chapter):
    module = chapter.module
    assert isinstance(module, chapters.Script)
    assert isinstance(module.STEPS, int)
    assert module.STEPS > 0
    assert isinstance(module.LEARNING_RATE, float)
    assert module.LEARNING_RATE > 0
    taken = list(inspect.signature(module.train).parameters)
    assert taken[:2] == ["x", "y"]
    assert taken[3:] == ["steps", "learning_rate", "observe"]
    options = inspect.signature(module.fit).parameters
    assert {"steps", "learning_rate", "log_every", "log", "x", "y"} <= set(options)
    assert options["steps"].default == module.STEPS
    assert options["learning_rate"].default == module.LEARNING_RATE


def test_a_module_without_the_protocol_is_told_apart():
    assert not isinstance(chapters, chapters.Script)


def test_the_power_series_of_each_kind_of_model():
    assert chapters.cubic((1, 2, 3, 4)) == (1.0, 2.0, 3.0, 4.0)
    # a + b·P3(c + d·x) with c = 0, d = 1 is a + b·(2.5x³ − 1.5x)
    assert chapters.legendre((1.0, 2.0, 0.0, 1.0)) == pytest.approx((1.0, -3.0, 0.0, 5.0))
    # e·x⁴ is in two of the three orders, e·x⁵ in one
    assert chapters.dynamic((0, 0, 0, 0, 3.0))[4:] == pytest.approx((2.0, 1.0))
