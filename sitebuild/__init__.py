"""Site-build code (not part of the sinefit package): what the mkdocs hooks add to the site.

* :mod:`sitebuild.notebook`: a Markdown page as a Jupyter notebook;
* :mod:`sitebuild.downloads`: the notebooks, scripts and wheel under ``downloads/``;
* :mod:`sitebuild.tutorial`: links to PyTorch's "Learning PyTorch with Examples";
* :mod:`sitebuild.stamp`: the versions and date that built each page;
* :mod:`sitebuild.serving`: ``mkdocs serve`` reuses notebook outputs until their inputs change;
* :mod:`sitebuild.check`: CI's check that the downloads run (``nox -s downloads``).
"""
