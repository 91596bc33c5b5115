"""Resolving free-recall organisation names against the actors' names and aliases.

Respondents write names as they remember them: ``bodega los andes sa``, ``BODEGA LOS
ANDES S.A.``, ``Bodega Los Ándes``. Names are first normalised (case, accents,
punctuation, spaces, legal-form suffixes) and compared exactly, then fuzzily with
RapidFuzz's token-set ratio. A name resolves only to a unique best candidate; the rest
go to a review file with their candidates.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz, process

__all__ = ["LEGAL_SUFFIXES", "Match", "NameMatcher", "normalize_name"]

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


def normalize_name(name: str) -> str:
    """``'Bodega Los Ándes S.A.'`` -> ``'bodega los andes'``.

    Lower case, accents removed, ``&`` read as ``y``, punctuation dropped (dots inside
    abbreviations joined: ``S.R.L.`` -> ``srl``), spaces collapsed, and trailing legal
    forms (:data:`LEGAL_SUFFIXES`) removed.
    """
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower()
    text = text.replace("&", " y ")
    text = re.sub(r"(?<=\b[a-z])\.(?=[a-z]\b)", "", text)  # s.r.l -> srl
    text = re.sub(r"(?<=\b[a-z])\.(?=[a-z]\b)", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    stripped = _SUFFIX_RE.sub("", " " + text).strip()
    return stripped or text


@dataclass(frozen=True)
class Match:
    """The outcome of resolving one name: ``status`` is resolved, ambiguous or unresolved."""

    name: str
    status: str
    actor_id: str | None = None
    score: float = 0.0
    candidates: tuple[tuple[str, float], ...] = ()

    def candidates_text(self) -> str:
        return "; ".join(f"{a} ({s:.0f})" for a, s in self.candidates)


class NameMatcher:
    """Resolve names to actor ids.

    Parameters
    ----------
    actors:
        Actors table indexed by id, with ``name`` and optionally ``aliases``
        (``;``-separated).
    threshold:
        Lowest RapidFuzz token-set ratio (0–100) accepted for a fuzzy match.
    margin:
        A fuzzy best match must beat the best match of any *other* actor by more than
        this many points, or the name is ambiguous.
    """

    def __init__(
        self, actors: pd.DataFrame, *, threshold: float = 90.0, margin: float = 3.0
    ) -> None:
        self.threshold = threshold
        self.margin = margin
        self._exact: dict[str, set[str]] = {}
        keys: list[str] = []
        owners: list[str] = []
        for actor_id, row in actors.iterrows():
            names = [str(actor_id)]
            if "name" in actors.columns and str(row.get("name", "") or "").strip():
                names.append(str(row["name"]))
            if "aliases" in actors.columns:
                names += [a for a in str(row.get("aliases", "") or "").split(";") if a.strip()]
            for n in names:
                key = normalize_name(n)
                if not key:
                    continue
                self._exact.setdefault(key, set()).add(str(actor_id))
                keys.append(key)
                owners.append(str(actor_id))
        self._ids = {str(i) for i in actors.index}
        self._keys = keys
        self._owners = owners

    def resolve(self, name: str) -> Match:
        raw = str(name).strip()
        if raw in self._ids:
            return Match(raw, "resolved", raw, 100.0)
        key = normalize_name(raw)
        exact = self._exact.get(key, set())
        if len(exact) == 1:
            return Match(raw, "resolved", next(iter(exact)), 100.0)
        if len(exact) > 1:
            return Match(raw, "ambiguous", None, 100.0, tuple((a, 100.0) for a in sorted(exact)))
        hits = process.extract(key, self._keys, scorer=fuzz.token_set_ratio, limit=12)
        best: dict[str, float] = {}
        for _key, score, idx in hits:
            owner = self._owners[idx]
            # token-set ratio is 100 for a subset ("bodega" in "bodega los andes"):
            # temper it with the plain ratio so short fragments do not win
            adjusted = min(score, (score + fuzz.ratio(key, _key)) / 2 + 10)
            best[owner] = max(best.get(owner, 0.0), adjusted)
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        top = tuple((a, round(s, 1)) for a, s in ranked[:3])
        if not ranked or ranked[0][1] < self.threshold:
            return Match(raw, "unresolved", None, ranked[0][1] if ranked else 0.0, top)
        if len(ranked) > 1 and ranked[0][1] - ranked[1][1] <= self.margin:
            return Match(raw, "ambiguous", None, ranked[0][1], top)
        return Match(raw, "resolved", ranked[0][0], ranked[0][1], top)
