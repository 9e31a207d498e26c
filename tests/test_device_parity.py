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

import pytest
import torch

from sinefit import chapters

CUDA_MISSING = "no CUDA GPU is visible to this torch"

pytestmark = [
    pytest.mark.gpu,
    pytest.mark.skipif(not torch.cuda.is_available(), reason=CUDA_MISSING),
]


@pytest.mark.parametrize(
    "chapter", [c for c in chapters.FITS if c.torch], ids=lambda chapter: chapter.stem
)
def test_cpu_and_cuda_agree(chapter):
    # RMSprop is compared before its path turns chaotic; the dynamic net's five parameters,
    # x⁵ among its features, carry ten times the rounding
    steps = 1200 if chapter.stem == "polynomial_optim" else 2000
    tolerance = 1e-4 if chapter.power_series is chapters.dynamic else 1e-5
    on_cpu = chapter.module.fit(steps=steps, device="cpu")
    on_gpu = chapter.module.fit(steps=steps, device="cuda")
    assert on_gpu.loss == pytest.approx(on_cpu.loss, rel=tolerance)
    assert on_gpu.coefficients == pytest.approx(on_cpu.coefficients, abs=tolerance)
    assert [t for t, _ in on_gpu.history] == [t for t, _ in on_cpu.history]
    assert [v for _, v in on_gpu.history] == pytest.approx([v for _, v in on_cpu.history], rel=1e-4)
