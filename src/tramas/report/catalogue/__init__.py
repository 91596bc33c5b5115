"""The report's texts, one module per language, each a ``TEXTS`` dict with the same keys.

To add a language, copy ``en.py`` to ``<code>.py``, translate the values (keep the
``{placeholders}`` and tags), and register it in :data:`tramas.report.i18n.CATALOGUE`
and :data:`tramas.report.i18n.SEPARATORS`.
"""

from tramas.report.catalogue import en, es

__all__ = ["en", "es"]
