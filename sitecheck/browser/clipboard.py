"""Pressing a page's copy buttons, as a reader does, and reading what each put on the clipboard.

What the copied text must be is :mod:`sitecheck.browser.copying`'s business; this module only
presses and reads. Headless Chromium has one clipboard for all its contexts, so every copy
holds a lock shared by the survey's tabs.
"""

import asyncio
import functools

from sitecheck.browser import copying, visits
from sitecheck.browser.sitepages import ARTICLE
from sitecheck.browser.visits import script

# The page's code blocks and comments in page order (comments carry Sybil's skip markers);
# each block marked with a data-survey number, to find its button again.
BLOCKS = script("blocks.js")

SENTINEL = "(clipboard untouched)"
# The clipboard's text once it differs from the sentinel (false until then).
CLIPBOARD_CHANGED = script("clipboard-changed.js")
# Select the code as a reader's mouse would, and copy the selection (Ctrl+C's command).
SELECT_AND_COPY = script("select-and-copy.js")


async def copy_through(tab, lock: asyncio.Lock, press) -> str:
    """Clear the clipboard, ``press`` (a coroutine function) and read what it copied.

    ``lock`` is held meanwhile: headless Chromium has one clipboard for all its
    contexts, so two pages copying at once would read each other's text.
    """
    async with lock:
        await tab.evaluate("(s) => navigator.clipboard.writeText(s)", SENTINEL)
        await press()
        copied = await visits.wait_until(
            tab, CLIPBOARD_CHANGED, "a copy to the clipboard", SENTINEL
        )
        return await copied.json_value()


# Open every collapsed block ("??? note"), as a reader does before copying from it.
OPEN_DETAILS = script("open-details.js")


async def press_copy_buttons(tab, lock: asyncio.Lock) -> dict:
    """Press every code block's and notebook cell's copy button; select each doctest too.

    Collapsed blocks are opened first, as a reader opens one to copy from it.
    """
    await tab.locator(ARTICLE).evaluate(OPEN_DETAILS)
    found = await tab.locator(ARTICLE).evaluate(BLOCKS)
    for event in found["events"]:
        if "comment" in event or not event["button"]:
            continue
        code = tab.locator(f'{ARTICLE} pre > code[data-survey="{event["number"]}"]')
        # Playwright's click scrolls to the button and moves the mouse onto it, as a reader's
        # would (the theme shows the button on hover). ``force`` skips its actionability
        # checks (visible, holding still, enabled, not covered), about half of each click's
        # time; the click still lands where the button is, so a button hidden or covered
        # copies nothing, and copy_through then fails the step.
        button = code.locator("xpath=..").locator("button.md-code__button").first
        event["copied"] = await copy_through(tab, lock, functools.partial(button.click, force=True))
        if copying.is_doctest(event["shown"]):

            async def select(code=code):
                await code.evaluate(SELECT_AND_COPY)

            event["selected"] = await copy_through(tab, lock, select)
    cells = []
    inputs = tab.locator(f"{ARTICLE} .jp-CodeCell .jp-InputArea")
    for index in range(await inputs.count()):
        cell = inputs.nth(index)
        shown = await cell.locator(".highlight-ipynb pre, pre").first.inner_text()
        button = cell.locator("clipboard-copy")
        copied = None
        if await button.count():
            copied = await copy_through(
                tab, lock, functools.partial(button.first.click, force=True)
            )
        cells.append({"number": index + 1, "shown": shown, "copied": copied})
    return {"events": found["events"], "cells": cells, "strays": found["strays"]}
