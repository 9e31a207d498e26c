"""Every page of the navigation, as headless Chromium shows it (see conftest.py)."""

import functools
import html.parser
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sitepages import DESKTOP, Page, same_origin

ARTICLE = "article.md-content__inner"
SEARCH_TIMEOUT_MS = 15_000


# ---------------------------------------------------------------------------------------
# Formulas in a page's source
# ---------------------------------------------------------------------------------------

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
COMMENT = re.compile(r"<!--.*?-->", re.S)
CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
DISPLAY = re.compile(r"(?<!\\)\$\$.+?(?<!\\)\$\$", re.S)
# pymdownx.arithmatex's inline rule: no space just inside either dollar, no escaped dollar.
INLINE = re.compile(r"(?<!\\)\$(?!\s)(?:\\.|[^\\$])+?(?<!\s)\$")


def prose(markdown: str) -> str:
    """The Markdown with fenced code, inline code and HTML comments taken out."""
    kept, fence = [], None
    for line in markdown.splitlines():
        match = FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
        elif fence is not None:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
        else:
            kept.append(line)
    text = COMMENT.sub("", "\n".join(kept))
    return CODE_SPAN.sub("", text)


def count_formulas(markdown: str) -> int:
    """How many formulas the Markdown holds: $$…$$ displays and $…$ inline ones."""
    text = prose(markdown)
    displays = len(DISPLAY.findall(text))
    text = DISPLAY.sub(" ", text)
    inline = sum(len(INLINE.findall(paragraph)) for paragraph in re.split(r"\n\s*\n", text))
    return displays + inline


def markdown_of(page: Page) -> str:
    """The Markdown a page is written in: the file, or a notebook's Markdown cells."""
    if not page.is_notebook:
        return page.source.read_text(encoding="utf-8")
    import jupytext

    notebook = jupytext.read(page.source)
    return "\n\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")


def code_cells_of(page: Page) -> list[str]:
    import jupytext

    return [c.source for c in jupytext.read(page.source).cells if c.cell_type == "code"]


# ---------------------------------------------------------------------------------------
# Other pages of the site, fetched as plain files (for links into them)
# ---------------------------------------------------------------------------------------


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
        with urllib.request.urlopen(url, timeout=10) as answer:
            status, body, kind = answer.status, answer.read(), answer.headers.get_content_type()
    except urllib.error.HTTPError as error:
        return error.code, frozenset()
    parser = _Anchors()
    if kind == "text/html":
        parser.feed(body.decode("utf-8"))
    return status, frozenset(parser.names)


def normalise(text: str) -> str:
    """Code text compared line by line, trailing spaces and blank end lines ignored."""
    return "\n".join(line.rstrip() for line in text.replace("\xa0", " ").splitlines()).strip("\n")


# ---------------------------------------------------------------------------------------
# The checks
# ---------------------------------------------------------------------------------------


def test_page_loads_cleanly(page, opened, base_url):
    """HTTP 200, no console error, no failed request, no request to another host."""
    seen = opened(page)
    assert seen.status == 200, f"{page.path or '/'} answered HTTP {seen.status}"
    assert not seen.console_errors, "console errors:\n" + "\n".join(seen.console_errors)
    assert not seen.failures, "failed requests:\n" + "\n".join(seen.failures)
    elsewhere = [
        url
        for url in seen.requests
        if not same_origin(url, base_url) and not url.startswith(("data:", "blob:"))
    ]
    assert not elsewhere, "requests to other hosts:\n" + "\n".join(elsewhere)
    assert any(url.endswith("/search/search_index.json") for url in seen.requests), (
        "the search index was never requested: is the page's JavaScript running?"
    )


VISIBLE_PROSE = """
(article) => {
  const skip = "pre, code, script, style, .katex, .clipboard-copy-txt, [hidden]";
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  const parts = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.closest(skip)) parts.push(node.textContent);
  }
  return parts.join("");
}
"""


def test_navigation_shows_no_raw_math(page, opened):
    """A heading's formula reappears in the navigation and table of contents: typeset there."""
    seen = opened(page)
    raw = seen.tab.evaluate(
        r"""() => [...document.querySelectorAll(".md-nav__link")].map((link) => {
             const clone = link.cloneNode(true);
             clone.querySelectorAll(".katex").forEach((k) => k.remove());
             return clone.textContent.trim();
           }).filter((text) => /\\\(|\\\[|\$/.test(text))"""
    )
    assert not raw, f"raw formulas in the navigation: {sorted(set(raw))}"


