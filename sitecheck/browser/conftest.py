"""The built site, served on 127.0.0.1 and opened in headless Chromium.

These tests check what a reader's browser does with the site that ``mkdocs build`` wrote;
they are not part of ``nox -s tests`` (they need Chromium). ``nox -s site`` builds the site
and runs them. Settings, all from the environment:

* ``SINEFIT_SITE_DIR``: the built site (default ``site/``);
* ``SINEFIT_CHROMIUM``: the Chromium executable (default ``chromium`` on ``PATH``, then
  ``/usr/bin/chromium``); playwright drives it, and never downloads a browser of its own;
* ``SINEFIT_SCREENSHOTS``: a folder to save a full-page screenshot of every view in, for a
  reviewer's eyes (none are taken without it: they are not a check, and cost a third of
  the browser's time).

The pages checked are the navigation of ``mkdocs.yml``, read afresh each run. Each page is
visited once per colour scheme and width (survey.py); the tests read what those visits
collected, so a page is judged on its state once it is ready, never after a fixed wait.
"""

import asyncio
import functools
import http.server
import os
import pathlib
import shutil
import threading
import time

import pytest

from sitecheck.browser import survey
from sitecheck.browser.sitepages import ROOT, nav_pages

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
    """Parametrize by the navigation's pages (``page``; ``chapter``: all but Home;
    ``markdown_page``: all but the notebook pages; ``results_chapter``: the chapters whose
    search results axe-core judges; ``faint_chapter``: the one whose code tokens are made
    faint), and by the views: ``view`` (every scheme
    and width) and ``axe_view`` (the schemes on desktop)."""
    pages = nav_pages()
    for name, chosen in (
        ("page", pages),
        ("chapter", [p for p in pages if p.path]),
        ("markdown_page", [p for p in pages if not p.is_notebook]),
        ("results_chapter", [p for p in pages if survey.results_judged(p)]),
        ("faint_chapter", [p for p in pages if survey.faint_tokens_tried(p)]),
    ):
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, chosen, ids=[p.slug for p in chosen])
    for name, views in (("view", survey.VIEWS), ("axe_view", survey.AXE_VIEWS)):
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, views, ids=["-".join(v) for v in views])


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
def screenshot_dir() -> pathlib.Path | None:
    chosen = os.environ.get("SINEFIT_SCREENSHOTS", "").strip()
    if not chosen:
        return None
    folder = pathlib.Path(chosen)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _wanted_pages(session) -> list:
    """The pages the selected tests are about (all of them, unless ``-k`` narrowed it)."""
    slugs = set()
    for item in session.items:
        params = getattr(item, "callspec", None)
        for name in ("page", "chapter", "markdown_page", "results_chapter", "faint_chapter"):
            if params is not None and name in params.params:
                slugs.add(params.params[name].slug)
    return [p for p in nav_pages() if p.slug in slugs]


@pytest.fixture(scope="session")
def surveyed(request, base_url, screenshot_dir) -> survey.Survey:
    """Every selected page visited in every view: the tests' evidence."""
    from playwright.async_api import async_playwright

    settings = survey.Settings(base_url=base_url, screenshots=screenshot_dir)
    pages = _wanted_pages(request.session)

    async def everything():
        async with async_playwright() as playwright:
            return await survey.survey(
                playwright.chromium, chromium_executable(), CHROMIUM_ARGS, pages, settings
            )

    began = time.perf_counter()
    found = asyncio.run(everything())
    TIMES["survey"] = time.perf_counter() - began
    TIMES["views"] = found.views
    return found


TIMES: dict = {}  # the survey's wall time and views, for the summary below


def pytest_terminal_summary(terminalreporter):
    """Where the browser's time went: the survey's wall time, and each step's total."""
    if "survey" not in TIMES:
        return
    totals: dict[str, float] = {}
    for view in TIMES["views"].values():
        for step, seconds in view.seconds.items():
            totals[step] = totals.get(step, 0.0) + seconds
    steps = ", ".join(f"{step} {seconds:.0f} s" for step, seconds in sorted(totals.items()))
    terminalreporter.write_line(
        f"browser survey: {TIMES['survey']:.0f} s wall, {len(TIMES['views'])} views; "
        f"summed over views (they overlap, {survey.TABS} at a time): {steps}"
    )


@pytest.fixture(scope="session")
def evidence(surveyed):
    """``evidence(page, view, step)``: one step's evidence from one view of a page. The test
    fails if the step could not be done (the page never loaded, a condition never came),
    saying why and where."""

    def get(page, view, step: str):
        where = f"{page.path or '/'} ({' '.join(view)})"
        seen = surveyed.view(page, *view)
        loaded = seen.steps["load"]
        if loaded.error:
            pytest.fail(f"{where}: {loaded.error}")
        if step not in seen.steps:
            pytest.fail(f"{where}: the survey took no {step!r} step on this view")
        found = seen.steps[step]
        if found.error:
            pytest.fail(f"{where}: {step}: {found.error}")
        return found.value

    return get
