"""Every fence on a page is run or names its file.

A fence on a page is one of exactly three kinds:

- ```` ```python ````: Sybil runs it (a doctest whose output is the assertion, or statements);
- ```` ```python title="path/file.py" ````: a section embedded from that file, holding only
  ``--8<-- "path/file.py:section"`` lines, each naming that file and a section it marks;
- ```` ```bash title="shell" ````: shell commands for the reader's terminal, which Sybil cannot
  run; each command must be one the README gives (the README is what CI's sessions follow),
  so the page cannot promise a command that does not exist.

Notebook pages (jupytext ``.py``) run their code cells; their Markdown cells hold no fences.
"""

import re
from pathlib import Path

import pytest

from sitebuild import downloads, pages

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MARKDOWN_PAGES = sorted(DOCS.glob("*.md"))
NOTEBOOK_PAGES = sorted(DOCS.glob("*.py"))
FENCE = pages.FENCE


def shell_command_exists(command: str, readme: str) -> bool:
    """A README command, a nox session of noxfile.py, or ``python -m sinefit.<module>``
    with options that module's source names."""
    if command in readme:
        return True
    if command == f"pip install {downloads.wheel_name(ROOT)}":  # the wheel the site ships
        return True
    session = re.fullmatch(r"nox -s (\w+)", command)
    if session:
        return f"def {session[1]}(session" in (ROOT / "noxfile.py").read_text()
    module = re.fullmatch(r"python -m sinefit\.(\w+)(?P<args>.*)", command)
    if module is None:
        return False
    # A module runs as its file, a package as its __main__.py
    files = [ROOT / "sinefit" / f"{module[1]}.py", ROOT / "sinefit" / module[1] / "__main__.py"]
    main = next((f for f in files if f.is_file()), None)
    if main is not None:
        source = main.read_text()
        return all(f'"{option}"' in source for option in re.findall(r"--[\w-]+", module["args"]))
    return False


@pytest.mark.parametrize("page", MARKDOWN_PAGES, ids=lambda p: p.name)
def test_every_fence_is_run_or_names_its_file(page):
    readme = (ROOT / "README.md").read_text()
    text = page.read_text()
    fences = list(FENCE.finditer(text))
    assert text.count("```") == 2 * len(fences), f"{page.name}: an unbalanced fence"
    for fence in fences:
        info, body = fence["info"].strip(), fence["body"]
        line = text[: fence.start()].count("\n") + 1
        where = f"{page.name}:{line}"
        if info == "python":
            continue
        titled = re.fullmatch(r'(?P<lang>python|bash) title="(?P<title>[^"]+)"', info)
        assert titled, f"{where}: fence {info!r} is neither run by Sybil nor titled"
        if titled["lang"] == "bash":
            assert titled["title"] == "shell", f"{where}: a bash fence is titled 'shell'"
            for written in body.splitlines():
                command = written.split("#")[0].strip()
                assert shell_command_exists(command, readme), f"{where}: no command {command!r}"
            continue
        title = titled["title"]
        assert (ROOT / title).is_file(), f"{where}: no file {title}"
        source = (ROOT / title).read_text()
        lines = body.strip().splitlines()
        assert lines, f"{where}: an empty embed"
        for embed in lines:
            found = pages.SNIPPET.match(embed.strip())
            assert found, f"{where}: {embed!r} is not a --8<-- line"
            assert found["section"], f"{where}: {embed!r} names no section"
            assert found["path"] == title, f"{where}: embeds {found['path']}, titled {title}"
            marker = pages.section_start(found["section"])
            assert marker in source, f"{where}: {title} has no section {found['section']}"


@pytest.mark.parametrize("page", NOTEBOOK_PAGES, ids=lambda p: p.name)
def test_notebook_markdown_holds_no_fences(page):
    for cell in pages.cells(page, "markdown"):
        assert "```" not in cell, f"{page.name}: a fence in a Markdown cell is never run"


def test_the_fence_check_refuses_an_untitled_fence(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("```text\nsomething\n```\n")
    with pytest.raises(AssertionError, match="neither run by Sybil nor titled"):
        test_every_fence_is_run_or_names_its_file(page)
