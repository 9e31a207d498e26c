"""Chapter 4: the custom Function's backward, the chain rule, the expansion, and the fit."""

import itertools
import math

import numpy as np
import pytest
import torch

from sinefit import DivergenceError, data, exact
from sinefit import polynomial_custom_function as chapter
from sinefit.polynomial_custom_function import LegendrePolynomial3, expand, loss_of

P3 = LegendrePolynomial3.apply
POINTS = [chapter.START, (0.1, -1.0, 0.2, 0.3), (-0.4, 1.3, -0.6, 0.45)]


def test_backward_passes_gradcheck_in_float64():
    generator = torch.Generator().manual_seed(0)
    u = (3 * torch.randn(8, generator=generator, dtype=torch.float64)).requires_grad_()
    assert torch.autograd.gradcheck(P3, (u,), eps=1e-6, atol=1e-8, rtol=1e-7)


def test_forward_and_backward_equal_autograd_of_the_plain_formula():
    generator = torch.Generator().manual_seed(1)
    u = torch.linspace(-4, 4, 101, dtype=torch.float64)
    grad_output = torch.randn(101, generator=generator, dtype=torch.float64)

    ours = u.clone().requires_grad_()
    P3(ours).backward(grad_output)
    plain = u.clone().requires_grad_()
    (0.5 * (5 * plain**3 - 3 * plain)).backward(grad_output)

    torch.testing.assert_close(P3(u), 0.5 * (5 * u**3 - 3 * u), rtol=0, atol=0)
    torch.testing.assert_close(ours.grad, plain.grad, rtol=1e-14, atol=1e-12)


def test_forward_saves_its_input_for_backward():
    u = torch.tensor([0.5, -2.0], requires_grad=True)
    p = P3(u)
    (saved,) = p.grad_fn.saved_tensors
    assert torch.equal(saved, u.detach())


@pytest.mark.parametrize("theta", POINTS)
def test_hand_chain_rule_equals_autograd_through_the_function(theta):
    x, y = data.numpy_problem()
    hand = chapter.gradients(x, y, *theta)
    params = torch.tensor(theta, dtype=torch.float64, requires_grad=True)
    a, b, c, d = params
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    (a + b * P3(c + d * xt) - yt).pow(2).sum().backward()
    np.testing.assert_allclose(hand, params.grad.numpy(), rtol=1e-12, atol=1e-9)


@pytest.mark.parametrize("theta", POINTS)
def test_model_gradient_equals_central_differences_of_the_loss(theta):
    params = torch.tensor(theta, dtype=torch.float64, requires_grad=True)
    a, b, c, d = params
    xt, yt = data.torch_problem(dtype=torch.float64)
    (a + b * P3(c + d * xt) - yt).pow(2).sum().backward()
    h = 1e-6
    for i in range(4):
        up, down = list(theta), list(theta)
        up[i] += h
        down[i] -= h
        numeric = (loss_of(up) - loss_of(down)) / (2 * h)
        assert params.grad[i].item() == pytest.approx(numeric, rel=1e-6, abs=1e-4)


@pytest.mark.parametrize("theta", POINTS)
def test_expand_gives_the_same_function_and_loss(theta):
    x = np.linspace(-3, 3, 13)
    a, b, c, d = theta
    u = c + d * x
    legendre = a + b * 0.5 * (5 * u**3 - 3 * u)
    a2, b2, c2, d2 = expand(*theta)
    np.testing.assert_allclose(
        a2 + b2 * x + c2 * x**2 + d2 * x**3, legendre, rtol=1e-12, atol=1e-12
    )
    assert loss_of(theta) == pytest.approx(exact.loss(expand(*theta)), rel=1e-12)


def test_fit_expanded_to_a_cubic_reaches_the_exact_optimum():
    # Measured in float64: 5000 steps leave the expanded coefficients within 3.1e-5 of the
    # optimum and the loss 1.3e-7 (relative) above it; 2000 steps: 1.0e-2 and 1.4e-2.
    best = exact.solve()
    fit = chapter.fit(steps=5000, dtype=torch.float64, log_every=5000)
    assert expand(*fit.coefficients) == pytest.approx(best.coefficients, abs=5e-5)
    assert fit.loss == pytest.approx(best.loss, rel=3e-7)
    assert fit.loss >= best.loss


