"""The study file (``study.toml``): which files hold the survey and how they map onto the model.

The file is checked against a strict schema (:mod:`tramas.ingest.study_schema`): an
unknown key (with a "did you mean" suggestion), a value of the wrong type or outside the
allowed ones is a :class:`StudyFileError` naming the file, the line of the key, the
dotted key (``relations[2].direction``) and the value. Paths inside are relative to the
study file's folder and may not lead out of it unless ``[study] allow_outside = true``.
"""

from __future__ import annotations

import difflib
import json
import math
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from tramas.exceptions import InputError
from tramas.graph.model import (
    GOVERNANCE_SCHEMES,
    RULE_OPERATORS,
    VALUE_CHAIN_BOOLEANS,
    VALUE_CHAIN_COLUMNS,
    Relation,
    StudyInfo,
)
from tramas.ingest.columns import SPEC_SETTER_VALUES, market_values
from tramas.ingest.readers import normalize_header
from tramas.ingest.study_schema import (
    KEY_PATTERN,
    SHAPE_KEYS,
    SHAPES,
    ActorsTable,
    DiagnosisTable,
    GovernanceRule,
    GovernanceTable,
    RecallTable,
    RelationEntry,
    SizesTable,
    StudyFile,
    StudyTable,
    TiesEntry,
    UpgradingTable,
)
from tramas.locale.catalogue import t, texts

__all__ = [
    "SHAPES",
    "ActorsSource",
    "StudyFileError",
    "StudySpec",
    "TiesSource",
    "UpgradingSource",
    "default_governance",
    "locate_keys",
    "read_study",
    "spec_from_files",
]

_KEY_RE = re.compile(KEY_PATTERN)


@dataclass(frozen=True)
class ActorsSource:
    file: Path
    sheet: str | int | None = None
    columns: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class UpgradingSource:
    """The firm-by-wave upgrading table of a study (``[upgrading]``)."""

    file: Path
    sheet: str | int | None = None
    columns: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TiesSource:
    """One ties file of a study and how to read it."""

    file: Path
    shape: str = "edgelist"
    sheet: str | int | None = None
    relation: str | None = None
    wave: str | None = None
    oriented: str = "reported"  # reported | flow
    columns: dict[str, str] = field(default_factory=dict)
    # roster
    respondent_column: str | None = None
    # recall
    format: str = "wide"
    threshold: float = 90.0
    accept_unresolved: bool = False
    # survey-tool exports: relation -> question; and whether the shape is found from the
    # file's header (no ``shape`` written: a survey-tool export is read as such)
    questions: dict[str, str] = field(default_factory=dict)
    detect: bool = False


@dataclass(frozen=True)
class StudySpec:
    """A parsed study file: study facts, declared relations, the actors and ties sources."""

    info: StudyInfo
    actors: ActorsSource
    ties: tuple[TiesSource, ...]
    relations: dict[str, Relation]
    declared_relations: bool
    sizes: dict[str, float]
    path: Path | None = None
    #: filled review files of free-recall names (``[recall] reviewed``)
    reviewed: tuple[Path, ...] = ()
    #: the firm-by-wave upgrading table (``[upgrading]``), if any
    upgrading: UpgradingSource | None = None


DEFAULT_SIZES = {"micro": 10.0, "small": 50.0, "medium": 250.0}
#: the evidence columns a governance rule may test
RULE_COLUMNS: tuple[str, ...] = VALUE_CHAIN_COLUMNS


def default_governance(relations: Any = ()) -> dict[str, Any]:
    """The ``[governance]`` block of a study that writes none: the relation ``trade``
    when the study has it (else ``""``: no value-chain data), the Humphrey & Schmitz
    scheme, the default markets and the scheme's default rules (``rules`` empty).

    Examples
    --------
    >>> default_governance(["knowledge", "trade"])["relation"], default_governance()["scheme"]
    ('trade', 'humphrey_schmitz')
    """
    return {
        "relation": "trade" if "trade" in relations else "",
        "scheme": "humphrey_schmitz",
        "markets": [],
        "rules": [],
    }


