"""Interview evidence on ties: the quotes that back a tie, and quotes without real names.

A tie may carry a ``data_source`` (``survey``, ``interview``, ...) and an ``evidence``
quote, what a respondent said about it. :func:`evidence_ties` selects the ties that carry
one; :class:`QuoteRedactor` rewrites a quote for an anonymised map or report, replacing
every actor's name, alias and id by the actor's anonymous code
(:func:`tramas.graph.anonymize.anonymize_ids`) and flagging quotes that still look like
they name an actor (a word found in one actor's name only), so callers can leave them
out rather than risk a real name.

Names are matched as the free-recall matcher compares them
(:func:`tramas.graph.names.normalize_name`): case, accents, punctuation and a
trailing legal form (``S.A.``, ``S.R.L.``, ``Ltda.``...) do not matter.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from tramas.graph.names import LEGAL_SUFFIXES, normalize_name
from tramas.graph.network import Network

__all__ = ["QuoteRedactor", "Redacted", "evidence_ties"]

_TOKEN = re.compile(r"[^\W_]+|&")
#: A word of one actor's name this long or longer, left in a redacted quote with a
#: capital initial, makes the quote unsafe to show.
_DISTINCTIVE = 4


def evidence_ties(
    network: Network,
    relations: str | Sequence[str] | None = None,
    wave: str | None = "all",
) -> pd.DataFrame:
    """The ties of ``relations`` and ``wave`` that carry an evidence quote.

    ``wave`` follows :meth:`tramas.graph.Network.view` (``None``: the latest wave,
    ``"all"``: every wave). Returns ``source``, ``target``, ``relation``, ``wave``,
    ``data_source``, ``evidence`` (stripped) and ``reported_by`` where known, in the
    ties' order; empty when no tie has a quote.
    """
    columns = ["source", "target", "relation", "wave", "data_source", "evidence", "reported_by"]
    ties = network.ties
    if "evidence" not in ties.columns or ties["evidence"].isna().all():
        return pd.DataFrame(columns=columns)
    try:
        ties = network.select_ties(relations, wave)
    except KeyError:
        return pd.DataFrame(columns=columns)
    quote = ties["evidence"].astype("string").str.strip()
    ties = ties[quote.notna() & (quote != "")].copy()
    ties["evidence"] = quote[ties.index].astype(str)
    for col in columns:
        if col not in ties.columns:
            ties[col] = None
    ties["source"] = ties["source"].astype(str)
    ties["target"] = ties["target"].astype(str)
    return ties[columns]


def _fold(word: str) -> str:
    text = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()
    return "y" if text == "&" else text


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """Words of ``text`` folded (no accents, lower case) with their spans."""
    return [(_fold(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _suffix_pattern() -> re.Pattern[str]:

    forms = []
    for suffix in sorted(set(s.strip(".") for s in LEGAL_SUFFIXES), key=len, reverse=True):
        words = []
        for word in suffix.split():
            letters = r"\.?\s?".join(re.escape(ch) for ch in word)
            words.append(letters + r"\.?")
        forms.append(r"\s+".join(words))
    return re.compile(r"(?:,?\s+(?:" + "|".join(forms) + r"))+(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Redacted:
    """A quote as an anonymised output may show it.

    ``text``: the quote with every recognised name replaced by ``[code]``; ``safe``:
    ``False`` when a word of an actor's name is left (the quote should be left out);
    ``replaced``: how many names were replaced.
    """

    text: str
    safe: bool
    replaced: int = 0


@dataclass
class QuoteRedactor:
    """Replace actors' names in quotes by their anonymous codes.

    Parameters
    ----------
    actors:
        The study's actors table (index: id; ``name`` and ``aliases`` — several
        separated by ``;`` — where known).
    codes:
        Actor id → anonymous code (:func:`tramas.graph.anonymize.anonymize_ids`).

    Examples
    --------
    >>> actors = pd.DataFrame({"name": ["Bodega Andina S.A.", "Finca Sol"]}, index=["a", "b"])
    >>> redactor = QuoteRedactor(actors, {"a": "F01", "b": "F02"})
    >>> redactor("Con bodega ANDINA, S.A. y con Finca Sol compramos juntos.")
    Redacted(text='Con [F01] y con [F02] compramos juntos.', safe=True, replaced=2)
    >>> redactor("Los de Andina nos ayudan.").safe
    False
    """

    actors: pd.DataFrame
    codes: Mapping[str, str]
    _names: dict[tuple[str, ...], str | None] = field(init=False, repr=False)
    _words: set[str] = field(init=False, repr=False)
    _longest: int = field(init=False, repr=False)
    _suffix: re.Pattern[str] = field(init=False, repr=False)
    _legal: set[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:

        names: dict[tuple[str, ...], str | None] = {}
        counts: dict[str, set[str]] = {}
        for actor_id, row in self.actors.iterrows():
            actor_id = str(actor_id)
            # ids too, when they cannot be a word ("F061", not "A")
            variants = [actor_id] if any(ch.isdigit() for ch in actor_id) else []
            for col in ("name", "aliases"):
                value = row.get(col) if col in self.actors.columns else None
                if isinstance(value, str):
                    variants += [v for v in value.split(";") if v.strip()]
            keys = set()
            for variant in variants:
                for text in (variant, normalize_name(variant)):
                    key = tuple(t for t, _, _ in _tokens(text))
                    if key:
                        keys.add(key)
            for key in keys:
                # a name two actors share is replaced, by neither code
                names[key] = None if key in names and names[key] != actor_id else actor_id
                for word in key:
                    if len(word) >= _DISTINCTIVE and not word.isdigit():
                        counts.setdefault(word, set()).add(actor_id)
        self._names = names
        self._longest = max((len(k) for k in names), default=0)
        # words of exactly one actor's names: left in a quote, they may identify it
        self._words = {w for w, ids in counts.items() if len(ids) == 1}
        self._suffix = _suffix_pattern()

        self._legal = {_fold(s.strip(".")) for s in LEGAL_SUFFIXES if " " not in s}

    def __call__(self, quote: str) -> Redacted:
        tokens = _tokens(quote)
        spans: list[tuple[int, int, str]] = []
        i = 0
        while i < len(tokens):
            hit = None
            for n in range(min(self._longest, len(tokens) - i), 0, -1):
                key = tuple(t for t, _, _ in tokens[i : i + n])
                if key in self._names:
                    hit = (n, self._names[key])
                    break
            if hit is None:
                i += 1
                continue
            n, actor_id = hit
            start, end = tokens[i][1], tokens[i + n - 1][2]
            last = tokens[i + n - 1][0]
            if quote[end : end + 1] == "." and (last in self._legal or len(last) == 1):
                end += 1  # "Ltda.", "S.A." keep their dot inside the name
            suffix = self._suffix.match(quote, end)
            if suffix:
                end = suffix.end()
            code = self.codes.get(actor_id, "?") if actor_id is not None else "?"
            code = f"[{code}]"
            tail = quote[end:]
            if quote[end - 1] == "." and (not tail.strip() or tail.lstrip()[:1].isupper()):
                code += "."  # the name's last dot also ended the sentence
            spans.append((start, end, code))
            i += n
            while i < len(tokens) and tokens[i][1] < end:
                i += 1
        out = quote
        for start, end, code in reversed(spans):
            out = out[:start] + code + out[end:]
        left = [
            t
            for t, s, e in _tokens(out)
            if t in self._words and out[s : s + 1].isupper() and not _sentence_start(out, s)
        ]
        return Redacted(text=out, safe=not left, replaced=len(spans))


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?¡¿\"'«“(—-:"
