"""Every chapter of the site, in order: the one list that everything going over chapters reads.

The convergence analysis, the speed chapter and the tests iterate :data:`CHAPTERS`; a test
holds it against ``mkdocs.yml``'s nav, the chapter table on ``docs/index.md`` and the files
each chapter needs. Adding a chapter is its module, its page, its test, one entry here, one
nav line and one row of Home's table.

Each kind of chapter has its files where :meth:`Chapter.files` says:

- ``script``: the chapter's standalone script ``sinefit/scripts/<stem>.py`` (NumPy and
  torch only: what the page shows, the site offers for download and the benchmark times),
  the package module ``sinefit/<stem>.py`` that imports it and adds ``fit`` and the
  analysis, its page ``docs/<stem>.md`` and ``tests/test_<stem>.py``. Chapters 1-8 expose
  ``STEPS``, ``LEARNING_RATE``, ``start``, ``train`` and ``fit``; chapter 9 has four
  stages, each a ``train_*`` loop and a function that runs it;
- ``package``: ``sinefit/<stem>/``, a page and a test;
- ``notebook``: the page is the executed notebook ``docs/<stem>.py``; its code and test are
  ``sinefit/<stem>.py`` and ``tests/test_<stem>.py``;
- ``prose``: the page alone, whose snippets are its tests.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from sinefit import dynamic_net, exact, polynomial_custom_function
from sinefit.dynamic_net import ORDERS

TUTORIAL = "https://docs.pytorch.org/tutorials/beginner/pytorch_with_examples.html"
"""PyTorch's "Learning PyTorch with Examples", which chapters 1-8 follow section by section."""


def cubic(coefficients) -> tuple[float, ...]:
    """(a, b, c, d) of a + b·x + c·x² + d·x³ are already the power series."""
    return tuple(float(v) for v in coefficients)


def legendre(coefficients) -> tuple[float, ...]:
    """(a, b, c, d) of a + b·P3(c + d·x), multiplied out (chapter 4's ``expand``)."""
    return cubic(polynomial_custom_function.expand(*coefficients))


def dynamic(coefficients) -> tuple[float, ...]:
    """(a, b, c, d, e) of the dynamic net, as the mean curve over its random orders.

    e multiplies xᵖ in every order that reaches p, so its share of xᵖ is how many do.
    """
    a, b, c, d, e = cubic(coefficients)
    share = [sum(k >= p for k in ORDERS) / len(ORDERS) for p in (4, 5)]
    return (a, b, c, d, share[0] * e, share[1] * e)


@runtime_checkable
class Script(Protocol):
    """What the module of each chapter 1-8 provides: the tutorial's constants and loop, and
    the package's ``fit`` around it (tests/test_chapters.py checks every entry of FITS)."""

    STEPS: int
    LEARNING_RATE: float

    def start(self, *args, **kwargs):
        """The start the loop begins from (seeded where the chapter draws it)."""

    def train(self, x, y, start, steps, learning_rate, observe):
        """The tutorial's loop, calling ``observe(t, loss)`` at every step."""

    def fit(self, **options):
        """``train`` with the package's checks and monitor: a :class:`sinefit.Fit`."""