class StudyFileError(InputError):
    """A problem in a study file: ``row`` is the line of the key in the file (1 = the
    first line), ``column`` the dotted key (``relations[2].direction``).

    The words come from the catalogue (``error.<code>``, ``hint.<code>``); the English
    ones are the message.

    Examples
    --------
    >>> err = StudyFileError("study_not_bool", {"field": "directed", "value": '"no"'},
    ...                      file="study.toml", line=7, key="relations[1].directed")
    >>> print(err)
    study.toml, line 7, key 'relations[1].directed': `directed` must be true or false (without quotes), not "no"
    """

    #: the catalogue texts naming ``row`` and ``column`` (see ``tramas.locale.errors``)
    where_texts = ("ingest.line", "ingest.key")

    def __init__(
        self,
        code: str,
        values: dict[str, Any],
        *,
        file: str,
        line: int | None = None,
        key: str | None = None,
    ) -> None:
        detail = t(f"error.{code}", "en", **values)
        hint = t(f"hint.{code}", "en", **values) if f"hint.{code}" in texts("en") else None
        super().__init__(
            detail, file=file, row=line, column=key, hint=hint, code=code, values=values
        )
        where = ", ".join(
            part
            for part in (
                file,
                t("ingest.line", "en", row=str(line)) if line is not None else "",
                t("ingest.key", "en", column=key) if key else "",
            )
            if part
        )
        self.message = f"{where}: {detail}" if where else detail
        self.args = (self.message,)


#: tomllib's messages (their start) -> the catalogue's words for them (``error.study_toml_*``)
_TOML_PROBLEMS = {
    "Invalid value": "value",
    "Unterminated string": "string",
    "Illegal character '\\n'": "string",  # a quote left open at the end of the line
    "Cannot overwrite a value": "twice",
    "Cannot declare": "twice",
    "Expected '=' after a key": "equals",
    "Expected ']'": "bracket",
    "Expected newline or end of document": "newline",
    "Invalid statement": "statement",
    "Invalid initial character for a key part": "key",
    "Illegal character": "character",
}


def _toml_error(message: str, text: str, name: str) -> StudyFileError:
    """A TOML syntax error worded from the catalogue (the parser's English is kept only
    when it says something the catalogue has no words for), at its line."""
    found = re.search(r"\s*\(at line (\d+), column \d+\)$", message)
    if found:
        line: int | None = int(found.group(1))
        message = message[: found.start()]
    else:  # "(at end of document)": the last line holding text
        message = re.sub(r"\s*\(at end of document\)$", "", message)
        line = max((i for i, ln in enumerate(text.splitlines(), 1) if ln.strip()), default=None)
    slug = next((v for k, v in _TOML_PROBLEMS.items() if message.startswith(k)), None)
    if slug is None:
        return StudyFileError("study_toml", {"detail": message}, file=name, line=line)
    return StudyFileError(f"study_toml_{slug}", {}, file=name, line=line)


def read_study(path: str | Path) -> StudySpec:
    """Parse and check a ``study.toml``; paths inside are relative to it.

    Raises
    ------
    StudyFileError
        (an :class:`~tramas.exceptions.InputError`) for the first problem of the file, in
        the order of its lines.
    """
    path = Path(path)
    name = str(path)
    text = _read_text(path, name)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _toml_error(str(exc), text, name) from None
    lines = locate_keys(text)

    def fail(code: str, values: dict[str, Any], loc: tuple[Any, ...] = ()) -> StudyFileError:
        return StudyFileError(
            code, values, file=name, line=_line_of(loc, lines), key=_dotted(loc) or None
        )

    try:
        model = StudyFile.model_validate(data)
    except ValidationError as exc:
        problems = [_problem(err, data) for err in exc.errors()]
        problems.sort(key=lambda p: (_line_of(p[2], lines) or math.inf, _dotted(p[2])))
        code, values, loc = problems[0]
        raise fail(code, values, loc) from None
    return _spec(model, path, fail)


