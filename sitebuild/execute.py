"""Execute one notebook headless, in the Python that runs this file (CI's fresh environment).

Run as a file, not as part of a package: ``python sitebuild/execute.py NOTEBOOK FOLDER``
executes NOTEBOOK with FOLDER as its working directory (where the data files it loads lie),
through every cell, failing on the first error a cell is not tagged to raise.
"""

import pathlib
import resource
import sys
import time

import nbclient
import nbformat


def main(path: str, folder: str) -> None:
    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    client = nbclient.NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": folder}},
    )
    client.execute()
    kernel = resource.getrusage(resource.RUSAGE_CHILDREN)  # the kernel, once it has exited
    print(
        f"{pathlib.Path(path).name}: {len(notebook.cells)} cells in "
        f"{time.perf_counter() - start:.1f} s ({kernel.ru_utime + kernel.ru_stime:.1f} s of CPU)"
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
