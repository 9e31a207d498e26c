"""Chapter 9: the derived gradient, the four stages' agreement, and the page's claims."""

import dataclasses
import math

import numpy as np
import pytest
import torch

from sinefit import DivergenceError, line_fit
from sinefit import linear_regression as lr

TORCH_STAGES = [lr.autograd_gradient, lr.loss_and_optimizer, lr.linear_module]
STAGES = [lr.numpy_by_hand, *TORCH_STAGES]
# Other data than the chapter's: N = 8 points, a line through the origin with slope -0.75
OTHER_X = np.array([-2.0, -1.0, 0.5, 1.0, 1.5, 2.5, 3.0, 4.0])
OTHER_Y = -0.75 * OTHER_X


def loss(w, x=lr.X, y=lr.Y):
    return float(np.mean((w * x - y) ** 2))


@pytest.mark.parametrize("w", [0.0, 0.3, 1.7, 2.0, -3.25])
@pytest.mark.parametrize(("x", "y"), [(lr.X, lr.Y), (OTHER_X, OTHER_Y + 0.1)])
def test_derived_gradient_equals_autograd_and_central_differences(w, x, y):
    hand = lr.mean_gradient(x, y, w * x)
    wt = torch.tensor(w, dtype=torch.float64, requires_grad=True)
    ((wt * torch.from_numpy(x) - torch.from_numpy(y)) ** 2).mean().backward()
    assert hand == pytest.approx(wt.grad.item(), rel=1e-14, abs=1e-14)
    h = 1e-6
    numeric = (loss(w + h, x, y) - loss(w - h, x, y)) / (2 * h)
    assert hand == pytest.approx(numeric, rel=1e-7, abs=1e-8)


def test_gradient_is_fifteen_times_w_minus_two_on_the_chapter_data():
    for w in (0.0, 0.5, 1.25, 2.0, 3.0):
        assert lr.mean_gradient(lr.X, lr.Y, w * lr.X) == 15 * (w - 2)


@pytest.mark.parametrize("w", [0.0, 0.5, 1.25, 2.0, 3.0, -0.75])
@pytest.mark.parametrize(("x", "y", "n"), [(lr.X, lr.Y, 4), (OTHER_X, OTHER_Y, 8)])
def test_summed_gradient_is_exactly_n_times_the_mean(w, x, y, n):
    # w, x and y are short binary fractions, so every sum here is exact in any order
    summed = lr.summed_gradient(x, y, w * x)
    mean = lr.mean_gradient(x, y, w * x)
    assert summed == n * mean
    assert np.ndim(summed) == 0  # the .mean() of a scalar: nothing was divided


def test_summed_gradient_is_four_times_the_mean_along_a_whole_run():
    run = lr.numpy_by_hand(steps=30, gradient="sum")
    for w in run.w_history[:-1]:
        summed = lr.summed_gradient(lr.X, lr.Y, w * lr.X)
        assert summed == pytest.approx(4 * lr.mean_gradient(lr.X, lr.Y, w * lr.X), rel=1e-15)


def test_the_sum_is_the_mean_with_a_four_times_larger_learning_rate():
    summed = lr.numpy_by_hand(steps=40, gradient="sum", learning_rate=0.01)
    mean = lr.numpy_by_hand(steps=40, gradient="mean", learning_rate=0.04)
    assert summed.w_history == pytest.approx(mean.w_history, rel=1e-14, abs=1e-15)
    quarter = lr.numpy_by_hand(steps=40, gradient="sum", learning_rate=0.0025)
    plain = lr.numpy_by_hand(steps=40, learning_rate=0.01)
    assert quarter.w_history == pytest.approx(plain.w_history, rel=1e-14, abs=1e-15)


@pytest.mark.parametrize(("gradient", "rho"), [("mean", 0.85), ("sum", 0.4)])
def test_stage_one_follows_the_closed_form(gradient, rho):
    run = lr.numpy_by_hand(steps=60, gradient=gradient)
    expected = [2 - 2 * rho**t for t in range(61)]
    assert run.w_history == pytest.approx(expected, rel=1e-13, abs=1e-14)
    assert run.loss_history == pytest.approx([loss(w) for w in expected[:-1]], rel=1e-12)
    assert line_fit.step_factors(gradient=gradient) == pytest.approx((rho,), rel=1e-15)


def test_steps_to_reach_f5_within_a_hundredth():
    # 10·ρᵗ < 0.01 first holds at t = ceil(ln(0.001) / ln(ρ))
    assert lr.numpy_by_hand().steps_to_reach() == math.ceil(math.log(1e-3) / math.log(0.85)) == 43
    assert lr.numpy_by_hand(gradient="sum").steps_to_reach() == 8
    assert lr.numpy_by_hand(steps=40).steps_to_reach() is None


