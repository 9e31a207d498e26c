"""The chapters' standalone scripts, one file a chapter, as the site offers them for download.

Each file is the tutorial's shape (constants, ``start``, ``train``, ``log`` and a
``__main__`` that runs it) and imports only NumPy and torch, never ``sinefit``: a reader
runs it with ``python <stem>.py``. The package module of the same name
(``sinefit.<stem>``) imports it and adds ``fit`` and the analysis.
"""