def test_loss_decreases_at_every_step_from_the_tutorial_start(device):
    fit = chapter.fit(log_every=1, device=device)
    losses = [value for _, value in fit.history]
    assert len(losses) == 2000
    assert all(later < earlier for earlier, later in itertools.pairwise(losses))


def test_history_steps_and_final_loss_recomputed_from_the_coefficients():
    fit = chapter.fit(steps=1000)
    assert [t for t, _ in fit.history] == list(range(99, 1000, 100))
    x, y = data.torch_problem()
    assert fit.loss == loss_of(fit.coefficients, x.double(), y.double())
    assert fit.loss < fit.history[-1][1]


def test_starts_where_asked_and_touches_no_random_state():
    state = torch.get_rng_state()
    fit = chapter.fit(steps=1, learning_rate=1e-300)
    assert fit.coefficients == pytest.approx(chapter.START, rel=1e-7)  # float32's 0.3
    other = chapter.fit(steps=1, learning_rate=1e-300, start=(1, 2.5, -0.5, 0.25))
    assert other.coefficients == (1.0, 2.5, -0.5, 0.25)
    assert torch.equal(torch.get_rng_state(), state)


def test_same_arguments_same_numbers_and_no_seed_to_change():
    first = chapter.fit(steps=300)
    assert chapter.fit(steps=300) == first
    with pytest.raises(TypeError, match="unexpected keyword argument 'seed'"):
        chapter.fit(steps=300, seed=7)
    assert chapter.fit(steps=300, start=(0.0, -1.0, 0.0, 0.25)) != first


def test_log_prints_the_tutorial_lines():
    lines = []
    chapter.fit(steps=300, log=lines.append)
    assert [line.split()[0] for line in lines] == ["99", "199", "299"]


@pytest.mark.parametrize(
    ("start", "error", "message"),
    [
        ((0.0, -1.0, 0.3), ValueError, "start must be four numbers .a, b, c, d., got 3"),
        ((0.0, -1.0, 0.0, 0.3, 1.0), ValueError, "start must be four numbers"),
        (0.3, TypeError, "start must be four numbers"),
        (None, TypeError, "start must be four numbers"),
        ((0.0, "-1", 0.0, 0.3), TypeError, "got '-1' in it"),
        ((0.0, True, 0.0, 0.3), TypeError, "got True in it"),
        ((0.0, -1.0, 0.0, math.nan), ValueError, "start must hold only finite numbers"),
        ((0.0, -1.0, -math.inf, 0.3), ValueError, "start must hold only finite numbers"),
    ],
)
def test_bad_start_is_refused(start, error, message):
    with pytest.raises(error, match=message):
        chapter.fit(start=start)


@pytest.mark.parametrize("learning_rate", [3e-5, 1e-3])
def test_too_large_a_learning_rate_stops_with_the_step(learning_rate):
    with pytest.raises(DivergenceError) as caught:
        chapter.fit(learning_rate=learning_rate)
    error = caught.value
    assert error.max_stable_learning_rate is None
    assert f"at step {error.step}" in str(error)
    assert str(error).endswith("use a smaller learning rate")
    assert 0 < error.step < 2000


def test_a_random_start_diverges_at_once():
    generator = torch.Generator().manual_seed(0)
    drawn = [torch.randn((), generator=generator).item() for _ in range(4)]
    with pytest.raises(DivergenceError) as caught:
        chapter.fit(start=drawn)
    assert caught.value.step == 1


def test_the_mirror_start_stays_far_from_the_optimum():
    flipped = chapter.fit(start=(0.0, 1.0, 0.0, 0.3))
    assert min(value for _, value in flipped.history) > 800
    assert flipped.loss > 90 * exact.solve().loss
