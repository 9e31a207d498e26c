"""A Markdown chapter page as a Jupyter notebook: prose in Markdown cells, snippets as code.

What each kind of block becomes:

* a plain ``python`` fence of statements: one code cell, no outputs;
* a plain ``python`` fence of ``>>>`` doctests: code cells without prompts, one ending at each
  example the page shows output for, with that output (``print`` output as a stream, an
  expression's value as its result, a traceback as an error output and the cell tagged
  ``raises-exception`` so that it executes through);
* a titled fence holding ``--8<--`` lines: the file's named sections, as Markdown code (an
  excerpt to read, not to run);
* ``<!-- invisible-code-block: python -->``: a code cell with its source hidden (set-up the
  following cells need);
* a block Sybil skips (``<!-- skip: next -->`` or ``skip: start`` ... ``skip: end``, with or
  without a condition): Markdown code with the skip's reason, so the notebook runs anywhere;
* other Sybil comments are dropped; links to other pages point at the site; math stays
  ``$...$`` and ``$$...$$``;
* a figure the build draws (``![...](figures/...)``) is dropped: the cell before it draws
  the same figure in the notebook.
"""

import ast
import doctest
import pathlib
import re
import textwrap

import nbformat

from sitebuild import pages

FENCE = re.compile(r"^(?P<indent> *)(?P<mark>`{3,}|~{3,})(?P<info>.*)$")
TITLE = re.compile(r'\s*title="(?P<title>[^"]*)"')
SKIP = re.compile(r"^skip:\s*(?P<action>next|start|end)\b(?P<rest>.*)$", re.S)
REASON = re.compile(r'reason\s*=\s*"(?P<reason>[^"]*)"')
INVISIBLE = re.compile(r"^invisible-code-block:\s*python\s*\n(?P<code>.*)$", re.S)
COMMENT = re.compile(r"<!--(?P<body>.*?)-->", re.S)
LINK = re.compile(r"\]\((?P<target>[\w./-]+\.(?:md|py))(?P<anchor>#[\w-]*)?\)")
TRACEBACK = "Traceback (most recent call last):"
KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}


class Converter:
    """Turns one page's Markdown into notebook cells (see the module docstring)."""

    def __init__(self, root: pathlib.Path, link=lambda target: target):
        self.root = root
        self.link = link  # maps a page's source path ("x.md") to its address on the site
        self.cells: list = []
        self.prose: list[str] = []
        self.skipping: str | None = None  # the reason, while inside a skipped region
        self.skip_next: str | None = None

    # --- Markdown -----------------------------------------------------------------------
    def markdown(self, line: str) -> None:
        if pages.FIGURE.match(line):
            return
        if line.startswith("#") and any(part.strip() for part in self.prose):
            self.flush()  # each heading starts a cell, so a notebook's outline follows the page
        self.prose.append(line)

    def flush(self) -> None:
        text = "\n".join(self.prose).strip("\n")
        self.prose = []
        if text.strip():
            self.cells.append(nbformat.v4.new_markdown_cell(self.relink(text)))

    def relink(self, text: str) -> str:
        def replace(match: re.Match) -> str:
            return f"]({self.link(match['target'])}{match['anchor'] or ''})"

        return LINK.sub(replace, text)

    # --- code ---------------------------------------------------------------------------
    def code(self, source: str, outputs=(), tags=(), hidden=False) -> None:
        self.flush()
        cell = nbformat.v4.new_code_cell(source.strip("\n"), outputs=list(outputs))
        if tags:
            cell.metadata["tags"] = list(tags)
        if hidden:
            cell.metadata["jupyter"] = {"source_hidden": True}
        self.cells.append(cell)

    def fence(self, indent: str, mark: str, info: str, body: list[str]) -> None:
        language = info.strip().split(" ")[0] if info.strip() else ""
        title = TITLE.search(info)
        reason = self.skip_next or self.skipping
        self.skip_next = None
        text = "\n".join(line.removeprefix(indent) for line in body)
        if info.strip() == "python" and reason is None:
            self.runnable(text)
            return
        if title and any(pages.SNIPPET.match(line) for line in body):
            parts = []
            for line in body:
                found = pages.SNIPPET.match(line)
                parts.append(
                    pages.section(self.root, found["path"], found["section"]) if found else line
                )
            text = "\n".join(parts)
        shown = prompts_removed(text) if info.strip() == "python" else text
        lines = []
        if title:
            lines.append(f"{indent}`{title['title']}`:\n")
        if reason is not None:
            lines.append(f"{indent}*Not run here ({reason}); the page shows:*\n")
        lines.append(f"{indent}{mark}{language}")
        lines.extend(f"{indent}{line}" if line else "" for line in shown.splitlines())
        lines.append(f"{indent}{mark}")
        self.prose.extend("\n".join(lines).splitlines())

    def runnable(self, text: str) -> None:
        if not text.lstrip().startswith(">>>"):
            self.code(text)
            return
        sources: list[str] = []
        for example in doctest.DocTestParser().get_examples(text):
            sources.append(example.source.rstrip("\n"))
            if example.exc_msg is not None:
                self.code("\n".join(sources), [error_output(example.want)], ["raises-exception"])
                sources = []
            elif example.want:
                self.code("\n".join(sources), [value_output(example.source, example.want)])
                sources = []
        if sources:
            self.code("\n".join(sources))

    # --- Sybil's comments ---------------------------------------------------------------
    def comment(self, body: str) -> bool:
        """Act on a Sybil comment; False if the comment is not one of Sybil's."""
        body = body.strip()
        invisible = INVISIBLE.match(body)
        if invisible:
            self.code(textwrap.dedent(invisible["code"]), hidden=True)
            return True
        skip = SKIP.match(body)
        if skip:
            found = REASON.search(skip["rest"])
            reason = found["reason"] if found else "skipped by the page's tests"
            if skip["action"] == "next":
                self.skip_next = reason
            elif skip["action"] == "start":
                self.skipping = reason
            else:
                self.skipping = None
            return True
        return body == "clear-namespace"


