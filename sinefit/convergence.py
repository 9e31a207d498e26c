r"""Chapter 10, convergence: every chapter's method run to the end, and how close it gets.

The numbers behind the convergence page live here, so the page and the tests share them:
long runs of every chapter of :data:`sinefit.chapters.FITS` from seed 0, the table of how
close each gets to the optimum and how soon, and why a run that never gets close does not.
Why the learning rates and step counts are what they are (the eigen-analysis) lives in
:mod:`sinefit.stability`.
"""

from dataclasses import dataclass, field

import numpy as np

from sinefit import chapters, exact, stability
from sinefit.stability import CLOSE

GD_STEPS = 10_000
"""Steps for chapters 1-7: long enough to watch each settle (the slowest is within 0.1% by 3703)."""


LONG_LOG_EVERY = 10
"""A run longer than :data:`GD_STEPS` (the dynamic net's 30 000) logs every tenth step."""


@dataclass(frozen=True)
class Method:
    """One chapter's method, as the convergence page runs it."""

    chapter: chapters.Chapter
    steps: int
    log_every: int = 1

    @property
    def stem(self) -> str:
        return self.chapter.stem

    @property
    def title(self) -> str:
        """How the page names it: the nav's "N. title"."""
        return self.chapter.label


def _method(chapter: chapters.Chapter) -> Method:
    steps = max(GD_STEPS, chapter.module.STEPS)
    return Method(chapter, steps, 1 if steps <= GD_STEPS else LONG_LOG_EVERY)


METHODS = tuple(_method(chapter) for chapter in chapters.FITS)
"""Every chapter that fits the shared problem, in order, with the steps the page runs."""


def module(method: Method):
    """The chapter module that ``method`` runs."""
    return method.chapter.module


def learning_rate(method: Method) -> float:
    """The chapter's own (the tutorial's) learning rate: its script's ``LEARNING_RATE``."""
    return module(method).LEARNING_RATE


@dataclass(frozen=True)
class Run:
    """One method's run from seed 0, and what the page needs from it."""

    method: Method
    fit: object = field(repr=False)
    """The chapter's :class:`sinefit.result.Fit`."""
    cubic: tuple[float, ...]
    """The fitted curve's power-series coefficients (a, b, c, d[, …])."""

    @property
    def steps_to_close(self) -> int | None:
        """The first logged step whose loss is within :data:`CLOSE` of the optimum, or None."""
        return steps_to_within(self.fit.history, exact.solve().loss)

    def curve(self, x) -> np.ndarray:
        """The fitted values at ``x`` (float64)."""
        return np.polynomial.polynomial.polyval(np.asarray(x, dtype=np.float64), self.cubic)


def steps_to_within(history, optimum: float, tolerance: float = CLOSE) -> int | None:
    """Return the logged step from which the loss stays ≤ (1 + tolerance)·optimum, or None.

    A run that dips below the line and rises above it again has not converged: only the
    step after its last logged excursion counts.

    >>> steps_to_within([(0, 20.0), (1, 9.0), (2, 8.9)], 8.9, tolerance=0.02)
    1
    >>> steps_to_within([(0, 20.0), (1, 8.9), (2, 9.5)], 8.9, tolerance=0.02) is None
    True
    """
    limit = (1.0 + tolerance) * optimum
    settled = None
    for t, loss in history:
        if loss > limit:
            settled = None
        elif settled is None:
            settled = t
    return settled


def gap_at(r: Run, step: int) -> float:
    """The loss logged at ``step`` minus the optimal loss (negative when it lies below)."""
    losses = dict(r.fit.history)
    if step not in losses:
        raise ValueError(f"step {step} was not logged by {r.method.stem}")
    return losses[step] - exact.solve().loss


def at_or_below_optimum(r: Run) -> int:
    """How many logged losses are at or below the optimal loss.

    A cubic cannot beat the optimum, but a float32 loss is rounded: near the optimum it can
    land a rounding step below the float64 optimum. The dynamic net's extra terms can beat
    it for real.
    """
    best = exact.solve().loss
    return sum(loss <= best for _, loss in r.fit.history)


def run(method: Method, *, device="cpu") -> Run:
    """Run ``method`` from seed 0 for its number of steps, on ``device`` where it is a torch one."""
    options = {"steps": method.steps, "log_every": method.log_every}
    if method.chapter.seeded:
        options["seed"] = 0
    if method.chapter.torch:
        options["device"] = device
    fit = module(method).fit(**options)
    return Run(method=method, fit=fit, cubic=method.chapter.power_series(fit.coefficients))


