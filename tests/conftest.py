"""Fixtures shared by the chapter tests."""

import pytest
import torch

CUDA_MISSING = "no CUDA GPU is visible to this torch"


@pytest.fixture(
    params=[
        "cpu",
        pytest.param(
            "cuda",
            marks=[
                pytest.mark.gpu,
                pytest.mark.skipif(not torch.cuda.is_available(), reason=CUDA_MISSING),
            ],
        ),
    ]
)
def device(request) -> str:
    """Each device a torch chapter must run on: the CPU always, CUDA where there is one."""
    return request.param
