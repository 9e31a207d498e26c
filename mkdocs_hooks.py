"""mkdocs hooks: what the site adds to its pages, each job in a module of ``sitebuild/``.

* every page: its downloads and the matching section of PyTorch's tutorial at the top
  (:mod:`sitebuild.downloads`, :mod:`sitebuild.tutorial`), the build's stamp at the foot
  (:mod:`sitebuild.stamp`);
* the package's wheel, built from this checkout, under ``downloads/``;
* the Markdown pages' figures, drawn by :mod:`sinefit.plot` (:mod:`sitebuild.figures`);
* ``mkdocs serve``: the notebook pages are executed, and the figures drawn, again only when
  they or the package change (:mod:`sitebuild.serving`); a build does both from scratch;
* notebook pages: mkdocs-jupyter's template loads MathJax from a CDN (and mermaid, when a
  notebook has a diagram). The site renders every formula with its bundled KaTeX, so those
  scripts are removed; if the template changes and the markers are not found, the build
  fails rather than quietly shipping a page that calls out to a CDN.
"""

import pathlib
import re
import shutil

import jupytext
import nbformat
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from sitebuild import downloads, figures, notebook, serving, stamp, tutorial

ROOT = pathlib.Path(__file__).parent
MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)
MERMAID = re.compile(r'<script type="module">\s*document\.addEventListener.*?</script>', re.S)
HEADING_END = "</h1>"

# Filled once per build: the stamp, the wheel, and the notebooks of the Markdown pages.
BUILD: dict = {}
# ``mkdocs serve`` only: each figure's SVG, keyed on the package and data it was drawn from.
SERVED_FIGURES: dict = {}


def is_notebook_page(page) -> bool:
    return page.file.src_uri.endswith(".py")


def stem_of(page) -> str:
    return pathlib.PurePosixPath(page.file.src_uri).stem


def on_startup(command, dirty):
    """Remember whether this is ``mkdocs serve``, whose rebuilds may reuse notebook outputs."""
    BUILD["command"] = command


def on_config(config):
    """Measure the stamp; notebook pages must execute in this Python, or it would lie."""
    kernel = stamp.kernel_python()
    if not stamp.same_python(kernel):
        raise PluginError(
            f"the notebook pages' python3 kernel runs {kernel}, not this build's Python; "
            "the page stamps would name the wrong versions"
        )
    command = BUILD.get("command")
    BUILD.clear()
    BUILD["command"] = command
    if command == "serve":
        serving.cache_notebooks(config, ROOT)
    BUILD["stamp"] = stamp.measure()
    BUILD["notebooks"] = {}
    return config


def on_files(files, config):
    """Add the package's wheel and the pages' figures to the site, so pages can link to them."""
    wheel = downloads.build_wheel(ROOT, ROOT / ".cache" / "wheels")
    BUILD["wheel"] = wheel.name
    uri = f"{downloads.FOLDER}/{wheel.name}"
    files.append(File.generated(config, uri, abs_src_path=str(wheel)))
    key = serving.inputs_hash(ROOT) if BUILD.get("command") == "serve" else None
    for name in figures.FIGURES:
        content = SERVED_FIGURES.get((key, name)) if key else None
        if content is None:
            content = figures.svg(name)
            if key:
                SERVED_FIGURES[(key, name)] = content
        files.append(File.generated(config, figures.uri(name), content=content))
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Convert a Markdown page to its notebook (the page's text itself is unchanged)."""
    if is_notebook_page(page):  # mkdocs-jupyter passes a notebook page's source here too
        return markdown
    stem = stem_of(page)
    here = f"{downloads.FOLDER}/{stem}.ipynb"

    def link(target: str) -> str:
        found = files.get_file_from_path(target)
        if found is None:
            raise PluginError(f"{page.file.src_uri}: a link to {target!r}, which is not a page")
        return absolute(config, found.url) or get_relative_url(found.url, here)

    first = downloads.install_text(BUILD["wheel"], config["site_url"])
    BUILD["notebooks"][stem] = notebook.convert(markdown, ROOT, first, link)
    return markdown


def absolute(config, url: str) -> str:
    site = config["site_url"] or ""
    return f"{site.rstrip('/')}/{url}" if site else ""


def on_page_content(content: str, page, config, files) -> str:
    """Put the downloads bar under the page's title, and the stamp at its foot."""
    stem = stem_of(page)

    def href(name: str) -> str:
        return get_relative_url(f"{downloads.FOLDER}/{name}", page.url)

    items = [f'<a href="{href(stem + ".ipynb")}" download>this page as a notebook (.ipynb)</a>']
    if stem in downloads.SCRIPTS:
        items.append(f'<a href="{href(stem + ".py")}" download>the script {stem}.py</a>')
    if stem == "index":
        items.append(f'<a href="{href(BUILD["wheel"])}" download>the package, {BUILD["wheel"]}</a>')
    bar = f'<p class="sinefit-downloads">Download: {" · ".join(items)}'
    address = tutorial.link(stem)
    if address is not None:
        followed = f"the section of {tutorial.TITLE} this chapter follows"
        bar += f'<br>The original: <a href="{address}">{followed}</a>'
    bar += "</p>"
    position = content.find(HEADING_END)
    if position < 0:
        raise PluginError(f"{page.file.src_uri}: no title (<h1>) to put the downloads under")
    position += len(HEADING_END)
    stamped = BUILD["stamp"].paragraph(executed_by_build=is_notebook_page(page))
    return content[:position] + bar + content[position:] + stamped


def on_post_page(output: str, page, config) -> str:
    """Strip the notebook template's CDN scripts from notebook pages."""
    if not is_notebook_page(page):
        return output
    output, found = MATHJAX.subn("", output)
    if found != 1:
        raise PluginError(f"{page.file.src_uri}: mkdocs-jupyter's MathJax block was not found")
    output = MERMAID.sub("", output)
    if "cdnjs" in output or "cdn.jsdelivr" in output:
        raise PluginError(f"{page.file.src_uri}: a script from a CDN is still on the page")
    write_notebook_page(page, config)
    return output


def write_notebook_page(page, config) -> None:
    """A notebook page's source as ``<stem>.ipynb``: in downloads/ and beside its HTML.

    mkdocs-jupyter's ``include_source`` copies only the jupytext ``.py``; readers who open
    Jupyter want the ``.ipynb``. It is written unexecuted: the page itself shows the outputs.
    """
    stem = stem_of(page)
    source = jupytext.read(page.file.abs_src_path)
    first = downloads.install_text(BUILD["wheel"], config["site_url"])
    cells = [nbformat.v4.new_markdown_cell(first), *source.cells]
    result = nbformat.v4.new_notebook(cells=cells, metadata=source.metadata)
    result.metadata["kernelspec"] = dict(notebook.KERNEL)
    result.metadata.pop("jupytext", None)
    nbformat.validate(result)
    target = pathlib.Path(config["site_dir"]) / downloads.FOLDER / f"{stem}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(result, target)
    shutil.copy2(target, pathlib.Path(page.file.abs_dest_path).with_name(f"{stem}.ipynb"))


def on_post_build(config) -> None:
    """Write the Markdown pages' notebooks and the chapters' scripts into downloads/."""
    folder = pathlib.Path(config["site_dir"]) / downloads.FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for stem, converted in BUILD["notebooks"].items():
        nbformat.write(converted, folder / f"{stem}.ipynb")
    for stem in downloads.SCRIPTS:
        shutil.copy2(ROOT / downloads.SCRIPT_FOLDER / f"{stem}.py", folder / f"{stem}.py")
