r"""Chapter 10, convergence: every chapter's method run to the end, and why it ends where it does.

The numbers behind the convergence page live here, so the page and the tests share them:
long runs of every chapter from seed 0, the table of how close each gets to the optimum
and how soon, and the eigen-analysis that explains the learning rates and step counts.

Gradient descent θ ← θ − η∇L on L(θ) = ‖Vθ − y‖² moves the error e = θ − θ* by
e ← (I − 2ηVᵀV)e. In the eigenbasis of VᵀV (eigenvalues λᵢ, components zᵢ of the initial
error) the excess loss after k steps is therefore exactly

    L(θₖ) − L* = Σᵢ λᵢ zᵢ² (1 − 2ηλᵢ)²ᵏ,

which predicts when a run gets within a given fraction of the optimum.
"""

import importlib
import inspect
import math
from dataclasses import dataclass, field
from html import escape

import numpy as np

from sinefit import data, exact, stability

CLOSE = 1e-3
"""How close counts as converged: within 0.1% of the optimal loss."""

GD_STEPS = 10_000
"""Steps for chapters 1-7: long enough to watch each settle (the slowest is within 0.1% by 3703)."""


@dataclass(frozen=True)
class Method:
    """One chapter's method, as the convergence page runs it."""

    stem: str
    """The chapter's module in ``sinefit``."""
    title: str
    """How the page names it."""
    steps: int
    log_every: int = 1
    torch: bool = True
    """Whether ``fit`` takes ``device`` (every chapter but the NumPy one)."""


METHODS = (
    Method("polynomial_numpy", "1. NumPy", GD_STEPS, torch=False),
    Method("polynomial_tensor", "2. Tensors", GD_STEPS),
    Method("polynomial_autograd", "3. Autograd", GD_STEPS),
    Method("polynomial_custom_function", "4. Legendre Function", GD_STEPS),
    Method("polynomial_nn", "5. nn", GD_STEPS),
    Method("polynomial_optim", "6. optim: RMSprop", GD_STEPS),
    Method("polynomial_module", "7. Custom Module", GD_STEPS),
    Method("dynamic_net", "8. Dynamic net", 30_000, log_every=10),
)


def module(method: Method):
    """The chapter module that ``method`` runs."""
    return importlib.import_module(f"sinefit.{method.stem}")


def learning_rate(method: Method) -> float:
    """The chapter's own (the tutorial's) learning rate: its ``fit``'s default."""
    return inspect.signature(module(method).fit).parameters["learning_rate"].default


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


def power_coefficients(method: Method, coefficients) -> tuple[float, ...]:
    """Turn a chapter's own coefficients into the power series of the curve it fits."""
    chapter = module(method)
    if hasattr(chapter, "expand"):  # chapter 4: (a, b, c, d) of a + b·P3(c + d·x)
        return tuple(float(v) for v in chapter.expand(*coefficients))
    if hasattr(chapter, "ORDERS"):  # chapter 8: the mean over its random orders
        a, b, c, d, e = (float(v) for v in coefficients)
        # e multiplies x^p in every order that reaches p
        share = [sum(k >= p for k in chapter.ORDERS) / len(chapter.ORDERS) for p in (4, 5)]
        return (a, b, c, d, share[0] * e, share[1] * e)
    return tuple(float(v) for v in coefficients)


def run(method: Method, *, device="cpu") -> Run:
    """Run ``method`` from seed 0 for its number of steps, on ``device`` where it is a torch one."""
    options = {"steps": method.steps, "seed": 0, "log_every": method.log_every}
    if method.torch:
        options["device"] = device
    fit = module(method).fit(**options)
    return Run(method=method, fit=fit, cubic=power_coefficients(method, fit.coefficients))


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
    half_step = learning_rate(r.method) / 2
    x, _ = data.numpy_problem()
    predicted = half_step**2 * float(np.sum((exact.vandermonde(x) @ np.sign(offsets)) ** 2))
    return Cycle(offsets, half_step, predicted, r.fit.loss - best.loss)


