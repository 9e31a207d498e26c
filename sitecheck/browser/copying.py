"""What a code block's copy button must give, and the page's notebook it must match.

The site's doctest-copy.js strips prompts and outputs in the browser; this module says,
independently, what the result must be (through Python's own doctest parser). A page's
copied code, in order, must be its downloadable notebook's code: ``nox -s downloads`` runs
that notebook in a fresh environment, which proves the copied code runs as the page shows.
"""

import doctest
import json
import pathlib
import re

# Sybil's skip markers, as the built page keeps them (HTML comments).
SKIP = re.compile(r"^\s*skip:\s*(next|start|end)\s*(?:if\((.*)\))?\s*$", re.S)


def normalise(text: str) -> str:
    """Code text compared line by line, trailing spaces and blank end lines ignored."""
    return "\n".join(line.rstrip() for line in text.replace("\xa0", " ").splitlines()).strip("\n")


def is_doctest(shown: str) -> bool:
    return shown.startswith(">>> ")


def expected_copy(shown: str) -> str:
    """What copying a block must give: a doctest's sources alone, any other block as shown."""
    if not is_doctest(shown):
        return normalise(shown)
    examples = doctest.DocTestParser().get_examples(shown)
    return normalise("".join(example.source for example in examples))


def copied_code(events: list[dict]) -> list[str]:
    """The code a reader copies from a page to run, in page order: the blocks Sybil runs.

    Titled blocks are excerpts of package files, to read; blocks Sybil skips (one that needs
    a GPU, say) become Markdown in the page's notebook, so neither is part of the comparison.
    """
    code, skipping, skip_next = [], False, False
    for event in events:
        if "comment" in event:
            match = SKIP.match(event["comment"])
            if match:
                skip_next = match.group(1) == "next"
                skipping = match.group(1) == "start" or (skipping and match.group(1) != "end")
        elif event["title"]:
            continue
        elif skip_next or skipping:
            skip_next = False
        else:
            code.append(event["copied"])
    return code


def notebook_code(notebook_path: pathlib.Path) -> list[str]:
    """The code cells of a page's downloadable notebook that a reader sees (not hidden set-up)."""
    notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    return [
        "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for cell in notebook["cells"]
        if cell["cell_type"] == "code"
        and not cell.get("metadata", {}).get("jupyter", {}).get("source_hidden")
    ]


def code_lines(blocks: list[str]) -> list[str]:
    """The blocks' non-blank lines, in order, compared without trailing spaces."""
    return [line for block in blocks for line in normalise(block).splitlines() if line.strip()]
