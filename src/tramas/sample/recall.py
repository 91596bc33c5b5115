"""Free-recall answers of the sample: reported ties written as respondents write names.

Each tie of the edge list becomes a name in ``recall.csv`` (wide form): the exact name, an
alias, or a messy variant -- case changed, accents dropped, a legal suffix added, dropped
or swapped, punctuation changed, an extra space, a one-character typo. A variant is kept
only if it still resolves to its actor alone (token-set ratio >= 90 after normalisation,
every other actor at least 3 points lower), the rule ``docs/data-format.md`` documents;
otherwise the lower-cased name is used. A few names of no actor
(:data:`tramas.sample.cluster.UNRESOLVED_NAMES`) are added to some answers.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from tramas.sample import cluster as C

__all__ = ["NameIndex", "messy_name", "normalise_name", "recall_answers"]

_LEGAL_TOKENS = frozenset({"sa", "sas", "sac", "srl", "ltda", "cia", "inc", "llc", "gmbh", "spa",
                           "ltd", "co", "sl", "sau", "plc", "sarl", "ag"})  # fmt: skip
_SUFFIX = re.compile(r"\s*(&\s*)?(S\.A\.|S\.R\.L\.|Ltda\.|Cía\.|Inc\.|S\.p\.A\.)$")


def normalise_name(name: str) -> str:
    """Lower case, no accents, no punctuation, no legal suffixes, single spaces.

    Examples
    --------
    >>> normalise_name("  Bodegas  Ñandú S.A.")
    'bodegas nandu'
    """
    s = unicodedata.normalize("NFKD", str(name))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[^\w\s]", " ", re.sub(r"[.']", "", s))
    return " ".join(t for t in s.split() if t not in _LEGAL_TOKENS)


class NameIndex:
    """Token-set ratio of a free-text name against every actor's name, aliases and id."""

    def __init__(self, actors: pd.DataFrame) -> None:
        owners, strings = [], []
        for actor_id, row in actors.iterrows():
            for text in [row["name"], actor_id, *str(row["aliases"] or "").split(";")]:
                if str(text).strip():
                    owners.append(actor_id)
                    strings.append(normalise_name(text))
        self.ids, self._owner = np.unique(owners, return_inverse=True)
        self.strings = strings

    def scores(self, name: str) -> pd.Series:
        """Best score of ``name`` per actor id (0-100)."""
        raw = process.cdist([normalise_name(name)], self.strings, scorer=fuzz.token_set_ratio)
        best = np.zeros(len(self.ids))
        np.maximum.at(best, self._owner, raw[0])
        return pd.Series(best, index=self.ids)

    def resolves(self, name: str, actor_id: str) -> bool:
        """Whether ``name`` matches ``actor_id`` (>= 90) and no other actor within 3 points."""
        scores = self.scores(name)
        return scores[actor_id] >= 90 and scores.drop(actor_id).max() < scores[actor_id] - 3


def messy_name(name: str, rng: np.random.Generator) -> str:
    """One or two everyday distortions of an organisation name."""
    out = name
    for op in rng.choice(7, size=int(rng.integers(1, 3)), replace=False):
        if op == 0:
            out = out.lower()
        elif op == 1:
            out = out.upper()
        elif op == 2:
            out = unicodedata.normalize("NFKD", out)
            out = "".join(c for c in out if not unicodedata.combining(c))
        elif op == 3:  # legal suffix dropped, swapped or added
            base = _SUFFIX.sub("", out)
            if base == out or rng.random() >= 0.5:
                base = f"{base} {C.LEGAL_SUFFIXES[rng.integers(len(C.LEGAL_SUFFIXES))]}"
            out = base
        elif op == 4:
            if rng.random() < 0.5:
                out = out.replace(".", "").replace("&", "y")
            else:
                out = out.replace(" ", ", ", 1)
        elif op == 5:  # an extra space before one word, and a trailing one
            words = out.split(" ")
            k = int(rng.integers(len(words)))
            out = " ".join([*words[:k], " " + words[k], *words[k + 1 :]]) + " "
        elif len(normalise_name(out)) >= 15:  # one-character typo inside the longest word
            words = out.split(" ")
            k = max(range(len(words)), key=lambda i: len(words[i]))
            w = words[k]
            i = int(rng.integers(1, len(w) - 1))
            swapped = w[:i] + w[i + 1] + w[i] + w[i + 2 :]
            words[k] = swapped if rng.random() < 0.5 else w[:i] + w[i + 1 :]
            out = " ".join(words)
    return out


def recall_answers(
    ties: pd.DataFrame,
    actors: pd.DataFrame,
    names: NameIndex,
    eligible: set[str],
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """Write reported ties as wide free-recall answers.

    Parameters
    ----------
    ties:
        Reported ties (``source`` = respondent) with ``relation``, ``wave``, ``weight``.
    actors:
        Actors table indexed by id (``name``, ``aliases``).
    names:
        :class:`NameIndex` of ``actors``.
    eligible:
        Respondents whose knowledge answers may carry an unresolvable name.
    rng:
        Random generator.

    Returns
    -------
    recall : DataFrame
        ``respondent, relation, wave, name1, weight1, ..., nameK, weightK``.
    unresolved : list of dict
        Where each name of no actor was added (``name, respondent, relation, wave``).
    """
    rows: list[dict[str, Any]] = []
    for (wave, rel, ego), grp in ties.groupby(["wave", "relation", "source"], sort=True):
        written = [_render(t, actors, names, rng) for t in grp["target"]]
        pairs = list(zip(written, grp["weight"].tolist(), strict=True))
        rows.append({"respondent": ego, "relation": rel, "wave": wave, "names": pairs})
    know = [
        i
        for i, r in enumerate(rows)
        if r["relation"] == "knowledge" and r["respondent"] in eligible
    ]
    unresolved = []
    extra = [*C.UNRESOLVED_NAMES, C.UNRESOLVED_NAMES[0]]
    for name, i in zip(extra, rng.choice(know, size=len(extra), replace=False), strict=True):
        rows[i]["names"].append((name, int(rng.integers(1, 3))))
        unresolved.append(
            {"name": name, **{k: rows[i][k] for k in ("respondent", "relation", "wave")}}
        )
    k = max(len(r["names"]) for r in rows)
    wide = []
    for r in rows:
        cells = {"respondent": r["respondent"], "relation": r["relation"], "wave": r["wave"]}
        for j in range(k):
            name, w = r["names"][j] if j < len(r["names"]) else ("", None)
            cells[f"name{j + 1}"], cells[f"weight{j + 1}"] = name, w
        wide.append(cells)
    recall = pd.DataFrame(wide)
    for j in range(k):
        recall[f"weight{j + 1}"] = recall[f"weight{j + 1}"].astype("Int64")
    return recall, unresolved


def _render(actor_id: str, actors: pd.DataFrame, names: NameIndex, rng) -> str:
    """How a respondent writes one actor's name."""
    row = actors.loc[actor_id]
    u = rng.random()
    aliases = [a for a in str(row["aliases"]).split(";") if a]
    if u < 0.35:
        return row["name"]
    if u < 0.5 and aliases:
        return aliases[rng.integers(len(aliases))]
    candidate = messy_name(row["name"], rng)
    return candidate if names.resolves(candidate, actor_id) else row["name"].lower()
