"""Chapter 10: the numbers behind the convergence page, and the claims the page makes."""

import dataclasses
import itertools
import math

import numpy as np
import pytest

from sinefit import (
    DivergenceError,
    chapters,
    convergence,
    data,
    dynamic_net,
    exact,
    landscape,
    polynomial_custom_function,
    polynomial_numpy,
    polynomial_tensor,
    stability,
)

STEMS = [chapter.stem for chapter in chapters.FITS]


def cells(markdown):
    """The cells of each row of a Markdown table, and the paragraphs after it."""
    table, *notes = markdown.split("\n\n")
    rows = [[cell.strip() for cell in line.strip("|").split(" | ")] for line in table.splitlines()]
    assert set("".join(rows[1])) <= set(":- ")  # the alignment row
    return [rows[0], *rows[2:]], notes


def method(stem, **changes):
    found = next(m for m in convergence.METHODS if m.stem == stem)
    return dataclasses.replace(found, **changes)


def test_every_chapter_is_run_in_order_with_its_tutorial_learning_rate():
    assert [m.stem for m in convergence.METHODS] == STEMS
    assert [m.title for m in convergence.METHODS] == [c.label for c in chapters.FITS]
    rates = [convergence.learning_rate(m) for m in convergence.METHODS]
    assert rates == [c.module.LEARNING_RATE for c in chapters.FITS]
    # the page's opening: the tutorial's own step counts, and these runs go further
    tutorial = [convergence.module(m).STEPS for m in convergence.METHODS]
    assert tutorial == [c.module.STEPS for c in chapters.FITS]
    assert all(m.steps >= steps for m, steps in zip(convergence.METHODS, tutorial, strict=True))


@pytest.mark.parametrize("stem", STEMS)
def test_a_short_run_gives_the_fitted_curve(stem, device):
    run = convergence.run(method(stem, steps=200), device=device)
    x, _ = data.numpy_problem()
    theta = np.array(run.fit.coefficients)
    if stem == "polynomial_custom_function":  # the model's own formula, not expand's
        a, b, c, d = theta
        u = c + d * x
        expected = a + b * 0.5 * (5 * u**3 - 3 * u)
    elif stem == "dynamic_net":  # the mean of the three orders' predictions
        expected = np.mean([dynamic_net.features(x, k) @ theta for k in dynamic_net.ORDERS], 0)
    else:
        expected = exact.vandermonde(x) @ theta
    np.testing.assert_allclose(run.curve(x), expected, rtol=1e-9, atol=1e-9)
    assert [t for t, _ in run.fit.history] == list(
        range(run.method.log_every - 1, 200, run.method.log_every)
    )


def test_chapters_2_3_and_7_take_the_same_steps():
    histories = [
        convergence.run(method(stem, steps=300)).fit.history
        for stem in ("polynomial_tensor", "polynomial_autograd", "polynomial_module")
    ]
    for other in histories[1:]:
        assert [t for t, _ in other] == [t for t, _ in histories[0]]
        np.testing.assert_allclose([v for _, v in other], [v for _, v in histories[0]], rtol=1e-5)


def test_steps_to_within_counts_from_the_last_excursion():
    best = 10.0
    assert convergence.steps_to_within([(0, 11.0), (5, 10.005), (9, 10.001)], best) == 5
    assert convergence.steps_to_within([(0, 10.0), (5, 10.02), (9, 10.001)], best) == 9
    assert convergence.steps_to_within([(0, 10.0), (5, 10.02)], best) is None


def test_gaps_are_read_from_the_log_and_a_rounded_float32_loss_can_dip_below():
    best = exact.solve().loss
    below = (
        float(np.float32(best))
        if np.float32(best) <= best
        else float(np.nextafter(np.float32(best), np.float32(0)))
    )
    fit = dataclasses.replace(polynomial_numpy.fit(steps=1), history=[(0, 20.0), (1, below)])
    run = convergence.Run(method("polynomial_numpy"), fit=fit, cubic=(0.0,) * 4)
    assert convergence.gap_at(run, 0) == pytest.approx(20.0 - best)
    assert -2e-6 < convergence.gap_at(run, 1) <= 0  # within one float32 rounding step
    assert convergence.at_or_below_optimum(run) == 1
    with pytest.raises(ValueError, match="step 7 was not logged"):
        convergence.gap_at(run, 7)


@pytest.fixture(scope="module")
def converged():
    """Chapter 2's run to 4000 steps, which two tests read."""
    return convergence.run(method("polynomial_tensor", steps=4000))


