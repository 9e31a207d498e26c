"""Run one page's copied code blocks, in order, in this fresh Python, as a reader would.

Run as ``python run_copied.py IN.json OUT.json`` by copying.py, never imported by the
tests. IN holds the page's items in order: ``{"block": n, "code": ..., "raises": [...]}``
for a copied block (``raises``: the exception types the page shows it raising, in order),
and ``{"skip": "next" | "start" | "end", "condition": ...}`` for the page's Sybil skip
markers, which the page's own test run obeys too. OUT gets one problem per line of a list.

Each block runs statement by statement in one shared namespace, as when it is pasted into
an interactive Python: a statement that raises is reported and the next one still runs, so
a block that shows several errors is checked for each of them.
"""

import ast
import json
import pathlib
import sys
import traceback


def shown_as(error: BaseException, shown: str) -> bool:
    """Whether the page's ``Module.Name`` (or bare ``Name``) is this exception's type."""
    return shown.rsplit(".", 1)[-1] == type(error).__name__


def run_block(item: dict, namespace: dict) -> list[str]:
    label = f"block {item['block']} ({item['code'].strip().splitlines()[0][:60]!r})"
    try:
        tree = ast.parse(item["code"], filename=f"<copied block {item['block']}>")
    except SyntaxError as error:
        return [f"{label}: the copied text is not Python: {error}"]
    expected = list(item["raises"])
    for statement in tree.body:
        code = compile(ast.Module([statement], []), f"<copied block {item['block']}>", "exec")
        try:
            exec(code, namespace)
        except Exception as error:
            if expected and shown_as(error, expected[0]):
                expected.pop(0)
                continue
            last = "".join(traceback.format_exception_only(error)).strip()
            return [
                f"{label}, line {statement.lineno}: raised {last}"
                + (
                    f" where the page shows {expected[0]}"
                    if expected
                    else ", the page shows no error"
                )
            ]  # what follows in the block would only fail in its wake
    return [f"{label}: the page shows {name} raised, but nothing raised it" for name in expected]


def skip_condition(condition: str, namespace: dict) -> bool:
    """Sybil's ``if(condition, reason=...)``, evaluated in the page's namespace."""
    return bool(eval(f"(lambda condition, reason=None: condition)({condition})", namespace))


def main(source: str, target: str) -> None:
    items = json.loads(pathlib.Path(source).read_text(encoding="utf-8"))
    namespace = {"__name__": "__main__"}
    problems, skipping, skip_next = [], False, False
    for item in items:
        if "skip" in item:
            applies = item["condition"] is None or skip_condition(item["condition"], namespace)
            if item["skip"] == "next":
                skip_next = applies
            elif item["skip"] == "start":
                skipping = applies
            else:
                skipping = False
        elif skip_next or skipping:
            skip_next = False
        else:
            problems += run_block(item, namespace)
    pathlib.Path(target).write_text(json.dumps(problems), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
