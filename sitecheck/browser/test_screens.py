"""Every page in each colour scheme at each width: its layout, and a screenshot if asked for."""

import pathlib


def test_layout(page, view, evidence, screenshot_dir):
    """No sideways scrolling, no formula or plot cut off; where ``SINEFIT_SCREENSHOTS`` names
    a folder, a full-page screenshot in it for a reviewer's eyes."""
    where = f"{page.path or '/'} ({' '.join(view)})"
    layout = evidence(page, view, "layout")
    assert layout["overflow"] <= 0, f"{where}: the page scrolls sideways by {layout['overflow']} px"
    assert not layout["clipped"], (
        f"{where}: formulas or plots cut off on the left: {layout['clipped']}"
    )
    if screenshot_dir is None:
        return
    shot = pathlib.Path(evidence(page, view, "screenshot"))
    assert shot.is_file(), f"{where}: no screenshot at {shot}"
    assert shot.stat().st_size > 0, f"{where}: an empty screenshot at {shot}"
