"""mkdocs hooks: keep notebook pages free of requests to other hosts; offer their .ipynb.

mkdocs-jupyter's template loads MathJax from a CDN (and mermaid, when a notebook has a
diagram). The site renders every formula with its bundled KaTeX instead, so those
scripts are removed. If the template changes and the markers are not found, the build
fails rather than quietly shipping a page that calls out to a CDN.
"""

import pathlib
import re

import jupytext
from mkdocs.exceptions import PluginError

MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)
MERMAID = re.compile(r'<script type="module">\s*document\.addEventListener.*?</script>', re.S)


def on_post_page(output: str, page, config) -> str:
    """Strip the notebook template's CDN scripts from notebook pages."""
    if not page.file.src_uri.endswith(".py"):
        return output
    output, found = MATHJAX.subn("", output)
    if found != 1:
        raise PluginError(f"{page.file.src_uri}: mkdocs-jupyter's MathJax block was not found")
    output = MERMAID.sub("", output)
    if "cdnjs" in output or "cdn.jsdelivr" in output:
        raise PluginError(f"{page.file.src_uri}: a script from a CDN is still on the page")
    write_notebook(page)
    return output


def write_notebook(page) -> None:
    """Write a notebook page's source as ``<stem>.ipynb`` beside its HTML, for download.

    mkdocs-jupyter's ``include_source`` copies only the jupytext ``.py``; readers who open
    Jupyter want the ``.ipynb``. It is written unexecuted: the page itself shows the outputs.
    """
    notebook = jupytext.read(page.file.abs_src_path)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    stem = pathlib.PurePosixPath(page.file.src_uri).stem
    target = pathlib.Path(page.file.abs_dest_path).with_name(f"{stem}.ipynb")
    jupytext.write(notebook, target, fmt="ipynb")
