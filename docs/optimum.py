# %% [markdown]
# # The optimum, plotted
#
# Every chapter fits the same cubic to the same 2000 points, and every chapter is
# measured against one answer: the least-squares cubic, which linear algebra gives
# in closed form (see the [Home page](../#the-answer-we-already-know)). This page
# is an executed notebook: the site build runs it, so the figure below is drawn by
# the code you see, from the package's own `sinefit.plot.optimum`.

# %%
from sinefit import exact, plot

best = exact.solve()
print(f"minimal sum of squared errors: {best.loss:.7f}")
print("coefficients (a, b, c, d):", [round(v, 6) + 0.0 for v in best.coefficients])

# %%
fig = plot.optimum()

# %% [markdown]
# The cubic follows sin(x) closely over the whole interval; the residual underneath
# shows where it falls short. It crosses zero several times, as a best approximation
# must, and it is largest at the ends. There the cubic does not fail to bend back: it
# bends back *too far*. Where it peaks, where it crosses zero and where it ends:

# %%
import numpy as np

cubic = np.polynomial.Polynomial(best.coefficients)
peak = max(cubic.deriv().roots().real)
zero = max(cubic.roots().real)
print(f"peak at x = {peak:.3f} (sin peaks at π/2 = {np.pi / 2:.3f})")
print(f"crosses zero at x = {zero:.3f} (sin at π = {np.pi:.3f})")
print(f"at x = π: cubic {cubic(np.pi):.4f}, sin 0")
print(f"slope at x = π: cubic {cubic.deriv()(np.pi):.2f}, sin −1")

# %% [markdown]
# The cubic turns later than sin(x) but then falls faster, nearly twice as steeply at
# π: it is back through zero before π and ends about 0.2 below sin(x) there (and, being
# odd, about 0.2 above it at −π).
