"""Collect every snippet of the docs pages and every docstring example through Sybil."""

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

from sybil import Sybil
from sybil.parsers.markdown import ClearNamespaceParser, PythonCodeBlockParser, SkipParser
from sybil.parsers.rest import DocTestParser

FLAGS = ELLIPSIS | NORMALIZE_WHITESPACE

pages = Sybil(
    parsers=[
        PythonCodeBlockParser(doctest_optionflags=FLAGS),
        SkipParser(),
        ClearNamespaceParser(),
    ],
    path="docs",
    patterns=["*.md"],
)

docstrings = Sybil(
    parsers=[DocTestParser(optionflags=FLAGS)],
    path="sinefit",
    patterns=["*.py"],
)

pytest_collect_file = (pages + docstrings).pytest()
