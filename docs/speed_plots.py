# %% [markdown]
# # Speed, plotted
#
# The figures of the [speed chapter](../speed/), drawn from the recorded runs in
# `sinefit/speed/recordings/`, which ship with the package. This page measures nothing: it
# reads the data that `nox -s bench` wrote, so the site builds in seconds and the plots show
# the same run as the chapter's tables.

# %%
import matplotlib.pyplot as plt

from sinefit.speed import report

names = [name for name in ("bench-cpu", "bench-gpu") if report.recording(name).exists()]
recordings = {name: report.recorded(name) for name in names}
for name, record in recordings.items():
    print(f"{name}: {report.describe_machine(record)}")

# %% [markdown]
# ## Each chapter: bare script against fit()
#
# Time per step at N = 2000 on the CPU. Each pair of bars times the same arithmetic; the gap
# between them is what the chapter's `fit` adds.

# %%
record = recordings["bench-cpu"]
steps = record["settings"]["steps"]
rows = record["chapters"]["cpu"]
names = [row["chapter"].removeprefix("polynomial_") for row in rows]
positions = range(len(rows))
fig, ax = plt.subplots(figsize=(8, 3.5))
ax.bar(
    [p - 0.2 for p in positions],
    [r["script_s"] / steps * 1e6 for r in rows],
    0.4,
    label="bare script",
)
ax.bar([p + 0.2 for p in positions], [r["fit_s"] / steps * 1e6 for r in rows], 0.4, label="fit")
ax.set_xticks(list(positions), names, rotation=20)
ax.set_ylabel("µs per step")
ax.legend()
fig.tight_layout()

# %% [markdown]
# ## The loop's variants
#
# Time per step of each variant on a logarithmic scale: NumPy's generic power, the same
# loop with multiplications or with the powers computed once, the Gram-matrix path, and
# the torch loop with and without `.item()` every step and a default device.

# %%
variants = {k: v for k, v in record["variants"]["cpu"].items() if k != "closed form"}
fig, ax = plt.subplots(figsize=(8, 3.5))
ax.barh(list(variants), [v["step_us"] for v in variants.values()])
ax.set_xscale("log")
ax.set_xlabel("µs per step (log scale)")
ax.invert_yaxis()
fig.tight_layout()

# %% [markdown]
# ## Step time against N
#
# Chapter 2's loop in float32, one line per device and recording. The dashed lines are the
# time the eager step's memory traffic would take at the measured copy bandwidth (the *eager
# estimate*); the dotted lines, the time to read x and y once (the *fused estimate*). They
# are estimates at main-memory bandwidth, not bounds: where the arrays fit in the CPU's
# caches the measured line can dip below its dashed line. Where it lies flat above it, the
# step is paying the fixed cost of calling each operation.

# %%
fig, ax = plt.subplots(figsize=(8, 4.5))
for name, rec in recordings.items():
    for device, scaling in rec["scaling"].items():
        n = [row["n"] for row in scaling]
        bandwidth = rec["bandwidth"][device]["measured_copy"]
        label = f"{device} ({name})"
        (line,) = ax.loglog(n, [row["step_s"] for row in scaling], "o-", label=label)
        ax.loglog(
            n,
            [row["eager_bytes"] / bandwidth for row in scaling],
            "--",
            color=line.get_color(),
            alpha=0.6,
        )
        ax.loglog(
            n,
            [row["fused_bytes"] / bandwidth for row in scaling],
            ":",
            color=line.get_color(),
            alpha=0.6,
        )
    if rec.get("crossover_n"):
        ax.axvline(rec["crossover_n"], color="grey", linewidth=0.8)
ax.set_xlabel("N (points)")
ax.set_ylabel("seconds per step")
ax.legend()
ax.grid(True, which="major", alpha=0.3)
fig.tight_layout()
