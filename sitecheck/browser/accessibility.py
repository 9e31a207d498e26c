"""axe-core on a page, and what it may still find.

The site's own palette and CSS (docs/assets/stylesheets/a11y.css) and two small scripts
(katex-init.js, a11y.js) fix what axe-core reports. ALLOWED lists what only the theme could
fix, each entry scoped to one rule and one element, with its reason; keep it short.

axe-core itself comes from axe-playwright-python's copy (``axe.min.js``); it is put in a page
once and run there by js/axe-run.js.
"""

import pathlib

import axe_playwright_python

from sitecheck.browser.visits import script

IMPACTS = {"serious", "critical"}

# (rule, the node's axe selector) -> why it stays. Empty: nothing needs excusing today.
ALLOWED: dict[tuple[str, str], str] = {}

SEARCH_RESULTS = ".md-search__output"  # the theme's search results, once a word is typed

# The rules that read colours. In code blocks they judge one element per look (axe-run.js):
# a block's highlighted tokens, thousands on a page, share a few dozen looks, and judging each
# token took most of the browser suite's time.
COLOUR_RULES = ("color-contrast", "link-in-text-block")

AXE_CORE = pathlib.Path(axe_playwright_python.__file__).with_name("axe.min.js")
RUN = script("axe-run.js")


async def run_axe(tab, within: str | None = None, rules=None, skip=()) -> list[dict]:
    """The serious and critical violations on the page, or ``within`` the elements that
    selector names: rule, impact, nodes' selectors.

    ``rules``: run only these (all if None); ``skip``: not these. Where only colour rules run,
    on the whole page, they judge one code element per look (see axe-run.js).
    """
    if not await tab.evaluate("typeof window.axe === 'object'"):
        await tab.evaluate(AXE_CORE.read_text(encoding="utf-8"))
    # Only violations are read, so only they are asked for: axe-core then describes one node
    # per passing rule instead of every node.
    options: dict = {"resultTypes": ["violations"]}
    if rules is not None:
        options["runOnly"] = {"type": "rule", "values": list(rules)}
    if skip:
        options["rules"] = {rule: {"enabled": False} for rule in skip}
    sample = within is None and rules is not None and set(rules) <= set(COLOUR_RULES)
    violations = await tab.evaluate(
        RUN, {"within": within, "options": options, "sampleCode": sample}
    )
    found = []
    for violation in violations:
        if violation["impact"] not in IMPACTS:
            continue
        nodes = [{"target": n["target"], "html": n["html"][:120]} for n in violation["nodes"]]
        found.append({"rule": violation["id"], "impact": violation["impact"], "nodes": nodes})
    return found


async def run_all(tab) -> list[dict]:
    """Every rule on the page: the colour rules in one run (sampling code), the rest in another."""
    return await run_axe(tab, skip=COLOUR_RULES) + await run_axe(tab, rules=COLOUR_RULES)


def unexcused(violations: list[dict]) -> list[dict]:
    """The violations left once ALLOWED's rule-and-element pairs are taken out."""
    left = []
    for violation in violations:
        nodes = [n for n in violation["nodes"] if (violation["rule"], n["target"]) not in ALLOWED]
        if nodes:
            left.append(violation | {"nodes": nodes})
    return left