def test_table_of_a_converging_run(converged):
    run = converged
    (row,) = convergence.table([run])
    best = exact.solve().loss
    assert row.steps_to_close == 3703
    assert row.why_never == ""
    assert row.gap == pytest.approx(run.fit.loss - best)
    assert 0 < row.gap < 1e-3 * best
    table, notes = cells(convergence.markdown([row]))
    assert table == [
        ["method", "lr", "steps", "final loss", "gap", "within 0.1% from"],
        ["2. Tensors", "1e-06", "4\N{THIN SPACE}000", "8.820", "0.036%", "3\N{THIN SPACE}703"],
    ]
    assert notes == []


def test_rmsprop_never_settles_it_ends_in_a_two_step_cycle():
    run = convergence.run(method("polynomial_optim", steps=3000))
    (row,) = convergence.table([run])
    assert row.steps_to_close is None
    assert row.why_never.startswith("it ends hopping between two points")
    found = convergence.cycle(run)
    assert found.is_cycle
    assert found.half_step == 5e-4
    np.testing.assert_allclose(np.abs(found.offsets), 5e-4, rtol=1e-2)
    assert found.excess == pytest.approx(found.predicted_excess, rel=1e-2)
    assert found.excess > 1e-3 * exact.solve().loss
    # one step later every coefficient is on the other side of the optimum
    later = convergence.cycle(convergence.run(method("polynomial_optim", steps=3001)))
    assert np.all(np.sign(later.offsets) == -np.sign(found.offsets))


def test_a_converged_run_is_not_mistaken_for_a_cycle(converged):
    assert not convergence.cycle(converged).is_cycle


def test_the_dynamic_net_is_never_close_for_its_own_reason():
    run = convergence.run(method("dynamic_net", steps=300))
    (row,) = convergence.table([run])
    assert row.steps_to_close is None
    assert row.why_never.startswith("it minimises a different, random objective")
    table, notes = cells(convergence.markdown([row]))
    assert table[1][-1] == "never (a)"
    assert notes == [f"(a) {row.title}: {row.why_never}."]


def test_the_starts_are_the_chapters_starts():
    tiny = {"steps": 1, "learning_rate": 1e-300}
    np.testing.assert_allclose(
        polynomial_numpy.start(0), polynomial_numpy.fit(**tiny).coefficients, rtol=1e-12
    )
    np.testing.assert_allclose(
        polynomial_tensor.start(0), polynomial_tensor.fit(**tiny).coefficients, rtol=1e-12
    )


def test_predicted_excess_starts_at_the_starting_loss():
    start = polynomial_numpy.start(0)
    predicted = stability.predict_steps(start)
    first = stability.excess_loss(predicted, [0])[0]
    assert first == pytest.approx(exact.loss(start) - exact.solve().loss, rel=1e-9)
    assert np.all(np.diff(stability.excess_loss(predicted, range(100))) < 0)
    # the page: the two fast directions are gone within the first few hundred steps
    fast = predicted.eigenvalues[2:] * predicted.components[2:] ** 2 * predicted.factors[2:] ** 600
    assert fast.sum() < 1e-6 * convergence.CLOSE * exact.solve().loss


def test_chapter_1_needs_the_predicted_number_of_steps():
    predicted = stability.predict_steps(polynomial_numpy.start(0), learning_rate=1e-6)
    measured = convergence.steps_to_within(
        polynomial_numpy.fit(steps=3700, log_every=1).history, exact.solve().loss
    )
    assert measured is not None
    assert abs(predicted.slowest_only - measured) <= 0.1 * measured  # the page's claim
    assert predicted.slowest_only < measured  # the second-slowest direction still adds a little
    assert abs(predicted.steps - measured) <= 1  # float64: the formula is exact
    assert predicted.factors[0] == pytest.approx(1 - 2e-6 * stability.gram_eigenvalues()[0])


def test_chapters_2_3_7_need_the_predicted_number_of_steps(device):
    predicted = stability.predict_steps(polynomial_tensor.start(0), learning_rate=1e-6)
    run = polynomial_tensor.fit(steps=3800, log_every=1, device=device)
    measured = convergence.steps_to_within(run.history, exact.solve().loss)
    assert abs(predicted.slowest_only - measured) <= 0.1 * measured
    assert abs(predicted.steps - measured) <= 0.01 * measured  # float32 rounding aside


