"""Chapter 8: the random order, the shared parameter's gradient, the mean loss, and the run."""

import collections
import random

import numpy as np
import pytest
import torch

from sinefit import DivergenceError, data, dynamic_net, exact


class FixedOrder:
    """Stands in for the net's generator: every pass has the given order."""

    def __init__(self, order):
        self.order = order

    def randint(self, low, high):
        assert (low, high) == (4, 6)  # the tutorial's call
        return self.order + 1


def order_of_each_pass(net, passes):
    """Read each pass's order from its output at x = 2 with a = b = c = d = 0 and e = 1."""
    with torch.no_grad():
        for p in (net.a, net.b, net.c, net.d):
            p.zero_()
        net.e.fill_(1.0)
        two = torch.tensor([2.0], dtype=net.e.dtype, device=net.e.device)
        by_output = {0.0: 3, 16.0: 4, 48.0: 5}
        return [by_output[net(two).item()] for _ in range(passes)]


def seeded_net(seed):
    """The chapter's start from ``seed`` in float64, leaving torch's global state alone."""
    with torch.random.fork_rng(devices=[]):
        return dynamic_net.start(seed, dtype=torch.float64)


def test_orders_are_3_4_5_equally_likely_and_follow_the_tutorials_randint():
    orders = order_of_each_pass(dynamic_net.DynamicNet(orders=random.Random(4)), 3000)
    counts = collections.Counter(orders)
    assert set(counts) == {3, 4, 5}
    assert all(850 < n < 1150 for n in counts.values())
    tutorial = random.Random(4)
    assert orders == [tutorial.randint(4, 6) - 1 for _ in range(3000)]


def test_orders_are_reproducible_by_seed_and_leave_global_state_alone(device):
    state = random.getstate()
    torch_state = torch.random.get_rng_state()
    with torch.random.fork_rng(devices=[]):
        first = order_of_each_pass(dynamic_net.start(1, device=device), 200)
        again = order_of_each_pass(dynamic_net.start(1, device=device), 200)
        other = order_of_each_pass(dynamic_net.start(2, device=device), 200)
    assert first == again
    assert first != other
    assert random.getstate() == state
    dynamic_net.fit(steps=3, device=device)
    assert random.getstate() == state
    assert torch.equal(torch.random.get_rng_state(), torch_state)


def test_without_a_generator_the_orders_come_from_pythons_random_as_in_the_tutorial():
    state = random.getstate()
    try:
        random.seed(7)
        orders = order_of_each_pass(dynamic_net.DynamicNet(), 50)
        random.seed(7)
        assert orders == [random.randint(4, 6) - 1 for _ in range(50)]
    finally:
        random.setstate(state)


def test_seed_zero_weights_are_the_tutorials_five_draws():
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        tutorial = [torch.randn(()).item() for _ in range(5)]
    with torch.random.fork_rng(devices=[]):
        net = dynamic_net.start(0)
    assert [name for name, _ in net.named_parameters()] == ["a", "b", "c", "d", "e"]
    assert [p.item() for p in net.parameters()] == tutorial


@pytest.mark.parametrize("order", dynamic_net.ORDERS)
def test_gradients_of_a_fixed_order_pass_equal_the_formulas_in_float64(order):
    x, y = data.torch_problem(dtype=torch.float64)
    net = seeded_net(3)
    net.random = FixedOrder(order)
    torch.nn.MSELoss(reduction="sum")(net(x), y).backward()
    theta = np.array([p.item() for p in net.parameters()])
    xs, ys = x.numpy(), y.numpy()
    residual = 2 * (dynamic_net.features(xs, order) @ theta - ys)
    powers = [np.ones_like(xs), xs, xs**2, xs**3]
    for param, power in zip((net.a, net.b, net.c, net.d), powers, strict=True):
        assert param.grad.item() == pytest.approx((residual * power).sum(), rel=1e-10)
    if order == 3:
        assert net.e.grad is None  # e is not in an order-3 pass's graph at all
        return
    # weight sharing: e's gradient is the sum of one contribution per use of e
    uses = [(residual * xs**exp).sum() for exp in range(4, order + 1)]
    assert all(abs(u) > 1.0 for u in uses)
    assert net.e.grad.item() == pytest.approx(sum(uses), rel=1e-10)


def test_losses_agree_with_the_net_forced_to_each_order():
    x, y = data.torch_problem(dtype=torch.float64)
    net = seeded_net(6)
    theta = [p.item() for p in net.parameters()]
    by_formula = dynamic_net.losses(theta, x, y)
    for order in dynamic_net.ORDERS:
        net.random = FixedOrder(order)
        by_net = torch.square(net(x) - y).sum().item()
        assert by_formula[order] == pytest.approx(by_net, rel=1e-12)
    assert dynamic_net.loss_of(theta, x, y) == pytest.approx(np.mean(list(by_formula.values())))


def test_fit_loss_is_the_mean_loss_of_the_returned_coefficients(device):
    fit = dynamic_net.fit(steps=500, device=device)
    x, y = data.torch_problem()
    assert len(fit.coefficients) == 5
    assert fit.loss == dynamic_net.loss_of(fit.coefficients, x, y)


def test_expected_optimum_zeroes_the_mean_gradient_and_beats_the_cubic():
    x, y = data.numpy_problem()
    theta, best = dynamic_net.expected_optimum()
    gradient = sum(
        2 * dynamic_net.features(x, k).T @ (dynamic_net.features(x, k) @ theta - y)
        for k in dynamic_net.ORDERS
    )
    assert np.abs(gradient).max() < 1e-8
    cubic = (*exact.solve().coefficients, 0.0)
    assert best < dynamic_net.loss_of(cubic) - 0.05
    for i in range(5):
        nudged = np.array(theta)
        nudged[i] += 1e-4
        assert dynamic_net.loss_of(nudged) > best


def test_mean_loss_falls_towards_the_expected_optimum():
    _, best = dynamic_net.expected_optimum()
    shorter = dynamic_net.fit(steps=1000)
    longer = dynamic_net.fit(steps=3000)
    assert best < longer.loss < shorter.loss


def test_same_seed_same_numbers(device):
    first = dynamic_net.fit(steps=300, seed=9, device=device, log_every=10)
    again = dynamic_net.fit(steps=300, seed=9, device=device, log_every=10)
    assert first == again


def test_per_order_bound_is_not_a_bound_for_the_switched_run():
    bound = dynamic_net.per_order_bound()
    x, _ = data.numpy_problem()
    stiffest = np.linalg.eigvalsh(dynamic_net.features(x, 5).T @ dynamic_net.features(x, 5))[-1]
    assert bound == pytest.approx(1.9 / stiffest)
    with pytest.raises(DivergenceError, match=r"use a smaller learning rate$") as caught:
        dynamic_net.fit(learning_rate=0.5 * bound)
    assert caught.value.max_stable_learning_rate is None


def test_some_seed_already_fails_at_twice_the_tutorials_rate():
    with pytest.raises(DivergenceError):
        dynamic_net.fit(learning_rate=2e-8, seed=1, steps=1000)
