"""A page's printed log read at its printed digits, and a script's output held against it.

The downloads check (:mod:`sitecheck.downloads`) runs each chapter's script and asks whether the
log its page shows appears, in order, in what the script prints: each page line must read
as a script line once the script's numbers are rounded to the digits the page shows.
"""

import re

NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")
LOG_LINE = re.compile(r"^(?:step )?\d+\b")


def page_log(notebook) -> list[str]:
    """The longest printed log in a page's notebook: lines that each begin with a step."""
    best: list[str] = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") != "stream":
                continue
            lines = output["text"].splitlines()
            if len(lines) > len(best) and all(LOG_LINE.match(line) for line in lines):
                best = lines
    return best


def decimals(shown: str) -> int:
    """How many decimal places a printed number shows (1.098e+04: -1; 950.6: 1; 1943: 0)."""
    mantissa, _, exponent = shown.lower().partition("e")
    places = len(mantissa.partition(".")[2])
    return places - (int(exponent) if exponent else 0)


def words(line: str) -> list[str]:
    """A line's text between its numbers, spacing normalised."""
    return [" ".join(part.split()) for part in NUMBER.split(line)]


def same_at_digits(page: str, script: str) -> bool:
    """Whether a script's line reads as the page's once rounded to the page's digits."""
    if words(page) != words(script):
        return False
    shown, printed = NUMBER.findall(page), NUMBER.findall(script)
    if len(shown) != len(printed):
        return False
    for index, (want, got) in enumerate(zip(shown, printed, strict=True)):
        if index == 0:  # the step: exactly
            if want != got:
                return False
            continue
        if abs(float(got) - float(want)) > 0.5 * 10.0 ** -decimals(want) * (1 + 1e-9):
            return False
    return True


def missing_from(page: list[str], script: list[str]) -> str | None:
    """None if the page's log lines appear, in order, in the script's output; else the first
    line that does not."""
    if not page:
        return "the page shows no log"
    position = 0
    for line in page:
        while position < len(script) and not same_at_digits(line, script[position]):
            position += 1
        if position == len(script):
            return line
        position += 1
    return None
