"""Chapter 12's recording: it ships with the package, it is a complete checked run, and the
page that prints it runs from any folder."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

import sinefit.speed
from sinefit import chapters
from sinefit.speed import measure, report

RECORDED = report.recording("bench-cpu")
"""The CPU recording the speed page prints, as the package ships it."""


def test_the_recordings_ship_with_the_package():
    """The page reads its recording from the package, not from a clone's folders."""
    assert RECORDED.is_file()
    assert RECORDED.parent.parent == Path(sinefit.speed.__file__).parent
    with pytest.raises(ValueError, match="a recording's name"):
        report.recording("../secrets")


def test_the_speed_page_runs_from_any_folder(tmp_path):
    """The speed page's code, run as a reader with the package installed would run it, from
    a folder outside the clone: every cell runs, and only the cells the page shows raising
    raise."""
    from sitebuild import notebook

    root = Path(__file__).resolve().parent.parent
    converted = notebook.convert((root / "docs" / "speed.md").read_text(), root, "")
    program = ["import sys"]
    for number, cell in enumerate(c for c in converted.cells if c.cell_type == "code"):
        body = "\n".join("    " + line for line in cell.source.splitlines()) or "    pass"
        if "raises-exception" in cell.metadata.get("tags", ()):
            program += ["try:", body, "except Exception:", "    pass", "else:",
                        f"    sys.exit('cell {number} should raise')"]  # fmt: skip
        else:
            program += ["if True:", body]
    ran = subprocess.run(
        [sys.executable, "-c", "\n".join(program)],
        check=False,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": ""},
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert "2000 steps" in ran.stdout


def test_the_recorded_data_is_a_complete_checked_run():
    record = report.load(RECORDED)
    assert not record["settings"]["quick"]
    assert record["settings"]["steps"] == measure.STEPS
    stems = [chapter.stem for chapter in chapters.FITS]
    recorded = [row["chapter"] for row in record["chapters"]["cpu"]]
    assert recorded
    assert recorded == [stem for stem in stems if stem in recorded]  # the registry's, in order
    assert all(row["agrees"] for row in record["chapters"]["cpu"])
    assert all(v["agrees"] for v in record["variants"]["cpu"].values())
    assert record["compile"]["cpu"].get("agrees", True)
    assert [row["n"] for row in record["scaling"]["cpu"]] == list(measure.SCALING_N)
