"""One visit per page, colour scheme and width; every check's evidence collected on it.

The tests (test_*.py) only read what a survey collected. A survey opens a few pages at a
time in their own browser contexts. A step that fails is kept as that step's error: the
checks that need it fail with the message, the other checks of the page still run.
"""

import asyncio
import contextlib
import dataclasses
import functools
import os
import pathlib
import re
import time
import urllib.parse

from sitecheck.browser import accessibility, copying, visits
from sitecheck.browser.sitepages import DESKTOP, Page, nav_pages
from sitecheck.browser.visits import script

PHONE = {"width": 390, "height": 844}
SCHEMES = {"light": "default", "dark": "slate"}  # the palette's media names -> the theme's
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
FULL = ("light", "desktop")  # the view on which the checks that read the content run
AXE_VIEWS = [("light", "desktop"), ("dark", "desktop")]
# The phone width is seen in the light scheme only: a scheme changes colours, not layout,
# and the dark scheme's colours are judged on the desktop view.
VIEWS = [*AXE_VIEWS, ("light", "phone")]
# On the dark view axe-core runs only the rules that read colours (accessibility.COLOUR_RULES):
# the rest judge the DOM, which the scheme does not change, and ran on the light view.
TABS = int(os.environ.get("SINEFIT_BROWSER_TABS", "2"))  # pages open at once (2 cores: 2 beat 3)
ARTICLE = "article.md-content__inner"

# Scripts run in the page, one per kind of evidence.
NAV_RAW_MATH = script("nav-raw-math.js")

FORMULAS = script("formulas.js")

IMAGES = script("images.js")

LINKS = script("links.js")

LAYOUT = script("layout.js")

# The page's code blocks and comments in page order (comments carry Sybil's skip markers);
# each block marked with a data-survey number, to find its button again.
BLOCKS = script("blocks.js")

SENTINEL = "(clipboard untouched)"
# The clipboard's text once it differs from the sentinel (false until then).
CLIPBOARD_CHANGED = script("clipboard-changed.js")
# Select the code as a reader's mouse would, and copy the selection (Ctrl+C's command).
SELECT_AND_COPY = script("select-and-copy.js")


@dataclasses.dataclass
class Step:
    """One step's evidence, or why there is none."""

    value: object = None
    error: str | None = None


@dataclasses.dataclass
class View:
    """What one visit of a page in one scheme and width collected, step by step."""

    steps: dict[str, Step] = dataclasses.field(default_factory=dict)
    seconds: dict[str, float] = dataclasses.field(default_factory=dict)  # for the report

    def put(self, name: str, value=None, error: str | None = None) -> None:
        self.steps[name] = Step(value, error)

    async def take(self, name: str, action) -> None:
        """Run the step ``action`` (a coroutine function); keep its value, or its error."""
        began = time.perf_counter()
        try:
            self.put(name, await action())
        except Exception as error:
            self.put(name, error=f"{type(error).__name__}: {error}")
        self.seconds[name] = time.perf_counter() - began


async def copy_through(tab, clipboard: asyncio.Lock, press) -> str:
    """Clear the clipboard, ``press`` (a coroutine function) and read what it copied.

    ``clipboard`` is held meanwhile: headless Chromium has one clipboard for all its
    contexts, so two pages copying at once would read each other's text.
    """
    async with clipboard:
        await tab.evaluate("(s) => navigator.clipboard.writeText(s)", SENTINEL)
        await press()
        copied = await visits.wait_until(
            tab, CLIPBOARD_CHANGED, "a copy to the clipboard", SENTINEL
        )
        return await copied.json_value()


# Open every collapsed block ("??? note"), as a reader does before copying from it.
OPEN_DETAILS = script("open-details.js")


async def press_copy_buttons(tab, clipboard: asyncio.Lock) -> dict:
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
        event["copied"] = await copy_through(
            tab, clipboard, functools.partial(button.click, force=True)
        )
        if copying.is_doctest(event["shown"]):

            async def select(code=code):
                await code.evaluate(SELECT_AND_COPY)

            event["selected"] = await copy_through(tab, clipboard, select)
    cells = []
    inputs = tab.locator(f"{ARTICLE} .jp-CodeCell .jp-InputArea")
    for index in range(await inputs.count()):
        cell = inputs.nth(index)
        shown = await cell.locator(".highlight-ipynb pre, pre").first.inner_text()
        button = cell.locator("clipboard-copy")
        copied = None
        if await button.count():
            copied = await copy_through(
                tab, clipboard, functools.partial(button.first.click, force=True)
            )
        cells.append({"number": index + 1, "shown": shown, "copied": copied})
    return {"events": found["events"], "cells": cells, "strays": found["strays"]}


