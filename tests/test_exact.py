"""The ground truth: the closed-form optimum and the stability bound."""

import numpy as np
import pytest

from sinefit import data, exact, stability


def test_optimum_matches_the_known_minimal_loss():
    assert exact.solve().loss == pytest.approx(8.8171654100, rel=1e-10)


def test_optimum_is_a_stationary_point_of_the_loss():
    x, y = data.numpy_problem()
    V = exact.vandermonde(x)
    theta = np.array(exact.solve().coefficients)
    gradient = 2 * V.T @ (V @ theta - y)
    assert np.abs(gradient).max() < 1e-9


def test_no_nearby_cubic_does_better():
    best = exact.solve()
    rng = np.random.default_rng(1)
    for _ in range(20):
        nudged = np.array(best.coefficients) + 1e-4 * rng.standard_normal(4)
        assert exact.loss(nudged) > best.loss


def test_optimum_recovers_an_exact_cubic():
    x = np.linspace(-2, 2, 50)
    y = 1.0 - 2.0 * x + 0.5 * x**2 + 0.25 * x**3
    best = exact.solve(x, y)
    assert best.coefficients == pytest.approx((1.0, -2.0, 0.5, 0.25), abs=1e-12)
    assert best.loss == pytest.approx(0.0, abs=1e-20)


def test_solve_needs_both_or_neither():
    with pytest.raises(ValueError, match="both x and y"):
        exact.solve(x=[1.0, 2.0])


def test_stable_bound_is_the_inverse_largest_gram_eigenvalue():
    x, _ = data.numpy_problem()
    V = exact.vandermonde(x)
    lam_max = np.linalg.eigvalsh(V.T @ V).max()
    assert stability.max_stable_learning_rate() == pytest.approx(1 / lam_max)
    assert stability.max_stable_learning_rate(momentum=0.9) == pytest.approx(1.9 / lam_max)
