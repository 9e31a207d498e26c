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

# %% [markdown]
# The cubic follows sin(x) closely over the whole interval; the residual underneath
# shows where it falls short. It is largest at the ends, where sin(x) bends back
# towards zero and a cubic cannot, and it crosses zero several times in between,
# as a best approximation must.

# %%
fig = plot.optimum()
