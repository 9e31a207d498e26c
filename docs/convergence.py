# %% [markdown]
# # 10. Convergence and plots
#
# The tutorial runs each chapter for 2000 steps (30 000 for the dynamic net) and prints a
# polynomial. This page runs every chapter's own `fit` from seed 0 for longer, plots where
# each one ends up, and then works out from the data *why* the tutorial's learning rates and
# step counts are what they are. It is an executed notebook: the site build runs it, so
# every number and figure below comes from the code shown, which lives in
# `sinefit.convergence` (the numbers) and `sinefit.plot` (the figures), the same functions
# the test suite checks.
#
# Every method is measured against the least-squares cubic of the
# [Home page](../#the-answer-we-already-know), whose loss $L^\star$ no cubic can beat.
#
# [Download this page as a Jupyter notebook (.ipynb)](convergence.ipynb): it needs the
# `sinefit` package and matplotlib, which `pip install -e ".[docs]"` in a clone installs
# together with the Jupyter kernel the site builds the page with; open it in any notebook
# front end, such as JupyterLab.

# %%
import numpy as np
from IPython.display import Markdown, display

from sinefit import (
    convergence,
    devices,
    exact,
    landscape,
    plot,
    polynomial_numpy,
    polynomial_tensor,
    stability,
)

device = devices.default()  # "cpu" unless SINEFIT_DEVICE says otherwise
best = exact.solve()
print(f"optimal loss L* = {best.loss:.7f}")

# %% [markdown]
# ## Every method, run to the end
#
# Chapters 1 to 7 run with their tutorial learning rates for well past the step where they
# settle; the dynamic net runs its tutorial's 30 000 steps. The runs log every step (every
# tenth for the dynamic net), so the table further down can say exactly when each run
# settles. The step axes are logarithmic beyond step 1, so the first steps and the last are
# both visible.

# %%
runs = convergence.run_all(device=device)
print(f"{len(runs)} runs on {device}")
fig = plot.loss_curves(runs)

# %% [markdown]
# In the upper plot every curve falls steeply in the first few steps and then slides down to
# the optimum's line. The lower plot shows what the upper one hides, the gap $L - L^\star$.
# Chapters 2, 3 and 7 draw the same start and take the same steps, so their curves lie on top
# of each other; chapter 1 starts elsewhere (NumPy's random numbers), chapter 5 from
# `nn.Linear`'s own initialisation and chapter 4 from the tutorial's fixed Legendre start.
# RMSprop (chapter 6) gets close fast and then stops improving (why is worked out below).
# The dynamic net's loss jumps from step to step, because each step draws one of three
# different polynomials at random.
#
# The plain gradient-descent chapters descend in straight lines on the gap panel for a
# while: their gap shrinks by nearly the same factor at every step, the factor worked out
# below. Only chapter 1 keeps that up to the end. The others compute their loss in float32,
# whose numbers near $L^\star$ lie about $10^{-6}$ apart, and once the gap is that small it
# stops shrinking and moves by a rounding step or two, at times to just below the float64
# $L^\star$. A log scale cannot draw a gap of zero or less, so those steps are the holes in
# their curves. The dynamic net's holes are real: a step that draws the quartic or quintic
# can fit the points better than any cubic.

# %%
spacing = float(np.spacing(np.float32(best.loss)))
print(f"float32 numbers near L* lie {spacing:.2g} apart")
print("gap L - L* at steps 2000, 4000, 8000 and 9999; logged losses at or below L*")
for run in runs:
    below = convergence.at_or_below_optimum(run)
    if run.method.steps <= convergence.GD_STEPS:
        gaps = ", ".join(f"{convergence.gap_at(run, t):.1e}" for t in (2000, 4000, 8000, 9999))
    else:  # the dynamic net: another step count, and a loss that jumps
        gaps = f"(a random objective, {run.method.steps} steps)"
    print(f"{run.method.title}: {gaps}; {below} at or below")

# %% [markdown]
# The gaps at steps 8000 and 9999 show the difference: chapter 1's gap is still falling by
# the same factor, a thousandfold over those 2000 steps, while the float32 gradient-descent
# runs (chapters 2 to 5 and 7) sit within a rounding step of zero, some of their logged
# losses at or below $L^\star$ (on another processor the rounding can land on other values).
# RMSprop's gap levels off far above theirs, for a reason worked out below.
#
# ## Fit and residual
#
# For each method: the fitted curve over $\sin x$ (grey), and underneath the residual, fit
# minus $\sin x$, beside the optimum's residual (grey). For the dynamic net the curve is its
# mean prediction over the three orders, $a + bx + cx^2 + dx^3 + e\,(\tfrac23 x^4 + \tfrac13 x^5)$.