@pytest.mark.parametrize("stage", [lr.autograd_gradient, lr.loss_and_optimizer])
def test_stages_one_to_three_take_the_same_w_at_every_step(stage, device):
    by_hand = lr.numpy_by_hand(steps=200)
    single = stage(steps=200, device=device)
    double = stage(steps=200, device=device, dtype=torch.float64)
    assert len(single.w_history) == len(by_hand.w_history) == 201
    # float32 holds about 7 digits of w ≤ 2; float64 agrees down to its own rounding
    assert single.w_history == pytest.approx(by_hand.w_history, rel=0, abs=1e-6)
    assert double.w_history == pytest.approx(by_hand.w_history, rel=1e-14, abs=1e-15)
    assert double.loss_history == pytest.approx(by_hand.loss_history, rel=1e-12, abs=1e-25)
    assert single.before == by_hand.before == 0.0
    assert single.after == pytest.approx(by_hand.after, abs=1e-5)


@pytest.mark.parametrize("stage", STAGES)
def test_history_lengths_and_before_after(stage):
    run = stage(steps=37)
    assert len(run.w_history) == 38
    assert len(run.loss_history) == 37
    assert run.w == run.w_history[-1]
    assert run.predictions()[0] == pytest.approx(run.before, rel=1e-6)
    assert run.predictions()[-1] == pytest.approx(run.after, rel=1e-6)
    assert (run.b is None) == (run.b_history is None) == (stage is not lr.linear_module)


@pytest.mark.parametrize("stage", STAGES)
def test_log_prints_every_log_every_steps_and_nothing_without_log(stage, capsys):
    lines = []
    stage(steps=25, log_every=5, log=lines.append)
    assert [line.split(":")[0] for line in lines] == [f"step {t}" for t in (4, 9, 14, 19, 24)]
    stage(steps=25, log_every=1)
    assert capsys.readouterr().out == ""


def test_stage_four_starts_where_the_tutorial_starts_and_leaves_the_rng_alone():
    torch.manual_seed(123)
    state = torch.get_rng_state()
    run = lr.linear_module(steps=1, seed=0)
    assert torch.equal(torch.get_rng_state(), state)
    torch.manual_seed(0)
    model = torch.nn.Linear(1, 1)
    assert run.w_history[0] == model.weight.item()
    assert run.b_history[0] == model.bias.item()
    assert run.before == pytest.approx(5 * model.weight.item() + model.bias.item(), rel=1e-6)


def test_stage_four_same_seed_same_numbers_other_seed_other_start(device):
    first = lr.linear_module(steps=50, seed=3, device=device)
    again = lr.linear_module(steps=50, seed=3, device=device)
    other = lr.linear_module(steps=50, seed=4, device=device)
    assert first == again
    assert first.w_history[0] != other.w_history[0]


def test_stage_four_in_float32_follows_float64(device):
    on_cpu = lr.linear_module(steps=300, dtype=torch.float64)
    single = lr.linear_module(steps=300, device=device)
    assert single.w_history == pytest.approx(on_cpu.w_history, abs=1e-5)
    assert single.b_history == pytest.approx(on_cpu.b_history, abs=1e-5)


def test_stage_four_converges_to_the_line_through_the_origin():
    run = lr.linear_module(steps=600, learning_rate=0.1, dtype=torch.float64)
    assert run.w == pytest.approx(2.0, abs=1e-6)
    assert run.b == pytest.approx(0.0, abs=1e-6)
    assert run.after == pytest.approx(10.0, abs=1e-5)


def test_stage_four_is_slow_because_of_the_bias_not_the_random_start():
    without_bias = [lr.linear_module(seed=s, bias=False).steps_to_reach() for s in range(3)]
    assert all(40 <= n <= 46 for n in without_bias)  # stage 1's 43, give or take the start
    with_bias = lr.linear_module(steps=1500, seed=0)
    assert with_bias.steps_to_reach() > 10 * max(without_bias)


def test_the_slow_direction_predicts_stage_four_step_count():
    rho = line_fit.step_factors(bias=True)[-1]
    assert rho == pytest.approx(1 - 0.02 * (8.5 - math.sqrt(8.5**2 - 5)) / 2, rel=1e-12)
    short = lr.linear_module(steps=100, dtype=torch.float64)
    predicted = 100 + math.ceil(math.log(0.01 / abs(short.after - 10)) / math.log(rho))
    longer = lr.linear_module(steps=predicted + 50, dtype=torch.float64)
    assert longer.steps_to_reach() == predicted


