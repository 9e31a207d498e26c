"""Chapter 7: the Module's parameters, forward, gradients and string(), and its training run."""

import inspect
import itertools

import numpy as np
import pytest
import torch

from sinefit import (
    DivergenceError,
    data,
    polynomial_module,
    polynomial_numpy,
    polynomial_tensor,
    stability,
)


def test_assigning_parameters_registers_them(device):
    model = polynomial_module.Polynomial3(device=device)
    names = [name for name, _ in model.named_parameters()]
    assert names == ["a", "b", "c", "d"]
    for param in model.parameters():
        assert isinstance(param, torch.nn.Parameter)
        assert param.requires_grad
        assert param.shape == ()
        assert param.device.type == device
    assert list(model.state_dict()) == ["a", "b", "c", "d"]


def test_dtype_is_respected():
    model = polynomial_module.Polynomial3(dtype=torch.float64)
    assert {p.dtype for p in model.parameters()} == {torch.float64}


def test_seed_zero_starts_where_the_tutorial_starts_and_fit_leaves_global_state_alone():
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        tutorial = [torch.randn(()).item() for _ in range(4)]
        model = polynomial_module.start(0)
    assert [p.item() for p in model.parameters()] == tutorial
    state = torch.random.get_rng_state()
    fit = polynomial_module.fit(steps=1, learning_rate=1e-30, log_every=1)
    assert list(fit.coefficients) == pytest.approx(tutorial, rel=1e-6)
    assert torch.equal(torch.random.get_rng_state(), state)


def test_the_constructor_takes_factory_arguments_as_nn_linear_does(device):
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        on_cpu = polynomial_module.Polynomial3()
        torch.manual_seed(0)
        moved = polynomial_module.Polynomial3(dtype=torch.float64).to(device)
    assert [p.item() for p in moved.parameters()] == pytest.approx(
        [p.item() for p in on_cpu.parameters()], rel=1e-6
    )
    assert {(p.device.type, p.dtype) for p in moved.parameters()} == {(device, torch.float64)}
    # No seed argument: the caller seeds torch, as for nn.Linear
    assert list(inspect.signature(polynomial_module.Polynomial3).parameters) == ["device", "dtype"]


def test_forward_is_the_cubic():
    model = polynomial_module.start(3, dtype=torch.float64)
    x = torch.linspace(-2, 2, 9, dtype=torch.float64)
    a, b, c, d = (p.item() for p in model.parameters())
    torch.testing.assert_close(model(x), a + b * x + c * x**2 + d * x**3)


@pytest.mark.parametrize("seed", [0, 5])
def test_gradients_equal_the_hand_derived_ones_in_float64(seed):
    x, y = data.torch_problem(dtype=torch.float64)
    model = polynomial_module.start(seed, dtype=torch.float64)
    torch.nn.MSELoss(reduction="sum")(model(x), y).backward()
    by_hand = polynomial_numpy.gradients(
        x.numpy(), y.numpy(), *(p.item() for p in model.parameters())
    )
    np.testing.assert_allclose([p.grad.item() for p in model.parameters()], by_hand, rtol=1e-12)


def test_string_renders_the_polynomial_with_tidy_signs():
    model = polynomial_module.Polynomial3(dtype=torch.float64)
    with torch.no_grad():
        for param, value in zip(
            model.parameters(), (-0.00004, 0.85674, -0.5, -0.09333), strict=True
        ):
            param.fill_(value)
    assert model.string() == "y = 0.0000 + 0.8567 x - 0.5000 x^2 - 0.0933 x^3"
    assert model.string(2) == "y = 0.00 + 0.86 x - 0.50 x^2 - 0.09 x^3"


def test_loss_decreases_at_every_step(device):
    fit = polynomial_module.fit(steps=300, log_every=1, device=device)
    losses = [loss for _, loss in fit.history]
    assert all(later < earlier for earlier, later in itertools.pairwise(losses))


def test_sgd_walks_chapter_2s_path():
    module = polynomial_module.fit(steps=500)
    by_hand = polynomial_tensor.fit(steps=500)
    assert module.coefficients == pytest.approx(by_hand.coefficients, rel=1e-5, abs=1e-6)
    assert module.loss == pytest.approx(by_hand.loss, rel=1e-5)


def test_too_large_a_learning_rate_names_the_bound():
    with pytest.raises(DivergenceError) as caught:
        polynomial_module.fit(learning_rate=4e-6)
    bound = stability.max_stable_learning_rate()
    assert caught.value.max_stable_learning_rate == pytest.approx(bound)
    assert f"{bound:.3g}" in str(caught.value)
