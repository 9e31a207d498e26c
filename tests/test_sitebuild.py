"""The site build's own code (sitebuild/): links, install text, stamp, serve's cache, execution.

The notebooks made from pages are tested in test_notebook.py, the log check in test_logs.py
and the figures in test_figures.py.

Running the downloads for real, in fresh environments, is ``nox -s downloads``; these are
the fast checks of the pieces, each with a case that must fail.
"""

import pathlib
import tomllib
import types

import nbformat
import pytest
import torch

from sinefit import chapters
from sitebuild import downloads, pagehtml, serving, stamp, tutorial

ROOT = pathlib.Path(__file__).parent.parent
DOCS = ROOT / "docs"

# --- links, install text, stamp --------------------------------------------------------


def test_the_tutorial_links_are_the_registry_s():
    for chapter in chapters.CHAPTERS:
        assert tutorial.link(chapter.stem) == chapter.tutorial
    assert tutorial.link("index") is None


def test_the_downloadable_scripts_are_the_registry_s_script_chapters_each_a_file():
    scripts = [c for c in chapters.CHAPTERS if c.kind == "script"]
    assert tuple(c.stem for c in scripts) == downloads.SCRIPTS
    for stem in downloads.SCRIPTS:
        assert (ROOT / downloads.SCRIPT_FOLDER / f"{stem}.py").is_file(), stem


def test_home_names_the_wheel_this_checkout_builds_and_links_the_tutorial():
    home = (DOCS / "index.md").read_text()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wheel = downloads.wheel_name(ROOT)
    assert wheel == f"sinefit-{project['version']}-py3-none-any.whl"
    assert f"[{wheel}](downloads/{wheel})" in home
    assert f"pip install {wheel}" in home
    assert 'pip install -e ".[test]"' in home
    assert tutorial.PAGE in home


def test_the_install_text_names_the_wheel_and_the_clone():
    local = downloads.install_text("w.whl", "")
    assert "[w.whl](w.whl)" in local
    assert "`pip install w.whl`" in local
    assert 'pip install -e ".[test]"' in local
    hosted = downloads.install_text("w.whl", "https://example.org/sinefit/")
    assert "`pip install https://example.org/sinefit/downloads/w.whl`" in hosted


def test_the_stamp_is_what_this_python_runs():
    import numpy

    made = stamp.measure()
    assert (made.torch, made.numpy) == (torch.__version__, numpy.__version__)
    assert made.device == "cpu" or made.device.startswith(("cuda", "mps", "xpu"))
    built = made.paragraph(executed_by_build=False)
    assert "executed by the test suite" in built
    assert f"torch {torch.__version__}" in built
    assert "executed by the site build" in made.paragraph(executed_by_build=True)


def test_the_kernel_check_tells_this_python_from_another(tmp_path):
    import sys

    assert stamp.same_python(pathlib.Path(sys.executable))
    assert not stamp.same_python(tmp_path / "bin" / "python")
    assert not stamp.same_python(None)


def test_serve_keys_its_notebook_cache_on_the_package_and_its_recordings(tmp_path):
    for name in (
        "sinefit/data.py",
        "sinefit/speed/report.py",
        "sinefit/speed/recordings/bench-cpu.json",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("first")
    first = serving.inputs_hash(tmp_path)
    assert serving.inputs_hash(tmp_path) == first
    for name in ("sinefit/speed/report.py", "sinefit/speed/recordings/bench-cpu.json"):
        (tmp_path / name).write_text("changed")
        assert serving.inputs_hash(tmp_path) != first, name
        (tmp_path / name).write_text("first")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text("a page edit does not count")
    assert serving.inputs_hash(tmp_path) == first

    plugin = types.SimpleNamespace(config={"cache": False, "cache_dir": ".cache/mkdocs-jupyter"})
    folder = serving.cache_notebooks({"plugins": {serving.PLUGIN: plugin}}, tmp_path)
    assert plugin.config == {"cache": True, "cache_dir": str(folder)}
    assert folder.name == first


def test_the_site_build_itself_executes_every_notebook():
    # Only `mkdocs serve` turns the cache on (mkdocs_hooks.on_config); a build never does.
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=Loader)
    jupyter = next(p[serving.PLUGIN] for p in config["plugins"] if isinstance(p, dict))
    assert jupyter["cache"] is False


def test_a_raising_cell_must_raise_what_the_page_shows():
    from sitecheck import execute

    def cell(tags, shown=None):
        made = nbformat.v4.new_code_cell("pass", metadata={"tags": tags})
        if shown:
            made.outputs = [nbformat.v4.new_output("error", ename=shown, evalue="", traceback=[])]
        return made

    page = nbformat.v4.new_notebook(
        cells=[cell([]), cell(["raises-exception"], "ValueError"), cell(["raises-exception"])]
    )
    shown = execute.shown_errors(page)
    assert shown == {1: "ValueError", 2: None}
    ran = nbformat.from_dict(page)
    ran.cells[1].outputs = [
        nbformat.v4.new_output("error", ename="TypeError", evalue="", traceback=[])
    ]
    ran.cells[2].outputs = []
    assert execute.raised_as_shown(ran, shown) == [
        "cell 2 shows ValueError but raised TypeError",
        "cell 3 shows an error but raised nothing",
    ]
    ran.cells[1].outputs[0]["ename"] = "ValueError"
    ran.cells[2].outputs = [
        nbformat.v4.new_output("error", ename="OSError", evalue="", traceback=[])
    ]
    assert execute.raised_as_shown(ran, shown) == []


def test_the_downloads_bar_goes_under_the_title_and_a_page_without_one_is_refused():
    bar = pagehtml.downloads_bar("polynomial_tensor", "polynomial_tensor/", "w.whl")
    assert "the script polynomial_tensor.py" in bar
    assert tutorial.link("polynomial_tensor") in bar
    assert "w.whl" not in bar  # only Home offers the wheel
    assert pagehtml.under_title("<h1>T</h1><p>x</p>", bar) == f"<h1>T</h1>{bar}<p>x</p>"
    with pytest.raises(ValueError, match="no title"):
        pagehtml.under_title("<p>no title</p>", bar)


def test_cdn_scripts_are_stripped_or_the_build_says_the_template_changed():
    page = "<!-- Load mathjax --><script src='https://cdnjs.x/m.js'></script>"
    page += "<!-- End of mathjax configuration --><p>kept</p>"
    assert pagehtml.without_cdn_scripts(page) == "<p>kept</p>"
    with pytest.raises(ValueError, match="MathJax block was not found"):
        pagehtml.without_cdn_scripts("<p>a changed template</p>")
