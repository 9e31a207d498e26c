"""Every script chapter (1-9) has the page shape of issues 24 and 25: it teaches first.

The idea and the chapter's code come first; the package's ``fit`` wrapper is folded away in
one block; a ``## Summary`` of 3-5 bullets closes the main path; ``## Exercises`` follow,
2-4 of them, each with a folded solution that runs and asserts its outcome (Sybil runs it);
then only ``## Going deeper`` sections. The words on the main path are counted by
``../shared/tools/mainpath.py`` where the checkout has ``shared/`` beside it, as CI's does.
"""

import importlib.util
import re
from pathlib import Path

import pytest

from sinefit import chapters
from sitebuild import pages

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MAINPATH = ROOT.parent / "shared" / "tools" / "mainpath.py"
SCRIPT_PAGES = [DOCS / f"{c.stem}.md" for c in chapters.CHAPTERS if c.kind == "script"]
HEADING = re.compile(r"^## (?P<title>.+)$", re.M)


def headings(page: Path) -> list[str]:
    """The titles of the page's ``##`` headings outside code fences, in order."""
    return HEADING.findall(pages.without_fences(page.read_text(encoding="utf-8")))


def section(text: str, title: str) -> str:
    """The ``## title`` section of a page, up to the next ``##`` heading or the page's end."""
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else len(text)]


@pytest.mark.parametrize("page", SCRIPT_PAGES, ids=lambda p: p.stem)
def test_a_summary_of_three_to_five_bullets_then_only_going_deeper(page):
    titles = headings(page)
    assert titles.count("Summary") == 1, f"{page.name}: one ## Summary"
    after = titles[titles.index("Summary") + 1 :]
    assert all(t.startswith("Going deeper") for t in after if t != "Exercises"), after
    bullets = re.findall(r"^- ", section(page.read_text(encoding="utf-8"), "Summary"), re.M)
    assert 3 <= len(bullets) <= 5, f"{page.name}: the Summary has {len(bullets)} bullets"


@pytest.mark.parametrize("page", SCRIPT_PAGES, ids=lambda p: p.stem)
def test_the_package_wrapper_is_folded_once_and_the_script_loop_is_shown(page):
    text = page.read_text(encoding="utf-8")
    assert len(re.findall(r'^\?\?\? note "How the package wraps the script', text, re.M)) == 1
    # The chapter's loop is on the main path, before the Summary, outside any fold
    main = text[: text.index("\n## Summary\n")]
    shown = re.findall(r'^--8<-- "sinefit/scripts/(\w+)\.py:(\w[\w-]*)"$', main, re.M)
    assert any(stem == page.stem for stem, _ in shown), f"{page.name} shows none of its script"


def load_mainpath():
    if not MAINPATH.is_file():
        pytest.skip(f"{MAINPATH} is not beside this checkout (CI's clone has it)")
    spec = importlib.util.spec_from_file_location("mainpath", MAINPATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("page", [*SCRIPT_PAGES, DOCS / "index.md"], ids=lambda p: p.stem)
def test_the_main_path_is_within_its_budget(page):
    main, everything = load_mainpath().count(page)
    limit = 500 if page.name == "index.md" else 700
    assert 0 < main <= limit, f"{page.name}: {main} words on the main path (limit {limit})"
    assert everything >= main


@pytest.mark.parametrize("page", SCRIPT_PAGES, ids=lambda p: p.stem)
def test_seeds_and_devices_are_explained_once_on_home_and_linked(page):
    main = page.read_text(encoding="utf-8").split("\n## Summary\n")[0]
    assert "](index.md#going-deeper-how-these-pages-run)" in main
    home = (DOCS / "index.md").read_text(encoding="utf-8")
    assert "\n## Going deeper: how these pages run\n" in home


EXERCISE = re.compile(r"^\*\*(?P<number>\d+)\. [^*]+\*\*", re.M)
SOLUTION = re.compile(r'^\?\?\? success "Solution"\n(?P<body>(?:\n|    .*\n)+)', re.M)


@pytest.mark.parametrize("page", SCRIPT_PAGES, ids=lambda p: p.stem)
def test_exercises_follow_the_summary_each_with_a_folded_checked_solution(page):
    titles = headings(page)
    assert titles[titles.index("Summary") + 1] == "Exercises", f"{page.name}: no Exercises"
    exercises = section(page.read_text(encoding="utf-8"), "Exercises")
    numbers = [int(m["number"]) for m in EXERCISE.finditer(exercises)]
    assert 2 <= len(numbers) <= 4, f"{page.name}: {len(numbers)} exercises"
    assert numbers == list(range(1, len(numbers) + 1))
    solutions = [m["body"] for m in SOLUTION.finditer(exercises)]
    assert len(solutions) == len(numbers), f"{page.name}: one folded solution per exercise"
    for number, body in zip(numbers, solutions, strict=True):
        # Runnable, and asserting: a doctest fence whose examples show an expected outcome
        fences = [f["body"] for f in pages.FENCE.finditer(body) if f["info"].strip() == "python"]
        assert fences, f"{page.name}, exercise {number}: no runnable solution"
        outputs = [
            line
            for fence in fences
            for line in fence.splitlines()
            if line.strip() and not line.lstrip().startswith((">>>", "..."))
        ]
        assert outputs, f"{page.name}, exercise {number}: the solution asserts nothing"
        prose = pages.without_fences(body)
        assert len(prose.split()) >= 12, f"{page.name}, exercise {number}: explain the result"
