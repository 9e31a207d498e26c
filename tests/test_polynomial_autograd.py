"""Chapter 3: autograd's gradients, the update outside the graph, the cleared grads.

The checks every torch chapter shares (bad arguments, divergence, CUDA missing, final loss)
live in tests/test_torch_chapters.py; these are the ones particular to this chapter.
"""

import numpy as np
import pytest
import torch

from sinefit import data, polynomial_autograd, polynomial_numpy, polynomial_tensor

LEARNING_RATE = 1e-6
COEFFICIENTS = [(0.3, -0.7, 0.2, 0.05), (1.7640523, 0.4001572, 0.9787380, 2.2408932)]


def seed_start(seed, dtype=torch.float32):
    """What the tutorial's script draws after ``torch.manual_seed(seed)``."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return [torch.randn((), dtype=dtype).item() for _ in range(4)]


@pytest.mark.parametrize("theta", COEFFICIENTS)
def test_backward_gives_chapter_one_hand_gradients(theta):
    """The page's claim, at several points: the chapter's loss, backward, hand sums (float64)."""
    x, y = data.torch_problem(dtype=torch.float64)
    a, b, c, d = (torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in theta)
    y_pred = a + b * x + c * x**2 + d * x**3
    (y_pred - y).pow(2).sum().backward()
    hand = polynomial_numpy.gradients(x.numpy(), y.numpy(), *theta)
    np.testing.assert_allclose([a.grad, b.grad, c.grad, d.grad], hand, rtol=1e-12, atol=1e-9)


def test_one_step_moves_by_the_hand_gradients(device):
    """The module's own first update is -learning_rate times chapter 1's gradients (float64)."""
    start = seed_start(0, torch.float64)
    fit = polynomial_autograd.fit(
        steps=1, learning_rate=LEARNING_RATE, dtype=torch.float64, device=device
    )
    moved = (np.array(start) - np.array(fit.coefficients)) / LEARNING_RATE
    x, y = data.numpy_problem()
    np.testing.assert_allclose(moved, polynomial_numpy.gradients(x, y, *start), rtol=1e-8)


def test_follows_the_hand_written_chapter_step_for_step(device):
    """Same path as chapter 2: so every step used that step's gradient alone.

    Gradients left to accumulate would add up all earlier steps' gradients and the two runs
    would part at step 1; an update recorded by autograd would fail on the leaf tensors.
    """
    auto = polynomial_autograd.fit(steps=300, log_every=1, device=device)
    hand = polynomial_tensor.fit(steps=300, log_every=1, device=device)
    for (t, got), (u, want) in zip(auto.history, hand.history, strict=True):
        assert t == u
        assert got == pytest.approx(want, rel=1e-6)
    assert auto.coefficients == pytest.approx(hand.coefficients, rel=1e-6)


def test_leaves_autograd_as_it_found_it():
    """Gradient recording is still on afterwards, and the result holds plain floats."""
    fit = polynomial_autograd.fit(steps=20, log_every=10)
    assert torch.is_grad_enabled()
    assert all(type(v) is float for v in fit.coefficients)
    assert all(type(v) is float for _, v in fit.history)


def test_history_holds_the_logged_steps():
    lines = []
    fit = polynomial_autograd.fit(steps=350, log=lines.append)
    assert [t for t, _ in fit.history] == [99, 199, 299]
    assert lines == [f"{t} {value:.4g}" for t, value in fit.history]