def html(rows) -> str:
    """Render ``rows`` as an HTML table, rounded to digits that hold on CPU and GPU.

    A run that never gets within 0.1% is marked "never" with a note letter; the notes,
    one per such run, follow the table. The table carries a class of its own so that the
    site theme's Markdown-table rules leave its columns at their natural widths.
    """
    header = ["method", "lr", "steps", "final loss", "gap", "within 0.1% from"]
    lines = ['<table class="sinefit-convergence" style="font-size: 0.8em">', _row(header, "th")]
    notes = []
    best = exact.solve().loss
    for row in rows:
        if row.steps_to_close is None:
            letter = "abcdefgh"[len(notes)]
            notes.append(f"<p>({letter}) {escape(row.title)}: {escape(row.why_never)}.</p>")
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
        lines.append(_row(values, "td"))
    lines.append("</table>")
    return "\n".join(lines + notes)


def _row(texts, tag: str) -> str:
    """One table row: the first cell (the method) left-aligned, the numbers right-aligned."""
    rule = " border-bottom: 1px solid;" if tag == "th" else ""
    cells = (
        f'<{tag} style="padding: 0.2em 0.5em; text-align: {"right" if i else "left"};{rule}">'
        f"{escape(text)}</{tag}>"
        for i, text in enumerate(texts)
    )
    return f"<tr>{''.join(cells)}</tr>"


def _count(steps: int) -> str:
    return f"{steps:,}".replace(",", "\N{THIN SPACE}")


def _gap(relative: float) -> str:
    # Runs in float32 end within its rounding of the optimum, where digits differ by device.
    if abs(relative) < 1e-6:
        return "< 0.0001%"
    return f"{100 * relative:.2g}%"


# --- the eigen-analysis ----------------------------------------------------------------


@dataclass(frozen=True)
class Prediction:
    """When gradient descent with learning rate η on the cubic gets within 0.1% of the optimum."""

    eigenvalues: np.ndarray
    """λ of VᵀV, ascending."""
    components: np.ndarray
    """The initial error θ₀ − θ* in the eigenbasis."""
    factors: np.ndarray
    """What one step multiplies each component by: 1 − 2ηλ."""
    slowest_only: float
    """The step count from the slowest direction alone."""
    steps: int
    """The step count from all four directions (the exact excess-loss formula)."""


def numpy_start(seed: int = 0) -> np.ndarray:
    """Chapter 1's start: what ``np.random.seed(seed)`` and four ``np.random.randn()`` give."""
    return np.random.RandomState(seed).randn(4)


def torch_start(seed: int = 0) -> np.ndarray:
    """Chapters 2, 3 and 7's start: four ``torch.randn(())`` after ``torch.manual_seed(seed)``."""
    import torch

    from sinefit import devices

    return np.array([float(v) for v in devices.randn_start(seed, 4, torch.float32, "cpu")])


def predict_steps(
    start, learning_rate: float = 1e-6, tolerance: float = CLOSE, x=None, y=None
) -> Prediction:
    """Predict the steps gradient descent from ``start`` needs to get within ``tolerance``.

    >>> p = predict_steps(numpy_start())
    >>> round(p.slowest_only), p.steps
    (3585, 3593)
    """
    if x is None and y is None:
        x, y = data.numpy_problem()
    best = exact.solve(x, y)
    V = exact.vandermonde(x)
    eigenvalues, vectors = np.linalg.eigh(V.T @ V)
    components = vectors.T @ (np.asarray(start, dtype=np.float64) - best.coefficients)
    factors = 1.0 - 2.0 * learning_rate * eigenvalues
    if np.any(np.abs(factors) >= 1.0):
        raise ValueError(f"learning_rate={learning_rate:g} is not below the stable bound")
    excess = eigenvalues * components**2
    target = tolerance * best.loss
    # Only the slowest direction left: λ₀z₀²·f₀²ᵏ = target.
    slowest_only = math.log(target / excess[0]) / (2.0 * math.log(factors[0]))
    steps = 0
    while np.sum(excess * factors ** (2 * steps)) > target:
        steps += 1
    return Prediction(eigenvalues, components, factors, slowest_only, steps)


def excess_loss(prediction: Prediction, steps) -> np.ndarray:
    """The predicted L(θₖ) − L* for each k in ``steps``."""
    k = np.asarray(steps, dtype=np.float64)[:, None]
    weights = prediction.eigenvalues * prediction.components**2
    return (weights * prediction.factors ** (2 * k)).sum(axis=1)


