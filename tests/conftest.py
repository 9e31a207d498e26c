"""Fixtures shared by the chapter tests."""

import pytest
import torch

from sinefit import chapters

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


@pytest.fixture(scope="session")
def fitted():
    """``fitted(stem, **options)``: that chapter's ``fit(**options)``, run once per session.

    Several tests read the same long run; they share one. A test that checks that two runs
    agree calls ``fit`` itself, twice.
    """
    runs = {}

    def fit(stem, **options):
        key = (stem, tuple(sorted(options.items(), key=lambda item: item[0])))
        if key not in runs:
            runs[key] = chapters.by_stem(stem).module.fit(**options)
        return runs[key]

    return fit
