"""Chapter 1: the hand-derived gradients, the loop's behaviour, and its errors."""

import itertools
import math

import numpy as np
import pytest
import torch

from sinefit import DivergenceError, data, exact, polynomial_numpy, stability

COEFFICIENTS = [(0.3, -0.7, 0.2, 0.05), (1.7640523, 0.4001572, 0.9787380, 2.2408932)]


def loss(x, y, a, b, c, d):
    return float(np.square(a + b * x + c * x**2 + d * x**3 - y).sum())


@pytest.mark.parametrize("theta", COEFFICIENTS)
def test_hand_gradients_equal_autograd_in_float64(theta):
    x, y = data.numpy_problem()
    hand = polynomial_numpy.gradients(x, y, *theta)
    params = torch.tensor(theta, dtype=torch.float64, requires_grad=True)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    a, b, c, d = params
    torch.square(a + b * xt + c * xt**2 + d * xt**3 - yt).sum().backward()
    np.testing.assert_allclose(hand, params.grad.numpy(), rtol=1e-12, atol=1e-9)


@pytest.mark.parametrize("theta", COEFFICIENTS)
def test_hand_gradients_equal_central_differences(theta):
    x, y = data.numpy_problem()
    hand = polynomial_numpy.gradients(x, y, *theta)
    h = 1e-6
    for i in range(4):
        up, down = list(theta), list(theta)
        up[i] += h
        down[i] -= h
        numeric = (loss(x, y, *up) - loss(x, y, *down)) / (2 * h)
        assert hand[i] == pytest.approx(numeric, rel=1e-6, abs=1e-4)


def test_loss_decreases_at_every_step():
    fit = polynomial_numpy.fit(steps=500, log_every=1)
    losses = [value for _, value in fit.history]
    assert len(losses) == 500
    assert all(later < earlier for earlier, later in itertools.pairwise(losses))


def test_history_holds_the_logged_steps_and_final_loss_is_recomputed():
    fit = polynomial_numpy.fit(steps=2000)
    assert [t for t, _ in fit.history] == list(range(99, 2000, 100))
    x, y = data.numpy_problem()
    assert fit.loss == pytest.approx(loss(x, y, *fit.coefficients), rel=1e-12)


def test_reaches_the_exact_optimum_given_enough_steps():
    best = exact.solve()
    fit = polynomial_numpy.fit(steps=4000, learning_rate=3e-6, log_every=4000)
    assert fit.loss == pytest.approx(best.loss, rel=1e-9)
    assert fit.coefficients == pytest.approx(best.coefficients, abs=1e-6)


def test_seed_zero_starts_where_the_tutorial_starts():
    np.random.seed(0)
    tutorial = [np.random.randn() for _ in range(4)]
    state = np.random.get_state()
    fit = polynomial_numpy.fit(steps=1, learning_rate=1e-300)
    assert fit.coefficients == pytest.approx(tutorial, rel=1e-12)
    assert np.random.get_state()[1].tolist() == state[1].tolist()  # global state untouched


def test_same_seed_same_numbers_other_seed_other_start():
    first = polynomial_numpy.fit(steps=50, seed=3)
    again = polynomial_numpy.fit(steps=50, seed=3)
    other = polynomial_numpy.fit(steps=50, seed=4)
    assert first == again
    assert first.coefficients != other.coefficients


def test_log_prints_the_tutorial_lines():
    lines = []
    polynomial_numpy.fit(steps=300, log=lines.append)
    assert [line.split()[0] for line in lines] == ["99", "199", "299"]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"steps": 0}, ValueError, "steps must be a positive integer"),
        ({"steps": 2.5}, TypeError, "steps must be a positive integer"),
        ({"learning_rate": 0.0}, ValueError, "learning_rate must be a finite number > 0"),
        ({"learning_rate": -1e-6}, ValueError, "learning_rate must be a finite number > 0"),
        ({"learning_rate": math.inf}, ValueError, "learning_rate must be a finite number > 0"),
        ({"learning_rate": math.nan}, ValueError, "learning_rate must be a finite number > 0"),
        ({"learning_rate": "1e-6"}, TypeError, "learning_rate must be a finite number > 0"),
        ({"log_every": 0}, ValueError, "log_every must be a positive integer"),
        ({"seed": -1}, ValueError, "seed must be in"),
        ({"log": "print"}, TypeError, "log must be a callable"),
        ({"x": [0.0, 1.0], "y": [0.0]}, ValueError, "x and y must have the same length"),
        ({"x": [], "y": []}, ValueError, "x and y must not be empty"),
        ({"x": [0.0, math.nan], "y": [0.0, 1.0]}, ValueError, "x must hold only finite"),
        ({"x": [0.0, 1.0], "y": [0.0, math.inf]}, ValueError, "y must hold only finite"),
        ({"x": [[0.0, 1.0]], "y": [[0.0, 1.0]]}, ValueError, "x must be one-dimensional"),
    ],
)
def test_bad_arguments_name_the_argument(kwargs, error, message):
    with pytest.raises(error, match=message):
        polynomial_numpy.fit(**kwargs)


@pytest.mark.parametrize("learning_rate", [3.7e-6, 1e-5, 1e-3, 1e200])
def test_too_large_a_learning_rate_stops_with_the_step_and_the_bound(learning_rate):
    with pytest.raises(DivergenceError) as caught:
        polynomial_numpy.fit(learning_rate=learning_rate)
    error = caught.value
    bound = stability.max_stable_learning_rate()
    assert error.max_stable_learning_rate == pytest.approx(bound)
    assert f"at step {error.step}" in str(error)
    assert f"{bound:.3g}" in str(error)
    assert 0 < error.step < 2000


def test_just_below_the_bound_is_stable():
    bound = stability.max_stable_learning_rate()
    fit = polynomial_numpy.fit(learning_rate=0.98 * bound, steps=3000)
    assert math.isfinite(fit.loss)
    assert fit.loss < fit.history[0][1]


def test_custom_data_is_used():
    x = np.linspace(-1, 1, 101)
    y = 0.5 * x
    fit = polynomial_numpy.fit(x=x, y=y, steps=20_000, learning_rate=5e-3, log_every=20_000)
    assert fit.coefficients == pytest.approx((0.0, 0.5, 0.0, 0.0), abs=1e-6)
