"""Chapter 2: the hand-written loop on tensors, its start, its dtypes and its devices.

The checks every torch chapter shares (bad arguments, divergence, CUDA missing, final loss)
live in tests/test_torch_chapters.py; these are the ones particular to this chapter.
"""

import numpy as np
import pytest
import torch

from sinefit import data, polynomial_autograd, polynomial_tensor

LEARNING_RATE = 1e-6


def autograd_gradients(theta, dtype=torch.float64):
    """∂L/∂a … ∂L/∂d at ``theta`` for the shared problem, by autograd (the oracle)."""
    x, y = data.torch_problem(dtype=dtype)
    params = torch.tensor(theta, dtype=dtype, requires_grad=True)
    a, b, c, d = params
    (a + b * x + c * x**2 + d * x**3 - y).pow(2).sum().backward()
    return params.grad.numpy()


def seed_start(seed, dtype=torch.float32):
    """What the tutorial's script draws after ``torch.manual_seed(seed)``."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return [torch.randn((), dtype=dtype).item() for _ in range(4)]


def test_one_step_moves_by_the_hand_gradients(device):
    """After one step the weights moved by -learning_rate times the true gradient (float64)."""
    start = seed_start(0, torch.float64)
    fit = polynomial_tensor.fit(
        steps=1, learning_rate=LEARNING_RATE, dtype=torch.float64, device=device
    )
    moved = (np.array(start) - np.array(fit.coefficients)) / LEARNING_RATE
    np.testing.assert_allclose(moved, autograd_gradients(start), rtol=1e-8)


@pytest.mark.parametrize("chapter", [polynomial_tensor, polynomial_autograd], ids=["2", "3"])
def test_seed_zero_starts_where_torch_manual_seed_starts(chapter, device):
    """Chapters 2 and 3 draw the tutorial's start, and leave the caller's random state alone."""
    tutorial = seed_start(0)
    state = torch.random.get_rng_state()
    # A learning rate so small that the one update rounds away in float32.
    fit = chapter.fit(steps=1, learning_rate=1e-300, device=device)
    assert list(fit.coefficients) == tutorial
    assert torch.equal(torch.random.get_rng_state(), state)


def test_float64_start_is_torch_randn_in_float64():
    tutorial = seed_start(0, torch.float64)
    fit = polynomial_tensor.fit(steps=1, learning_rate=1e-300, dtype=torch.float64)
    assert list(fit.coefficients) == tutorial


def test_float32_run_agrees_with_float64_to_the_digits_the_page_shows(device):
    single = polynomial_tensor.fit(device=device)
    double = polynomial_tensor.fit(dtype=torch.float64)
    assert single.loss == pytest.approx(double.loss, rel=1e-5)
    assert single.coefficients == pytest.approx(double.coefficients, abs=1e-5)
    for (t, lo), (u, hi) in zip(single.history, double.history, strict=True):
        assert t == u
        assert f"{lo:.4g}" == f"{hi:.4g}"


def test_history_holds_the_logged_steps():
    lines = []
    fit = polynomial_tensor.fit(steps=350, log=lines.append)
    assert [t for t, _ in fit.history] == [99, 199, 299]
    assert lines == [f"{t} {value:.4g}" for t, value in fit.history]


def test_device_objects_are_accepted():
    by_name = polynomial_tensor.fit(steps=20, log_every=10, device="cpu")
    by_object = polynomial_tensor.fit(steps=20, log_every=10, device=torch.device("cpu"))
    assert by_name == by_object
