"""Each tutorial chapter's section in PyTorch's "Learning PyTorch with Examples".

The addresses live in the registry (:data:`sinefit.chapters.CHAPTERS`, each entry's
``tutorial``); chapters the tutorial does not have link to nothing but the tutorial itself,
from Home.
"""

from sinefit import chapters

PAGE = chapters.TUTORIAL
TITLE = "Learning PyTorch with Examples"


def link(stem: str) -> str | None:
    """The address of the tutorial's section that a page follows, or None if it has none."""
    for chapter in chapters.CHAPTERS:
        if chapter.stem == stem:
            return chapter.tutorial
    return None
