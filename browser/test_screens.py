"""Every page in each colour scheme at each width: its layout, and a screenshot to look at."""

import pathlib


def test_screenshot(page, view, evidence):
    """No sideways scrolling, no formula or plot cut off, and a full-page screenshot
    (in ``.screenshots/`` or ``SINEFIT_SCREENSHOTS``) for a reviewer's eyes."""
    where = f"{page.path or '/'} ({' '.join(view)})"
    layout = evidence(page, view, "layout")
    assert layout["overflow"] <= 0, f"{where}: the page scrolls sideways by {layout['overflow']} px"
    assert not layout["clipped"], (
        f"{where}: formulas or plots cut off on the left: {layout['clipped']}"
    )
    shot = pathlib.Path(evidence(page, view, "screenshot"))
    assert shot.is_file(), f"{where}: no screenshot at {shot}"
    assert shot.stat().st_size > 0, f"{where}: an empty screenshot at {shot}"
