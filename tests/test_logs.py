"""The scripts' logs held against the pages' at the printed digits (sitebuild.logs)."""

import pathlib

import pytest

from sitebuild import downloads, notebook
from sitecheck import logs

ROOT = pathlib.Path(__file__).parent.parent
DOCS = ROOT / "docs"


def test_decimals_of_printed_numbers():
    assert [logs.decimals(s) for s in ["1943", "950.6", "1.098e+04", "0.0624", "2e-13"]] == [
        0,
        1,
        -1,
        4,
        13,
    ]


@pytest.mark.parametrize(
    ("page", "script", "same"),
    [
        ("99 1943", "99 1943.2584", True),
        ("99 1943", "99 1943.6", False),
        ("1999 11.1", "1999 11.0950", True),
        ("1999 11.1", "1999 11.2", False),
        ("99 2.48e+04", "99 24797.3", True),
        ("99 1943", "199 1943", False),
        ("step 9: w = 1.537, loss = 1.6094", "step 9: w = 1.53700, loss = 1.60941", True),
        ("step 9: w = 1.537, loss = 1.6094", "step 9: w = 1.537, loss = 1.6194", False),
        ("step 9: w = 1.537, loss = 1.6094", "step 9: v = 1.537, loss = 1.6094", False),
        ("99 1943", "99 1943 7", False),
    ],
)
def test_a_script_line_reads_as_the_page_line_at_the_page_digits(page, script, same):
    assert logs.same_at_digits(page, script) is same


def test_the_page_log_must_appear_in_order_in_the_script_output():
    page = ["99 1943", "199 1358"]
    assert logs.missing_from(page, ["start", "99 1943.2", "149 1500", "199 1358.1"]) is None
    assert logs.missing_from(page, ["199 1358.1", "99 1943.2"]) == "199 1358"
    assert logs.missing_from(page, ["99 1943.2"]) == "199 1358"
    assert logs.missing_from([], ["99 1943"]) == "the page shows no log"


def test_the_page_log_is_its_longest_printed_log():
    nb = notebook.convert((DOCS / "polynomial_tensor.md").read_text(), ROOT, "install")
    log = logs.page_log(nb)
    assert log[0] == "99 3238"
    assert len(log) == 20


@pytest.mark.parametrize("stem", downloads.SCRIPTS)
def test_every_script_page_shows_a_log(stem):
    nb = notebook.convert((DOCS / f"{stem}.md").read_text(), ROOT, "install")
    assert len(logs.page_log(nb)) >= 10
    assert (ROOT / "sinefit" / "scripts" / f"{stem}.py").is_file()
