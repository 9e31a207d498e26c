"""What every torch chapter promises, checked the same way for each (chapters 2-8).

Chapter-specific checks (gradients against oracles, the chapter's own claims) live in
each chapter's own test file.
"""

import itertools
import math
import warnings

import numpy as np
import pytest
import torch

from sinefit import (
    DivergenceError,
    chapters,
    data,
    exact,
    stability,
)

TORCH = [chapter for chapter in chapters.FITS if chapter.torch]
# plain gradient descent with a stable step: the loss must fall at every logged step
DESCENT = [chapter for chapter in TORCH if chapter.gradient_descent]


def ids(chapter):
    return chapter.stem


@pytest.fixture(params=TORCH, ids=ids)
def chapter(request):
    return request.param


SHORT = {"steps": 300, "log_every": 10}


def short_run(chapter, **kwargs):
    return chapter.module.fit(**{**SHORT, **kwargs})


def test_same_seed_same_numbers_other_seed_other_start(chapter, device):
    if not chapter.seeded:
        assert short_run(chapter, device=device) == short_run(chapter, device=device)
        with pytest.raises(TypeError, match="seed"):
            short_run(chapter, seed=5)
        return
    first = short_run(chapter, device=device, seed=5)
    again = short_run(chapter, device=device, seed=5)
    other = short_run(chapter, device=device, seed=6)
    assert first == again
    assert other.history[0][1] != first.history[0][1]
    assert other.coefficients != first.coefficients


def test_history_logs_every_log_every_steps(chapter, fitted):
    fit = fitted(chapter.stem, **SHORT)
    assert [t for t, _ in fit.history] == list(range(9, 300, 10))
    assert all(math.isfinite(value) for _, value in fit.history)


def test_final_loss_is_the_loss_of_the_returned_coefficients(chapter, fitted):
    fit = fitted(chapter.stem, **SHORT)
    x, y = data.torch_problem()  # the float32 points the run fitted
    loss_of = chapter.loss_of
    assert fit.loss == pytest.approx(loss_of(fit.coefficients, x, y), rel=1e-12)


@pytest.mark.parametrize("chapter", DESCENT, ids=ids)
def test_loss_falls_at_every_step_under_stable_gradient_descent(chapter, device):
    fit = short_run(chapter, device=device, steps=500, log_every=1)
    losses = [value for _, value in fit.history]
    assert len(losses) == 500
    assert all(later < earlier for earlier, later in itertools.pairwise(losses))


@pytest.mark.parametrize("chapter", DESCENT, ids=ids)
def test_float64_reaches_the_exact_optimum_at_a_stable_rate(chapter, device):
    learning_rate = 3e-6
    assert learning_rate < stability.max_stable_learning_rate()
    fit = chapter.module.fit(
        steps=4000, learning_rate=learning_rate, log_every=4000, dtype=torch.float64, device=device
    )
    best = exact.solve()
    assert fit.loss == pytest.approx(best.loss, rel=1e-12)
    assert fit.coefficients == pytest.approx(best.coefficients, abs=1e-7)


@pytest.mark.parametrize("chapter", DESCENT, ids=ids)
@pytest.mark.parametrize("as_tensors", [False, True], ids=["arrays", "tensors"])
def test_custom_data_reach_their_own_optimum(chapter, device, as_tensors):
    """An exact cubic on 21 points in [-1, 1] is recovered, at that data's own stable rate."""
    x = np.linspace(-1.0, 1.0, 21)
    y = 0.1 + 0.5 * x - 0.25 * x**3
    if as_tensors:
        x, y = torch.from_numpy(x), torch.from_numpy(y)
    learning_rate = 0.95 * stability.max_stable_learning_rate(x)
    fit = chapter.module.fit(
        x=x,
        y=y,
        steps=1000,
        learning_rate=learning_rate,
        log_every=1000,
        dtype=torch.float64,
        device=device,
    )
    assert fit.coefficients == pytest.approx((0.1, 0.5, 0.0, -0.25), abs=1e-8)
    assert fit.loss < 1e-15