def test_prediction_refuses_an_unstable_learning_rate():
    with pytest.raises(ValueError, match="not below the stable bound"):
        stability.predict_steps(polynomial_numpy.start(0), learning_rate=4e-6)


def test_stable_just_below_the_bound_divergent_just_above(device):
    edge = landscape.edge(device=device)
    bound = stability.max_stable_learning_rate()
    assert edge.bound == bound
    assert bound == pytest.approx(3.56e-6, rel=1e-3)  # the page's ≈ 3.6e-6
    # the page: the stiffest direction is mostly d, the coefficient of x³
    x, _ = data.numpy_problem()
    V = exact.vandermonde(x)
    stiffest = np.linalg.eigh(V.T @ V)[1][:, -1]
    assert abs(stiffest[3]) > 0.95
    assert edge.below_rate < bound < edge.above_rate
    assert edge.below.loss == pytest.approx(exact.solve().loss, rel=1e-9)
    assert isinstance(edge.error, DivergenceError)
    assert edge.error.max_stable_learning_rate == pytest.approx(bound)
    losses = [loss for _, loss in edge.above.history]
    assert len(losses) == edge.error.step - 1
    assert all(math.isfinite(v) for v in losses)
    # after the first dip the loss climbs at every step until the run is stopped
    low = int(np.argmin(losses))
    assert low < len(losses) // 2
    assert all(b > a for a, b in itertools.pairwise(losses[low:]))
    assert losses[-1] > 1e3 * losses[0]


def test_the_cubic_at_the_legendre_learning_rate_diverges():
    with pytest.raises(DivergenceError):
        polynomial_tensor.fit(learning_rate=5e-6)


def test_the_cubic_hessian_is_twice_the_gram_matrix_everywhere():
    for theta in [(0.0, 0.0, 0.0, 0.0), exact.solve().coefficients, (1.0, -2.0, 0.5, 3.0)]:
        found = landscape.curvature("cubic", theta)
        np.testing.assert_allclose(found.eigenvalues, 2 * stability.gram_eigenvalues(), rtol=1e-10)
        assert found.bound == pytest.approx(stability.max_stable_learning_rate(), rel=1e-10)
    x, _ = data.numpy_problem()
    np.testing.assert_allclose(
        found.sizes, np.linalg.norm(exact.vandermonde(x), axis=0), rtol=1e-12
    )


def legendre_optimum():
    """(a, b, c, d) with a + b·P3(c + d·x) equal to the least-squares cubic (c = 0)."""
    _, B, _, D = exact.solve().coefficients
    d = math.sqrt(-1.5 * D / (2.5 * B))
    return (0.0, -B / (1.5 * d), 0.0, d)


def test_the_legendre_model_tolerates_lr_5e_6():
    np.testing.assert_allclose(
        polynomial_custom_function.expand(*legendre_optimum()),
        exact.solve().coefficients,
        atol=1e-12,
    )
    cubic = landscape.curvature("cubic", exact.solve().coefficients)
    assert np.argmax(cubic.sizes) == 3  # d, multiplying x³, moves the cubic most
    x, _ = data.numpy_problem()
    for theta in (polynomial_custom_function.START, legendre_optimum()):
        legendre = landscape.curvature("legendre", theta)
        assert legendre.bound > 5e-6 > cubic.bound
        assert np.argmax(legendre.sizes) == 3
        assert legendre.sizes[3] < cubic.sizes[3]
        _, _, c, d = theta
        assert np.max(np.abs(c + d * x)) < 1  # P3's argument stays inside [-1, 1]


def test_the_legendre_hessian_matches_finite_differences_of_the_chapter_loss():
    theta = np.array(polynomial_custom_function.START)
    loss = polynomial_custom_function.loss_of
    h = 1e-4
    numeric = np.empty((4, 4))
    for i, j in itertools.product(range(4), repeat=2):
        ei, ej = np.eye(4)[i] * h, np.eye(4)[j] * h
        numeric[i, j] = (
            loss(theta + ei + ej)
            - loss(theta + ei - ej)
            - loss(theta - ei + ej)
            + loss(theta - ei - ej)
        ) / (4 * h * h)
    found = landscape.curvature("legendre", theta)
    np.testing.assert_allclose(found.eigenvalues, np.linalg.eigvalsh(numeric), rtol=1e-5, atol=1e-2)


def test_curvature_refuses_an_unknown_model():
    with pytest.raises(ValueError, match="kind must be 'cubic' or 'legendre'"):
        landscape.curvature("quartic", (0, 0, 0, 0))
