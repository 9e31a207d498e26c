"""The pages of the site: mkdocs.yml's navigation, each with its source and its address."""

import dataclasses
import functools
import pathlib
import re
import urllib.parse

from sitebuild import pages

ROOT = pathlib.Path(__file__).resolve().parents[2]
DESKTOP = {"width": 1280, "height": 800}
ARTICLE = "article.md-content__inner"  # the page's own content, without nav and header


@dataclasses.dataclass(frozen=True)
class Page:
    """One page of the navigation: its title, its source file and its address in the site."""

    title: str
    source: pathlib.Path
    path: str  # relative to the site root: "" for the home page, "name/" for the others

    @property
    def is_notebook(self) -> bool:
        return self.source.suffix in {".py", ".ipynb"}

    @property
    def slug(self) -> str:
        return self.path.strip("/").replace("/", "-") or "home"


def _site_path(source: str) -> str:
    """The address mkdocs gives a source file (``use_directory_urls``, the default)."""
    stem = pathlib.PurePosixPath(source).with_suffix("")
    if stem.name in {"index", "README"}:
        return "" if str(stem.parent) == "." else f"{stem.parent}/"
    return f"{stem}/"


def _first_heading(source: pathlib.Path) -> str:
    """The page's own title, for nav entries that give none."""
    for line in source.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(?:# )?# (.+)", line)
        if match:
            return match.group(1).strip()
    return source.stem


@functools.cache
def nav_pages() -> tuple[Page, ...]:
    """Every page in mkdocs.yml's navigation, in order."""
    docs = ROOT / pages.config(ROOT).get("docs_dir", "docs")
    return tuple(
        Page(title or _first_heading(docs / target), docs / target, _site_path(target))
        for title, target in pages.nav(ROOT)
    )


def same_origin(url: str, base_url: str) -> bool:
    parts, base = urllib.parse.urlsplit(url), urllib.parse.urlsplit(base_url)
    return (parts.scheme, parts.netloc) == (base.scheme, base.netloc)
