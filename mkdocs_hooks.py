"""mkdocs hooks: what the site adds to its pages, each job in a module of ``sitebuild/``.

It only wires ``sitebuild/`` in:

* every page: its downloads and the matching section of PyTorch's tutorial at the top
  (:mod:`sitebuild.pagehtml`), the build's stamp at the foot (:mod:`sitebuild.stamp`); a
  Markdown page's notebook (:mod:`sitebuild.notebook`), a notebook page's ``.ipynb`` and the
  chapters' scripts (:mod:`sitebuild.downloads`);
* the package's wheel, built from this checkout, under ``downloads/``;
* the Markdown pages' figures, drawn by :mod:`sinefit.plot` (:mod:`sitebuild.figures`);
* ``mkdocs serve``: the notebook pages are executed, and the figures drawn, again only when
  they or the package change (:mod:`sitebuild.serving`); a build does both from scratch;
* notebook pages: mkdocs-jupyter's template loads MathJax from a CDN (and mermaid); the
  site renders every formula with its bundled KaTeX, so :mod:`sitebuild.pagehtml` removes
  them, and fails the build if the template changed and they are not found.
"""

import pathlib
import shutil

import nbformat
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from sitebuild import downloads, figures, notebook, pagehtml, serving, stamp

ROOT = pathlib.Path(__file__).parent

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
    BUILD["install"] = downloads.install_text(wheel.name, config["site_url"])
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

    BUILD["notebooks"][stem] = notebook.convert(markdown, ROOT, BUILD["install"], link)
    return markdown


def absolute(config, url: str) -> str:
    site = config["site_url"] or ""
    return f"{site.rstrip('/')}/{url}" if site else ""


def on_page_content(content: str, page, config, files) -> str:
    """Put the downloads bar under the page's title, and the stamp at its foot."""
    bar = pagehtml.downloads_bar(stem_of(page), page.url, BUILD["wheel"])
    try:
        content = pagehtml.under_title(content, bar)
    except ValueError as error:
        raise PluginError(f"{page.file.src_uri}: {error}") from None
    return content + BUILD["stamp"].paragraph(executed_by_build=is_notebook_page(page))


def on_post_page(output: str, page, config) -> str:
    """Notebook pages: strip the template's CDN scripts, and write the page's ``.ipynb``
    into downloads/ and beside its HTML."""
    if not is_notebook_page(page):
        return output
    try:
        output = pagehtml.without_cdn_scripts(output)
    except ValueError as error:
        raise PluginError(f"{page.file.src_uri}: {error}") from None
    stem = stem_of(page)
    target = pathlib.Path(config["site_dir"]) / downloads.FOLDER / f"{stem}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(downloads.notebook_page(page.file.abs_src_path, BUILD["install"]), target)
    shutil.copy2(target, pathlib.Path(page.file.abs_dest_path).with_name(f"{stem}.ipynb"))
    return output


def on_post_build(config) -> None:
    """Write the Markdown pages' notebooks and the chapters' scripts into downloads/."""
    folder = pathlib.Path(config["site_dir"]) / downloads.FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for stem, converted in BUILD["notebooks"].items():
        nbformat.write(converted, folder / f"{stem}.ipynb")
    downloads.write_scripts(ROOT, folder)
