"""The Markdown pages' figures, drawn at build time (sitebuild.figures)."""

import pathlib

from sitebuild import figures, notebook, pages

ROOT = pathlib.Path(__file__).parent.parent
DOCS = ROOT / "docs"


def test_every_page_figure_is_drawn_by_the_build_and_says_what_it_shows():
    shown = {}
    for page in sorted(DOCS.glob("*.md")):
        for found in pages.FIGURE.finditer(page.read_text(encoding="utf-8")):
            assert found["name"] == page.stem, f"{page.name} shows another page's figure"
            shown[found["name"]] = found["alt"]
    assert sorted(shown) == sorted(figures.FIGURES)
    for name, alt in shown.items():
        assert len(alt.split()) >= 15, f"{name}: the alt text must say what the plot shows"


def test_a_figure_is_an_svg_and_the_same_on_every_build():
    first = figures.svg("linear_regression")
    assert first.startswith(b"<?xml")
    assert b"<svg" in first
    assert figures.svg("linear_regression") == first


def test_the_notebook_drops_the_built_figure_and_keeps_the_cell_that_draws_it():
    page = "```python\n>>> figure = plot.line_stages(a, b)\n```\n\n![it](figures/x.svg)\n"
    cells = notebook.convert(page, ROOT, "install").cells
    assert [cell.cell_type for cell in cells] == ["markdown", "code"]
    assert cells[1].source == "figure = plot.line_stages(a, b)"
