"""Figures for the site's notebook pages; the tests draw them too, so a broken plot fails CI.

Needs matplotlib (in the ``test`` and ``docs`` extras). Every function returns the
figure and leaves showing or saving it to the caller.
"""

import matplotlib.pyplot as plt
import numpy as np

from sinefit import data, exact


def optimum(n: int = data.N):
    """Plot sin(x) against the least-squares cubic, with the residual underneath."""
    x, y = data.numpy_problem(n)
    best = exact.solve(x, y)
    a, b, c, d = best.coefficients
    fitted = a + b * x + c * x**2 + d * x**3
    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(7, 5), sharex=True, height_ratios=(3, 1), layout="constrained"
    )
    top.plot(x, y, label="sin(x)", linewidth=3, alpha=0.4)
    top.plot(x, fitted, label="least-squares cubic", linestyle="--")
    top.set_ylabel("y")
    top.legend()
    top.set_title(f"The optimum: sum of squared errors {best.loss:.7f} over {n} points")
    bottom.plot(x, fitted - y, color="C1")
    bottom.axhline(0.0, color="grey", linewidth=0.8)
    bottom.set_xlabel("x")
    bottom.set_ylabel("cubic − sin")
    bottom.set_xticks(np.pi * np.array([-1, -0.5, 0, 0.5, 1]), ["−π", "−π/2", "0", "π/2", "π"])
    return fig