def run_all(*, device="cpu") -> list[Run]:
    """Run every chapter's method (see :data:`METHODS`)."""
    return [run(method, device=device) for method in METHODS]


# --- the table -------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of the page's table."""

    title: str
    learning_rate: float
    steps: int
    loss: float
    gap: float
    """``loss`` minus the optimal loss."""
    steps_to_close: int | None
    why_never: str = ""
    """Why a run never gets within 0.1% (empty when it does)."""


def table(runs) -> list[Row]:
    """One :class:`Row` per run, with a computed reason for every run that never converges."""
    best = exact.solve().loss
    rows = []
    for r in runs:
        reached = r.steps_to_close
        rows.append(
            Row(
                title=r.method.title,
                learning_rate=learning_rate(r.method),
                steps=r.method.steps,
                loss=r.fit.loss,
                gap=r.fit.loss - best,
                steps_to_close=reached,
                why_never="" if reached is not None else _why_never(r, best),
            )
        )
    return rows


def _why_never(r: Run, best: float) -> str:
    tail = [loss for t, loss in r.fit.history if t >= 0.9 * r.method.steps]
    spread = f"over the last 10% of steps its loss ranged from {min(tail):.3f} to {max(tail):.3f}"
    if len(r.cubic) > 4:
        return (
            "it minimises a different, random objective (a cubic plus e·x⁴ or e·x⁴ + e·x⁵, "
            f"drawn anew each step); {spread}"
        )
    found = cycle(r)
    if found.is_cycle:
        return (
            f"it ends hopping between two points, every coefficient {found.half_step:g} "
            "off the optimum's, one side and then the other"
        )
    return f"it hovers above the optimum: {spread}"


@dataclass(frozen=True)
class Cycle:
    """Where a run of a cubic ends, as offsets from the optimum, against a two-step cycle."""

    offsets: np.ndarray
    """θ − θ* at the end of the run."""
    half_step: float
    """Half the learning rate: how far each coefficient sits from θ* in the cycle."""
    predicted_excess: float
    """(lr/2)²‖Vs‖², s the signs of the offsets: the excess loss of the cycle's points."""
    excess: float
    """The run's final loss minus the optimal loss."""

    @property
    def is_cycle(self) -> bool:
        """Whether every offset is half a learning rate (within 5%)."""
        return bool(np.allclose(np.abs(self.offsets), self.half_step, rtol=0.05))


def cycle(r: Run) -> Cycle:
    """Compare the end of ``r`` (a cubic) with RMSprop's two-step cycle around the optimum.

    RMSprop divides each gradient by its own running root mean square, so near the optimum
    each coefficient still moves by about the learning rate per step: it cannot settle, and
    ends jumping between θ* + (lr/2)s and θ* − (lr/2)s for a sign vector s.
    """
    best = exact.solve()
    offsets = np.array(r.cubic) - best.coefficients
    rate = learning_rate(r.method)
    predicted = stability.cycle_excess(rate, np.sign(offsets))
    return Cycle(offsets, rate / 2, predicted, r.fit.loss - best.loss)


def markdown(rows) -> str:
    """Render ``rows`` as a Markdown table, rounded to digits that hold on CPU and GPU.

    A run that never gets within 0.1% is marked "never" with a note letter; the notes,
    one paragraph per such run, follow the table.
    """
    header = ["method", "lr", "steps", "final loss", "gap", "within 0.1% from"]
    lines = [_row(header), _row([":--"] + ["--:"] * (len(header) - 1))]
    notes = []
    best = exact.solve().loss
    for row in rows:
        if row.steps_to_close is None:
            letter = "abcdefgh"[len(notes)]
            notes.append(f"({letter}) {row.title}: {row.why_never}.")
            reached = f"never ({letter})"
        else:
            reached = _count(row.steps_to_close)
        values = [
            row.title,
            f"{row.learning_rate:g}",
            _count(row.steps),
            f"{row.loss:#.4g}",
            _gap(row.gap / best),
            reached,
        ]
        lines.append(_row(values))
    return "\n\n".join(["\n".join(lines), *notes])


def _row(texts) -> str:
    # a | inside a cell would end it early
    return "| " + " | ".join(text.replace("|", "\\|") for text in texts) + " |"


def _count(steps: int) -> str:
    return f"{steps:,}".replace(",", "\N{THIN SPACE}")


def _gap(relative: float) -> str:
    # Runs in float32 end within its rounding of the optimum, where digits differ by device.
    if abs(relative) < 1e-6:
        return "< 0.0001%"
    return f"{100 * relative:.2g}%"
