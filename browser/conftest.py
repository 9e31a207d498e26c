"""The built site, served on 127.0.0.1 and opened in headless Chromium.

These tests check what a reader's browser does with the site that ``mkdocs build`` wrote;
they are not part of ``nox -s tests`` (they need Chromium). ``nox -s site`` builds the site
and runs them. Settings, all from the environment:

* ``SINEFIT_SITE_DIR``: the built site (default ``site/``);
* ``SINEFIT_CHROMIUM``: the Chromium executable (default ``chromium`` on ``PATH``, then
  ``/usr/bin/chromium``); playwright drives it, and never downloads a browser of its own;
* ``SINEFIT_SCREENSHOTS``: where the screenshots go (default ``.screenshots/``).

The pages checked are the navigation of ``mkdocs.yml``, read afresh each run.
"""

import dataclasses
import functools
import http.server
import os
import pathlib
import shutil
import threading

import pytest
from sitepages import DESKTOP, ROOT, Page, nav_pages

TIMEOUT_MS = 10_000  # for any one browser action: a local site answers in well under that
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_generate_tests(metafunc):
    """Parametrize every test that takes ``page`` (or ``chapter``) by the navigation."""
    if "page" in metafunc.fixturenames:
        pages = nav_pages()
        metafunc.parametrize("page", pages, ids=[p.slug for p in pages])
    if "chapter" in metafunc.fixturenames:
        chapters = [p for p in nav_pages() if p.path]
        metafunc.parametrize("chapter", chapters, ids=[p.slug for p in chapters])


@pytest.fixture(scope="session")
def site_dir() -> pathlib.Path:
    folder = pathlib.Path(os.environ.get("SINEFIT_SITE_DIR", ROOT / "site")).resolve()
    if not (folder / "index.html").is_file():
        pytest.fail(
            f"no built site in {folder}: run `nox -s site` (it builds first), "
            "or build with mkdocs and point SINEFIT_SITE_DIR at the folder"
        )
    return folder


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def base_url(site_dir):
    """The site, served from its folder on 127.0.0.1 at a free port, for the whole run."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


def chromium_executable() -> str:
    chosen = os.environ.get("SINEFIT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not pathlib.Path(chosen).is_file():
        pytest.fail(
            f"no Chromium at {chosen}: install Debian's `chromium` package, "
            "or set SINEFIT_CHROMIUM to a Chromium executable"
        )
    return chosen


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_executable(), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshot_dir() -> pathlib.Path:
    folder = pathlib.Path(os.environ.get("SINEFIT_SCREENSHOTS", ROOT / ".screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclasses.dataclass
class Visit:
    """An open page and everything its loading did."""

    tab: object  # playwright's Page
    status: int | None
    requests: list[str]
    console_errors: list[str]
    failures: list[str]


def open_page(browser, url: str, wait_until: str = "networkidle", **options) -> Visit:
    """Open ``url`` in a fresh browser context, recording every request, failure and error.

    Returns once the page has loaded (by default: once the network has been idle for
    half a second, so that late requests such as the search index are seen too) and its
    fonts are ready.
    """
    context = browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    record = Visit(tab, None, [], [], [])

    def failed(request):
        record.failures.append(f"{request.url}: {request.failure}")

    def answered(response):
        if response.status >= 400:
            record.failures.append(f"{response.url}: HTTP {response.status}")

    def console(message):
        if message.type == "error":
            record.console_errors.append(f"{message.text} (at {message.location['url']})")

    tab.on("request", lambda request: record.requests.append(request.url))
    tab.on("requestfailed", failed)
    tab.on("response", answered)
    tab.on("console", console)
    tab.on("pageerror", lambda error: record.console_errors.append(f"uncaught: {error}"))
    response = tab.goto(url, wait_until=wait_until)
    record.status = response.status if response else None
    if record.status != 200:
        context.close()
        pytest.fail(f"{url} answered HTTP {record.status}: is the built site up to date?")
    tab.evaluate("document.fonts.ready.then(() => true)")
    return record


@pytest.fixture(scope="session")
def opened(browser, base_url):
    """``opened(page)``: the page, loaded once per run at desktop width, shared by the checks
    that only read it (and the copy buttons, which only write the clipboard)."""
    visits: dict[Page, Visit] = {}

    def get(page: Page) -> Visit:
        if page not in visits:
            visits[page] = open_page(
                browser,
                base_url + page.path,
                viewport=DESKTOP,
                permissions=["clipboard-read", "clipboard-write"],
            )
        return visits[page]

    yield get
    for seen in visits.values():
        seen.tab.context.close()


@pytest.fixture
def visit(browser, base_url):
    """``visit(page, **context_options)``: the page in a fresh context of its own, loaded
    (the ``load`` event, then fonts), closed after the test."""
    contexts = []

    def get(page: Page, **options) -> Visit:
        seen = open_page(browser, base_url + page.path, wait_until="load", **options)
        contexts.append(seen.tab.context)
        return seen

    yield get
    for context in contexts:
        context.close()
