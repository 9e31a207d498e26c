"""The site's figures: each plotting function draws what its page says it draws."""

import dataclasses

import matplotlib

matplotlib.use("Agg")  # inside the tests only: an MPLBACKEND around a site build blanks its plots

import matplotlib.pyplot as plt
import numpy as np
import pytest

from sinefit import convergence, data, exact, landscape, plot, polynomial_tensor, stability
from sinefit.result import Fit


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def runs():
    """A short run of every method: the figures' shape does not depend on the length."""
    return [
        convergence.run(dataclasses.replace(m, steps=200, log_every=10))
        for m in convergence.METHODS
    ]


def finite_lines(ax):
    lines = ax.get_lines()
    for line in lines:
        xs, ys = (np.asarray(v, dtype=float) for v in line.get_data())
        assert len(xs) == len(ys) > 0
        assert np.all(np.isfinite(xs))
        assert np.any(np.isfinite(ys))
    return lines


def test_optimum_draws_the_cubic_and_its_residual():
    fig = plot.optimum()
    top, bottom = fig.axes
    x, y = data.numpy_problem()
    best = exact.solve()
    sine, cubic = finite_lines(top)
    np.testing.assert_allclose(sine.get_ydata(), y)
    np.testing.assert_allclose(cubic.get_ydata(), exact.vandermonde(x) @ best.coefficients)
    residual = finite_lines(bottom)[0]
    np.testing.assert_allclose(residual.get_ydata(), cubic.get_ydata() - y)


def test_loss_curves_have_one_line_per_method_and_the_optimum(runs):
    fig = plot.loss_curves(runs)
    loss_ax, gap_ax = fig.axes
    best = exact.solve().loss
    lines = finite_lines(loss_ax)
    assert len(lines) == len(runs) + 1
    assert set(lines[-1].get_ydata()) == {best}
    for line, run in zip(lines, runs, strict=False):
        assert line.get_label() == run.method.title
        assert list(line.get_xdata()) == [t for t, _ in run.fit.history]
        assert list(line.get_ydata()) == [v for _, v in run.fit.history]
    gaps = finite_lines(gap_ax)
    assert len(gaps) == len(runs) + 1
    assert set(gaps[-1].get_ydata()) == {1e-3 * best}
    assert loss_ax.get_yscale() == gap_ax.get_yscale() == "log"
    (figure_legend,) = fig.legends
    legend = [text.get_text() for text in figure_legend.get_texts()]
    assert legend == [run.method.title for run in runs] + [f"optimum {best:.4f}"]


def test_the_gap_panel_leaves_out_losses_below_the_optimum(runs):
    best = exact.solve().loss
    below = dataclasses.replace(
        runs[0], fit=Fit((0.0,) * 4, [(0, 2 * best), (1, best - 0.5), (2, best + 0.5)], best)
    )
    gap_line = plot.loss_curves([below]).axes[1].get_lines()[0]
    gaps = np.asarray(gap_line.get_ydata(), dtype=float)
    assert np.isnan(gaps[1])
    np.testing.assert_allclose(gaps[[0, 2]], [best, 0.5])


def test_fits_draw_each_fit_and_residual_beside_the_optimum(runs):
    fig = plot.fits(runs)
    axes = np.array(fig.axes).reshape(-1, 2)  # rows: fit, residual, fit, residual, ...
    x, y = data.numpy_problem()
    best_residual = exact.vandermonde(x) @ exact.solve().coefficients - y
    assert axes.shape == (2 * -(-len(runs) // 2), 2)  # two rows of axes per row of methods
    for index, run in enumerate(runs):
        top = axes[2 * (index // 2), index % 2]
        bottom = axes[2 * (index // 2) + 1, index % 2]
        assert top.get_title() == run.method.title
        sine, fitted = finite_lines(top)
        np.testing.assert_allclose(sine.get_ydata(), y)
        np.testing.assert_allclose(fitted.get_ydata(), run.curve(x))
        optimum, residual, zero = finite_lines(bottom)
        np.testing.assert_allclose(optimum.get_ydata(), best_residual)
        np.testing.assert_allclose(residual.get_ydata(), run.curve(x) - y)
        assert set(zero.get_ydata()) == {0.0}
        assert fitted.get_color() == residual.get_color()


def test_fits_hide_the_unused_cells_of_the_grid(runs):
    fig = plot.fits(runs[:5], columns=4)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(fig.axes) == 16
    assert len(visible) == 10


def test_edge_shows_both_runs_and_the_optimum():
    edge = landscape.edge(steps=400)
    fig = plot.edge(edge)
    (ax,) = fig.axes
    below, above, optimum = finite_lines(ax)
    assert list(below.get_ydata()) == [v for _, v in edge.below.history]
    assert list(above.get_ydata()) == [v for _, v in edge.above.history]
    assert above.get_ydata()[-1] > 1e6 * below.get_ydata()[-1]
    assert set(optimum.get_ydata()) == {exact.solve().loss}
    assert "0.98 × bound" in below.get_label()
    assert "1.02 × bound" in above.get_label()


def test_prediction_draws_the_measured_and_predicted_excess():
    fit = convergence.run(dataclasses.replace(convergence.METHODS[1], steps=1000))
    predicted = stability.predict_steps(polynomial_tensor.start(0))
    fig = plot.prediction(fit, predicted)
    (ax,) = fig.axes
    measured, formula, tolerance, marker = finite_lines(ax)
    best = exact.solve().loss
    np.testing.assert_allclose(measured.get_ydata(), [v - best for _, v in fit.fit.history])
    np.testing.assert_allclose(formula.get_ydata(), measured.get_ydata(), rtol=1e-3)
    assert set(tolerance.get_ydata()) == {1e-3 * best}
    assert set(marker.get_xdata()) == {predicted.steps}


def test_training_run_draws_the_logged_loss_and_the_fitted_cubic():
    fit = polynomial_tensor.fit(steps=300)
    loss_ax, fit_ax = plot.training_run(fit).axes
    loss, optimum = finite_lines(loss_ax)
    assert list(loss.get_xdata()) == [t for t, _ in fit.history]
    assert list(loss.get_ydata()) == [value for _, value in fit.history]
    assert set(optimum.get_ydata()) == {exact.solve().loss}
    x, y = data.numpy_problem()
    sine, cubic = finite_lines(fit_ax)
    np.testing.assert_allclose(sine.get_ydata(), y)
    np.testing.assert_allclose(cubic.get_ydata(), exact.vandermonde(x) @ fit.coefficients)


def test_line_stages_draws_each_stage_s_prediction_and_the_answer():
    from sinefit import linear_regression

    by_hand = linear_regression.numpy_by_hand(steps=20)
    module = linear_regression.linear_module(steps=30)
    (ax,) = plot.line_stages(by_hand, module).axes
    first, fourth, answer = finite_lines(ax)
    assert list(first.get_ydata()) == list(by_hand.predictions())
    assert list(fourth.get_ydata()) == list(module.predictions())
    assert len(fourth.get_xdata()) == 31  # after 0, 1, ..., 30 updates
    assert set(answer.get_ydata()) == {10.0}
