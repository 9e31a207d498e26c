"""Site-build code (not part of the sinefit package): what the mkdocs hooks add to the site.

* :mod:`sitebuild.pages`: the page format, read in one place (also by the checks and tests);
* :mod:`sitebuild.notebook`: a Markdown page as a Jupyter notebook;
* :mod:`sitebuild.downloads`: the notebooks, scripts and wheel under ``downloads/``;
* :mod:`sitebuild.pagehtml`: the downloads bar, and notebook pages without CDN scripts;
* :mod:`sitebuild.figures`: the Markdown pages' figures, drawn by :mod:`sinefit.plot`;
* :mod:`sitebuild.tutorial`: links to PyTorch's "Learning PyTorch with Examples";
* :mod:`sitebuild.stamp`: the versions and date that built each page;
* :mod:`sitebuild.serving`: ``mkdocs serve`` reuses notebook outputs until their inputs change.

The checks of a built site live apart, in ``sitecheck/``.
"""
