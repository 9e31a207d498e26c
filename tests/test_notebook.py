"""A Markdown page converted to its notebook (sitebuild.notebook): cells, outputs, skips."""

import contextlib
import io
import pathlib
import re

import pytest

from sitebuild import notebook

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