@dataclass(frozen=True)
class Chapter:
    """One chapter: where its code, page and test are, and what its ``fit`` gives."""

    number: int
    title: str
    """As the nav names it, after "N. "."""
    stem: str
    """The tutorial's file stem: the name of the module, the page and the test."""
    kind: str
    """``script``, ``package``, ``notebook`` or ``prose``: see the module docstring."""
    torch: bool = True
    """Whether its ``fit`` (and ``train``) take ``device`` and ``dtype``."""
    seeded: bool = True
    """Whether its start is drawn at random, so that ``fit`` takes ``seed``."""
    gradient_descent: bool = False
    """Whether its update is plain gradient descent on the cubic's own coefficients, so that
    1/λmax of VᵀV bounds its learning rate and a stable run's loss falls at every step."""
    power_series: object = None
    """``fit.coefficients`` → the fitted curve's power series (a, b, c, d[, …]); None where the
    chapter has no ``fit`` of the shared problem."""
    loss_of: Callable | None = None
    """``loss_of(coefficients, x, y)``: what ``fit.loss`` is, recomputed in float64 from the
    returned coefficients (Σ(ŷ − y)² for a cubic; chapter 8's mean over its orders)."""
    tutorial: str | None = None
    """The matching section of PyTorch's tutorial, where there is one."""

    @property
    def label(self) -> str:
        """The nav's name of the chapter: "2. Tensors"."""
        return f"{self.number}. {self.title}"

    @property
    def module_name(self) -> str | None:
        """The module in ``sinefit`` that holds the chapter's code, if it has one."""
        return None if self.kind == "prose" else f"sinefit.{self.stem}"

    @property
    def module(self):
        """The chapter's module, imported."""
        if self.module_name is None:
            raise ValueError(f"chapter {self.number} ({self.title}) is prose: it has no module")
        return importlib.import_module(self.module_name)

    def files(self) -> tuple[str, ...]:
        """The paths, relative to the repository, this chapter must have."""
        page = f"docs/{self.stem}.py" if self.kind == "notebook" else f"docs/{self.stem}.md"
        if self.kind == "prose":
            return (page,)
        code = (
            f"sinefit/{self.stem}/__init__.py"
            if self.kind == "package"
            else f"sinefit/{self.stem}.py"
        )
        files = (code, page, f"tests/test_{self.stem}.py")
        return (*files, f"sinefit/scripts/{self.stem}.py") if self.kind == "script" else files


CHAPTERS = (
    Chapter(1, "Warm-up: NumPy", "polynomial_numpy", "script", torch=False, gradient_descent=True,
            power_series=cubic, loss_of=exact.loss, tutorial=f"{TUTORIAL}#warm-up-numpy"),
    Chapter(2, "Tensors", "polynomial_tensor", "script", gradient_descent=True,
            power_series=cubic, loss_of=exact.loss, tutorial=f"{TUTORIAL}#pytorch-tensors"),
    Chapter(3, "Autograd", "polynomial_autograd", "script", gradient_descent=True,
            power_series=cubic, loss_of=exact.loss,
            tutorial=f"{TUTORIAL}#pytorch-tensors-and-autograd"),
    Chapter(4, "New autograd Functions", "polynomial_custom_function", "script", seeded=False,
            power_series=legendre, loss_of=polynomial_custom_function.loss_of,
            tutorial=f"{TUTORIAL}#pytorch-defining-new-autograd-functions"),
    Chapter(5, "nn", "polynomial_nn", "script", gradient_descent=True,
            power_series=cubic, loss_of=exact.loss, tutorial=f"{TUTORIAL}#pytorch-nn"),
    Chapter(6, "optim", "polynomial_optim", "script",
            power_series=cubic, loss_of=exact.loss, tutorial=f"{TUTORIAL}#pytorch-optim"),
    Chapter(7, "Custom Modules", "polynomial_module", "script", gradient_descent=True,
            power_series=cubic, loss_of=exact.loss,
            tutorial=f"{TUTORIAL}#pytorch-custom-nn-modules"),
    Chapter(8, "Control flow + weight sharing", "dynamic_net", "script", power_series=dynamic,
            loss_of=dynamic_net.loss_of,
            tutorial=f"{TUTORIAL}#pytorch-control-flow-weight-sharing"),
    Chapter(9, "Linear regression, step by step", "linear_regression", "script"),
    Chapter(10, "Convergence and plots", "convergence", "notebook"),
    Chapter(11, "Pitfalls", "pitfalls", "prose"),
    Chapter(12, "Speed", "speed", "package"),
)  # fmt: skip

FITS = tuple(chapter for chapter in CHAPTERS if chapter.power_series is not None)
"""The chapters whose ``fit`` fits the shared problem (1-8), in order."""


def by_stem(stem: str) -> Chapter:
    """The chapter named ``stem``.

    >>> by_stem("polynomial_tensor").label
    '2. Tensors'
    """
    for chapter in CHAPTERS:
        if chapter.stem == stem:
            return chapter
    raise KeyError(f"no chapter is named {stem!r}")
