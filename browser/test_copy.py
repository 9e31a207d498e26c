"""Copy buttons: each copies its block's code, and a page's copied code runs in Python."""

import copying
import survey
from sources import plain_python_fences

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


def test_copied_code_runs(markdown_page, evidence, surveyed):
    """A page's copied blocks (those Sybil runs: not the titled excerpts of package files),
    pasted in order into one fresh Python with sinefit importable, raise only where the page
    shows a traceback, and then the exception it shows. Notebook pages are not among them:
    the site build executes every cell and fails on any error."""
    where = markdown_page.path or "/"
    evidence(markdown_page, FULL, "copy")
    problems = surveyed.runs.get(markdown_page.slug)
    assert problems is not None, f"{where}: its copied code was never run"
    assert not problems, f"{where}: pasting its copied code:\n" + "\n".join(problems)
