"""Chapter 6: RMSprop's update rule, its quick approach, its hovering, and its two-step cycle."""

import itertools

import numpy as np
import pytest
import torch

from sinefit import DivergenceError, data, exact, polynomial_nn, polynomial_optim, runs

BEST = exact.solve()


def excess(loss):
    return loss / BEST.loss - 1


def test_the_update_is_rmsprop_as_the_page_writes_it():
    # The page's rule, by hand in float64 with hand gradients 2Vᵀ(Vθ − y), from chapter 5's start
    x, y = data.numpy_problem()
    V = exact.vandermonde(x)
    layer = polynomial_nn.start(0, torch.float64)[0]
    theta = np.array([layer.bias.item(), *layer.weight.detach()[0].tolist()])
    v = np.zeros(4)
    lr, alpha, eps = 1e-3, 0.99, 1e-8
    for _ in range(50):
        g = 2 * V.T @ (V @ theta - y)
        v = alpha * v + (1 - alpha) * g**2
        theta = theta - lr * g / (np.sqrt(v) + eps)
    fit = polynomial_optim.fit(steps=50, dtype=torch.float64)
    np.testing.assert_allclose(fit.coefficients, theta, rtol=1e-9, atol=1e-12)


def test_seed_starts_where_chapter_5_starts_and_leaves_global_state_alone():
    state = torch.random.get_rng_state()
    fit = polynomial_optim.fit(steps=1, learning_rate=1e-30, seed=7)
    layer = polynomial_nn.start(7)[0]
    start = [layer.bias.item(), *layer.weight.detach()[0].tolist()]
    assert fit.coefficients == pytest.approx(start, rel=1e-6)
    assert torch.equal(torch.random.get_rng_state(), state)


def test_same_seed_same_numbers_other_seed_other_numbers(device):
    first = polynomial_optim.fit(steps=400, seed=1, device=device)
    again = polynomial_optim.fit(steps=400, seed=1, device=device)
    other = polynomial_optim.fit(steps=400, seed=2, device=device)
    assert first == again
    assert first.coefficients != other.coefficients


def test_gets_near_quickly_then_hovers_about_one_percent_above(fitted):
    fit = fitted("polynomial_optim", log_every=1)
    losses = [loss for _, loss in fit.history]
    first_near = next(t for t, loss in enumerate(losses) if loss < 1.05 * BEST.loss)
    assert 1300 < first_near < 1500
    tail = losses[1500:]
    assert 0.01 <= excess(np.mean(tail)) < 0.0125
    assert min(tail) >= BEST.loss  # a cubic cannot beat the least-squares cubic
    rises = sum(later > earlier for earlier, later in itertools.pairwise(tail))
    assert rises > 100  # it does not settle: the loss goes up at one step in five or more


def test_tail_is_sensitive_to_rounding_but_the_start_is_not(fitted):
    single = [loss for _, loss in fitted("polynomial_optim", log_every=1).history]
    double = [loss for _, loss in polynomial_optim.fit(log_every=1, dtype=torch.float64).history]
    assert single[:1200] == pytest.approx(double[:1200], rel=1e-5)
    apart = [abs(s / d - 1) for s, d in zip(single[1500:], double[1500:], strict=True)]
    assert max(apart) > 1e-2


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_ends_in_a_two_step_cycle_about_the_optimum(device, dtype):
    # One run of the chapter's own train gives both ends of the last jump: observe(t, ·)
    # sees the model after t updates, so at t = 6000 it holds what fit(steps=6000) returns.
    x, y = runs.problem(None, None, device, dtype)
    model = polynomial_optim.start(0, x.dtype, x.device)
    losses, at = [], {}

    def observe(t, loss):
        losses.append(loss.detach())
        if t == 6000:
            at[6000] = polynomial_nn.coefficients(model)

    polynomial_optim.train(x, y, model, 6001, polynomial_optim.LEARNING_RATE, observe)
    long, more = at[6000], polynomial_nn.coefficients(model)
    cycles = polynomial_optim.cycle_losses(1e-3)
    # the loss no longer changes, and sits at one of the cycles' losses, never lower
    tail = torch.stack(losses[5500:6000]).double().tolist()
    assert any(all(loss == pytest.approx(c, rel=1e-4) for loss in tail) for c in cycles.values())
    assert min(tail) > BEST.loss * 1.01
    # b and d jump by exactly the learning rate; the midpoint is the optimum
    jumps = np.subtract(more, long)
    assert np.abs(jumps[1::2]) == pytest.approx([1e-3, 1e-3], rel=1e-4)
    assert all(abs(j) == pytest.approx(1e-3, rel=1e-4) or abs(j) < 1e-6 for j in jumps[::2])
    middle = np.add(more, long) / 2
    np.testing.assert_allclose(middle, BEST.coefficients, atol=1e-6)


def test_cycle_loss_grows_with_the_square_of_the_learning_rate():
    run = polynomial_optim.fit(learning_rate=2e-3, steps=4000, log_every=1)
    cycles = polynomial_optim.cycle_losses(2e-3)
    assert any(run.history[-1][1] == pytest.approx(c, rel=1e-4) for c in cycles.values())
    small, large = polynomial_optim.cycle_losses(5e-4), polynomial_optim.cycle_losses(2e-3)
    for name in polynomial_optim.CYCLES:
        assert large[name] - BEST.loss == pytest.approx(16 * (small[name] - BEST.loss), rel=1e-9)


def test_cycle_losses_equal_the_loss_at_both_ends_of_the_jump():
    for name, pattern in polynomial_optim.CYCLES.items():
        delta = 1e-3 / 2 * np.array(pattern)
        for sign in (1, -1):
            theta = np.array(BEST.coefficients) + sign * delta
            assert exact.loss(theta) == pytest.approx(
                polynomial_optim.cycle_losses(1e-3)[name], rel=1e-12
            )


def test_sign_condition_holds_for_each_cycle():
    x, _ = data.numpy_problem()
    gram = exact.vandermonde(x).T @ exact.vandermonde(x)
    for pattern in polynomial_optim.CYCLES.values():
        s = np.array(pattern, dtype=float)
        pushed = gram @ s
        moving = s != 0
        assert np.all(np.sign(pushed[moving]) == s[moving])
        assert np.all(np.abs(pushed[~moving]) < 1e-9 * np.abs(pushed).max())


def test_too_large_a_learning_rate_is_stopped_without_a_bound():
    with pytest.raises(DivergenceError, match="use a smaller learning rate") as caught:
        polynomial_optim.fit(learning_rate=100.0)
    assert caught.value.max_stable_learning_rate is None
    assert caught.value.step == 1


@pytest.mark.parametrize("seed", [0, 7])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_the_start_is_chapter_5s_layer(seed, dtype):
    ours = polynomial_optim.start(seed, dtype)
    theirs = polynomial_nn.start(seed, dtype)
    assert str(ours) == str(theirs)
    for mine, other in zip(ours.parameters(), theirs.parameters(), strict=True):
        assert torch.equal(mine, other)