# ---------------------------------------------------------------- from the model to the spec
def _spec(model: StudyFile, path: Path, fail: Any) -> StudySpec:
    base = path.parent
    study = model.study
    key = study.key if study.key is not None else path.stem
    if not _KEY_RE.match(key):
        raise fail("study_key", {"study_key": key}, ("study", "key"))
    inside = _PathCheck(base, allowed=study.allow_outside, fail=fail)
    actors = ActorsSource(
        file=inside(model.actors.file, ("actors", "file")),
        sheet=model.actors.sheet,
        columns=dict(model.actors.columns),
    )
    relations: dict[str, Relation] = {}
    for i, rel in enumerate(model.relations):
        if rel.name in relations:
            raise fail("relation_repeated", {"name": rel.name}, ("relations", i, "name"))
        relations[rel.name] = Relation(
            name=rel.name,
            directed=rel.directed,
            direction=rel.direction,
            symmetrize=rel.symmetrize,
            label=rel.label,
            question=rel.question,
        )
    ties = tuple(
        _ties_source(i, entry, relations, inside, fail) for i, entry in enumerate(model.ties)
    )
    sizes = {k: float(getattr(model.sizes, k)) for k in DEFAULT_SIZES}
    if not sizes["micro"] < sizes["small"] < sizes["medium"]:
        shown = ", ".join(f"{k} = {v:g}" for k, v in sizes.items())
        raise fail("study_sizes_order", {"values": shown}, ("sizes",))
    reviewed = tuple(
        inside(f, ("recall", "reviewed", j)) for j, f in enumerate(model.recall.reviewed)
    )
    info = StudyInfo(
        key=key,
        title=study.title if study.title is not None else key,
        lang=study.lang or "",
        waves=tuple(study.waves),
        description=study.description,
        basemap=None if study.basemap is None else inside(study.basemap, ("study", "basemap")),
        governance=_governance(model.governance, relations, fail),
        diagnosis={"thresholds": dict(model.diagnosis.thresholds)},
    )
    upgrading = None
    if model.upgrading is not None:
        upgrading = UpgradingSource(
            file=inside(model.upgrading.file, ("upgrading", "file")),
            sheet=model.upgrading.sheet,
            columns=dict(model.upgrading.columns),
        )
    return StudySpec(
        info=info,
        actors=actors,
        ties=ties,
        relations=relations,
        declared_relations=bool(relations),
        sizes=sizes,
        path=path,
        reviewed=reviewed,
        upgrading=upgrading,
    )


def _governance(table: GovernanceTable, relations: dict[str, Relation], fail: Any) -> dict:
    """The ``[governance]`` block as :attr:`StudyInfo.governance`; a rule testing a column
    that is no evidence, or concluding a type the scheme has not, is an error."""
    if table.relation is not None and relations and table.relation not in relations:
        raise fail("relation_undeclared", {"relation": table.relation}, ("governance", "relation"))
    types = (*GOVERNANCE_SCHEMES[table.scheme], "unknown")
    rules = []
    for i, rule in enumerate(table.rules):
        where = ("governance", "rules", i)
        when = {}
        for column, condition in rule.when.items():
            if column not in RULE_COLUMNS:
                raise fail(
                    "study_rule_column",
                    {"field": column, "allowed": ", ".join(RULE_COLUMNS)},
                    (*where, "when", column),
                )
            when[column] = _rule_condition(
                column, condition, table.markets, fail, (*where, "when", column)
            )
        if rule.then not in types:
            raise fail(
                "study_rule_then",
                {"value": _shown(rule.then), "scheme": table.scheme, "allowed": ", ".join(types)},
                (*where, "then"),
            )
        rules.append({"when": when, "then": rule.then})
    defaults = default_governance(relations)
    return {
        "relation": table.relation if table.relation is not None else defaults["relation"],
        "scheme": table.scheme,
        "markets": list(table.markets),
        "rules": rules,
    }


