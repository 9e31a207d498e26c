"""The pages of the site: mkdocs.yml's navigation, each with its source and its address."""

import dataclasses
import functools
import pathlib
import re
import urllib.parse

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
DESKTOP = {"width": 1280, "height": 800}


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


class _Loader(yaml.SafeLoader):
    """YAML loader for mkdocs.yml that reads mkdocs's own tags (``!relative``, ``!ENV``) as None."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


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


def _walk(entries, docs: pathlib.Path):
    for entry in entries:
        if isinstance(entry, str):
            title, target = None, entry
        else:
            ((title, target),) = entry.items()
        if isinstance(target, list):
            yield from _walk(target, docs)
        elif "://" not in target:
            source = docs / target
            yield Page(title or _first_heading(source), source, _site_path(target))


@functools.cache
def nav_pages() -> tuple[Page, ...]:
    """Every page in mkdocs.yml's navigation, in order."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    docs = ROOT / config.get("docs_dir", "docs")
    return tuple(_walk(config["nav"], docs))


def same_origin(url: str, base_url: str) -> bool:
    parts, base = urllib.parse.urlsplit(url), urllib.parse.urlsplit(base_url)
    return (parts.scheme, parts.netloc) == (base.scheme, base.netloc)
