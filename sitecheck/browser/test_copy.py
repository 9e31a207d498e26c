"""Copy buttons: each copies its block's code, and a page's copied code is its notebook's."""

from sitecheck.browser import copying, survey
from sitecheck.browser.sources import plain_python_fences

FULL = survey.FULL


def test_code_copies(page, evidence):
    """Every code block has a copy button; it copies the block's text, or for a doctest the
    code alone (prompts removed, output dropped); a selection by hand gives the same code.
    Notebook cells copy their code with mkdocs-jupyter's own button."""
    found = evidence(page, FULL, "copy")
    where = page.path or "/"
    problems = []
    blocks = [e for e in found["events"] if "number" in e]
    for block in blocks:
        label = f"code block {block['number']} ({block['shown'][:40]!r})"
        if not block["button"]:
            problems.append(f"{label} has no copy button")
            continue
        wanted = copying.expected_copy(block["shown"])
        if copying.normalise(block["copied"]) != wanted:
            problems.append(f"{label} copied {block['copied'][:80]!r}, not {wanted[:80]!r}")
        if "selected" in block:
            by_hand = [line for line in copying.normalise(block["selected"]).splitlines() if line]
            if by_hand != [line for line in wanted.splitlines() if line]:
                problems.append(f"{label}: selecting it by hand gives {block['selected'][:80]!r}")
    for cell in found["cells"]:
        if cell["copied"] is None:
            problems.append(f"notebook cell {cell['number']} has no copy button")
        elif copying.normalise(cell["copied"]) != copying.normalise(cell["shown"]):
            problems.append(f"notebook cell {cell['number']} copied {cell['copied'][:60]!r}")
    problems += [
        f"a <pre> that is neither a code block nor an output: {t!r}" for t in found["strays"]
    ]
    assert not problems, f"{where}:\n" + "\n".join(problems)
    untitled = sum(1 for block in blocks if not block["title"])
    assert untitled == plain_python_fences(page), (
        f"{where} shows {untitled} untitled code blocks, its source has "
        f"{plain_python_fences(page)} plain python fences (the ones Sybil runs)"
    )


def test_copied_code_is_the_notebooks_code(markdown_page, evidence, site_dir):
    """A page's copied blocks (those Sybil runs: not the titled excerpts of package files,
    not the blocks Sybil skips), in order, are exactly the code of the page's downloadable
    notebook. ``nox -s downloads`` executes that notebook in a fresh environment with the
    site's wheel, failing where a cell raises and the page shows no error, or shows another
    one: so the code a reader copies is proven to run as the page shows, without running
    every page a second time here."""
    where = markdown_page.path or "/"
    found = evidence(markdown_page, FULL, "copy")
    notebook = site_dir / "downloads" / f"{markdown_page.source.stem}.ipynb"
    assert notebook.exists(), f"{where}: no notebook {notebook.name} in the site's downloads"
    copied = copying.code_lines(copying.copied_code(found["events"]))
    cells = copying.code_lines(copying.notebook_code(notebook))
    assert copied, f"{where}: nothing to copy and run"
    for number, (line, cell_line) in enumerate(zip(copied, cells, strict=False), 1):
        assert line == cell_line, (
            f"{where}: copied line {number} {line!r} is {cell_line!r} in {notebook.name}"
        )
    assert len(copied) == len(cells), (
        f"{where}: {len(copied)} copied lines, {len(cells)} in {notebook.name}"
    )
