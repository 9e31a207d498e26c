"""What a code block's copy button must give, and running a page's copied blocks.

The site's doctest-copy.js strips prompts and outputs in the browser; this module says,
independently, what the result must be (through Python's own doctest parser), and runs the
copied text in a fresh Python through run_copied.py.
"""

import asyncio
import doctest
import json
import os
import pathlib
import re
import shutil
import sys
import tempfile

from sitepages import ROOT

RUNNER = pathlib.Path(__file__).with_name("run_copied.py")
RUN_TIMEOUT_S = 600  # the slowest page runs 30 000 steps: far less than this, even when busy
TRACEBACK = "Traceback (most recent call last):"
# The exception line doctest compares: the first line after a traceback's "..." body that
# starts in column 0 with a (dotted) name.
EXCEPTION_LINE = re.compile(r"^([A-Za-z_][\w.]*)(?::|$)")
# Sybil's skip markers, as the built page keeps them (HTML comments).
SKIP = re.compile(r"^\s*skip:\s*(next|start|end)\s*(?:if\((.*)\))?\s*$", re.S)


def normalise(text: str) -> str:
    """Code text compared line by line, trailing spaces and blank end lines ignored."""
    return "\n".join(line.rstrip() for line in text.replace("\xa0", " ").splitlines()).strip("\n")


def is_doctest(shown: str) -> bool:
    return shown.startswith(">>> ")


def expected_copy(shown: str) -> str:
    """What copying a block must give: a doctest's sources alone, any other block as shown."""
    if not is_doctest(shown):
        return normalise(shown)
    examples = doctest.DocTestParser().get_examples(shown)
    return normalise("".join(example.source for example in examples))


def shown_raises(shown: str) -> list[str]:
    """The exception types a block shows being raised, in order."""
    names, lines = [], shown.splitlines()
    for number, line in enumerate(lines):
        if line.strip() != TRACEBACK:
            continue
        for after in lines[number + 1 :]:
            match = EXCEPTION_LINE.match(after)
            if match and after.strip() != "...":
                names.append(match.group(1))
                break
    return names


def runnable_items(events: list[dict]) -> list[dict]:
    """The runner's input from a page's code blocks and comments, in page order.

    Only blocks that Sybil runs (untitled: a titled block is an excerpt of a package file)
    are run; Sybil's skip markers are passed on, so that a block the page's own test run
    skips (one that needs a GPU, say) is skipped here for the same reason.
    """
    items = []
    for event in events:
        if "comment" in event:
            match = SKIP.match(event["comment"])
            if match:
                items.append({"skip": match.group(1), "condition": match.group(2)})
        elif not event["title"]:
            code = event["copied"]
            items.append(
                {"block": event["number"], "code": code, "raises": shown_raises(event["shown"])}
            )
    return items


async def run_copied(items: list[dict], label: str) -> list[str]:
    """Run the items in one fresh Python; return its problems (empty: everything ran)."""
    environment = os.environ | {
        "PYTHONPATH": str(ROOT),
        "SINEFIT_DEVICE": "cpu",
        "MPLBACKEND": "Agg",
        # The pages run beside each other and beside Chromium on a small machine.
        "OMP_NUM_THREADS": "1",
    }
    with tempfile.TemporaryDirectory(prefix=f"copied-{label}-") as folder:
        given, problems = pathlib.Path(folder, "in.json"), pathlib.Path(folder, "out.json")
        # The speed page reads its recording from a clone's docs/data, as a reader would
        shutil.copytree(ROOT / "docs" / "data", pathlib.Path(folder, "docs", "data"))
        given.write_text(json.dumps(items), encoding="utf-8")
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            str(RUNNER),
            str(given),
            str(problems),
            cwd=folder,  # a fresh folder: what the snippets write stays out of the checkout
            env=environment,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            _, errors = await asyncio.wait_for(process.communicate(), RUN_TIMEOUT_S)
        except TimeoutError:
            process.kill()
            await process.wait()
            return [f"the copied code did not finish within {RUN_TIMEOUT_S} s"]
        if process.returncode != 0 or not problems.exists():
            tail = errors.decode("utf-8", "replace")[-2000:]
            return [f"the runner failed (exit {process.returncode}):\n{tail}"]
        return json.loads(problems.read_text(encoding="utf-8"))