@pytest.mark.parametrize(
    ("stage", "options"),
    [
        (lr.numpy_by_hand, {}),
        (lr.numpy_by_hand, {"gradient": "sum"}),
        (lr.autograd_gradient, {}),
        (lr.loss_and_optimizer, {}),
        (lr.linear_module, {}),
        (lr.linear_module, {"bias": False}),
    ],
)
def test_the_stability_bound_separates_converging_from_diverging(stage, options):
    bias = options.get("bias", stage is lr.linear_module)
    bound = line_fit.max_stable_learning_rate(bias=bias, gradient=options.get("gradient", "mean"))
    below = stage(steps=1000, learning_rate=0.98 * bound, **options)
    assert below.loss_history[-1] < 1e-6 * below.loss_history[0]
    with pytest.raises(DivergenceError) as caught:
        stage(steps=1000, learning_rate=1.02 * bound, **options)
    assert caught.value.max_stable_learning_rate == pytest.approx(bound)
    assert f"{bound:.3g}" in str(caught.value)


def test_bounds_on_the_chapter_data():
    assert line_fit.max_stable_learning_rate() == pytest.approx(1 / 7.5)
    assert line_fit.max_stable_learning_rate(gradient="sum") == pytest.approx(1 / 30)
    assert line_fit.max_stable_learning_rate(bias=True) == pytest.approx(
        2 / (8.5 + math.sqrt(67.25))
    )


def test_other_data_are_used():
    run = lr.numpy_by_hand(x=OTHER_X, y=OTHER_Y, steps=500)
    assert run.w == pytest.approx(-0.75, abs=1e-9)
    run = lr.linear_module(x=OTHER_X, y=OTHER_Y + 1.0, steps=3000, dtype=torch.float64)
    assert (run.w, run.b) == pytest.approx((-0.75, 1.0), abs=1e-4)


def test_results_are_frozen():
    run = lr.numpy_by_hand(steps=3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        run.w = 2.0


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"steps": 0}, ValueError, "steps must be a positive integer"),
        ({"steps": 2.5}, TypeError, "steps must be a positive integer"),
        ({"learning_rate": 0.0}, ValueError, "learning_rate must be a finite number > 0"),
        ({"learning_rate": -0.01}, ValueError, "learning_rate must be a finite number > 0"),
        ({"learning_rate": math.nan}, ValueError, "learning_rate must be a finite number > 0"),
        ({"learning_rate": "0.01"}, TypeError, "learning_rate must be a finite number > 0"),
        ({"log_every": 0}, ValueError, "log_every must be a positive integer"),
        ({"log": "print"}, TypeError, "log must be a callable"),
        ({"x": [1.0, 2.0], "y": [2.0]}, ValueError, "x and y must have the same length"),
        ({"x": [1.0, math.inf], "y": [2.0, 4.0]}, ValueError, "x must hold only finite"),
    ],
)
def test_bad_arguments_name_the_argument(stage, kwargs, error, message):
    with pytest.raises(error, match=message):
        stage(**kwargs)


@pytest.mark.parametrize(
    ("stage", "kwargs", "error", "message"),
    [
        (lr.numpy_by_hand, {"gradient": "total"}, ValueError, "gradient must be 'mean' or 'sum'"),
        (lr.autograd_gradient, {"device": "tpu"}, ValueError, "device must be"),
        (lr.loss_and_optimizer, {"dtype": torch.int64}, ValueError, "dtype must be a floating"),
        (lr.linear_module, {"seed": -1}, ValueError, "seed must be in"),
        (lr.linear_module, {"bias": 1}, TypeError, "bias must be True or False"),
    ],
)
def test_stage_specific_bad_arguments(stage, kwargs, error, message):
    with pytest.raises(error, match=message):
        stage(**kwargs)


def test_steps_to_reach_refuses_a_bad_tolerance():
    with pytest.raises(ValueError, match="tolerance must be a finite number > 0"):
        lr.numpy_by_hand(steps=3).steps_to_reach(tolerance=0)


def test_stage_four_seeds_the_cpu_generator_alone(monkeypatch):
    """No accelerator's generator is reseeded: torch.manual_seed would reseed them all."""

    def refusing(name):
        # one function per name: torch keeps rules per function object, one rule each
        def refuse(*args):
            raise AssertionError(f"{name} was called")

        return refuse

    for module, name in [(torch, "manual_seed"), (torch.cuda, "manual_seed_all"),
                         (torch.mps, "manual_seed"), (torch.xpu, "manual_seed_all")]:  # fmt: skip
        monkeypatch.setattr(module, name, refusing(f"{module.__name__}.{name}"))
    seeded = lr.linear_module(steps=1, seed=3)
    monkeypatch.undo()
    assert seeded == lr.linear_module(steps=1, seed=3)
