"""Opening a page in headless Chromium and waiting for what the checks need, never for a time.

Every wait is for a condition the page itself announces: the search panel leaves its
"Initializing search" state once the theme's search worker has loaded the index and
answered (mkdocs-material 9's search/result component writes its first result text only
after the worker's READY message), and a view that does not search waits for the worker's
fetch of the index to finish; katex-init.js, doctest-copy.js and a11y.js mark the
page's content element when they are done; images are decoded; fonts are ready. Each wait
is bounded and, when the condition never comes, says which one.
"""

import asyncio
import dataclasses
import pathlib

WAIT_MS = 60_000  # for any one condition: generous, since a busy machine only slows it down


class NeverHappenedError(Exception):
    """A condition the page should reach, and did not within its bound."""


@dataclasses.dataclass
class Recording:
    """Everything the page's loading did, as seen from outside the page."""

    status: int | None = None
    requests: list[str] = dataclasses.field(default_factory=list)
    index_fetched: asyncio.Event = dataclasses.field(default_factory=asyncio.Event)
    console_errors: list[str] = dataclasses.field(default_factory=list)
    failures: list[str] = dataclasses.field(default_factory=list)


def record(tab) -> Recording:
    """Start recording the tab's requests, failures and console errors."""
    seen = Recording()

    def answered(response):
        if response.status >= 400:
            seen.failures.append(f"{response.url}: HTTP {response.status}")

    def console(message):
        if message.type == "error":
            seen.console_errors.append(f"{message.text} (at {message.location['url']})")

    def finished(request):
        if request.url.endswith(SEARCH_INDEX):
            seen.index_fetched.set()

    tab.on("request", lambda request: seen.requests.append(request.url))
    tab.on("requestfinished", finished)
    tab.on("requestfailed", lambda r: seen.failures.append(f"{r.url}: {r.failure}"))
    tab.on("response", answered)
    tab.on("console", console)
    tab.on("pageerror", lambda error: seen.console_errors.append(f"uncaught: {error}"))
    return seen


async def wait_until(tab, expression: str, what: str, arg=None, timeout_ms: int = WAIT_MS):
    """Wait for a JavaScript predicate to hold; ``what`` names it when it never does."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    try:
        return await tab.wait_for_function(expression, arg=arg, timeout=timeout_ms)
    except PlaywrightTimeout:
        raise NeverHappenedError(
            f"{what} never happened within {timeout_ms / 1000:.0f} s"
        ) from None


async def evaluate_bounded(tab, expression: str, what: str, arg=None, timeout_ms: int = WAIT_MS):
    """Evaluate a JavaScript expression that may await (a promise), within a bound."""
    try:
        return await asyncio.wait_for(tab.evaluate(expression, arg), timeout_ms / 1000)
    except TimeoutError:
        raise NeverHappenedError(
            f"{what} never happened within {timeout_ms / 1000:.0f} s"
        ) from None


SEARCH_INDEX = "/search/search_index.json"  # what Material's search worker fetches first
# The page's own marks (see docs/assets/javascripts): each script marks the content element.
JS = pathlib.Path(__file__).parent / "js"


def script(name: str) -> str:
    """A function the checks run in the page, kept as JavaScript in sitecheck/browser/js/."""
    return (JS / name).read_text(encoding="utf-8")


MARKED = script("marked.js")
SEARCH_READY = script("search-ready.js")
# Decode every image (a rejected decode is a broken image, reported by the checks).
IMAGES_DECODED = script("images-decoded.js")


async def open_and_settle(tab, url: str, scheme: str, search: bool = True) -> Recording:
    """Load ``url`` and wait until it is ready to be judged; return what loading did.

    ``scheme``: the theme's colour scheme the page must show ("default" or "slate").
    ``search``: wait until the search is ready to be typed into; otherwise only until the
    search worker has fetched its index (what every view checks).
    """
    seen = record(tab)
    response = await tab.goto(url, wait_until="load")
    seen.status = response.status if response else None
    if seen.status != 200:
        raise NeverHappenedError(
            f"{url} answered HTTP {seen.status}: is the built site up to date?"
        )
    await wait_until(tab, MARKED, "KaTeX's rendering (data-katex on the content)", "katex")
    await wait_until(tab, MARKED, "doctest-copy.js's preparation", "doctestCopy")
    await wait_until(tab, MARKED, "a11y.js's fixes", "a11y")
    await wait_until(
        tab,
        "(scheme) => document.body.dataset.mdColorScheme === scheme",
        f"the {scheme!r} colour scheme",
        scheme,
    )
    if search:
        await wait_until(tab, SEARCH_READY, "the search worker's readiness (index loaded)")
    else:
        try:
            await asyncio.wait_for(seen.index_fetched.wait(), WAIT_MS / 1000)
        except TimeoutError:
            raise NeverHappenedError(
                f"the search worker's fetch of {SEARCH_INDEX} never finished within "
                f"{WAIT_MS / 1000:.0f} s"
            ) from None
    await evaluate_bounded(tab, IMAGES_DECODED, "decoding the images")
    await evaluate_bounded(tab, "document.fonts.ready.then(() => true)", "the fonts' loading")
    return seen