def prompts_removed(text: str) -> str:
    """A doctest's code alone, its outputs as comments: for a snippet shown but not run."""
    if not text.lstrip().startswith(">>>"):
        return text
    lines = []
    for example in doctest.DocTestParser().get_examples(text):
        lines.append(example.source.rstrip("\n"))
        lines.extend(f"# {line}".rstrip() for line in example.want.splitlines())
    return "\n".join(lines)


def value_output(source: str, want: str):
    """The output a cell shows: a bare expression's value, else what it printed."""
    want = want.replace("<BLANKLINE>", "")
    tree = ast.parse(source)
    last = tree.body[-1] if tree.body else None
    is_print = (
        isinstance(last, ast.Expr)
        and isinstance(last.value, ast.Call)
        and isinstance(last.value.func, ast.Name)
        and last.value.func.id == "print"
    )
    if isinstance(last, ast.Expr) and not is_print and len(tree.body) == 1:
        return nbformat.v4.new_output(
            "execute_result", data={"text/plain": want.rstrip("\n")}, execution_count=None
        )
    return nbformat.v4.new_output("stream", name="stdout", text=want)


def error_output(want: str):
    """A doctest's expected traceback as the error output of a cell."""
    last = want.rstrip("\n").splitlines()[-1]
    name, _, value = last.partition(": ")
    return nbformat.v4.new_output(
        "error",
        ename=name.rsplit(".", 1)[-1],
        evalue=value,
        traceback=want.rstrip("\n").splitlines(),
    )


def convert(markdown: str, root: pathlib.Path, first_cell: str, link=lambda t: t):
    """The notebook of one page: ``first_cell`` (what to install) first, then the page."""
    converter = Converter(root, link)
    converter.prose.append(first_cell)
    converter.flush()
    lines = markdown.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        opening = FENCE.match(line)
        if opening:
            mark, indent = opening["mark"], opening["indent"]
            end = index + 1
            while end < len(lines) and not (
                lines[end].strip().startswith(mark) and not lines[end].strip().strip(mark[0])
            ):
                end += 1
            converter.fence(indent, mark, opening["info"], lines[index + 1 : end])
            index = end + 1
            continue
        if line.lstrip().startswith("<!--"):
            end = index
            while "-->" not in lines[end]:
                end += 1
            text = "\n".join(lines[index : end + 1])
            whole = COMMENT.fullmatch(text.strip())
            if whole and converter.comment(whole["body"]):
                index = end + 1
                continue
        converter.markdown(line)
        index += 1
    converter.flush()
    notebook = nbformat.v4.new_notebook(cells=converter.cells)
    notebook.metadata["kernelspec"] = dict(KERNEL)
    notebook.metadata["language_info"] = {"name": "python"}
    nbformat.validate(notebook)
    return notebook
