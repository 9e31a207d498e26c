"""The site's search, used as a reader uses it: type a word, read the pages it lists.

The survey (:mod:`sitecheck.browser.survey`) decides on which view each chapter is searched for;
this module types, waits for the results and, where asked, lets axe-core judge them.
"""

import contextlib
import re

from sitecheck.browser import accessibility, visits
from sitecheck.browser.visits import script

# The addresses of the pages the results panel lists.
LISTED = script("search-results.js")


async def search_for(tab, word: str, wanted: str) -> list[str]:
    """Type ``word`` into the search box as a reader does; return the pages listed."""
    box = tab.locator("input.md-search__input")
    await box.click()
    await box.press_sequentially(word, delay=20)  # the search reacts to keys
    listed = LISTED
    # Results come per keystroke: wait for the chapter, not for the first result.
    # Result links carry the highlight query (?h=word) and, for sections, a fragment.
    with contextlib.suppress(visits.NeverHappenedError):  # the test reports what was listed
        await visits.wait_until(
            tab, f"(wanted) => ({listed})().includes(wanted)", f"{wanted} in the results", wanted
        )
    return sorted(set(await tab.evaluate(listed)))


async def searched(tab, word: str, wanted: str) -> dict:
    """What searching for ``word`` listed, with the word and the page wanted among them."""
    return {"word": word, "wanted": wanted, "listed": await search_for(tab, word, wanted)}


def title_word(title: str) -> str:
    """The longest word of a title (the most telling one to search for)."""
    words = re.findall(r"[^\W\d_]+", title)
    return max(words, key=len) if words else title


# Resolves once the results have stayed the same, with no transition or animation running,
# for a quarter of a second: results arrive per keystroke and fade in, and axe-core must
# judge the colours a reader ends up seeing, not a frame of the fade.
RESULTS_SETTLED = script("results-settled.js")


async def judge_results(tab) -> list[dict]:
    """axe-core's violations in the results panel, once the results have settled."""
    await visits.evaluate_bounded(tab, RESULTS_SETTLED, "the search results settling")
    return await accessibility.run_axe(tab, accessibility.SEARCH_RESULTS)
