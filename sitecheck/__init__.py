"""The checks of a built site, apart from the build (``sitebuild/``).

* :mod:`sitecheck.downloads` (``nox -s downloads``): every chapter script and notebook the
  site offers, run as a reader runs them, in fresh environments (:mod:`sitecheck.environments`);
* :mod:`sitecheck.browser` (``nox -s site``): every page in headless Chromium.
"""
