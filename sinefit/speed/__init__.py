r"""Chapter 12, speed: where the time of this problem goes, measured on the reader's machine.

Every chapter runs the same 2000 gradient-descent steps on N = 2000 points. This package times
each chapter's ``fit`` against its own script's bare ``train`` (the chapters are taken from
:mod:`sinefit.chapters`), NumPy's generic ``x ** 3`` against multiplications, the cost of a
default device, the 4×4 Gram-matrix path (VᵀV and Vᵀy once, then O(1) work per step) and the
closed form, ``torch.compile``, and the time of one step as N grows from 2·10³ to 2·10⁷ on the
CPU and, where there is one, a CUDA GPU. Every timing is the median of repeated runs after a
warm-up, and every run's result is checked against its reference before its time is kept.

One module a job: :mod:`~sinefit.speed.clock` (the timer), :mod:`~sinefit.speed.variants`
(the rewritten loops), :mod:`~sinefit.speed.measure` and :mod:`~sinefit.speed.compiled` (the
measurements), :mod:`~sinefit.speed.traffic` (the memory-traffic model),
:mod:`~sinefit.speed.hardware` (the machine and its bandwidth), :mod:`~sinefit.speed.recording`
(one run of all of them), :mod:`~sinefit.speed.report` (the page's tables) and ``__main__``
(``python -m sinefit.speed --out FILE``; ``--quick`` for a short, rough run).
"""