async def search_for(tab, word: str, wanted: str) -> list[str]:
    """Type ``word`` into the search box as a reader does; return the pages listed."""
    box = tab.locator("input.md-search__input")
    await box.click()
    await box.press_sequentially(word, delay=20)  # the search reacts to keys
    listed = script("search-results.js")
    # Results come per keystroke: wait for the chapter, not for the first result.
    # Result links carry the highlight query (?h=word) and, for sections, a fragment.
    with contextlib.suppress(visits.NeverHappenedError):  # the test reports what was listed
        await visits.wait_until(
            tab, f"(wanted) => ({listed})().includes(wanted)", f"{wanted} in the results", wanted
        )
    return sorted(set(await tab.evaluate(listed)))


@dataclasses.dataclass
class Settings:
    base_url: str
    screenshots: pathlib.Path | None  # None: take none
    clipboard: asyncio.Lock | None = None  # made by survey(), inside its event loop


async def survey_view(browser, page: Page, scheme: str, width: str, settings: Settings):
    """Visit ``page`` once in one scheme and width, and collect every check's evidence."""
    view = View()
    options = {"viewport": WIDTHS[width], "color_scheme": scheme}
    if width == "phone":
        options |= {"is_mobile": True, "has_touch": True}
    if (scheme, width) == FULL:
        options["permissions"] = ["clipboard-read", "clipboard-write"]
        # As a reader may ask: the theme then turns its transitions off, so each of the
        # view's many hovers and copy tooltips paints once instead of animating. The checks
        # read end states, the same either way; the other views keep the motion.
        options["reduced_motion"] = "reduce"
    context = await browser.new_context(**options)
    context.set_default_timeout(visits.WAIT_MS)
    try:
        tab = await context.new_page()
        url = settings.base_url + page.path
        began = time.perf_counter()
        try:
            searches = (scheme, width) == search_view(page)
            loaded = await visits.open_and_settle(tab, url, SCHEMES[scheme], search=searches)
        except visits.NeverHappenedError as error:
            view.put("load", error=str(error))
            return view
        except Exception as error:  # a crash of the page or the browser: reported, not raised
            view.put("load", error=f"{type(error).__name__}: {error}")
            return view
        view.put("load", loaded)
        view.seconds["load"] = time.perf_counter() - began
        await view.take("images", lambda: tab.evaluate(IMAGES))
        await view.take("layout", lambda: tab.evaluate(LAYOUT))
        if (scheme, width) in AXE_VIEWS:  # the page as loaded: before copying and searching
            if (scheme, width) == FULL:
                await view.take("axe", lambda: accessibility.run_all(tab))
            else:
                colours = accessibility.COLOUR_RULES
                await view.take("axe", lambda: accessibility.run_axe(tab, rules=colours))
        if (scheme, width) == FULL:
            await content_steps(tab, view, settings)
        if searches:
            await search_steps(tab, view, page, settings)
        if settings.screenshots is not None:
            shot = settings.screenshots / f"{page.slug}-{scheme}-{width}.png"
            await view.take("screenshot", lambda: _screenshot(tab, shot))
        if (scheme, width) == FULL and faint_tokens_tried(page):  # last: it spoils the page
            await view.take("faint tokens axe", lambda: _axe_on_faint_tokens(tab))
        return view
    finally:
        await context.close()


async def content_steps(tab, view: View, settings: Settings) -> None:
    """The steps that read the content, taken on the full view only."""
    await view.take("nav", lambda: tab.evaluate(NAV_RAW_MATH))
    await view.take("formulas", lambda: tab.locator(ARTICLE).evaluate(FORMULAS))
    await view.take("links", lambda: tab.evaluate(LINKS))
    await view.take("copy", lambda: press_copy_buttons(tab, settings.clipboard))