def _rule_condition(
    column: str, condition: Any, markets: list[str], fail: Any, loc: tuple[Any, ...]
) -> Any:
    """A rule's condition on one evidence column, checked and with its values as the
    ties hold them: markets and spec setters as their keys (Spanish spellings accepted),
    yes/no columns true or false, ``buyer_share`` a number."""
    if isinstance(condition, dict):
        out = {}
        for op, target in condition.items():
            if op not in RULE_OPERATORS:
                raise fail(
                    "study_rule_op",
                    {"value": _shown(op), "allowed": ", ".join(RULE_OPERATORS)},
                    (*loc, op),
                )
            out[op] = _rule_condition(column, target, markets, fail, (*loc, op))
        return out
    if isinstance(condition, list):
        return [_rule_value(column, v, markets, fail, loc) for v in condition]
    return _rule_value(column, condition, markets, fail, loc)


def _rule_value(column: str, value: Any, markets: list[str], fail: Any, loc: tuple) -> Any:
    if column in VALUE_CHAIN_BOOLEANS:
        if isinstance(value, bool):
            return value
        allowed = "true, false"
    elif column == "buyer_share":
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= 1:
            return float(value)
        allowed = "0 .. 1 (a share, as the ties hold it)"
    else:
        table = market_values(markets) if column == "market" else SPEC_SETTER_VALUES
        key = table.get(normalize_header(value)) if isinstance(value, str) else None
        if key is not None:
            return key
        allowed = ", ".join(dict.fromkeys(table.values()))
    raise fail(
        "study_rule_value",
        {"field": column, "value": _shown(value), "allowed": allowed},
        loc,
    )


def _ties_source(
    i: int, entry: TiesEntry, relations: dict[str, Relation], inside: Any, fail: Any
) -> TiesSource:
    where = ("ties", i)
    for key in sorted(
        entry.model_fields_set & SHAPE_KEYS.keys(), key=list(TiesEntry.model_fields).index
    ):
        if entry.shape not in SHAPE_KEYS[key]:
            raise fail(
                "study_key_for_shape",
                {"field": key, "shapes": ", ".join(SHAPE_KEYS[key]), "shape": entry.shape},
                (*where, key),
            )
    if entry.relation is not None and relations and entry.relation not in relations:
        raise fail("relation_undeclared", {"relation": entry.relation}, (*where, "relation"))
    for rel in entry.questions:
        if relations and rel not in relations:
            raise fail("relation_undeclared", {"relation": rel}, (*where, "questions", rel))
    if entry.shape == "roster" and entry.relation is None:
        raise fail("roster_needs_relation", {"entry": _dotted(where)}, where)
    return TiesSource(
        file=inside(entry.file, (*where, "file")),
        shape=entry.shape,
        sheet=entry.sheet,
        relation=entry.relation,
        wave=entry.wave,
        oriented=entry.oriented,
        columns=dict(entry.columns),
        respondent_column=entry.respondent_column,
        format=entry.format,
        threshold=float(entry.threshold),
        accept_unresolved=entry.accept_unresolved,
        questions=dict(entry.questions),
        detect="shape" not in entry.model_fields_set,
    )


class _PathCheck:
    """A path of the study file, relative to its folder, refused when it leads out of it
    (after ``..`` and symbolic links) unless ``[study] allow_outside = true``."""

    def __init__(self, base: Path, *, allowed: bool, fail: Any) -> None:
        self.base = base
        self.allowed = allowed
        self.fail = fail

    def __call__(self, value: str, loc: tuple[Any, ...]) -> Path:
        path = self.base / value
        if not self.allowed:
            folder = self.base.resolve()
            try:
                resolved = path.resolve()
            except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL byte
                resolved = None
            if resolved is None or not resolved.is_relative_to(folder):
                raise self.fail(
                    "study_path_outside",
                    {
                        "field": str(loc[-1] if isinstance(loc[-1], str) else loc[-2]),
                        "value": _shown(value),
                        "folder": str(folder),
                    },
                    loc,
                )
        return path


