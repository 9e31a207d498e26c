"""The site's figures; the tests draw them too, so a broken plot fails CI.

Needs matplotlib (in the ``test`` and ``docs`` extras). Every function returns the
figure and leaves showing or saving it to the caller.
"""

import matplotlib.pyplot as plt
import numpy as np

from sinefit import data, exact, stability

PI_TICKS = (np.pi * np.array([-1, -0.5, 0, 0.5, 1]), ["−π", "−π/2", "0", "π/2", "π"])
LINESTYLES = ("-", "--", ":", "-.")


def _style(index: int) -> dict:
    """One method's colour and dash, the same in every figure of the page."""
    return {"color": f"C{index}", "linestyle": LINESTYLES[index % len(LINESTYLES)]}


def optimum(n: int = data.N):
    """Plot sin(x) against the least-squares cubic, with the residual underneath."""
    x, y = data.numpy_problem(n)
    best = exact.solve(x, y)
    a, b, c, d = best.coefficients
    fitted = a + b * x + c * x**2 + d * x**3
    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(7, 5), sharex=True, height_ratios=(3, 1), layout="constrained"
    )
    top.plot(x, y, label="sin(x)", linewidth=3, alpha=0.4)
    top.plot(x, fitted, label="least-squares cubic", linestyle="--")
    top.set_ylabel("y")
    top.legend()
    top.set_title(f"The optimum: sum of squared errors {best.loss:.7f} over {n} points")
    bottom.plot(x, fitted - y, color="C1")
    bottom.axhline(0.0, color="grey", linewidth=0.8)
    bottom.set_xlabel("x")
    bottom.set_ylabel("cubic − sin")
    bottom.set_xticks(np.pi * np.array([-1, -0.5, 0, 0.5, 1]), ["−π", "−π/2", "0", "π/2", "π"])
    return fig


def training_run(fit):
    """A chapter's run: its logged loss falling (log scale), and its cubic against sin(x)."""
    x, y = data.numpy_problem()
    steps, losses = zip(*fit.history, strict=True)
    a, b, c, d = fit.coefficients
    fig, (loss_ax, fit_ax) = plt.subplots(1, 2, figsize=(9, 3.6), layout="constrained")
    loss_ax.plot(steps, losses, color="C0", marker=".")
    loss_ax.axhline(exact.solve().loss, color="black", linewidth=0.9, label="optimum")
    _log_axes(fig, loss_ax, "step", "loss (sum of squared errors)", "The logged loss")
    fit_ax.plot(x, y, color="grey", linewidth=3, alpha=0.5, label="sin(x)")
    fit_ax.plot(x, a + b * x + c * x**2 + d * x**3, color="C1", linestyle="--", label="the fit")
    fit_ax.set(xlabel="x", ylabel="y", title="The fitted cubic against sin(x)")
    fit_ax.set_xticks(*PI_TICKS)
    fit_ax.legend(fontsize="small")
    return fig


def line_stages(by_hand, module, target: float = 10.0):
    """Chapter 9: the prediction f(5) after every update, stage 1's run beside stage 4's.

    Stages 2 and 3 take stage 1's steps (the page checks it), so one line stands for the three.
    """
    fig, ax = plt.subplots(figsize=(8, 3.6), layout="constrained")
    for index, (label, run) in enumerate(
        (
            ("stages 1 to 3: w alone, from 0", by_hand),
            ("stage 4: nn.Linear, with a bias and a random start", module),
        )
    ):
        ax.plot(run.predictions(), label=label, linewidth=1.8, **_style(index))
    ax.axhline(target, color="black", linewidth=0.9, label=f"the answer, f(5) = {target:g}")
    ax.set(xlabel="updates", ylabel="f(5)", title="The prediction at x = 5 as training runs")
    ax.legend(fontsize="small", loc="lower right")
    return fig


# --- chapter 10: convergence ---------------------------------------------------------


