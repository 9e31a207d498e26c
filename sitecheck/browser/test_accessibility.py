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


def test_the_colour_rules_still_see_every_kind_of_code_token(faint_chapter, evidence):
    """The colour rules judge one code element per look (accessibility.py). Made nearly as
    pale as its background, one kind of token must then be reported, by an element of it."""
    seen = evidence(faint_chapter, survey.FULL, "faint tokens axe")
    assert seen["class"], f"{faint_chapter.path or '/'}: no highlighted code token with a word"
    marked = f'class="{seen["class"]}"'
    contrast = [v for v in seen["found"] if v["rule"] == "color-contrast"]
    assert contrast, f"{faint_chapter.path or '/'}: faint .{seen['class']} tokens were not reported"
    assert any(marked in node["html"] for node in contrast[0]["nodes"]), contrast


def assert_none_left(found: list[dict], where: str) -> None:
    left = accessibility.unexcused(found)
    report = [
        f"{v['rule']} ({v['impact']}, {len(v['nodes'])} nodes): "
        + ", ".join(n["target"] for n in v["nodes"][:SHOWN_NODES])
        for v in left
    ]
    assert not left, f"{where}: axe-core found\n" + "\n".join(report)
