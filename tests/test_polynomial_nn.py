"""Chapter 5: the layer's seeding, its gradient against the hand derivation, and the fit."""

import numpy as np
import pytest
import torch

from sinefit import DivergenceError, data, exact, polynomial_numpy, stability
from sinefit import polynomial_nn as chapter


def tutorial_layer(seed):
    """The tutorial's own ``torch.manual_seed(seed); Linear(3, 1)``, kept off the global state."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return torch.nn.Linear(3, 1)


@pytest.mark.parametrize("seed", [0, 1, 12345])
def test_layer_starts_as_the_tutorial_layer_and_global_state_is_untouched(seed):
    torch.manual_seed(99)
    state = torch.get_rng_state()
    model = chapter.start(seed)
    assert torch.equal(torch.get_rng_state(), state)
    reference = tutorial_layer(seed)
    assert torch.equal(model[0].weight, reference.weight)
    assert torch.equal(model[0].bias, reference.bias)
    assert isinstance(model[1], torch.nn.Flatten)
    wide = chapter.start(seed, dtype=torch.float64)
    assert wide[0].weight.dtype == torch.float64
    assert torch.equal(wide[0].weight, reference.weight.double())
    assert torch.equal(wide[0].bias, reference.bias.double())


def test_fit_starts_from_the_layer_in_a_b_c_d_order():
    reference = tutorial_layer(0)
    fit = chapter.fit(steps=1, learning_rate=1e-300)
    expected = [reference.bias.item(), *reference.weight[0].tolist()]
    assert fit.coefficients == pytest.approx(expected, rel=1e-7)


def test_model_on_device_starts_from_the_cpu_numbers(device):
    if device == "cuda":
        cuda_state = torch.cuda.get_rng_state()
    model = chapter.start(0, device=device)
    reference = tutorial_layer(0)
    assert model[0].weight.device.type == device
    assert torch.equal(model[0].weight.cpu(), reference.weight)
    assert torch.equal(model[0].bias.cpu(), reference.bias)
    if device == "cuda":
        assert torch.equal(torch.cuda.get_rng_state(), cuda_state)


def test_features_are_the_powers_of_x():
    x = torch.tensor([-2.0, 0.5, 3.0], dtype=torch.float64)
    xx = chapter.features(x)
    assert xx.shape == (3, 3)
    assert torch.equal(xx, torch.stack([x, x**2, x**3], dim=1))


@pytest.mark.parametrize("seed", [0, 3])
def test_nn_gradient_equals_the_hand_derived_gradient_in_float64(seed):
    x, y = data.torch_problem(dtype=torch.float64)
    model = chapter.start(seed, dtype=torch.float64)
    loss = torch.nn.MSELoss(reduction="sum")(model(chapter.features(x)), y)
    model.zero_grad()
    loss.backward()

    layer = model[0]
    a = layer.bias.item()
    b, c, d = layer.weight[0].tolist()
    grad_a, grad_b, grad_c, grad_d = polynomial_numpy.gradients(x.numpy(), y.numpy(), a, b, c, d)
    np.testing.assert_allclose(layer.bias.grad.numpy(), [grad_a], rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(
        layer.weight.grad.numpy(), [[grad_b, grad_c, grad_d]], rtol=1e-12, atol=1e-9
    )
    assert loss.item() == pytest.approx(exact.loss((a, b, c, d)), rel=1e-12)


def test_history_steps_and_final_loss_recomputed_from_the_coefficients():
    fit = chapter.fit(steps=1000)
    assert [t for t, _ in fit.history] == list(range(99, 1000, 100))
    x, y = data.torch_problem()
    assert fit.loss == exact.loss(fit.coefficients, x.double(), y.double())


def test_log_prints_the_tutorial_lines():
    lines = []
    chapter.fit(steps=300, log=lines.append)
    assert [line.split()[0] for line in lines] == ["99", "199", "299"]


@pytest.mark.parametrize("learning_rate", [3.7e-6, 1e-5, 1e-3])
def test_too_large_a_learning_rate_stops_with_the_step_and_the_bound(learning_rate):
    with pytest.raises(DivergenceError) as caught:
        chapter.fit(learning_rate=learning_rate)
    error = caught.value
    bound = stability.max_stable_learning_rate()
    assert error.max_stable_learning_rate == pytest.approx(bound, rel=1e-6)
    assert f"{bound:.3g}" in str(error)
    assert 0 < error.step < 2000
