"""Every number a page's prose states is printed by an output on that page.

Every decimal (``0.85``), percentage (``15%``) and scientific number (``1e-6``,
``5\\times10^{-6}``, ``10^{-8}``) in a page's prose, math included, code excluded, must be
printed by an output on that page at the prose's rounding: some printed number lies within
half a unit of the prose number's last digit. For Markdown pages the outputs are the
doctests' expected outputs (which Sybil holds to the code); for notebook pages, what their
code cells print when run. Two rules and a short list cover the rest:

- an input: the number is a numeric literal in the code the page runs (a learning rate,
  a tolerance, a step count passed as an argument);
- :data:`ALLOWED`: a number per page with the reason it needs no printing (a worked
  arithmetic step shown in full, a constant of a formula).

(That every fence is run or names its file is tests/test_fences.py.)
"""

import contextlib
import inspect
import io
import math
import os
import re
from pathlib import Path

import pytest

from sinefit import convergence, landscape
from sitebuild import pages

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MARKDOWN_PAGES = sorted(DOCS.glob("*.md"))
NOTEBOOK_PAGES = sorted(DOCS.glob("*.py"))

ALLOWED = {
    # page: {number as written: why it needs no printed output}
    "polynomial_custom_function.md": {
        "0.625": "worked step: 5·0.5³, shown in full beside the printed P3(0.5)",
        "1.5": "worked step: 3·0.5, and the constant of P3′ = 1.5(5u² − 1)",
        "1.25": "worked step: 5·0.5², shown in full beside the printed P3′(0.5)",
    },
    "linear_regression.md": {
        "0.85": "worked step: 1 − 15·0.01, shown in full (and printed by step_factors)",
        "15%": "worked step: 1 − 0.85, the fraction of the error one step removes",
        "7.5": "worked step: mean(x²) for x = 1..4, shown in the matrix M",
        "2.5": "worked step: mean(x) for x = 1..4, shown in the matrix M",
        "3 \\cdot 10^{-5}": "worked step: 0.01 · (1 − 0.997), shown in full",
    },
    "index.md": {
        "3.11": "a version: the Python the package needs (pyproject.toml's requires-python)",
    },
    "convergence.py": {
        "0.1%": "an input: the tolerance of the table's last column, sinefit.convergence.CLOSE",
        "0.001": "an input: the same tolerance as a fraction, sinefit.convergence.CLOSE",
        "0.98": "an input: 1 − the margin of sinefit.landscape.edge",
        "1.02": "an input: 1 + the margin of sinefit.landscape.edge",
    },
    "speed.md": {
        "10^{-9}": "a tolerance of tests/test_speed.py, not a result (asked of speed.md to print)",
    },
    "pitfalls.md": {
        "2.5": "worked step: mean(X) in w = ȳ·x̄/mean(x²) = 5·2.5/7.5, shown in full",
        "7.5": "worked step: mean(X²) in the same line",
    },
}

FENCE = pages.FENCE


# Numbers

NUMBER = re.compile(
    r"""
    (?<![\w.^{])
    (?P<mantissa>\d+(?:\.\d+)?)
    (?:
        (?P<percent>\s?\\?%)
      | e(?P<exp>[-+−]?\d+)
      | \s*(?:\\times|\\cdot|×|·)\s*10\^\{?(?P<texexp>[-−]?\d+)\}?
    )?
    (?![\w.]*\d)
    """,
    re.X,
)
POWER = re.compile(r"(?<![\w.^{])10\^\{?(?P<exp>[-−]?\d+)\}?")
OUTPUT_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:e[-+]?\d+)?%?")


def prose_of(text: str) -> str:
    """Markdown text without code: fences, inline code, HTML comments and link targets go."""
    text = FENCE.sub("", text)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"`[^`\n]*`", "", text)
    return re.sub(r"\]\([^)]*\)", "]", text)


def prose_numbers(prose: str):
    """(as written, value, half a unit of its last digit, is a percentage) for each number."""
    for found in POWER.finditer(prose):
        exponent = int(found["exp"].replace("−", "-"))
        start = found.start()
        before = prose[max(0, start - 12) : start]
        if re.search(r"\d\s*(\\times|\\cdot|×|·)\s*$", before):
            continue  # the mantissa's match covers it
        yield found[0], 10.0**exponent, 0.5 * 10.0**exponent, False
    for found in NUMBER.finditer(prose):
        mantissa = found["mantissa"]
        exponent = found["exp"] or found["texexp"]
        percent = bool(found["percent"])
        if "." not in mantissa and exponent is None and not percent:
            continue  # a plain integer: step counts, chapter numbers, N
        decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
        scale = 10.0 ** int(exponent.replace("−", "-")) if exponent else 1.0
        yield found[0], float(mantissa) * scale, 0.5 * 10.0**-decimals * scale, percent


def output_numbers(text: str) -> list[tuple[float, bool]]:
    """Every number an output prints, as (value, is a percentage)."""
    return [(float(n.rstrip("%")), n.endswith("%")) for n in OUTPUT_NUMBER.findall(text)]