def _read_text(path: Path, name: str) -> str:
    if not path.exists():
        raise InputError(
            "study file not found", file=name, code="study_not_found", values={"file": name}
        )
    if path.is_dir():
        raise InputError(
            "is a folder, not a study file",
            file=name,
            hint="give the path of the study file (study.toml) inside it",
            code="study_is_folder",
            values={},
        )
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(
            "unreadable encoding (save the study file as UTF-8)",
            file=name,
            code="study_encoding",
            values={"file": name},
        ) from None
    except OSError as exc:
        detail = exc.strerror or type(exc).__name__
        raise InputError(
            f"cannot read the study file ({detail})",
            file=name,
            code="study_cannot_read",
            values={"detail": detail},
        ) from None


# ---------------------------------------------------------------- pydantic errors, worded
#: the model of each table, by its place (list indices as ``int``)
_TABLES: dict[tuple[Any, ...], type[BaseModel]] = {
    (): StudyFile,
    ("study",): StudyTable,
    ("actors",): ActorsTable,
    ("sizes",): SizesTable,
    ("relations", int): RelationEntry,
    ("ties", int): TiesEntry,
    ("recall",): RecallTable,
    ("governance",): GovernanceTable,
    ("governance", "rules", int): GovernanceRule,
    ("diagnosis",): DiagnosisTable,
    ("upgrading",): UpgradingTable,
}
#: the error code of a value outside the allowed ones, by key
_CHOICE_CODES = {
    "direction": "study_direction",
    "symmetrize": "study_symmetrize",
    "shape": "study_shape",
    "oriented": "study_oriented",
    "format": "study_format",
    "lang": "study_lang",
    "scheme": "study_scheme",
}
_TYPE_CODES = {
    "string_type": "study_not_text",
    "bool_type": "study_not_bool",
    "float_type": "study_not_a_number",
    "int_type": "study_not_a_number",
    "sheet_type": "study_not_sheet",
    "string_too_short": "study_empty_value",
    "too_short": "study_empty_value",
}
_TABLE_TYPES = ("dict_type", "model_type", "model_attributes_type")
_RANGE_TYPES = ("greater_than", "greater_than_equal", "less_than_equal", "finite_number")


def _problem(err: Any, data: dict[str, Any]) -> tuple[str, dict[str, Any], tuple[Any, ...]]:
    """A pydantic error as (code, values, place); the place is the key's path in the file."""
    loc = tuple(p for p in err["loc"] if p != "[key]")
    kind = err["type"]
    value = err.get("input")
    key = _last_key(loc)
    shown = _shown(value)
    shape = tuple(int if isinstance(p, int) else p for p in loc)
    if loc[:2] == ("recall", "reviewed"):
        return (
            "study_reviewed",
            {"field": "reviewed", "value": _shown(data["recall"]["reviewed"])},
            loc[:2],
        )
    if kind == "extra_forbidden":
        return _unknown_key(loc, shape, value)
    if kind == "missing":
        return _missing(loc, shape)
    if kind in _TABLE_TYPES:
        return "study_not_a_table", {"field": key, "value": shown, "table": _header(loc)}, loc
    if kind == "list_type":
        if isinstance(value, dict) and loc in (("relations",), ("ties",)):
            return "study_not_array_of_tables", {"field": key, "value": shown}, loc
        inner = shown if not isinstance(value, dict | list) else ""
        return "study_not_a_list", {"field": key, "value": shown, "items": inner}, loc
    if kind == "too_short" and loc == ("ties",):
        return "no_ties_entries", {"table": "ties"}, loc
    if kind == "literal_error":
        code = _CHOICE_CODES.get(key, "study_bad_value")
        allowed = ", ".join(_literal_values(_field_type(shape)))
        return code, {"field": key, "value": shown, "allowed": allowed}, loc
    if kind == "string_pattern_mismatch":
        if key == "key":
            return "study_key", {"study_key": str(value)}, loc
        return "relation_name", {"name": str(value)}, loc
    if kind in _RANGE_TYPES:
        if loc[:1] == ("sizes",):
            return "study_size_value", {"field": key, "value": shown}, loc
        return "study_threshold", {"field": key, "value": shown}, loc
    if kind == "string_type" and isinstance(loc[-1], int):
        return "study_item_not_text", {"field": key, "value": shown}, loc
    if kind in _TYPE_CODES:
        text = shown.strip('"') if isinstance(value, str | int | float | date | time) else "..."
        return _TYPE_CODES[kind], {"field": key, "value": shown, "text": text}, loc
    return "study_bad_value", {"field": key, "value": shown}, loc


