"""The speed chapter's measurements: each one times runs of the chapters' own ``train``.

Every timed run is checked before its time is kept: a variant must reach the plain loop's
final loss, and a chapter's ``fit`` must log the losses its bare script logs.
"""

import torch

from sinefit import chapters, data, exact, polynomial_numpy, polynomial_tensor
from sinefit.speed import traffic, variants
from sinefit.speed.clock import median_seconds

STEPS = 2000  # every chapter's run: the tutorial's 2000 steps on its 2000 points
LOG_EVERY = 100  # the tutorial prints the loss at steps 99, 199, ...
# A start near the answer, for the runs that are not a chapter's: no variant diverges from it
VARIANT_START = (0.1, 0.2, 0.3, 0.05)
SCALING_START = (0.0, 0.5, 0.0, -0.05)  # near the answer, so no size N diverges from it
# The sizes of the step-time-against-N curve: half decades from 2·10³ to 2·10⁷
SCALING_N = (2_000, 6_000, 20_000, 60_000, 200_000, 600_000, 2_000_000, 6_000_000, 20_000_000)
# How close a variant's final loss must be to its reference's (relative), by precision
AGREEMENT = {"float64": 1e-9, "float32": 1e-4}


# --8<-- [start:printed]
class Printed:
    """What the tutorial's scripts do with each step's loss: print it every 100 steps.

    Printing goes nowhere (the terminal's speed is not the loop's); the last printed value is
    kept, so a run can be checked against another that printed the same steps.
    """

    def __init__(self, *, every_step: bool = False):
        self.every_step = every_step  # read the loss at every step, as chapter 2's tutorial does
        self.last = None

    def __call__(self, t, loss) -> None:
        printing = t % LOG_EVERY == LOG_EVERY - 1
        if printing or self.every_step:
            value = loss.item()  # on a GPU, waits for every kernel queued so far
            if printing:
                self.last = value


# --8<-- [end:printed]


def _silent(*_args) -> None:
    """Where a ``fit`` logs: nowhere, as the bare scripts' printing goes nowhere."""


def agrees(value: float, reference: float, dtype: str) -> bool:
    """Whether a loss is its reference's, to the tolerance of ``dtype`` (``"float32"``...)."""
    return abs(value - reference) <= AGREEMENT[dtype] * abs(reference)


# --8<-- [start:chapters]
def measure_chapters(settings, device="cpu") -> list[dict]:
    """Each chapter of the registry that fits the cubic, on ``device`` if it runs there."""
    return [
        measure_chapter(chapter, settings, device)
        for chapter in chapters.FITS
        if chapter.torch or device == "cpu"
    ]


def measure_chapter(chapter, settings, device="cpu") -> dict:
    """A chapter's ``fit`` against its script's bare ``train``, both from the seed-0 start."""
    module = chapter.module
    on_device = {"dtype": torch.float32, "device": device} if chapter.torch else {}
    x, y = data.torch_problem(**on_device) if chapter.torch else data.numpy_problem()
    printed, fitted = Printed(), []

    def script():
        start = module.start(**on_device)  # anew for each run: train updates it in place
        module.train(x, y, start, settings.steps, module.LEARNING_RATE, printed)

    def fit():
        fitted.append(
            module.fit(
                steps=settings.steps,
                learning_rate=module.LEARNING_RATE,
                log_every=LOG_EVERY,
                log=_silent,
                **on_device,
            )
        )

    seconds = median_seconds(
        {"script": script, "fit": fit},
        repeats=settings.repeats,
        warmup=settings.warmup,
        device=device,
    )
    fit_loss = fitted[-1].history[-1][1]  # the loss fit logged at the script's last print
    return {
        "chapter": chapter.stem,
        "script_s": seconds["script"],
        "fit_s": seconds["fit"],
        "ratio": seconds["fit"] / seconds["script"],
        "script_loss": printed.last,
        "fit_loss": fit_loss,
        "agrees": agrees(fit_loss, printed.last, "float32" if chapter.torch else "float64"),
    }


# --8<-- [end:chapters]


def tensors(values, x):
    """0-d tensors of ``values`` in ``x``'s dtype and on its device: a torch chapter's start."""
    return [torch.tensor(v, dtype=x.dtype, device=x.device) for v in values]


