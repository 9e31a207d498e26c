"""Every page loads cleanly and shows its formulas, images and links (see conftest.py)."""

import functools
import html.parser
import re
import urllib.error
import urllib.parse
import urllib.request

from sitecheck.browser import survey
from sitecheck.browser.sitepages import same_origin
from sitecheck.browser.sources import code_cells_of, count_formulas, markdown_of

FULL = survey.FULL


def test_page_loads_cleanly(page, view, evidence, base_url):
    """HTTP 200, no console error, no failed request, no request to another host, and the
    search index fetched (the visit waited for the search worker's fetch, or its readiness)."""
    seen = evidence(page, view, "load")
    where = f"{page.path or '/'} ({' '.join(view)})"
    assert seen.status == 200, f"{where} answered HTTP {seen.status}"
    assert not seen.console_errors, f"{where}: console errors:\n" + "\n".join(seen.console_errors)
    assert not seen.failures, f"{where}: failed requests:\n" + "\n".join(seen.failures)
    elsewhere = [
        url
        for url in seen.requests
        if not same_origin(url, base_url) and not url.startswith(("data:", "blob:"))
    ]
    assert not elsewhere, f"{where}: requests to other hosts:\n" + "\n".join(elsewhere)
    assert any(url.endswith("/search/search_index.json") for url in seen.requests), (
        f"{where}: the visit waited for search, yet its index was never requested"
    )


def test_navigation_shows_no_raw_math(page, evidence):
    """A heading's formula reappears in the navigation and table of contents: typeset there."""
    raw = evidence(page, FULL, "nav")
    assert not raw, f"{page.path or '/'}: raw formulas in the navigation: {sorted(set(raw))}"


def test_formulas_rendered(page, evidence):
    """Every formula is typeset by KaTeX: none left raw, none in error, none missing."""
    found = evidence(page, FULL, "formulas")
    where = page.path or "/"
    text = found["text"]
    for delimiter in ("$$", "\\(", "\\["):
        at = text.find(delimiter)
        assert at < 0, f"{where}: raw {delimiter} in the text: …{text[max(0, at - 60) : at + 60]}…"
    assert not found["errors"], f"{where}: KaTeX could not typeset: {found['errors']}"
    assert not found["unrendered"], f"{where}: formulas not typeset: {found['unrendered']}"
    assert not found["padded"], f"{where}: display formulas with blank space around them:\n" + (
        "\n".join(found["padded"])
    )
    expected = count_formulas(markdown_of(page))
    assert found["rendered"] >= expected, (
        f"{page.source.name} holds {expected} formulas, the browser typeset {found['rendered']}"
    )


def test_images_loaded(page, view, evidence):
    """Every image, notebook plots included, has been decoded with a non-zero width."""
    images = evidence(page, view, "images")
    where = f"{page.path or '/'} ({' '.join(view)})"
    broken = [i["src"] for i in images if not (i["complete"] and i["width"] > 0)]
    assert not broken, f"{where}: images that did not load: {broken}"
    if page.is_notebook and any(re.search(r"\bplot|plt\.|\bfig", c) for c in code_cells_of(page)):
        assert any(i["plot"] for i in images), (
            f"{page.source.name} draws a figure, but the page shows no plot"
        )


class _Anchors(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.names: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key == "id" or (tag == "a" and key == "name"):
                self.names.add(value)


@functools.cache
def fetch(url: str) -> tuple[int, frozenset[str]]:
    """HTTP status of a same-site address, and the ids its HTML defines."""
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            status, body, kind = answer.status, answer.read(), answer.headers.get_content_type()
    except urllib.error.HTTPError as error:
        return error.code, frozenset()
    parser = _Anchors()
    if kind == "text/html":
        parser.feed(body.decode("utf-8"))
    return status, frozenset(parser.names)


def test_links_resolve(page, evidence, base_url):
    """Every link within the site reaches a page (HTTP 200) and, if it names one, an anchor."""
    found = evidence(page, FULL, "links")
    here = urllib.parse.urljoin(base_url, page.path)
    ids = set(found["ids"])
    broken = []
    for href, text in found["links"]:
        if not same_origin(href, base_url):
            continue
        target, _, fragment = href.partition("#")
        fragment = urllib.parse.unquote(fragment)
        if target == here:
            if fragment and fragment not in ids:
                broken.append(f"{text[:30]!r} -> #{fragment}: no such anchor on this page")
            continue
        status, names = fetch(target)
        if status != 200:
            broken.append(f"{text[:30]!r} -> {target}: HTTP {status}")
        elif fragment and fragment not in names:
            broken.append(f"{text[:30]!r} -> {target}#{fragment}: no such anchor there")
    assert found["links"], f"{page.path or '/'} has no links at all"
    assert not broken, f"{page.path or '/'}: broken links:\n" + "\n".join(broken)


def test_search_finds_chapter(chapter, evidence):
    """Typing a word of a chapter's title into the search box lists that chapter."""
    found = evidence(chapter, survey.search_view(chapter), "search")
    assert found["wanted"] in found["listed"], (
        f"searching {found['word']!r} listed {found['listed']}, not {found['wanted']}"
    )