def _unknown_key(
    loc: tuple[Any, ...], shape: tuple[Any, ...], value: Any
) -> tuple[str, dict[str, Any], tuple[Any, ...]]:
    key = str(loc[-1])
    model = _TABLES.get(shape[:-1])
    allowed = list(model.model_fields) if model else []
    if shape[:-1] == ("sizes",):
        return "size_class", {"size": key, "allowed": ", ".join(allowed)}, loc
    close = difflib.get_close_matches(key.lower(), allowed, n=1, cutoff=0.6)
    if not shape[:-1]:
        tables = ", ".join(
            _header((t_, 0) if t_ in ("relations", "ties") else (t_,)) for t_ in allowed
        )
        values = {"field": key, "allowed": tables}
        if close:
            return "study_misspelt_table", {**values, "suggestion": close[0]}, loc
        return "study_unknown_table", values, loc
    values = {"field": key, "table": _header(loc[:-1]), "allowed": ", ".join(allowed)}
    if close:
        return "study_misspelt_key", {**values, "suggestion": close[0]}, loc
    return "study_unknown_key", values, loc


def _missing(
    loc: tuple[Any, ...], shape: tuple[Any, ...]
) -> tuple[str, dict[str, Any], tuple[Any, ...]]:
    if shape == ("actors",):
        return "missing_table", {"table": "actors"}, loc
    if shape == ("ties",):
        return "no_ties_entries", {"table": "ties"}, loc
    if shape == ("actors", "file"):
        return "actors_needs_file", {"table": "actors"}, loc
    if shape == ("ties", int, "file"):
        return "ties_needs_file", {"entry": _dotted(loc[:-1])}, loc
    return "study_missing_key", {"field": _last_key(loc), "table": _header(loc[:-1])}, loc


def _field_type(shape: tuple[Any, ...]) -> Any:
    model = _TABLES.get(shape[:-1])
    if model is None or shape[-1] not in model.model_fields:
        return None
    return model.model_fields[shape[-1]].annotation


def _literal_values(annotation: Any) -> list[str]:
    """The values a ``Literal[...]`` field allows, also inside ``Literal[...] | None``."""
    args = get_args(annotation)
    if args and not any(get_args(a) for a in args):
        return [str(a) for a in args if a is not type(None)]
    return [str(v) for a in args if a is not type(None) for v in get_args(a)]


def _last_key(loc: tuple[Any, ...]) -> str:
    return next((str(p) for p in reversed(loc) if isinstance(p, str)), "")


def _header(loc: tuple[Any, ...]) -> str:
    """The TOML header of a table: ``[actors]``, ``[[ties]]``, ``[ties.columns]``."""
    names = ".".join(_bare(p) for p in loc if isinstance(p, str))
    if not names:
        return "study.toml"
    return f"[[{names}]]" if loc and isinstance(loc[-1], int) else f"[{names}]"


