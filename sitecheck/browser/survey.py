"""One visit per page, colour scheme and width; every check's evidence collected on it.

The tests (test_*.py) only read what a survey collected. A survey opens a few pages at a
time in their own browser contexts. A step that fails is kept as that step's error: the
checks that need it fail with the message, the other checks of the page still run.

The steps that act as a reader does live beside it: pressing the copy buttons
(:mod:`sitecheck.browser.clipboard`) and searching (:mod:`sitecheck.browser.searching`).
"""

import asyncio
import dataclasses
import os
import pathlib
import time
import urllib.parse

from sitecheck.browser import accessibility, clipboard, searching, visits
from sitecheck.browser.sitepages import ARTICLE, DESKTOP, Page, nav_pages
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

# Scripts run in the page, one per kind of evidence.
NAV_RAW_MATH = script("nav-raw-math.js")
FORMULAS = script("formulas.js")
IMAGES = script("images.js")
LINKS = script("links.js")
LAYOUT = script("layout.js")


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
    await view.take("copy", lambda: clipboard.press_copy_buttons(tab, settings.clipboard))


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
    word = searching.title_word(page.title)
    await view.take("search", lambda: searching.searched(tab, word, wanted))
    if view.steps["search"].error is None and results_judged(page):
        await view.take("search axe", lambda: searching.judge_results(tab))


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


async def _screenshot(tab, path: pathlib.Path) -> str:
    await tab.screenshot(path=path, full_page=True)
    return str(path)


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
