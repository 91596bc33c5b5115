"""Resolving free-recall organisation names against the actors' names, aliases and acronyms.

Respondents write names as they remember them: ``bodega los andes sa``, ``BODEGA LOS
ANDES S.A.``, ``Bodega Los Ándes``, ``Univ. Nac. de Cuyo``, ``el INTA``, ``INTA Mendoza``,
``Instituto Nacional de Tecnología Agropecuaria (INTA)``. Names are first normalised
(case, accents, punctuation, spaces, legal-form suffixes), abbreviations are expanded
(:data:`ABBREVIATIONS`, on both sides), and the result is compared exactly with every
name, alias and acronym of every actor. Then the parts of an answer are tried: the text
in and outside parentheses, and acronyms written inside a longer answer. Last comes
RapidFuzz's token-set ratio, guarded so that a distinguishing word (``Cuyo`` against
``San Juan``, ``A`` against ``B``) is never overlooked.

A name resolves only to a unique candidate: two actors sharing a name, an alias or an
acronym, or two parts of one answer pointing at different actors, make it *ambiguous*,
and it goes to the review file with its candidates. Nothing is picked silently.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz, process

from tramas.graph.names import LEGAL_SUFFIXES, fold_accents, normalize_name

__all__ = [
    "ABBREVIATIONS",
    "ACRONYM_COLUMNS",
    "LEGAL_SUFFIXES",
    "Match",
    "NameMatcher",
    "derive_acronym",
    "expand_abbreviations",
    "normalize_name",
]


#: abbreviations of organisation names (normalised, without the dot) and what they stand
#: for; several readings are all tried (``Tec.``: técnica, tecnológico, ...)
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "univ": ("universidad",),
    "fac": ("facultad",),
    "coop": ("cooperativa",),
    "cia": ("compania",),
    "inst": ("instituto",),
    "asoc": ("asociacion",),
    "soc": ("sociedad",),
    "min": ("ministerio",),
    "sec": ("secretaria",),
    "mun": ("municipalidad", "municipal", "municipio"),
    "dir": ("direccion",),
    "gral": ("general",),
    "nac": ("nacional",),
    "nal": ("nacional",),
    "tec": ("tecnologico", "tecnologica", "tecnica", "tecnico", "tecnologia"),
    "prov": ("provincial", "provincia"),
    "fed": ("federacion",),
    "esc": ("escuela",),
    "ctro": ("centro",),
    "dpto": ("departamento",),
    "depto": ("departamento",),
    "lab": ("laboratorio",),
    "hnos": ("hermanos",),
}
#: actor-table columns holding acronyms (``;``-separated), by normalised header
ACRONYM_COLUMNS: tuple[str, ...] = (
    "acronym",
    "acronyms",
    "acronimo",
    "acronimos",
    "sigla",
    "siglas",
    "abbreviation",
    "abreviatura",
)
#: words skipped by acronyms and by the distinguishing-word check
_STOPWORDS = frozenset(
    {"de", "del", "la", "las", "los", "el", "y", "e", "en", "para", "por", "al"}
    | {"da", "do", "das", "dos", "di", "du", "des", "le", "of", "the", "and", "for"}
)
#: words a respondent may leave out without naming another organisation
_OPTIONAL = frozenset({"hermanos", "hnos", "familia"})
_UN_RE = re.compile(r"\bu\s?\.\s?n\s?\.(?=\s|$)")  # U.N. -> universidad nacional
_MAX_VARIANTS = 16


def expand_abbreviations(name: str) -> tuple[str, ...]:
    """Every reading of a name with its abbreviations written out, normalised.

    ``'Univ. Nac. de Cuyo'`` -> ``('universidad nacional de cuyo',)``;
    ``'U.N. Cuyo'`` -> ``('universidad nacional cuyo',)``. An abbreviation with several
    readings (``Tec.``) gives one variant per reading (at most 16 in all).

    >>> expand_abbreviations("Coop. Vitivinícola Gral. Alvear")
    ('cooperativa vitivinicola general alvear',)
    """
    text = _UN_RE.sub(" universidad nacional ", fold_accents(name).lower())
    tokens = normalize_name(text).split()
    choices = [ABBREVIATIONS.get(t, (t,)) for t in tokens]
    variants = []
    for combo in itertools.product(*choices):
        variants.append(" ".join(combo))
        if len(variants) == _MAX_VARIANTS:
            break
    return tuple(dict.fromkeys(variants)) or ("",)


def derive_acronym(name: str) -> str:
    """The initials of the significant words of a name (``''`` for fewer than three).

    >>> derive_acronym("Instituto Nacional de Tecnología Agropecuaria")
    'inta'
    >>> derive_acronym("Bodega Los Andes")
    ''
    """
    words = [w for w in expand_abbreviations(name)[0].split() if w not in _STOPWORDS]
    if len(words) < 3 or any(w.isdigit() for w in words):
        return ""
    return "".join(w[0] for w in words)


@dataclass(frozen=True)
class Match:
    """The outcome of resolving one name.

    ``status`` is ``resolved``, ``ambiguous`` or ``unresolved``; names decided in a
    review file are ``reviewed`` (an actor), ``reviewed_new`` (a new external actor) or
    ``reviewed_none`` (not an organisation of the study). ``via`` says how: ``id``,
    ``exact``, ``abbreviation``, ``acronym``, ``parts``, ``fuzzy`` or ``review``.
    """

    name: str
    status: str
    actor_id: str | None = None
    score: float = 0.0
    candidates: tuple[tuple[str, float], ...] = ()
    via: str = ""

    def candidates_text(self) -> str:
        return "; ".join(f"{a} ({s:.0f})" for a, s in self.candidates)


class NameMatcher:
    """Resolve names to actor ids.

    Parameters
    ----------
    actors:
        Actors table indexed by id, with ``name`` and optionally ``aliases``
        (``;``-separated) and an acronym column (``acronym``, ``sigla``, ...;
        ``;``-separated). Acronyms are also taken from aliases written like one
        (``UNCuyo``, ``INTA``), from a name's parentheses, and derived from the
        initials of names of three significant words or more.
    threshold:
        Lowest RapidFuzz token-set ratio (0–100) accepted for a fuzzy match.
    margin:
        A fuzzy best match must beat the best match of any *other* actor by more than
        this many points, or the name is ambiguous.

    Examples
    --------
    >>> actors = pd.DataFrame(
    ...     {"name": ["Instituto Nacional de Tecnología Agropecuaria",
    ...               "Instituto Nacional de Tecnología Industrial"]},
    ...     index=["INTA", "INTI"])
    >>> m = NameMatcher(actors)
    >>> m.resolve("INTA Mendoza").actor_id, m.resolve("el INTI").actor_id
    ('INTA', 'INTI')
    """

    def __init__(
        self, actors: pd.DataFrame, *, threshold: float = 90.0, margin: float = 3.0
    ) -> None:
        self.threshold = threshold
        self.margin = margin
        self._exact: dict[str, set[str]] = {}  # name/alias variants
        self._plain: dict[str, set[str]] = {}  # names/aliases normalised, not expanded
        self._acronyms: dict[str, set[str]] = {}  # all acronyms (declared and derived)
        self._declared: dict[str, set[str]] = {}  # acronyms given in the actors table
        keys: list[str] = []
        owners: list[str] = []
        acronym_cols = [c for c in actors.columns if _header(c) in ACRONYM_COLUMNS]
        for actor_id, row in actors.iterrows():
            owner = str(actor_id)
            names = []
            if "name" in actors.columns and str(row.get("name", "") or "").strip():
                names.append(str(row["name"]))
            aliases = []
            if "aliases" in actors.columns:
                aliases = [a for a in str(row.get("aliases", "") or "").split(";") if a.strip()]
            declared = [
                a for c in acronym_cols for a in str(row.get(c, "") or "").split(";") if a.strip()
            ]
            declared += [a for a in [*names, *aliases] if _looks_like_acronym(a.strip())]
            for n in [*names, *aliases]:
                outside, inside = _split_parentheses(n)
                if inside:  # "Instituto ... (INTA)": both parts name the actor
                    names.append(outside)
                    declared += [p for p in inside if _looks_like_acronym(p.strip())]
            for n in [owner, *names, *aliases]:
                self._plain.setdefault(normalize_name(n), set()).add(owner)
                for key in expand_abbreviations(n):
                    if key:
                        self._exact.setdefault(key, set()).add(owner)
                        keys.append(key)
                        owners.append(owner)
            for a in declared:
                key = normalize_name(a).replace(" ", "")
                if key:
                    self._declared.setdefault(key, set()).add(owner)
                    self._acronyms.setdefault(key, set()).add(owner)
            for n in names:
                if derived := derive_acronym(n):
                    self._acronyms.setdefault(derived, set()).add(owner)
        self._ids = {str(i) for i in actors.index}
        self._keys = keys
        self._owners = owners

    # ------------------------------------------------------------------ public
    def resolve(self, name: str) -> Match:
        """Resolve one written name (see the module docstring for the order of steps)."""
        raw = str(name).strip()
        if raw in self._ids:
            return Match(raw, "resolved", raw, 100.0, via="id")
        exact = self._exact_hits(raw)
        if exact is not None:
            return exact
        outside, inside = _split_parentheses(raw)
        if inside:
            return self._resolve_parts(raw, [outside, *inside])
        acronym = self._acronym_in_answer(raw)
        if acronym is not None:
            return acronym
        return self._fuzzy(raw)

    # ------------------------------------------------------------------ steps
    def _exact_hits(self, raw: str) -> Match | None:
        hits: set[str] = set(self._plain.get(normalize_name(raw), set()))
        for key in expand_abbreviations(raw):
            hits |= self._exact.get(key, set())
        squeezed = normalize_name(raw).replace(" ", "")
        if " " not in normalize_name(raw) or _looks_like_acronym(raw):
            hits |= self._acronyms.get(squeezed, set())
        if not hits:
            return None
        via = (
            "exact"
            if hits == self._plain.get(normalize_name(raw))
            else "acronym"
            if hits <= self._acronyms.get(squeezed, set())
            else "abbreviation"
        )
        if len(hits) == 1:
            return Match(raw, "resolved", next(iter(hits)), 100.0, via=via)
        return Match(raw, "ambiguous", None, 100.0, tuple((a, 100.0) for a in sorted(hits)), via)

    def _resolve_parts(self, raw: str, parts: list[str]) -> Match:
        """``'Instituto ... (INTA)'``: every part that resolves must name the same actor."""
        matches = [self.resolve(p) for p in parts if normalize_name(p)]
        resolved = {m.actor_id for m in matches if m.status == "resolved"}
        candidates = _merge_candidates(matches)
        ambiguous = [m for m in matches if m.status == "ambiguous"]
        # a shared acronym is settled by a full name beside it naming one of its actors
        settled = len(resolved) == 1 and all(
            resolved <= {a for a, _ in m.candidates} for m in ambiguous
        )
        if len(resolved) > 1 or (ambiguous and not settled):
            return Match(raw, "ambiguous", None, candidates[0][1] if candidates else 0.0,
                         candidates, "parts")  # fmt: skip
        if len(resolved) == 1:
            actor = next(iter(resolved))
            score = max(m.score for m in matches if m.actor_id == actor)
            return Match(raw, "resolved", actor, score, candidates, "parts")
        return Match(raw, "unresolved", None, candidates[0][1] if candidates else 0.0,
                     candidates, "parts")  # fmt: skip

    def _acronym_in_answer(self, raw: str) -> Match | None:
        """``'INTA Mendoza'``, ``'el INTA'``: an acronym inside a longer answer."""
        folded = _join_dotted(fold_accents(raw))
        tokens = re.findall(r"[A-Za-z0-9]+", folded)
        lower = folded == folded.lower()
        hits: dict[str, set[str]] = {}
        for tok in tokens:
            key = tok.lower()
            if key in LEGAL_SUFFIXES:
                continue
            # an acronym written as one ("el INTA"), or a declared one in a lower-case answer
            written = _looks_like_acronym(tok) and not lower
            if (written or (lower and key in self._declared)) and (
                owners := self._acronyms.get(key, set())
            ):
                hits[tok] = owners
        if not hits:
            return None
        owners = set().union(*hits.values())
        if len(owners) > 1:
            return Match(raw, "ambiguous", None, 100.0, tuple((a, 100.0) for a in sorted(owners)),
                         "acronym")  # fmt: skip
        actor = next(iter(owners))
        rest = " ".join(t for t in tokens if t not in hits)
        if not [w for w in normalize_name(rest).split() if w not in _STOPWORDS]:
            return Match(raw, "resolved", actor, 100.0, ((actor, 100.0),), "acronym")
        other = self._exact_hits(rest) or self._fuzzy(rest)
        if other.status == "resolved" and other.actor_id != actor:
            return Match(raw, "ambiguous", None, 100.0,
                         ((actor, 100.0), (other.actor_id, other.score)), "acronym")  # fmt: skip
        if other.status == "ambiguous" and actor not in {a for a, _ in other.candidates}:
            return Match(raw, "ambiguous", None, 100.0, ((actor, 100.0), *other.candidates),
                         "acronym")  # fmt: skip
        return Match(raw, "resolved", actor, 100.0, ((actor, 100.0),), "acronym")

    def _fuzzy(self, raw: str) -> Match:
        best: dict[str, float] = {}
        covered: dict[str, float] = {}  # best score of keys whose distinguishing words match
        for key in expand_abbreviations(raw):
            if not key:
                continue
            hits = process.extract(key, self._keys, scorer=fuzz.token_set_ratio, limit=12)
            for other, score, idx in hits:
                owner = self._owners[idx]
                # token-set ratio is 100 for a subset ("bodega" in "bodega los andes"):
                # temper it with the plain ratio so short fragments do not win
                adjusted = min(score, (score + fuzz.ratio(key, other)) / 2 + 10)
                best[owner] = max(best.get(owner, 0.0), adjusted)
                if _compatible(key.split(), other.split()):
                    covered[owner] = max(covered.get(owner, 0.0), adjusted)
        ranked = sorted(best.items(), key=lambda kv: -kv[1])
        top = tuple((a, round(s, 1)) for a, s in ranked[:3])
        if not ranked or ranked[0][1] < self.threshold:
            return Match(raw, "unresolved", None, ranked[0][1] if ranked else 0.0, top, "fuzzy")
        if len(ranked) > 1 and ranked[0][1] - ranked[1][1] <= self.margin:
            return Match(raw, "ambiguous", None, ranked[0][1], top, "fuzzy")
        actor = ranked[0][0]
        if covered.get(actor, 0.0) < self.threshold:  # a word of the name is not in the answer
            return Match(raw, "unresolved", None, ranked[0][1], top, "fuzzy")
        return Match(raw, "resolved", actor, ranked[0][1], top, "fuzzy")


# ---------------------------------------------------------------------- helpers
def _header(column: object) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold_accents(column).lower()).strip("_")


def _join_dotted(text: str) -> str:
    """``'I.N.T.A.'`` -> ``'INTA'``."""
    return re.sub(r"\b(?:[A-Za-z]\.){2,}", lambda m: m.group(0).replace(".", ""), text)


def _looks_like_acronym(text: str) -> bool:
    """One word of 2–10 letters or digits with at least two capitals: INTA, UNCuyo, I.N.T.A."""
    word = _join_dotted(fold_accents(text).strip())
    return (
        bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9]{1,9}", word))
        and sum(c.isupper() for c in word) >= 2
        and word[0].isupper()
        and word.lower() not in LEGAL_SUFFIXES
    )


def _split_parentheses(text: str) -> tuple[str, list[str]]:
    """``'Instituto X (IX)'`` -> ``('Instituto X', ['IX'])``."""
    inside = [p.strip() for p in re.findall(r"\(([^()]*)\)", text) if p.strip()]
    outside = re.sub(r"\([^()]*\)", " ", text).strip()
    return outside, inside


def _merge_candidates(matches: list[Match]) -> tuple[tuple[str, float], ...]:
    best: dict[str, float] = {}
    for m in matches:
        pairs = [*m.candidates, *([(m.actor_id, m.score)] if m.actor_id else [])]
        for a, s in pairs:
            best[a] = max(best.get(a, 0.0), s)
    return tuple(sorted(best.items(), key=lambda kv: -kv[1])[:3])


def _compatible(answer: list[str], name: list[str]) -> bool:
    """Whether no distinguishing word of one side is missing from the other.

    Every significant word of the actor's name must be found in the answer (spelled
    alike: equal, a typo, or an abbreviation of it). The answer may add words (a place,
    a branch), but not short codes or numbers (``Cooperativa B``, ``Escuela 4-015``).
    """
    ans = [w for w in answer if w not in _STOPWORDS]
    nam = [w for w in name if w not in _STOPWORDS]
    if not all(w in _OPTIONAL or any(_alike(w, u) for u in ans) for w in nam):
        return False
    return all(any(_alike(u, w) for w in nam) for u in ans if len(u) <= 3 or u.isdigit())


def _alike(a: str, b: str) -> bool:
    if a == b:
        return True
    if a.isdigit() or b.isdigit():
        return False
    if len(a) >= 4 and len(b) >= 4:
        if fuzz.ratio(a, b) >= 80:
            return True
        if a in b or b in a:  # "losandes" and "andes"
            return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 3 and long_.startswith(short)  # "vitivin" for "vitivinicola"
