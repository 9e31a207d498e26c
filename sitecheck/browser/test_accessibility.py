"""axe-core finds no serious or critical violation on any page, in either colour scheme, nor in
the search results a chapter's title word lists."""

from sitecheck.browser import accessibility, survey

SHOWN_NODES = 4  # selectors named per rule in a failure message


def test_no_serious_violations(page, axe_view, evidence):
    """Every page, light and dark, on desktop: nothing serious or critical, beyond the
    short, scoped allow-list in accessibility.py (dark: the rules that read colours)."""
    found = evidence(page, axe_view, "axe")
    assert_none_left(found, f"{page.path or '/'} ({' '.join(axe_view)})")


def test_search_results_have_no_serious_violations(results_chapter, evidence):
    """The results listed for the chapter's title word, in the scheme it is searched in:
    once per scheme (see survey.search_view and survey.results_judged)."""
    view = survey.search_view(results_chapter)
    found = evidence(results_chapter, view, "search axe")
    assert_none_left(found, f"{results_chapter.path}: search results ({' '.join(view)})")


def assert_none_left(found: list[dict], where: str) -> None:
    left = accessibility.unexcused(found)
    report = [
        f"{v['rule']} ({v['impact']}, {len(v['nodes'])} nodes): "
        + ", ".join(n["target"] for n in v["nodes"][:SHOWN_NODES])
        for v in left
    ]
    assert not left, f"{where}: axe-core found\n" + "\n".join(report)
