"""axe-core on a page (through axe-playwright-python), and what it may still find.

The site's own palette and CSS (docs/assets/stylesheets/a11y.css) and two small scripts
(katex-init.js, a11y.js) fix what axe-core reports. ALLOWED lists what only the theme could
fix, each entry scoped to one rule and one element, with its reason; keep it short.
"""

IMPACTS = {"serious", "critical"}

# (rule, the node's axe selector) -> why it stays. Empty: nothing needs excusing today.
ALLOWED: dict[tuple[str, str], str] = {}


SEARCH_RESULTS = ".md-search__output"  # the theme's search results, once a word is typed


async def run_axe(tab, within: str | None = None, rules=None) -> list[dict]:
    """The serious and critical violations on the page, or ``within`` the elements that
    selector names: rule, impact, nodes' selectors. ``rules``: run only these (all if None)."""
    from axe_playwright_python.async_playwright import Axe

    context = None if within is None else {"include": [[within]]}
    # Only violations are read, so only they are asked for: axe-core then describes one node
    # per passing rule instead of every node (thousands of highlighted code tokens).
    options = {"resultTypes": ["violations"]}
    if rules is not None:
        options["runOnly"] = {"type": "rule", "values": list(rules)}
    results = await Axe().run(tab, context=context, options=options)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in IMPACTS:
            continue
        nodes = [
            {"target": " ".join(map(str, node["target"])), "html": node["html"][:120]}
            for node in violation["nodes"]
        ]
        found.append({"rule": violation["id"], "impact": violation["impact"], "nodes": nodes})
    return found


def unexcused(violations: list[dict]) -> list[dict]:
    """The violations left once ALLOWED's rule-and-element pairs are taken out."""
    left = []
    for violation in violations:
        nodes = [n for n in violation["nodes"] if (violation["rule"], n["target"]) not in ALLOWED]
        if nodes:
            left.append(violation | {"nodes": nodes})
    return left