def loss_curves(runs):
    """Every run's logged loss on a log scale, with the optimum as a horizontal line.

    The upper axes show the loss itself; the lower axes show how far above the optimum it
    is (loss − optimal loss), where settling and hovering are easier to tell apart.
    Non-positive gaps cannot be drawn on a log scale and are left out. A cubic run in float32
    has them once its gap reaches float32's rounding of the loss (a rounded loss can fall a
    step below the float64 optimum); the dynamic net's extra terms can beat the optimum.
    """
    best = exact.solve().loss
    fig, (loss_ax, gap_ax) = plt.subplots(2, 1, figsize=(8, 8.5), layout="constrained")
    for index, run in enumerate(runs):
        steps, losses = (np.array(v) for v in zip(*run.fit.history, strict=True))
        loss_ax.plot(steps, losses, label=run.method.title, linewidth=1.6, **_style(index))
        gap = losses - best
        gap_ax.plot(steps, np.where(gap > 0, gap, np.nan), linewidth=1.6, **_style(index))
    loss_ax.axhline(best, color="black", linewidth=0.9, label=f"optimum {best:.4f}")
    gap_ax.axhline(1e-3 * best, color="black", linewidth=0.9, label="0.1% of the optimum")
    loss_ax.set_ylabel("sum of squared errors")
    gap_ax.set_ylabel("sum of squared errors − optimum")
    for ax in (loss_ax, gap_ax):
        ax.set_yscale("log")
        # Logarithmic steps beyond 1 (linear from 0 to 1): the first fast steps and the
        # long runs both stay visible on one axis.
        ax.set_xscale("symlog", linthresh=1)
        ax.set_xlim(left=0)
        ax.set_xlabel("step")
    loss_ax.set_title("Loss of every chapter's method, seed 0")
    gap_ax.set_title("How far above the optimum")
    fig.legend(handles=loss_ax.get_lines(), loc="outside lower center", ncols=3)
    gap_ax.legend(fontsize="small", loc="upper right")
    return fig


def fits(runs, columns: int = 2):
    """Each run's fitted curve over sin(x) and, underneath, its residual beside the optimum's.

    The grid has two rows of axes per row of methods: fit above, residual below.
    """
    x, y = data.numpy_problem()
    a, b, c, d = exact.solve().coefficients
    best_residual = a + b * x + c * x**2 + d * x**3 - y
    rows = -(-len(runs) // columns)
    fig, axes = plt.subplots(
        2 * rows,
        columns,
        figsize=(3.5 * columns, 3.4 * rows),
        sharex=True,
        height_ratios=[2, 1] * rows,
        layout="constrained",
        squeeze=False,
    )
    for index, run in enumerate(runs):
        top, bottom = axes[2 * (index // columns) : 2 * (index // columns) + 2, index % columns]
        fitted = run.curve(x)
        top.plot(x, y, color="grey", linewidth=3, alpha=0.4, label="sin(x)")
        top.plot(x, fitted, color=f"C{index}", label="fit")
        top.set_title(run.method.title, fontsize="medium")
        bottom.plot(x, best_residual, color="grey", linewidth=3, alpha=0.4, label="optimum")
        bottom.plot(x, fitted - y, color=f"C{index}", label="this fit")
        bottom.axhline(0.0, color="black", linewidth=0.5)
        bottom.set_xticks(*PI_TICKS)
    for index in range(len(runs), rows * columns):
        for ax in axes[2 * (index // columns) : 2 * (index // columns) + 2, index % columns]:
            ax.set_visible(False)
    for row in range(rows):
        axes[2 * row, 0].set_ylabel("y")
        axes[2 * row + 1, 0].set_ylabel("fit − sin")
    axes[0, 0].legend(fontsize="small")
    axes[1, 0].legend(fontsize="small")
    for ax in axes[2 * rows - 1]:
        ax.set_xlabel("x")
    return fig


def edge(edge):
    """The loss just below and just above the largest stable learning rate."""
    fig, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    for fit, rate, style in (
        (edge.below, edge.below_rate, {"color": "C0"}),
        (edge.above, edge.above_rate, {"color": "C3"}),
    ):
        steps, losses = zip(*fit.history, strict=True)
        ax.plot(steps, losses, label=f"lr {rate:.4g} = {rate / edge.bound:.2f} × bound", **style)
    ax.axhline(exact.solve().loss, color="black", linewidth=0.9, label="optimum")
    return _log_axes(
        fig,
        ax,
        "step",
        "sum of squared errors",
        f"Either side of the largest stable learning rate 1/λmax = {edge.bound:.4g}",
    )


def prediction(run, predicted, tolerance: float = 1e-3):
    """A run's measured excess loss L − L* against the eigen-analysis's prediction."""
    best = exact.solve().loss
    steps, losses = (np.array(v) for v in zip(*run.fit.history, strict=True))
    fig, ax = plt.subplots(figsize=(8, 4), layout="constrained")
    ax.plot(steps, losses - best, color="C0", linewidth=3, alpha=0.5, label="measured")
    ax.plot(
        steps,
        stability.excess_loss(predicted, steps),
        color="black",
        linestyle="--",
        label="predicted: Σ λᵢ zᵢ² (1 − 2ηλᵢ)²ᵏ",
    )
    ax.axhline(tolerance * best, color="C3", linewidth=0.9, label="0.1% of the optimal loss")
    ax.axvline(predicted.steps, color="C3", linestyle=":", linewidth=0.9)
    return _log_axes(
        fig,
        ax,
        "step k",
        "loss − optimal loss",
        f"{run.method.title}: excess loss, measured and predicted",
    )


def _log_axes(fig, ax, xlabel: str, ylabel: str, title: str):
    """Finish a one-axes figure of losses: a log scale, labels, title and a small legend."""
    ax.set(yscale="log", xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend(fontsize="small")
    return fig
