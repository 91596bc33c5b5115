"""Organisation names as they are compared: case, accents, punctuation and legal forms.

Free-recall matching (:mod:`tramas.ingest.matching`) and the anonymising of interview
quotes (:mod:`tramas.graph.evidence`) both compare names after :func:`normalize_name`.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["LEGAL_SUFFIXES", "fold_accents", "normalize_name"]

#: legal-form words dropped before comparing names (after accents and dots are removed)
LEGAL_SUFFIXES: tuple[str, ...] = (
    "sa",
    "sas",
    "sac",
    "saa",
    "saic",
    "saci",
    "srl",
    "sl",
    "spa",
    "ltda",
    "ltd",
    "limitada",
    "cia",
    "compania",
    "y cia",
    "inc",
    "llc",
    "llp",
    "gmbh",
    "ag",
    "bv",
    "nv",
    "plc",
    "corp",
    "co",
    "eirl",
    "sca",
    "scs",
    "de cv",
    "sa de cv",
    "sociedad anonima",
    "coop",
    "ltda.",
)
_SUFFIX_RE = re.compile(
    r"(?:\s+(?:"
    + "|".join(sorted((re.escape(s) for s in LEGAL_SUFFIXES), key=len, reverse=True))
    + r"))+$"
)


def fold_accents(text: object) -> str:
    """``'Ándes Ñandú'`` -> ``'Andes Nandu'``: accents and other marks dropped."""
    return unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()


def normalize_name(name: str) -> str:
    """``'Bodega Los Ándes S.A.'`` -> ``'bodega los andes'``.

    Lower case, accents removed, ``&`` read as ``y``, punctuation dropped (dots inside
    abbreviations joined: ``S.R.L.`` -> ``srl``), spaces collapsed, and trailing legal
    forms (:data:`LEGAL_SUFFIXES`) removed. Abbreviations are kept (see
    :func:`expand_abbreviations`).
    """
    text = fold_accents(name).lower()
    text = text.replace("&", " y ")
    text = re.sub(r"(?<=\b[a-z])\.(?=[a-z]\b)", "", text)  # s.r.l -> srl
    text = re.sub(r"(?<=\b[a-z])\.(?=[a-z]\b)", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    stripped = _SUFFIX_RE.sub("", " " + text).strip()
    return stripped or text
