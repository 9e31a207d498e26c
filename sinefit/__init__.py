"""sinefit: fit a cubic to sin(x) many ways, to learn how PyTorch works.

Every chapter of the site has one module here. Each training module exposes a
keyword-only ``fit`` that returns a :class:`sinefit.result.Fit`; the closed-form
optimum in :mod:`sinefit.exact` is the ground truth they are all measured against.
"""

from sinefit.result import DivergenceError, Fit

__all__ = ["DivergenceError", "Fit"]
__version__ = "0.1.0"
