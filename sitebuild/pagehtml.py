"""What the site adds to a page's HTML: the downloads bar under its title, and, on notebook
pages, the template's CDN scripts taken out (the site renders formulas with its bundled KaTeX).
"""

import posixpath
import re

from sitebuild import downloads, tutorial

MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)
MERMAID = re.compile(r'<script type="module">\s*document\.addEventListener.*?</script>', re.S)
HEADING_END = "</h1>"


def downloads_bar(stem: str, page_url: str, wheel: str) -> str:
    """The paragraph of a page's downloads, and its link to the tutorial's section if any."""

    def href(name: str) -> str:  # page addresses are folders ("name/"), Home's is ""
        return posixpath.relpath(f"{downloads.FOLDER}/{name}", page_url or ".")

    items = [f'<a href="{href(stem + ".ipynb")}" download>this page as a notebook (.ipynb)</a>']
    if stem in downloads.SCRIPTS:
        items.append(f'<a href="{href(stem + ".py")}" download>the script {stem}.py</a>')
    if stem == "index":
        items.append(f'<a href="{href(wheel)}" download>the package, {wheel}</a>')
    bar = f'<p class="sinefit-downloads">Download: {" · ".join(items)}'
    address = tutorial.link(stem)
    if address is not None:
        followed = f"the section of {tutorial.TITLE} this chapter follows"
        bar += f'<br>The original: <a href="{address}">{followed}</a>'
    return bar + "</p>"


def under_title(content: str, html: str) -> str:
    """``content`` with ``html`` put right after its title (the first ``</h1>``)."""
    position = content.find(HEADING_END)
    if position < 0:
        raise ValueError("no title (<h1>) to put the downloads under")
    position += len(HEADING_END)
    return content[:position] + html + content[position:]


def without_cdn_scripts(output: str) -> str:
    """A notebook page's HTML without mkdocs-jupyter's MathJax and mermaid scripts.

    If the template changes and the markers are not found, this raises rather than quietly
    shipping a page that calls out to a CDN.
    """
    output, found = MATHJAX.subn("", output)
    if found != 1:
        raise ValueError("mkdocs-jupyter's MathJax block was not found")
    output = MERMAID.sub("", output)
    if "cdnjs" in output or "cdn.jsdelivr" in output:
        raise ValueError("a script from a CDN is still on the page")
    return output
