"""Collect every snippet of the docs pages and every docstring example through Sybil.

It also gives each pytest-xdist worker one torch thread (see ``pytest_configure``).
"""

import os
from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

from sybil import Sybil
from sybil.parsers.markdown import ClearNamespaceParser, PythonCodeBlockParser, SkipParser
from sybil.parsers.rest import DocTestParser

FLAGS = ELLIPSIS | NORMALIZE_WHITESPACE


def close_figures(namespace):
    """A page that draws a figure leaves it open (a notebook shows it); close it after the page."""
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


pages = Sybil(
    parsers=[
        PythonCodeBlockParser(doctest_optionflags=FLAGS),
        SkipParser(),
        ClearNamespaceParser(),
    ],
    path="docs",
    patterns=["*.md"],
    teardown=close_figures,
)

docstrings = Sybil(
    parsers=[DocTestParser(optionflags=FLAGS)],
    path="sinefit",
    patterns=["*.py"],
)

pytest_collect_file = (pages + docstrings).pytest()


def pytest_configure(config):
    """Give each pytest-xdist worker one torch thread.

    torch starts one thread per core in every process, so two workers on two cores ran four
    threads that mostly waited on each other over 2000-element tensors: the warm suite took
    156 s against 36 s with one thread each. A serial run (``-n 0``) keeps torch's default.
    The thread count changes no printed digit: the pages' outputs are the same either way.
    """
    if os.environ.get("PYTEST_XDIST_WORKER"):
        import torch

        torch.set_num_threads(1)
