"""Execute one notebook headless, in the Python that runs this file (CI's fresh environment).

Run as a file, not as part of a package: ``python sitecheck/execute.py NOTEBOOK FOLDER``
executes NOTEBOOK with FOLDER as its working directory (where the data files it loads lie),
through every cell. It fails on the first error in a cell that the page shows no error for;
a cell tagged ``raises-exception`` (the page shows a traceback) must raise, and raise the
exception the page shows. This run is the proof that the code a reader copies from the page
runs as the page says: the browser check holds the copied code to these cells.
"""

import pathlib
import resource
import sys
import time

import nbformat

RAISES = "raises-exception"


def shown_errors(notebook) -> dict[int, str | None]:
    """{cell index: the exception name the page shows, or None} for each cell tagged to raise."""
    shown = {}
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code" and RAISES in cell.metadata.get("tags", []):
            names = [o["ename"] for o in cell.get("outputs", []) if o["output_type"] == "error"]
            shown[index] = names[0] if names else None
    return shown


def raised_as_shown(notebook, shown: dict[int, str]) -> list[str]:
    """What differs between the errors the executed cells raised and the ones shown."""
    problems = []
    for index, name in shown.items():
        raised = [o["ename"] for o in notebook.cells[index].outputs if o["output_type"] == "error"]
        if not raised:
            problems.append(f"cell {index + 1} shows {name or 'an error'} but raised nothing")
        elif name is not None and raised[0] != name:
            problems.append(f"cell {index + 1} shows {name} but raised {raised[0]}")
    return problems


def main(path: str, folder: str) -> None:
    import nbclient  # in the notebooks' environment only, not the test suite's

    notebook = nbformat.read(path, as_version=4)
    shown = shown_errors(notebook)
    start = time.perf_counter()
    client = nbclient.NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": folder}},
    )
    client.execute()
    problems = raised_as_shown(notebook, shown)
    if problems:
        sys.exit(f"{pathlib.Path(path).name}: " + "; ".join(problems))
    kernel = resource.getrusage(resource.RUSAGE_CHILDREN)  # the kernel, once it has exited
    print(
        f"{pathlib.Path(path).name}: {len(notebook.cells)} cells in "
        f"{time.perf_counter() - start:.1f} s ({kernel.ru_utime + kernel.ru_stime:.1f} s of CPU), "
        f"{len(shown)} raising as shown"
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
