"""CPU and CUDA runs of each torch chapter agree after the tutorial's 2000 steps.

Both start from identical weights (drawn on the CPU) and fit identical data (made on the
CPU, then moved), so they differ only by floating-point rounding: the order of the sums in
a reduction, fused multiply-adds. Plain gradient descent on a convex loss damps such
differences, so float32 results agree to about 1e-5 relative. RMSprop divides by a running
root-mean-square that near the optimum is itself tiny and noisy, so once it is close its
path is chaotic (float32 and float64 runs part at about step 1300, see chapter 6): it is
compared at step 1200, before that, with the same tolerance as the others. The dynamic net
draws the same random orders on both devices (its generator lives on the CPU) and is plain
SGD with momentum.
"""

import importlib

import pytest
import torch

CUDA_MISSING = "no CUDA GPU is visible to this torch"

pytestmark = [
    pytest.mark.gpu,
    pytest.mark.skipif(not torch.cuda.is_available(), reason=CUDA_MISSING),
]

# chapter -> (steps, relative tolerance on the final loss, absolute tolerance on each coefficient)
TOLERANCE = {
    "polynomial_tensor": (2000, 1e-5, 1e-5),
    "polynomial_autograd": (2000, 1e-5, 1e-5),
    "polynomial_custom_function": (2000, 1e-5, 1e-5),
    "polynomial_nn": (2000, 1e-5, 1e-5),
    "polynomial_optim": (1200, 1e-5, 1e-5),
    "polynomial_module": (2000, 1e-5, 1e-5),
    "dynamic_net": (2000, 1e-4, 1e-4),
}


@pytest.mark.parametrize(("stem", "tolerance"), TOLERANCE.items())
def test_cpu_and_cuda_agree(stem, tolerance):
    steps, rel, abs_ = tolerance
    fit = importlib.import_module(f"sinefit.{stem}").fit
    on_cpu = fit(steps=steps, device="cpu")
    on_gpu = fit(steps=steps, device="cuda")
    assert on_gpu.loss == pytest.approx(on_cpu.loss, rel=rel)
    assert on_gpu.coefficients == pytest.approx(on_cpu.coefficients, abs=abs_)
