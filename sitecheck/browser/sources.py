"""What a page's source holds: its formulas and its code, to hold the browser's page against."""

import re

from sitebuild import pages
from sitecheck.browser.sitepages import Page

# ---------------------------------------------------------------------------------------
# Formulas and code in a page's source
# ---------------------------------------------------------------------------------------

COMMENT = re.compile(r"<!--.*?-->", re.S)
CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
DISPLAY = re.compile(r"(?<!\\)\$\$.+?(?<!\\)\$\$", re.S)
# pymdownx.arithmatex's inline rule: no space just inside either dollar, no escaped dollar.
INLINE = re.compile(r"(?<!\\)\$(?!\s)(?:\\.|[^\\$])+?(?<!\s)\$")


def prose(markdown: str) -> str:
    """The Markdown with fenced code, inline code and HTML comments taken out."""
    text = COMMENT.sub("", pages.without_fences(markdown))
    return CODE_SPAN.sub("", text)


def count_formulas(markdown: str) -> int:
    """How many formulas the Markdown holds: $$…$$ displays and $…$ inline ones."""
    text = prose(markdown)
    displays = len(DISPLAY.findall(text))
    text = DISPLAY.sub(" ", text)
    inline = sum(len(INLINE.findall(paragraph)) for paragraph in re.split(r"\n\s*\n", text))
    return displays + inline


def markdown_of(page: Page) -> str:
    """The Markdown a page is written in: the file, or a notebook's Markdown cells."""
    if not page.is_notebook:
        return page.source.read_text(encoding="utf-8")
    return "\n\n".join(pages.cells(page.source, "markdown"))


def code_cells_of(page: Page) -> list[str]:
    return pages.cells(page.source, "code")


# Sybil collects fences whose info string is exactly "python" (see TOOLCHAIN.md).
PLAIN_PYTHON_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})python[ \t]*$", re.M)


def plain_python_fences(page: Page) -> int:
    """How many fences of a Markdown page Sybil runs (notebook pages have none)."""
    if page.is_notebook:
        return 0
    return len(PLAIN_PYTHON_FENCE.findall(page.source.read_text(encoding="utf-8")))