def search_view(page: Page) -> tuple[str, str] | None:
    """The one view a chapter is searched for on: the desktop views take turns down the
    nav, so each scheme's search is seen on half the chapters; Home is not searched."""
    chapters = [p for p in nav_pages() if p.path]
    return AXE_VIEWS[chapters.index(page) % len(AXE_VIEWS)] if page in chapters else None


def results_judged(page: Page) -> bool:
    """Whether axe-core judges the search results listed on this chapter's search: on the
    first chapter searched in each scheme. The results panel is one component, the same
    markup and colours whatever the word, so once per scheme judges it; every chapter is
    still searched for, and must be listed."""
    chapters = [p for p in nav_pages() if p.path]
    return page in chapters[: len(AXE_VIEWS)]


async def search_steps(tab, view: View, page: Page, settings: Settings) -> None:
    """Search for the chapter's title word, then run axe-core on the results it lists."""
    wanted = urllib.parse.urljoin(settings.base_url, page.path)
    word = title_word(page.title)
    await view.take("search", lambda: _searched(tab, word, wanted))
    if view.steps["search"].error is None and results_judged(page):
        await view.take("search axe", lambda: _axe_on_settled_results(tab))


# Resolves once the results have stayed the same, with no transition or animation running,
# for a quarter of a second: results arrive per keystroke and fade in, and axe-core must
# judge the colours a reader ends up seeing, not a frame of the fade.
RESULTS_SETTLED = script("results-settled.js")


def faint_tokens_tried(page: Page) -> bool:
    """Whether this page's full view also proves that the colour rules still see code tokens
    though they judge one per look (accessibility.py): on the first Markdown page with a
    Python block."""
    with_code = (
        p for p in nav_pages() if not p.is_notebook and "```python" in p.source.read_text("utf-8")
    )
    return page == next(with_code)


# Turns one kind of code token nearly as pale as the code's background; returns its class.
FAINT_TOKEN = script("faint-token.js")


async def _axe_on_faint_tokens(tab) -> dict:
    kind = await tab.evaluate(FAINT_TOKEN)
    if kind is None:
        return {"class": None, "found": []}
    return {
        "class": kind,
        "found": await accessibility.run_axe(tab, rules=accessibility.COLOUR_RULES),
    }


async def _axe_on_settled_results(tab) -> list[dict]:
    await visits.evaluate_bounded(tab, RESULTS_SETTLED, "the search results settling")
    return await accessibility.run_axe(tab, accessibility.SEARCH_RESULTS)


async def _screenshot(tab, path: pathlib.Path) -> str:
    await tab.screenshot(path=path, full_page=True)
    return str(path)


async def _searched(tab, word: str, wanted: str) -> dict:
    return {"word": word, "wanted": wanted, "listed": await search_for(tab, word, wanted)}


def title_word(title: str) -> str:
    """The longest word of a title (the most telling one to search for)."""
    words = re.findall(r"[^\W\d_]+", title)
    return max(words, key=len) if words else title


@dataclasses.dataclass
class Survey:
    """Every page's views."""

    views: dict[tuple[str, str, str], View]

    def view(self, page: Page, scheme: str, width: str) -> View:
        return self.views[(page.slug, scheme, width)]


async def survey(browser_type, executable: str, args, pages, settings: Settings) -> Survey:
    """Visit every page in every view, a few at a time."""
    settings = dataclasses.replace(settings, clipboard=asyncio.Lock())
    browser = await browser_type.launch(executable_path=executable, args=args, headless=True)
    tabs = asyncio.Semaphore(TABS)
    views: dict[tuple[str, str, str], View] = {}

    async def one(page: Page, scheme: str, width: str) -> None:
        async with tabs:
            try:
                seen = await survey_view(browser, page, scheme, width, settings)
            except Exception as error:  # the browser failed us: this view's tests say so
                seen = View()
                seen.put("load", error=f"the visit broke off: {type(error).__name__}: {error}")
            views[(page.slug, scheme, width)] = seen

    try:
        # Page by page, its views in turn: the tabs then rarely both wait on the clipboard
        # (only the full view copies), as they did when all the full views came first.
        await asyncio.gather(*(one(p, s, w) for p in pages for s, w in VIEWS))
    finally:
        await browser.close()
    return Survey(views)
