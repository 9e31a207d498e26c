"""The stamp at the foot of every page: the versions, device and date of the build.

It is made once per build from what the build itself imported and ran, never typed:
the device is checked by running a small torch computation on it. A notebook page's
code is executed by the build (mkdocs-jupyter), in a kernel that must be this same
Python, so its stamp says "executed"; a Markdown page's snippets are executed by the
test suite, not by the build, and its stamp says so.
"""

import dataclasses
import datetime
import html
import pathlib
import platform
import shutil
import sys


@dataclasses.dataclass(frozen=True)
class Stamp:
    date: str
    python: str
    torch: str
    numpy: str
    device: str

    def versions(self) -> str:
        return f"Python {self.python}, torch {self.torch} and NumPy {self.numpy} on {self.device}"

    def paragraph(self, executed_by_build: bool) -> str:
        """The stamp as an HTML paragraph, for a page the build executed or did not."""
        versions = html.escape(self.versions())
        if executed_by_build:
            text = (
                f"The code on this page was executed by the site build of {self.date} (UTC) "
                f"with {versions}."
            )
        else:
            text = (
                f"Built {self.date} (UTC) with {versions}; the build imported them and ran "
                "torch on that device. The snippets on this page are executed by the test "
                "suite (<code>nox -s tests</code>), not by the build, and its notebook by "
                "<code>nox -s downloads</code>."
            )
        return f'<p class="sinefit-stamp"><small>{text}</small></p>'


def measure() -> Stamp:
    """Import torch, NumPy and sinefit, and run a computation on the pages' device."""
    import numpy
    import torch

    from sinefit import devices

    device = devices.resolve(devices.default())
    checked = (torch.arange(4.0, device=device) ** 2).sum().item()
    if checked != 14.0:
        raise RuntimeError(f"torch on {device} computed 0+1+4+9 = {checked}")
    return Stamp(
        date=datetime.datetime.now(datetime.UTC).date().isoformat(),
        python=platform.python_version(),
        torch=torch.__version__,
        numpy=numpy.__version__,
        device=str(device),
    )


def kernel_python() -> pathlib.Path | None:
    """The interpreter of the ``python3`` Jupyter kernel the notebook pages execute in."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        command = KernelSpecManager().get_kernel_spec("python3").argv[0]
    except NoSuchKernel:
        return None
    # jupyter_client starts a kernel named plainly "python" with the running interpreter.
    plain = {"python", f"python{sys.version_info[0]}", "python{}.{}".format(*sys.version_info)}
    if command in plain:
        return pathlib.Path(sys.executable)
    return pathlib.Path(shutil.which(command) or command)


def same_python(other: pathlib.Path | None) -> bool:
    """Whether ``other`` is this interpreter (so the stamp's versions are the kernel's)."""
    if other is None:
        return False
    here = pathlib.Path(sys.executable)
    return other.resolve() == here.resolve() or (
        other.parent.parent.resolve() == pathlib.Path(sys.prefix).resolve()
    )
