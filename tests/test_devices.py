"""Devices: any accelerator torch reports is accepted, a missing one is refused by name.

Machines with an MPS or XPU device are rare in CI, so ``torch.accelerator`` is also
replaced by a stand-in that reports one; the real one is tested wherever it exists.
"""

import pytest
import torch

from sinefit import devices, polynomial_tensor


class FakeAccelerator:
    """What ``torch.accelerator`` reports on a machine with ``count`` devices of ``kind``."""

    def __init__(self, kind: str | None, count: int):
        self.kind, self.count = kind, count

    def current_accelerator(self, check_available: bool = False):
        return None if self.kind is None else torch.device(self.kind)

    def device_count(self) -> int:
        return self.count


@pytest.fixture
def machine(monkeypatch):
    """Pretend this torch sees ``count`` devices of ``kind`` (``None``: no accelerator)."""

    def pretend(kind: str | None, count: int = 1) -> None:
        monkeypatch.setattr(torch, "accelerator", FakeAccelerator(kind, count))

    return pretend


def test_the_cpu_is_always_there():
    assert devices.available()[0] == "cpu"
    assert devices.resolve("cpu") == torch.device("cpu")
    assert devices.resolve(torch.device("cpu")) == torch.device("cpu")


@pytest.mark.parametrize("name", devices.available())
def test_every_available_device_runs_a_chapter(name):
    fit = polynomial_tensor.fit(steps=3, device=name)
    assert len(fit.coefficients) == 4
    assert devices.resolve(name) == torch.device(name)


@pytest.mark.parametrize("kind", ["mps", "xpu", "cuda"])
def test_an_accelerator_torch_reports_is_accepted(machine, kind):
    machine(kind)
    assert devices.available() == ["cpu", kind]
    assert devices.resolve(kind) == torch.device(kind)
    assert devices.resolve(f"{kind}:0") == torch.device(kind, 0)


def test_several_devices_are_listed_by_number(machine):
    machine("cuda", count=2)
    assert devices.available() == ["cpu", "cuda", "cuda:0", "cuda:1"]
    assert devices.resolve("cuda:1") == torch.device("cuda", 1)


def test_a_missing_mps_is_named_with_what_there_is(machine):
    machine(None)
    with pytest.raises(ValueError, match="sees no MPS") as caught:
        devices.resolve("mps")
    assert str(caught.value) == (
        f"device='mps' was asked for, but this torch ({torch.__version__}) "
        "sees no MPS (Apple GPU) device; use device='cpu'"
    )


def test_another_accelerator_than_the_one_present_is_refused(machine):
    machine("mps")
    with pytest.raises(ValueError, match="sees no CUDA GPU") as caught:
        devices.resolve("cuda")
    assert str(caught.value).endswith("sees no CUDA GPU; use device='cpu' or device='mps'")


def test_a_device_index_past_the_last_is_refused(machine):
    machine("mps", count=1)
    with pytest.raises(ValueError, match="device") as caught:
        devices.resolve("mps:1")
    assert str(caught.value) == (
        "device='mps:1' was asked for, but only 1 mps device(s) are visible; "
        "use device='cpu' or device='mps'"
    )


def test_a_device_type_torch_has_no_accelerator_for_is_refused(machine):
    machine("cuda")
    with pytest.raises(
        ValueError, match="sees no 'meta' device; use device='cpu' or device='cuda'"
    ):
        devices.resolve("meta")


@pytest.mark.parametrize("bad", ["tpu", "", 3.5, None])
def test_what_torch_cannot_parse_is_refused(bad):
    with pytest.raises(ValueError, match="device must be") as caught:
        devices.resolve(bad)
    assert str(caught.value) == (
        "device must be 'cpu', an accelerator such as 'cuda', 'cuda:N', 'mps' or 'xpu', "
        f"or a torch.device, got {bad!r}"
    )


@pytest.mark.parametrize(("value", "expected"), [(None, "cpu"), ("", "cpu"), (" mps ", "mps")])
def test_the_default_is_sinefit_device(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv(devices.ENVIRONMENT_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(devices.ENVIRONMENT_VARIABLE, value)
    assert devices.default() == expected
