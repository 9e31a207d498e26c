"""Fixtures shared by the chapter tests.

This file imports neither torch nor sinefit at its top: pytest-xdist's controller loads it
before it starts the workers, and importing torch there delayed every worker.
The fixtures import them when a test asks for one, in the workers.
"""

import pytest

CUDA_MISSING = "no CUDA GPU is visible to this torch"


@pytest.fixture(params=["cpu", pytest.param("cuda", marks=pytest.mark.gpu)])
def device(request) -> str:
    """Each device a torch chapter must run on: the CPU always, CUDA where there is one."""
    if request.param == "cuda":
        import torch

        if not torch.cuda.is_available():
            pytest.skip(CUDA_MISSING)
    return request.param


@pytest.fixture(scope="session")
def fitted():
    """``fitted(stem, **options)``: that chapter's ``fit(**options)``, run once per session.

    Several tests read the same long run; they share one. A test that checks that two runs
    agree calls ``fit`` itself, twice.
    """
    from sinefit import chapters

    runs = {}

    def fit(stem, **options):
        key = (stem, tuple(sorted(options.items(), key=lambda item: item[0])))
        if key not in runs:
            runs[key] = chapters.by_stem(stem).module.fit(**options)
        return runs[key]

    return fit