def test_float64_runs_and_lands_near_float32(chapter, fitted):
    single = fitted(chapter.stem, **SHORT)
    double = short_run(chapter, dtype=torch.float64)
    assert double.loss == pytest.approx(single.loss, rel=1e-3)


def test_custom_data_is_used(chapter, fitted):
    x, y = data.numpy_problem(500)
    fit = short_run(chapter, x=x, y=y)
    assert len(fit.coefficients) >= 4
    assert math.isfinite(fit.loss)
    default = fitted(chapter.stem, **SHORT)
    assert fit.loss != default.loss


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"steps": 0}, ValueError, "steps must be a positive integer"),
        ({"learning_rate": -1.0}, ValueError, "learning_rate must be a finite number > 0"),
        ({"learning_rate": math.nan}, ValueError, "learning_rate must be a finite number > 0"),
        ({"steps": 2.5}, TypeError, "steps must be a positive integer"),
        ({"log_every": 0}, ValueError, "log_every must be a positive integer"),
        ({"log_every": 2.0}, TypeError, "log_every must be a positive integer"),
        ({"seed": -3}, ValueError, "seed must be in"),
        ({"seed": 2**32}, ValueError, "seed must be in"),
        ({"seed": "0"}, TypeError, "seed must be an integer"),
        ({"log": "print"}, TypeError, "log must be a callable"),
        ({"dtype": "float64"}, ValueError, "dtype must be a floating-point torch.dtype"),
        ({"device": "tpu"}, ValueError, "device must be"),
        ({"dtype": torch.int64}, ValueError, "dtype must be a floating-point torch.dtype"),
        ({"x": [0.0, 1.0, 2.0], "y": [0.0, 1.0]}, ValueError, "x and y must have the same length"),
        ({"x": [0.0, math.inf], "y": [0.0, 1.0]}, ValueError, "x must hold only finite"),
    ],
)
def test_bad_arguments_are_refused_by_name(chapter, kwargs, error, message):
    if "seed" in kwargs and not chapter.seeded:
        error, message = TypeError, "unexpected keyword argument 'seed'"
    with pytest.raises(error, match=message):
        chapter.module.fit(**kwargs)


@pytest.mark.skipif(torch.cuda.is_available(), reason="this torch does see a CUDA GPU")
def test_asking_for_a_missing_gpu_says_so(chapter):
    with pytest.raises(ValueError, match="sees no CUDA GPU; use device='cpu'"):
        chapter.module.fit(device="cuda")


def test_too_large_a_learning_rate_stops_with_a_clear_error(chapter):
    # RMSprop's step is about lr per coordinate whatever the gradient, so what is too large is
    # relative to each chapter's own rate
    learning_rate = 1e6 * chapter.module.LEARNING_RATE
    with pytest.raises(DivergenceError) as caught:
        short_run(chapter, learning_rate=learning_rate)
    assert f"at step {caught.value.step}" in str(caught.value)
    assert f"learning_rate={learning_rate:g}" in str(caught.value)
    assert 0 <= caught.value.step < 300


def test_no_chapter_returns_a_worse_fit_than_its_start(chapter, fitted):
    fit = fitted(chapter.stem, **SHORT)
    assert fit.loss < fit.history[0][1] * 1.01
    if chapter.power_series is not chapters.dynamic:  # no cubic beats the least-squares one
        assert fit.loss >= exact.solve().loss * (1 - 1e-9)


def cuda_syncs(work):
    """How many host-device synchronisations torch reports while ``work()`` runs."""
    torch.cuda.set_sync_debug_mode("warn")
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            work()
    finally:
        torch.cuda.set_sync_debug_mode("default")
    return sum("synchroniz" in str(w.message) for w in caught)


@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA GPU is visible to this torch")
def test_a_cuda_run_synchronises_per_log_not_per_step(chapter):
    """The losses stay on the GPU between logs: no ``.item()``-style read-back every step."""
    steps = 400
    loss = torch.ones((), device="cuda")
    per_step = cuda_syncs(lambda: [loss.item() for _ in range(steps)])
    assert per_step >= steps  # the detector sees what the tutorial's .item() per step costs
    run = cuda_syncs(lambda: chapter.module.fit(steps=steps, log_every=100, device="cuda"))
    assert run < steps / 10