# %%
fig = plot.fits(runs)

# %% [markdown]
# Every residual is close to the optimum's, a curve that crosses zero several times and is
# largest at the ends of the interval: at this scale the gradient-descent chapters cover it
# exactly, while RMSprop's and the dynamic net's sit slightly off it, most visibly towards
# the ends. The table puts numbers on those differences.
#
# ## How close, and how soon
#
# The last column is the step from which the run's loss stays within 0.1% of $L^\star$,
# read from the logged losses; the notes under the table say why a run never gets there.

# %%
rows = convergence.table(runs)
display(Markdown(convergence.markdown(rows)))

# %% [markdown]
# ## Why the numbers are what they are
#
# ### The eigenvalues of $V^\top V$
#
# For the cubic, $L(\theta) = \lVert V\theta - y\rVert^2$ with $V$ the $N\times 4$ matrix of
# $1, x, x^2, x^3$, so the Hessian is $2V^\top V$ everywhere. One step of gradient descent
# with learning rate $\eta$ maps the error $\theta - \theta^\star$ to
# $(I - 2\eta V^\top V)(\theta - \theta^\star)$: along each eigenvector of $V^\top V$, with
# eigenvalue $\lambda$, the error is multiplied by $1 - 2\eta\lambda$ at every step. The run
# converges when every such factor lies strictly between $-1$ and $1$, that is when
# $\eta < 1/\lambda_{\max}$.

# %%
lam = stability.gram_eigenvalues()
bound = stability.max_stable_learning_rate()
print("eigenvalues of VᵀV:", ", ".join(f"{v:.4g}" for v in lam))
print(f"condition number λmax/λmin = {lam[-1] / lam[0]:.0f}")
print(f"largest stable learning rate 1/λmax = {bound:.3g}")

# %% [markdown]
# The largest eigenvalue belongs to a direction dominated by $d$, the coefficient of $x^3$,
# which reaches $\pi^3 \approx 31$ at the ends: that direction sets the speed limit.
#
# ### Just below and just above the bound
#
# Chapter 2's loop in float64, at 0.98 and at 1.02 times $1/\lambda_{\max}$:

# %%
import textwrap

edge = landscape.edge(device=device)
print(f"lr {edge.below_rate:.4g}: final loss {edge.below.loss:.4f}")
print(f"lr {edge.above_rate:.4g}:")
print(textwrap.fill(f"DivergenceError: {edge.error}", 72))
fig = plot.edge(edge)

# %% [markdown]
# Below the bound the fastest direction's factor $1 - 2\eta\lambda_{\max}$ is close to $-1$:
# that part of the error flips sign at every step while it shrinks slowly, and the other
# directions converge as usual. Above the bound the same factor is below $-1$, so that part
# of the error flips sign *and grows*, and after a short dip (the other directions still
# shrink) the loss climbs without bound until the run is stopped.
#
# ### Why lr 1e-6 needs thousands of steps
#
# At $\eta = 10^{-6}$ the factors of the fast directions are small, but the slowest
# direction keeps $1 - 2\eta\lambda_{\min}$ of its error per step, very nearly 1. In the
# eigenbasis, with $z_i$ the components of the initial error, the excess loss after $t$
# steps is exactly
#
# $$L(\theta_t) - L^\star = \sum_i \lambda_i z_i^2 \,(1 - 2\eta\lambda_i)^{2t}.$$
#
# Keeping only the slowest term and setting it equal to $0.001\,L^\star$ gives
#
# $$t = \frac{\ln\big(0.001\,L^\star / (\lambda_{\min} z_{\min}^2)\big)}
#          {2\ln(1 - 2\eta\lambda_{\min})};$$
#
# keeping all four terms gives the exact count. Chapter 1 starts from NumPy's seed-0
# numbers, chapters 2, 3 and 7 from torch's:

# %%
run_of = {run.method.stem: run for run in runs}
starts = {
    "polynomial_numpy": polynomial_numpy.start(0),
    "polynomial_tensor": polynomial_tensor.start(0),
}
for stem, start in starts.items():
    p = stability.predict_steps(start, learning_rate=1e-6)
    print(run_of[stem].method.title)
    print("  1 − 2ηλ:", ", ".join(f"{f:.6f}" for f in p.factors))
    print("  z:      ", ", ".join(f"{z:.4f}" for z in p.components))
    print(f"  slowest direction alone: {p.slowest_only:.0f} steps")
    print(f"  all four directions:     {p.steps} steps")
    print(f"  measured:                {run_of[stem].steps_to_close} steps")
