"""Every page of the built site checked in headless Chromium (``nox -s site``).

A survey (:mod:`sitecheck.browser.survey`) visits each page once per view and collects the
evidence; the ``test_*`` modules only read it. The functions run inside the page are
JavaScript files in ``js/``.
"""
