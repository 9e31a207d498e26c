"""The figures of the Markdown pages, drawn at build time by :mod:`sinefit.plot`.

A page draws its figure in a doctest (``figure = plot.training_run(fit)``), so Sybil runs the
plotting code on the page's own run and the downloaded notebook draws it in a cell. The HTML
page cannot run code, so the build draws the same figure from the same call and the page
shows it as ``![what it shows](figures/<name>.svg)``. No image file is committed.
"""

import io

FOLDER = "figures"


def _polynomial_numpy():
    from sinefit import plot, polynomial_numpy

    return plot.training_run(polynomial_numpy.fit())


def _linear_regression():
    from sinefit import linear_regression, plot

    return plot.line_stages(linear_regression.numpy_by_hand(), linear_regression.linear_module())


# name (the page's stem): what draws it, with the page's own arguments
FIGURES = {
    "polynomial_numpy": _polynomial_numpy,
    "linear_regression": _linear_regression,
}


def uri(name: str) -> str:
    """Where a figure lives in the site, as pages link to it."""
    return f"{FOLDER}/{name}.svg"


def svg(name: str) -> bytes:
    """One figure as SVG, the same bytes on every build of the same code."""
    import matplotlib

    matplotlib.use("Agg")  # a build draws to files, never to a screen
    import matplotlib.pyplot as plt

    figure = FIGURES[name]()
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "sinefit", "svg.fonttype": "path"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(figure)
    return buffer.getvalue()
