"""axe-core finds no serious or critical violation on any page, in either colour scheme."""

import accessibility

SHOWN_NODES = 4  # selectors named per rule in a failure message


def test_no_serious_violations(page, axe_view, evidence):
    """Every page, light and dark, on desktop: nothing serious or critical, beyond the
    short, scoped allow-list in accessibility.py."""
    left = accessibility.unexcused(evidence(page, axe_view, "axe"))
    report = [
        f"{v['rule']} ({v['impact']}, {len(v['nodes'])} nodes): "
        + ", ".join(n["target"] for n in v["nodes"][:SHOWN_NODES])
        for v in left
    ]
    assert not left, f"{page.path or '/'} ({' '.join(axe_view)}): axe-core found\n" + "\n".join(
        report
    )