@dataclass(frozen=True)
class Edge:
    """Two runs of chapter 2's loop in float64, just below and just above the stable bound."""

    bound: float
    below: object = field(repr=False)
    """The :class:`Fit` at ``below_rate``."""
    above: object = field(repr=False)
    """The :class:`Fit` at ``above_rate`` up to the step before it was stopped."""
    error: Exception = field(repr=False)
    """The :class:`sinefit.DivergenceError` the full run above the bound raised."""
    below_rate: float
    above_rate: float


def edge(*, margin: float = 0.02, steps: int = 3000, device="cpu") -> Edge:
    """Run chapter 2's loop at (1 ∓ margin) times the largest stable learning rate."""
    import torch

    from sinefit import DivergenceError, polynomial_tensor

    bound = stability.max_stable_learning_rate()
    options = {"steps": steps, "log_every": 1, "device": device, "dtype": torch.float64}
    below = polynomial_tensor.fit(learning_rate=(1 - margin) * bound, **options)
    try:
        polynomial_tensor.fit(learning_rate=(1 + margin) * bound, **options)
    except DivergenceError as caught:
        error = caught
    else:
        raise AssertionError(f"lr {(1 + margin) * bound:.3g} did not diverge in {steps} steps")
    # The same run stopped one step short of the loss that tripped the check.
    options["steps"] = error.step - 1
    above = polynomial_tensor.fit(learning_rate=(1 + margin) * bound, **options)
    return Edge(bound, below, above, error, (1 - margin) * bound, (1 + margin) * bound)


def _model(kind: str, x):
    """ŷ as a function of θ = (a, b, c, d): the cubic or chapter 4's a + b·P3(c + d·x)."""
    if kind == "cubic":
        return lambda theta: theta[0] + theta[1] * x + theta[2] * x**2 + theta[3] * x**3
    if kind == "legendre":

        def legendre(theta):
            u = theta[2] + theta[3] * x
            return theta[0] + theta[1] * 0.5 * (5 * u**3 - 3 * u)

        return legendre
    raise ValueError(f"kind must be 'cubic' or 'legendre', got {kind!r}")


@dataclass(frozen=True)
class Curvature:
    """The local curvature of a model's loss L(θ) = Σ(ŷ(θ) − y)² at one point θ."""

    eigenvalues: np.ndarray
    """Of the Hessian ∇²L, ascending (float64, by ``torch.autograd.functional.hessian``)."""
    sizes: np.ndarray
    """‖∂ŷ/∂θᵢ‖ for each parameter: how strongly each one moves the prediction."""

    @property
    def bound(self) -> float:
        """2/λmax: the largest stable learning rate for the quadratic model of L at θ."""
        return 2.0 / float(self.eigenvalues[-1])


def curvature(kind: str, theta, x=None, y=None) -> Curvature:
    """The :class:`Curvature` of the ``kind`` ("cubic" or "legendre") model's loss at ``theta``.

    For the cubic the Hessian is 2VᵀV wherever θ is, so its bound is 1/λmax(VᵀV):

    >>> f"{curvature('cubic', (0, 0, 0, 0)).bound:.3g}"
    '3.56e-06'
    """
    import torch

    if x is None and y is None:
        x, y = data.numpy_problem()
    x, y = (torch.as_tensor(v, dtype=torch.float64) for v in (x, y))
    model = _model(kind, x)
    point = torch.as_tensor(theta, dtype=torch.float64)
    hessian = torch.autograd.functional.hessian(lambda t: (model(t) - y).pow(2).sum(), point)
    # With the residual taken as zero the Hessian is 2JᵀJ (J = ∂ŷ/∂θ, N×4), whose diagonal
    # holds 2‖∂ŷ/∂θᵢ‖²: the same call gives each parameter's effect without an N-row Jacobian.
    fitted = model(point).detach()
    gauss_newton = torch.autograd.functional.hessian(
        lambda t: (model(t) - fitted).pow(2).sum(), point
    )
    return Curvature(
        eigenvalues=torch.linalg.eigvalsh(hessian).numpy(),
        sizes=torch.sqrt(torch.diagonal(gauss_newton) / 2).numpy(),
    )