def doctest_parts(text: str) -> tuple[str, str]:
    """The code and the expected outputs of a page's run fences."""
    code, outputs = [], []
    for fence in FENCE.finditer(text):
        if fence["info"].strip() != "python":
            continue
        for line in fence["body"].splitlines():
            if line.startswith((">>> ", "... ")) or line in (">>>", "..."):
                code.append(line[4:])
            elif fence["body"].lstrip().startswith(">>>"):
                outputs.append(line)
            else:
                code.append(line)
    return "\n".join(code), "\n".join(outputs)


def literals(code: str) -> set[float]:
    """The numeric literals in code: the inputs a page chooses."""
    return {float(v) for v in re.findall(r"(?<![\w.])\d[\d_]*(?:\.\d+)?(?:e[-+]?\d+)?", code)}


# Where an allowed number is an input of the package, the value it must have.
INPUTS = {
    ("convergence.py", "0.1%"): lambda: 100 * convergence.CLOSE,
    ("convergence.py", "0.001"): lambda: convergence.CLOSE,
    ("convergence.py", "0.98"): lambda: 1 - edge_margin(),
    ("convergence.py", "1.02"): lambda: 1 + edge_margin(),
}


def edge_margin() -> float:
    return inspect.signature(landscape.edge).parameters["margin"].default


def test_allowed_numbers_are_used_and_inputs_hold():
    for name, numbers in ALLOWED.items():
        page = DOCS / name
        text = (
            page.read_text() if page.suffix == ".md" else "\n".join(pages.cells(page, "markdown"))
        )
        written = {w.strip() for w, *_ in prose_numbers(prose_of(text))}
        for number in numbers:
            assert number in written, f"{name}: {number!r} is allowed but no longer written"
    for (name, number), value in INPUTS.items():
        assert math.isclose(float(number.rstrip("%")), value(), rel_tol=1e-9), (name, number)


_executed = {}


def notebook_output(page: Path) -> str:
    """What a notebook page's code cells print when run, once per session."""
    if page not in _executed:
        os.environ.setdefault("MPLBACKEND", "Agg")
        namespace = {"__name__": "__main__"}
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed), contextlib.chdir(DOCS):
            for cell in pages.cells(page, "code"):
                exec(compile(cell, str(page), "exec"), namespace)
        import matplotlib.pyplot as plt

        plt.close("all")
        _executed[page] = printed.getvalue() + repr(namespace.get("rows", ""))
    return _executed[page]


def unprinted(page: Path, prose: str, code: str, outputs) -> list[str]:
    """The prose numbers that no rule covers and no output prints (``outputs``: text, or a
    callable giving it, called only if some number needs it)."""
    inputs = literals(code)
    printed = None
    allowed = ALLOWED.get(page.name, {})
    missing = []
    for written, value, half, percent in prose_numbers(prose):
        if written.strip() in allowed:
            continue
        if not percent and any(math.isclose(v, value, rel_tol=1e-12) for v in inputs):
            continue
        if printed is None:
            printed = output_numbers(outputs() if callable(outputs) else outputs)
        tolerance = half * (1 + 1e-9)
        if any(abs(o - value) <= tolerance and p == percent for o, p in printed):
            continue
        missing.append(written)
    return missing


@pytest.mark.parametrize("page", MARKDOWN_PAGES, ids=lambda p: p.name)
def test_every_number_in_prose_is_printed(page):
    text = page.read_text()
    code, outputs = doctest_parts(text)
    missing = unprinted(page, prose_of(text), code, outputs)
    assert not missing, f"{page.name}: printed nowhere on the page: {missing}"


@pytest.mark.parametrize("page", NOTEBOOK_PAGES, ids=lambda p: p.name)
def test_every_number_in_a_notebook_is_printed(page):
    prose = prose_of("\n\n".join(pages.cells(page, "markdown")))
    code = "\n".join(pages.cells(page, "code"))
    missing = unprinted(page, prose, code, lambda: notebook_output(page))
    assert not missing, f"{page.name}: printed nowhere on the page: {missing}"


@pytest.mark.parametrize(
    ("prose", "numbers"),
    [
        ("a loss of 8.817 and 1.4% above", ["8.817", "1.4%"]),
        (r"$\eta = 5\times10^{-6}$ or 5e-6, $10^{-3}$", [r"5\times10^{-6}", "5e-6", "10^{-3}"]),
        ("step 177 of 2000, chapter 9", []),
        (r"$2.2 \times 10^5$ and $3 \cdot 10^{-5}$", [r"2.2 \times 10^5", r"3 \cdot 10^{-5}"]),
    ],
)
def test_numbers_are_found(prose, numbers):
    assert sorted(w.strip() for w, *_ in prose_numbers(prose)) == sorted(numbers)


def test_a_number_at_another_rounding_is_not_printed(tmp_path):
    page = tmp_path / "page.md"
    missing = unprinted(page, "it ends 1.5% above, at 8.82", "", "8.8171\n1.4%")
    assert missing == ["1.5%"]


def test_a_notebook_page_is_run_for_its_outputs():
    assert "minimal sum of squared errors: 8.8171654" in notebook_output(DOCS / "optimum.py")