predicted = stability.predict_steps(starts["polynomial_numpy"])
fig = plot.prediction(run_of["polynomial_numpy"], predicted)

# %% [markdown]
# The measured excess loss follows the formula step for step, and its straight slope is the
# slowest direction's factor squared. The second-slowest eigenvalue is close to the slowest,
# so its term is still there when the run crosses the 0.1% line; that is why the
# one-direction estimate comes out a little short. The two fast directions die out within
# the first few hundred steps and do not matter.
#
# ### Why the Legendre model tolerates lr 5e-6
#
# Chapter 4 fits $a + b\,P_3(c + d\,x)$ with $\eta = 5\times10^{-6}$, above the cubic's bound.
# Its loss is not quadratic in $(a, b, c, d)$, but near any point gradient descent behaves
# as it does on the loss's local quadratic model, whose bound is $2/\lambda_{\max}$ of the
# Hessian $\nabla^2 L$ (for the cubic, $\nabla^2 L = 2V^\top V$, so that is
# $1/\lambda_{\max}(V^\top V)$ again). Below, the Hessian's largest eigenvalue, computed by
# `torch.autograd.functional.hessian` in float64, for the cubic and for the Legendre model
# at the tutorial's start and where chapter 4's run ends, with the size
# $\lVert \partial\hat y / \partial\theta_i \rVert$ of each parameter's effect on the prediction:

# %%
from sinefit import polynomial_custom_function

legendre_end = run_of["polynomial_custom_function"].fit.coefficients
points = {
    "cubic, anywhere": ("cubic", best.coefficients),
    "Legendre, start": ("legendre", polynomial_custom_function.START),
    "Legendre, end": ("legendre", legendre_end),
}
for label, (kind, theta) in points.items():
    found = landscape.curvature(kind, theta)
    sizes = ", ".join(f"{v:.0f}" for v in found.sizes)
    print(f"{label}: λmax {found.eigenvalues[-1]:.4g}, 2/λmax {found.bound:.3g}")
    print(f"  sizes for (a, b, c, d): {sizes}")

# %% [markdown]
# The curvature along a parameter is about $2\sum_i (\partial\hat y_i/\partial\theta)^2$, so
# the parameter that moves the prediction most sets the bound. In the cubic that is $d$,
# which multiplies $x^3$, a column reaching $\pi^3 \approx 31$ at the ends. In the Legendre
# model $d$ sits inside $P_3$: it scales $x$ to $c + d\,x$, which stays inside $[-1, 1]$,
# where $P_3$ and $P_3'$ stay of order one, and $P_3(u) = \tfrac12(5u^3 - 3u)$ mixes the cube
# with a linear term of opposite sign. Its biggest effect is smaller, so its largest
# curvature is smaller, and $5\times10^{-6}$ is under its bound both at the start and where
# the run ends. The same learning rate on the cubic itself goes over the edge (chapter 2's
# loop):

# %%
from sinefit import DivergenceError

try:
    polynomial_tensor.fit(learning_rate=5e-6, device=device)
except DivergenceError as error:
    print(f"DivergenceError at step {error.step}")

# %% [markdown]
# ### Why RMSprop stops short
#
# RMSprop divides each coordinate's gradient by the root of a running mean of its squares.
# Near the optimum the gradients are small, but so are their squares, and the ratio stays
# about $\pm 1$: every coefficient keeps moving by about the learning rate at every step.
# So it cannot settle. Where chapter 6's run ends, compared with the optimum:

# %%
found = convergence.cycle(run_of["polynomial_optim"])
print("θ − θ* at the end:", ", ".join(f"{v:+.6f}" for v in found.offsets))
print(f"half the learning rate: {found.half_step:g}")
print(f"(lr/2)²‖Vs‖²: {found.predicted_excess:.4f}")
print(f"L − L*:       {found.excess:.4f}")

# %% [markdown]
# In this run every coefficient sits half a learning rate from the optimum's (in some runs
# $a$ and $c$ sit still instead; [chapter 6](../polynomial_optim/) lists the cycles): the
# run hops between
# $\theta^\star + \tfrac{\eta}{2}s$ and $\theta^\star - \tfrac{\eta}{2}s$ ($s$ the signs
# above), a step of $\eta$ in every coordinate, and both points cost
# $(\eta/2)^2\lVert V s\rVert^2$ more than the optimum. The cycle's size is set by $\eta$
# alone, so only a smaller learning rate, or one that decays (a scheduler from
# `torch.optim.lr_scheduler`), gets RMSprop closer.
