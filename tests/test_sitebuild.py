"""The site build's own code (sitebuild/): notebooks from pages, the log check, the links.

Running the downloads for real, in fresh environments, is ``nox -s downloads``; these are
the fast checks of the pieces, each with a case that must fail.
"""

import contextlib
import io
import pathlib
import re
import tomllib
import types

import nbformat
import pytest
import torch

from sinefit import chapters
from sitebuild import check, downloads, figures, notebook, serving, stamp, tutorial

ROOT = pathlib.Path(__file__).parent.parent
DOCS = ROOT / "docs"

MODULE = """\
def helper():
    # --8<-- [start:body]
    total = 1 + 2
    # --8<-- [end:body]
    return total
"""

PAGE = """\
# A page

Some prose with $x^2$ and a [link](other.md#part).

$$
L = \\sum_i x_i
$$

```python title="pkg/module.py"
--8<-- "pkg/module.py:body"
```

<!-- invisible-code-block: python
hidden = 41
-->

```python
value = hidden + 1
```

## Doctests

```python
>>> import math
>>> print(value)
42
>>> math.sqrt(16.0)
4.0
>>> for i in range(2):
...     print(i)
0
1
>>> 1 / 0
Traceback (most recent call last):
...
ZeroDivisionError: division by zero

```

<!-- skip: next -->

```python
raise RuntimeError("must not run")
```

<!-- skip: start if(True, reason="needs a GPU") -->

```python
>>> raise RuntimeError("nor this")
Traceback (most recent call last):
RuntimeError: nor this

```

<!-- skip: end -->

<!-- a comment of the author's -->

```bash title="shell"
echo hello
```
"""


@pytest.fixture
def converted(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "module.py").write_text(MODULE)
    return notebook.convert(PAGE, tmp_path, "install me", link=lambda t: f"../{t[:-3]}/")


def code_cells(nb):
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def markdown_of(nb) -> str:
    return "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")


def test_the_first_cell_says_what_to_install(converted):
    assert converted.cells[0].cell_type == "markdown"
    assert converted.cells[0].source == "install me"
    assert converted.metadata["kernelspec"]["name"] == "python3"


def test_prose_math_and_excerpts_are_markdown(converted):
    text = markdown_of(converted)
    assert "$x^2$" in text
    assert "$$\nL = \\sum_i x_i\n$$" in text
    assert "`pkg/module.py`:\n\n```python\ntotal = 1 + 2\n```" in text
    assert "--8<--" not in text
    assert "[link](../other/#part)" in text
    assert "```bash\necho hello\n```" in text
    assert "title=" not in text


def test_each_heading_starts_a_markdown_cell(converted):
    headings = [c.source.splitlines()[0] for c in converted.cells if c.cell_type == "markdown"]
    assert "# A page" in headings
    assert "## Doctests" in headings


def test_snippets_become_code_cells_without_prompts_with_the_page_outputs(converted):
    cells = code_cells(converted)
    assert [cell.source for cell in cells] == [
        "hidden = 41",
        "value = hidden + 1",
        "import math\nprint(value)",
        "math.sqrt(16.0)",
        "for i in range(2):\n    print(i)",
        "1 / 0",
    ]
    assert cells[0].metadata["jupyter"] == {"source_hidden": True}
    assert cells[1].outputs == []
    assert cells[2].outputs[0].output_type == "stream"
    assert cells[2].outputs[0].text == "42\n"
    assert cells[3].outputs[0].output_type == "execute_result"
    assert cells[3].outputs[0].data == {"text/plain": "4.0"}
    assert cells[4].outputs[0].text == "0\n1\n"
    error = cells[5].outputs[0]
    assert (error.output_type, error.ename, error.evalue) == (
        "error",
        "ZeroDivisionError",
        "division by zero",
    )
    assert cells[5].metadata["tags"] == ["raises-exception"]
    assert all("raises-exception" not in cell.metadata.get("tags", []) for cell in cells[:5])


def test_skipped_blocks_are_shown_not_run(converted):
    text = markdown_of(converted)
    assert 'raise RuntimeError("must not run")' in text
    assert "*Not run here (needs a GPU); the page shows:*" in text
    assert 'raise RuntimeError("nor this")\n# Traceback' in text
    assert all("RuntimeError" not in cell.source for cell in code_cells(converted))
    assert "skip:" not in text
    assert "invisible-code-block" not in text
    assert "<!-- a comment of the author's -->" in text


def test_the_code_cells_run_in_order_and_print_what_is_stored(converted):
    namespace: dict = {}
    for cell in code_cells(converted):
        printed = io.StringIO()
        if "raises-exception" in cell.metadata.get("tags", []):
            with pytest.raises(ZeroDivisionError):
                exec(cell.source, namespace)
            continue
        with contextlib.redirect_stdout(printed):
            exec(cell.source, namespace)
        streams = [out.text for out in cell.outputs if out.output_type == "stream"]
        assert printed.getvalue() == "".join(streams)


@pytest.mark.parametrize("page", sorted(DOCS.glob("*.md")), ids=lambda p: p.stem)
def test_every_page_converts_with_no_prompts_and_no_includes_left(page):
    nb = notebook.convert(page.read_text(encoding="utf-8"), ROOT, "install")
    sources = [cell.source for cell in code_cells(nb)]
    assert sources, "a page without runnable code"
    assert not [s for s in sources if re.search(r"^(>>>|\.\.\.) ", s, re.M)]
    assert "--8<--" not in markdown_of(nb)
    for cell in code_cells(nb):
        raises = "raises-exception" in cell.metadata.get("tags", [])
        assert raises == any(out.output_type == "error" for out in cell.outputs)
        compile(cell.source, page.name, "exec")