def test_formulas_rendered(page, opened):
    """Every formula is typeset by KaTeX: none left raw, none in error, none missing."""
    seen = opened(page)
    article = seen.tab.locator(ARTICLE)
    text = article.evaluate(VISIBLE_PROSE)
    for delimiter in ("$$", "\\(", "\\["):
        where = text.find(delimiter)
        assert where < 0, f"raw {delimiter} in the text: …{text[max(0, where - 60) : where + 60]}…"
    errors = article.locator(".katex-error").all_text_contents()
    assert not errors, f"KaTeX could not typeset: {errors}"
    unrendered = article.evaluate(
        """(a) => [...a.querySelectorAll(".arithmatex")]
                  .filter((m) => !m.querySelector(".katex")).map((m) => m.textContent)"""
    )
    assert not unrendered, f"formulas left to arithmatex, not typeset: {unrendered}"
    # A display formula takes the room of KaTeX's box and margins, no blank lines around it.
    padded = article.evaluate(
        """(a) => [...a.querySelectorAll("div.arithmatex")].flatMap((div) => {
             const box = div.querySelector(".katex-display");
             if (!box) return [];
             const style = getComputedStyle(box);
             const own = box.getBoundingClientRect().height
               + parseFloat(style.marginTop) + parseFloat(style.marginBottom);
             const extra = div.getBoundingClientRect().height - own;
             const tex = (div.querySelector("annotation") ?? div).textContent.trim();
             return extra > 4 ? [`${Math.round(extra)} px around ${tex.slice(0, 50)}`]
                              : [];
           })"""
    )
    assert not padded, "display formulas with blank space around them:\n" + "\n".join(padded)
    expected = count_formulas(markdown_of(page))
    rendered = article.locator(".katex").count()
    assert rendered >= expected, (
        f"{page.source.name} holds {expected} formulas, the browser typeset {rendered}"
    )


def test_images_loaded(page, opened):
    """Every image, notebook plots included, has loaded with a non-zero width."""
    seen = opened(page)
    images = seen.tab.locator("img")
    broken = []
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        image.evaluate("(i) => i.complete || new Promise((ok) => i.addEventListener('load', ok))")
        width = image.evaluate("(i) => i.naturalWidth")
        if not width:
            broken.append((image.get_attribute("src") or "")[:80])
    assert not broken, f"images that did not load: {broken}"
    if page.is_notebook and any(re.search(r"\bplot|plt\.|\bfig", c) for c in code_cells_of(page)):
        plots = seen.tab.locator(f"{ARTICLE} .jp-OutputArea-output img").count()
        assert plots, f"{page.source.name} draws a figure, but the page shows no plot"


def copy_and_read(tab, button) -> str:
    tab.evaluate("navigator.clipboard.writeText('(clipboard untouched)')")
    button.click()
    return tab.evaluate("navigator.clipboard.readText()")


def test_code_copies(page, opened):
    """Every code block has a copy button, and the button copies that block's code."""
    seen = opened(page)
    tab = seen.tab
    problems = []
    blocks = tab.locator(f"{ARTICLE} pre > code")
    for index in range(blocks.count()):
        code = blocks.nth(index)
        pre = code.locator("xpath=..")
        button = pre.locator("button.md-code__button")
        if not button.count():
            problems.append(
                f"code block {index + 1} has no copy button: {code.inner_text()[:60]!r}"
            )
            continue
        pre.hover()
        copied = copy_and_read(tab, button.first)
        if normalise(copied) != normalise(code.inner_text()):
            problems.append(f"code block {index + 1} copied {copied[:60]!r}")
    # Notebook pages: each input cell carries mkdocs-jupyter's own <clipboard-copy> element.
    cells = tab.locator(f"{ARTICLE} .jp-CodeCell .jp-InputArea")
    for index in range(cells.count()):
        cell = cells.nth(index)
        code = cell.locator(".highlight-ipynb pre, pre").first
        button = cell.locator("clipboard-copy")
        if not button.count():
            problems.append(f"notebook cell {index + 1} has no copy button")
            continue
        cell.hover()
        copied = copy_and_read(tab, button.first)
        if normalise(copied) != normalise(code.inner_text()):
            problems.append(f"notebook cell {index + 1} copied {copied[:60]!r}")
    others = tab.locator(ARTICLE).evaluate(
        """(a) => [...a.querySelectorAll("pre")].filter((pre) => !pre.querySelector(":scope > code")
                  && !pre.closest(".jp-InputArea, .jp-OutputArea-output"))
                  .map((pre) => pre.textContent.slice(0, 60))"""
    )
    problems += [f"a <pre> that is neither a code block nor an output: {t!r}" for t in others]
    assert not problems, "\n".join(problems)