def measure_variants(settings, device="cpu") -> dict:
    """The loop's variants at N = 2000, each checked against the plain loop's final loss."""
    x, y = data.numpy_problem()
    xt, yt = data.torch_problem(device=device)
    steps, learning_rate = settings.steps, 1e-6

    def numpy_run(train):
        return lambda: train(x, y, VARIANT_START, steps, learning_rate, Printed())

    def tensor_run(observe=Printed):
        def run():
            start = tensors(VARIANT_START, xt)  # anew each run: train updates it in place
            return polynomial_tensor.train(xt, yt, start, steps, learning_rate, observe())

        return run

    outcome = {}
    if device == "cpu":
        numpy_runs = {
            "numpy x**3": numpy_run(polynomial_numpy.train),
            "numpy x*x*x": numpy_run(variants.numpy_powers),
            "numpy powers once": numpy_run(variants.numpy_powers_once),
            "gram numpy": numpy_run(variants.gram_numpy),
            "gram floats": numpy_run(variants.gram_floats),
            "closed form": lambda: exact.solve(x, y).coefficients,
        }
        seconds = median_seconds(numpy_runs, repeats=settings.repeats, warmup=settings.warmup)
        reference = exact.loss(numpy_runs["numpy x**3"](), x, y)
        for name, numpy_variant in numpy_runs.items():
            expected = exact.solve(x, y).loss if name == "closed form" else reference
            loss = exact.loss(numpy_variant(), x, y)
            outcome[name] = _variant(seconds[name], loss, expected, "float64", settings)
    plain = tensor_run()
    torch_runs = {
        "tensor": plain,
        "tensor .item() every step": tensor_run(lambda: Printed(every_step=True)),
        "tensor, default device set": lambda: with_default_device(device, plain),
    }
    seconds = median_seconds(
        torch_runs, repeats=settings.repeats, warmup=settings.warmup, device=device
    )
    # Both losses in float64 on the points the float32 run was given
    reference = exact.loss(plain(), x, y)
    for name, tensor_variant in torch_runs.items():
        loss = exact.loss(tensor_variant(), x, y)
        outcome[name] = _variant(seconds[name], loss, reference, "float32", settings)
    return outcome


def _variant(seconds, loss, reference, dtype, settings) -> dict:
    return {
        "seconds": seconds,
        "step_us": seconds / settings.steps * 1e6,
        "loss": loss,
        "reference_loss": reference,
        "agrees": agrees(loss, reference, dtype),
    }


# --8<-- [start:default_device]
def with_default_device(device, run):
    """Run ``run()`` with ``device`` as torch's default device, and restore the previous state.

    ``with torch.device(device):`` installs the same ``DeviceContext`` mode that
    ``torch.set_default_device`` installs, and removes it on the way out; that mode intercepts
    every torch call made from Python, which is where its per-call cost comes from.
    """
    with torch.device(device):
        return run()


def default_device_overhead(device="cpu", *, calls: int = 2_000, repeats: int = 5) -> dict:
    """Seconds per call of a tiny torch operation, without and with a default device set."""
    s = torch.ones((), device=device)

    def plain():
        for _ in range(calls):
            s + s

    seconds = median_seconds(
        {"plain": plain, "default device": lambda: with_default_device(device, plain)},
        repeats=repeats,
        device=device,
    )
    return {name: value / calls for name, value in seconds.items()}


# --8<-- [end:default_device]


def power_calls(*, calls: int = 2_000, repeats: int = 5) -> dict:
    """Seconds per call of NumPy's ``x**3``, ``x*x*x`` and ``x**2`` on the 2000 points."""
    x, _ = data.numpy_problem()
    runs = {
        "x**3": lambda: [x**3 for _ in range(calls)],
        "x*x*x": lambda: [x * x * x for _ in range(calls)],
        "x**2": lambda: [x**2 for _ in range(calls)],
        "x*x": lambda: [x * x for _ in range(calls)],
    }
    return {name: value / calls for name, value in median_seconds(runs, repeats=repeats).items()}


def measure_scaling(settings, device="cpu") -> list[dict]:
    """Seconds per step of chapter 2's ``train`` (float32) for each N, with its memory traffic."""
    rows = []
    for n in settings.scaling_n:
        x, y = data.torch_problem(n, device=device)
        # About 2·10⁶ points stepped per timed run: 1000 steps at N = 2000, so that even the
        # smallest N is timed over tens of milliseconds, and 2 at 2·10⁷, within seconds
        steps = max(2, min(1000, 2_000_000 // n))

        def run(x=x, y=y, steps=steps):
            start = tensors(SCALING_START, x)
            polynomial_tensor.train(x, y, start, steps, 1e-6, Printed())

        seconds = median_seconds({"run": run}, repeats=settings.scaling_repeats, device=device)
        rows.append(
            {
                "n": n,
                "step_s": seconds["run"] / steps,
                "eager_bytes": traffic.step_bytes(n),
                "fused_bytes": traffic.step_bytes(n, traffic=traffic.FUSED_STEP_TRAFFIC),
            }
        )
        del x, y, run  # free 2·10⁷ points before the next size is made
    return rows