def test_an_include_of_a_missing_section_fails(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "module.py").write_text(MODULE)
    page = '```python title="x"\n--8<-- "pkg/module.py:absent"\n```\n'
    with pytest.raises(ValueError, match="no single section named 'absent'"):
        notebook.convert(page, tmp_path, "install")


# --- the scripts' logs against the pages' ---------------------------------------------


def test_decimals_of_printed_numbers():
    assert [check.decimals(s) for s in ["1943", "950.6", "1.098e+04", "0.0624", "2e-13"]] == [
        0,
        1,
        -1,
        4,
        13,
    ]


@pytest.mark.parametrize(
    ("page", "script", "same"),
    [
        ("99 1943", "99 1943.2584", True),
        ("99 1943", "99 1943.6", False),
        ("1999 11.1", "1999 11.0950", True),
        ("1999 11.1", "1999 11.2", False),
        ("99 2.48e+04", "99 24797.3", True),
        ("99 1943", "199 1943", False),
        ("step 9: w = 1.537, loss = 1.6094", "step 9: w = 1.53700, loss = 1.60941", True),
        ("step 9: w = 1.537, loss = 1.6094", "step 9: w = 1.537, loss = 1.6194", False),
        ("step 9: w = 1.537, loss = 1.6094", "step 9: v = 1.537, loss = 1.6094", False),
        ("99 1943", "99 1943 7", False),
    ],
)
def test_a_script_line_reads_as_the_page_line_at_the_page_digits(page, script, same):
    assert check.same_at_digits(page, script) is same


def test_the_page_log_must_appear_in_order_in_the_script_output():
    page = ["99 1943", "199 1358"]
    assert check.missing_from(page, ["start", "99 1943.2", "149 1500", "199 1358.1"]) is None
    assert check.missing_from(page, ["199 1358.1", "99 1943.2"]) == "199 1358"
    assert check.missing_from(page, ["99 1943.2"]) == "199 1358"
    assert check.missing_from([], ["99 1943"]) == "the page shows no log"


def test_the_page_log_is_its_longest_printed_log():
    nb = notebook.convert((DOCS / "polynomial_tensor.md").read_text(), ROOT, "install")
    log = check.page_log(nb)
    assert log[0] == "99 3238"
    assert len(log) == 20


@pytest.mark.parametrize("stem", downloads.SCRIPTS)
def test_every_script_page_shows_a_log(stem):
    nb = notebook.convert((DOCS / f"{stem}.md").read_text(), ROOT, "install")
    assert len(check.page_log(nb)) >= 10
    assert (ROOT / "sinefit" / "scripts" / f"{stem}.py").is_file()


# --- links, install text, stamp --------------------------------------------------------


def nav_chapters() -> dict[int, str]:
    """Chapter number -> page stem, from the navigation's numbered titles in mkdocs.yml."""
    entry = re.compile(r'^\s*-\s*"(\d+)\. [^"]*":\s*(\S+)\s*$', re.M)
    config = (ROOT / "mkdocs.yml").read_text()
    return {int(n): pathlib.PurePath(target).stem for n, target in entry.findall(config)}


def test_the_tutorial_links_are_the_registry_s():
    for chapter in chapters.CHAPTERS:
        assert tutorial.link(chapter.stem) == chapter.tutorial
    assert tutorial.link("index") is None


def test_the_scripts_are_the_registry_s_script_chapters():
    nav = nav_chapters()
    scripts = [c for c in chapters.CHAPTERS if c.kind == "script"]
    assert tuple(nav[c.number] for c in scripts) == downloads.SCRIPTS


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
    from sitebuild import execute

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


FIGURE_LINK = re.compile(r"^!\[(?P<alt>[^\]]*)\]\(figures/(?P<name>[\w-]+)\.svg\)$", re.M)


def test_every_page_figure_is_drawn_by_the_build_and_says_what_it_shows():
    shown = {}
    for page in sorted(DOCS.glob("*.md")):
        for found in FIGURE_LINK.finditer(page.read_text(encoding="utf-8")):
            assert found["name"] == page.stem, f"{page.name} shows another page's figure"
            shown[found["name"]] = found["alt"]
    assert sorted(shown) == sorted(figures.FIGURES)
    for name, alt in shown.items():
        assert len(alt.split()) >= 15, f"{name}: the alt text must say what the plot shows"


def test_a_figure_is_an_svg_and_the_same_on_every_build():
    first = figures.svg("linear_regression")
    assert first.startswith(b"<?xml")
    assert b"<svg" in first
    assert figures.svg("linear_regression") == first


def test_the_notebook_drops_the_built_figure_and_keeps_the_cell_that_draws_it():
    page = "```python\n>>> figure = plot.line_stages(a, b)\n```\n\n![it](figures/x.svg)\n"
    cells = notebook.convert(page, ROOT, "install").cells
    assert [cell.cell_type for cell in cells] == ["markdown", "code"]
    assert cells[1].source == "figure = plot.line_stages(a, b)"
