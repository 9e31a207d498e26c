"""``mkdocs serve`` only: reuse a notebook page's outputs until it or the package changes.

mkdocs-jupyter can cache a notebook's executed HTML, keyed on the notebook's own text; but
a notebook page's outputs also depend on the package it imports and the data it reads, so
the site turns that cache off (``cache: false`` in ``mkdocs.yml``) and every build executes
every notebook. While serving, that made each edit of any page wait for all three notebooks
(35.6 s measured). Here the cache is turned on for ``serve`` alone, in a folder named after
a hash of the package and its data (the speed recordings): change either, and the folder is
new, so every notebook runs again; change one notebook, and mkdocs-jupyter's own key runs that
one again.
"""

import hashlib
import pathlib

PLUGIN = "mkdocs-jupyter"
INPUTS = ("sinefit/**/*.py", "sinefit/**/*.json")
"""What a notebook page's outputs depend on besides its own text: the package and its data."""


def inputs_hash(root: pathlib.Path) -> str:
    """A hash of every file in :data:`INPUTS`: their paths and their contents."""
    hasher = hashlib.sha256()
    for pattern in INPUTS:
        for path in sorted(root.glob(pattern)):
            if path.is_file():
                hasher.update(path.relative_to(root).as_posix().encode())
                hasher.update(path.read_bytes())
    return hasher.hexdigest()[:16]


def cache_notebooks(config, root: pathlib.Path) -> pathlib.Path:
    """Turn on mkdocs-jupyter's cache in a folder keyed on :func:`inputs_hash`; return it."""
    folder = root / ".cache" / "serve-notebooks" / inputs_hash(root)
    plugin = config["plugins"][PLUGIN]
    plugin.config["cache"] = True
    plugin.config["cache_dir"] = str(folder)
    return folder