def test_links_resolve(page, opened, base_url):
    """Every link within the site reaches a page (HTTP 200) and, if it names one, an anchor."""
    seen = opened(page)
    links = seen.tab.evaluate(
        "() => [...document.querySelectorAll('a[href]')].map((a) => [a.href, a.textContent.trim()])"
    )
    here = urllib.parse.urljoin(base_url, page.path)
    broken = []
    for href, text in links:
        if not same_origin(href, base_url):
            continue
        target, _, fragment = href.partition("#")
        fragment = urllib.parse.unquote(fragment)
        if target == here:
            found = not fragment or seen.tab.evaluate(
                "(f) => !!(document.getElementById(f) || document.getElementsByName(f).length)",
                fragment,
            )
            if not found:
                broken.append(f"{text[:30]!r} -> #{fragment}: no such anchor on this page")
            continue
        status, names = fetch(target)
        if status != 200:
            broken.append(f"{text[:30]!r} -> {target}: HTTP {status}")
        elif fragment and fragment not in names:
            broken.append(f"{text[:30]!r} -> {target}#{fragment}: no such anchor there")
    assert links, "the page has no links at all"
    assert not broken, "broken links:\n" + "\n".join(broken)


def title_word(title: str) -> str:
    """The longest word of a title (the most telling one to search for)."""
    words = re.findall(r"[^\W\d_]+", title)
    assert words, f"the title {title!r} has no word to search for"
    return max(words, key=len)


def test_search_finds_chapter(chapter, visit, base_url):
    """Typing a word of a chapter's title into the search box lists that chapter."""
    tab = visit(Page("Home", chapter.source, ""), viewport=DESKTOP).tab
    word = title_word(chapter.title)
    box = tab.locator("input.md-search__input")
    box.click()
    box.press_sequentially(word, delay=20)  # the search reacts to keys, as a reader types
    wanted = urllib.parse.urljoin(base_url, chapter.path)
    # Results come per keystroke, so wait for the chapter rather than for the first result.
    # Result links carry the highlight query (?h=word) and, for sections, a fragment.
    listed = """() => [...document.querySelectorAll("a.md-search-result__link")]
                      .map((a) => a.origin + a.pathname)"""
    try:
        tab.wait_for_function(
            f"(wanted) => ({listed})().includes(wanted)", arg=wanted, timeout=SEARCH_TIMEOUT_MS
        )
    except PlaywrightTimeout:
        pages = sorted(set(tab.evaluate(listed)))
        pytest.fail(f"searching {word!r} listed {pages}, not {wanted}")


PALETTES = {"light": "default", "dark": "slate"}
WIDTHS = {"desktop": DESKTOP, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("palette", PALETTES)
@pytest.mark.parametrize("width", WIDTHS)
def test_screenshot(page, palette, width, visit, screenshot_dir):
    """A full-page screenshot in each palette at each width, for a reviewer's eyes."""
    options = {"viewport": WIDTHS[width], "color_scheme": palette}
    if width == "phone":
        options |= {"is_mobile": True, "has_touch": True}
    tab = visit(page, **options).tab
    scheme = PALETTES[palette]
    for _ in range(len(PALETTES)):
        if tab.evaluate("document.body.dataset.mdColorScheme") == scheme:
            break
        tab.locator("form[data-md-component=palette] label:not([hidden])").first.click()
    assert tab.evaluate("document.body.dataset.mdColorScheme") == scheme
    overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px at {width} width"
    clipped = tab.evaluate(
        """() => [...document.querySelectorAll(".katex-display, .jp-OutputArea-output img")]
                 .filter((el) => {
                   const box = el.getBoundingClientRect();
                   const frame = el.parentElement.closest("div.arithmatex, .jp-OutputArea-output")
                     ?? document.documentElement;
                   return box.left < frame.getBoundingClientRect().left - 1;
                 }).map((el) => (el.textContent || el.src).slice(0, 40))"""
    )
    assert not clipped, f"formulas or plots cut off on the left at {width} width: {clipped}"
    path = screenshot_dir / f"{page.slug}-{palette}-{width}.png"
    tab.screenshot(path=path, full_page=True)
    assert path.stat().st_size > 0