def _dotted(loc: tuple[Any, ...]) -> str:
    """A key's path as people read it: ``relations[2].direction`` (entries from 1)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + _bare(str(part))
    return out


def _bare(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _shown(value: Any, limit: int = 60) -> str:
    """A value as TOML writes it (shortened): ``"no"``, ``true``, ``["2025"]``."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, float):
        text = (
            "nan"
            if math.isnan(value)
            else ("inf" if value > 0 else "-inf")
            if math.isinf(value)
            else repr(value)
        )
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, datetime | date | time):
        text = value.isoformat()
    elif isinstance(value, list | tuple):
        text = "[" + ", ".join(_shown(v, limit) for v in value) + "]"
    elif isinstance(value, dict):
        text = (
            "{ "
            + ", ".join(f"{_bare(str(k))} = {_shown(v, limit)}" for k, v in value.items())
            + " }"
        )
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------- where a key is written
_KEY = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_HEADER_LINE = re.compile(rf"^\s*(\[\[?)\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_KEY_LINE = re.compile(rf"^\s*({_DOTTED})\s*=(.*)$")
_STRINGS = re.compile(r'"""|\'\'\'|"(?:[^"\\]|\\.)*"|\'[^\']*\'')


def _parts(dotted: str) -> list[str]:
    out = []
    for part in re.findall(_KEY, dotted):
        if part.startswith('"'):
            try:
                part = json.loads(part)
            except ValueError:
                part = part[1:-1]
        elif part.startswith("'"):
            part = part[1:-1]
        out.append(part)
    return out


def locate_keys(text: str) -> dict[tuple[Any, ...], int]:
    """The line (from 1) of every table header and key of a TOML text, by its path
    (entries of an array of tables by their index from 0). ``tomllib`` keeps no positions.

    Examples
    --------
    >>> lines = locate_keys('[study]\\nkey = "x"\\n[[ties]]\\nfile = "a"\\n[[ties]]\\nfile = "b"\\n')
    >>> lines[("study", "key")], lines[("ties", 1)], lines[("ties", 1, "file")]
    (2, 5, 6)
    """
    lines: dict[tuple[Any, ...], int] = {}
    table: tuple[Any, ...] = ()
    counts: dict[tuple[Any, ...], int] = {}
    in_string: str | None = None
    depth = 0  # brackets open in a multi-line array
    for n, line in enumerate(text.splitlines(), start=1):
        if in_string:
            if line.count(in_string) % 2 == 1:
                in_string = None
            continue
        if depth > 0:
            depth += _brackets(line)
            continue
        header = _HEADER_LINE.match(line)
        if header:
            parts = _parts(header.group(2))
            path: tuple[Any, ...] = ()
            for part in parts[:-1]:
                path = (*path, part)
                if path in counts:
                    path = (*path, counts[path] - 1)
            path = (*path, parts[-1])
            if header.group(1) == "[[":
                lines.setdefault(path, n)
                counts[path] = counts.get(path, 0) + 1
                path = (*path, counts[path] - 1)
            table = path
            lines.setdefault(path, n)
            continue
        pair = _KEY_LINE.match(line)
        if pair:
            lines.setdefault((*table, *_parts(pair.group(1))), n)
            rest = pair.group(2)
            for quote in ('"""', "'''"):
                if rest.count(quote) % 2 == 1:
                    in_string = quote
                    break
            else:
                depth = max(_brackets(rest), 0)
    return lines


def _brackets(text: str) -> int:
    """Opened minus closed brackets of a line, strings and comments left out."""
    bare = _STRINGS.sub("", text).split("#", 1)[0]
    return bare.count("[") + bare.count("{") - bare.count("]") - bare.count("}")


def _line_of(loc: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> int | None:
    """The line of a key, or of the nearest table holding it."""
    for end in range(len(loc), 0, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def spec_from_files(
    actors: str | Path, ties: list[str | Path] | tuple[str | Path, ...]
) -> StudySpec:
    """A study spec for plain ``--actors FILE --ties FILE`` input with conventional columns."""
    actors = Path(actors)
    return StudySpec(
        info=StudyInfo(key=study_key_from_name(actors.stem), title=actors.stem),
        actors=ActorsSource(file=actors),
        ties=tuple(TiesSource(file=Path(t), detect=True) for t in ties),
        relations={},
        declared_relations=False,
        sizes=dict(DEFAULT_SIZES),
    )


def study_key_from_name(text: str) -> str:
    """A study key from a file name: letters, digits, ``_ . -`` (``study`` if none)."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")[:64] or "study"
