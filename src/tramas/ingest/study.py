"""The study file (``study.toml``): which files hold the survey and how they map onto the model."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tramas.exceptions import InputError
from tramas.graph.model import DIRECTIONS, SYMMETRIZE_RULES, Relation, StudyInfo

__all__ = ["ActorsSource", "StudySpec", "TiesSource", "read_study", "spec_from_files"]

SHAPES = ("edgelist", "roster", "recall")
_KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_RELATION_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


@dataclass(frozen=True)
class ActorsSource:
    file: Path
    sheet: str | None = None
    columns: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TiesSource:
    """One ties file of a study and how to read it."""

    file: Path
    shape: str = "edgelist"
    sheet: str | None = None
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


DEFAULT_SIZES = {"micro": 10.0, "small": 50.0, "medium": 250.0}


def read_study(path: str | Path) -> StudySpec:
    """Parse and check a ``study.toml``; paths inside are relative to it."""
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise InputError(
            "study file not found", file=name, code="study_not_found", values={"file": name}
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            f"not valid TOML ({exc})", file=name, code="study_toml", values={"detail": str(exc)}
        ) from None
    except UnicodeDecodeError:
        raise InputError(
            "unreadable encoding (save the study file as UTF-8)",
            file=name,
            code="study_encoding",
            values={"file": name},
        ) from None
    base = path.parent
    study = _table(data, "study", name, required=False)
    key = str(study.get("key", path.stem))
    if not _KEY_RE.match(key):
        raise InputError(
            f"study key {key!r} must be letters, digits, '-', '_' or '.' (at most 64)",
            file=name,
            column="study.key",
            code="study_key",
            values={"key": key},
        )
    waves = tuple(str(w) for w in study.get("waves", ()))
    info = StudyInfo(
        key=key,
        title=str(study.get("title", key)),
        lang=str(study.get("lang", "en")),
        waves=waves,
        description=str(study.get("description", "")),
    )
    actors = _table(data, "actors", name)
    if "file" not in actors:
        raise InputError(
            "[actors] needs `file`",
            file=name,
            column="actors.file",
            code="actors_needs_file",
            values={"table": "actors"},
        )
    actors_src = ActorsSource(
        file=base / str(actors["file"]),
        sheet=actors.get("sheet"),
        columns={str(k): str(v) for k, v in actors.get("columns", {}).items()},
    )
    relations: dict[str, Relation] = {}
    for i, rel in enumerate(data.get("relations", []), start=1):
        where = f"relations[{i}]"
        rname = str(rel.get("name", ""))
        if not _RELATION_RE.match(rname):
            raise InputError(
                f"relation name {rname!r} must be lower-case letters, digits or '_', "
                "starting with a letter",
                file=name,
                column=f"{where}.name",
                code="relation_name",
                values={"name": rname},
            )
        direction = str(rel.get("direction", "ego_to_alter"))
        symmetrize = str(rel.get("symmetrize", "union"))
        if direction not in DIRECTIONS:
            raise InputError(
                f"direction must be one of {DIRECTIONS}",
                file=name,
                column=f"{where}.direction",
                code="study_direction",
                values={"value": direction, "allowed": ", ".join(DIRECTIONS)},
            )
        if symmetrize not in SYMMETRIZE_RULES:
            raise InputError(
                f"symmetrize must be one of {SYMMETRIZE_RULES}",
                file=name,
                column=f"{where}.symmetrize",
                code="study_symmetrize",
                values={"value": symmetrize, "allowed": ", ".join(SYMMETRIZE_RULES)},
            )
        relations[rname] = Relation(
            name=rname,
            directed=bool(rel.get("directed", True)),
            direction=direction,  # type: ignore[arg-type]
            symmetrize=symmetrize,  # type: ignore[arg-type]
            label=str(rel.get("label", "")),
            question=str(rel.get("question", "")),
        )
    ties_entries = data.get("ties", [])
    if not ties_entries:
        raise InputError(
            "no [[ties]] entries",
            file=name,
            column="ties",
            code="no_ties_entries",
            values={"table": "ties"},
        )
    ties: list[TiesSource] = []
    for i, entry in enumerate(ties_entries, start=1):
        where = f"ties[{i}]"
        shape = str(entry.get("shape", "edgelist"))
        if shape not in SHAPES:
            raise InputError(
                f"shape must be one of {SHAPES}",
                file=name,
                column=f"{where}.shape",
                code="study_shape",
                values={"value": shape, "allowed": ", ".join(SHAPES)},
            )
        if "file" not in entry:
            raise InputError(
                "needs `file`",
                file=name,
                column=f"{where}.file",
                code="ties_needs_file",
                values={"entry": where},
            )
        relation = entry.get("relation")
        if relation is not None and relations and relation not in relations:
            raise InputError(
                f"relation {relation!r} is not declared in [[relations]]",
                file=name,
                column=f"{where}.relation",
                code="relation_undeclared",
                values={"relation": relation},
            )
        if shape == "roster" and relation is None:
            raise InputError(
                "a roster needs `relation`",
                file=name,
                column=f"{where}.relation",
                code="roster_needs_relation",
                values={"entry": where},
            )
        oriented = str(entry.get("oriented", "reported"))
        if oriented not in ("reported", "flow"):
            raise InputError(
                "oriented must be 'reported' or 'flow'",
                file=name,
                column=f"{where}.oriented",
                code="study_oriented",
                values={"value": oriented},
            )
        fmt = str(entry.get("format", "wide"))
        if fmt not in ("wide", "long"):
            raise InputError(
                "format must be 'wide' or 'long'",
                file=name,
                column=f"{where}.format",
                code="study_format",
                values={"value": fmt},
            )
        ties.append(
            TiesSource(
                file=base / str(entry["file"]),
                shape=shape,
                sheet=entry.get("sheet"),
                relation=relation,
                wave=str(entry["wave"]) if "wave" in entry else None,
                oriented=oriented,
                columns={str(k): str(v) for k, v in entry.get("columns", {}).items()},
                respondent_column=entry.get("respondent_column"),
                format=fmt,
                threshold=float(entry.get("threshold", 90)),
                accept_unresolved=bool(entry.get("accept_unresolved", False)),
            )
        )
    sizes = dict(DEFAULT_SIZES)
    for k, v in _table(data, "sizes", name, required=False).items():
        if k not in DEFAULT_SIZES:
            raise InputError(
                f"unknown size class {k!r}",
                file=name,
                column=f"sizes.{k}",
                code="size_class",
                values={"size": k, "allowed": ", ".join(DEFAULT_SIZES)},
            )
        sizes[k] = float(v)
    return StudySpec(
        info=info,
        actors=actors_src,
        ties=tuple(ties),
        relations=relations,
        declared_relations=bool(relations),
        sizes=sizes,
        path=path,
        reviewed=_reviewed(_table(data, "recall", name, required=False), base, name),
    )


def spec_from_files(
    actors: str | Path, ties: list[str | Path] | tuple[str | Path, ...]
) -> StudySpec:
    """A study spec for plain ``--actors FILE --ties FILE`` input with conventional columns."""
    actors = Path(actors)
    return StudySpec(
        info=StudyInfo(key=study_key_from_name(actors.stem), title=actors.stem),
        actors=ActorsSource(file=actors),
        ties=tuple(TiesSource(file=Path(t)) for t in ties),
        relations={},
        declared_relations=False,
        sizes=dict(DEFAULT_SIZES),
    )


def study_key_from_name(text: str) -> str:
    """A study key from a file name: letters, digits, ``_ . -`` (``study`` if none)."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")[:64] or "study"


def _reviewed(recall: dict[str, Any], base: Path, name: str) -> tuple[Path, ...]:
    """``[recall] reviewed = "FILE"`` (or a list of files), relative to the study file."""
    value = recall.get("reviewed", ())
    files = [value] if isinstance(value, str) else value
    if not isinstance(files, list | tuple) or not all(isinstance(f, str) and f for f in files):
        raise InputError(
            "reviewed must be a file name or a list of file names",
            file=name,
            column="recall.reviewed",
            code="study_reviewed",
            values={"key": "reviewed"},
        )
    return tuple(base / f for f in files)


def _table(data: dict[str, Any], key: str, name: str, *, required: bool = True) -> dict[str, Any]:
    value = data.get(key)
    if value is None:
        if required:
            raise InputError(
                f"missing [{key}] table",
                file=name,
                column=key,
                code="missing_table",
                values={"table": key},
            )
        return {}
    if not isinstance(value, dict):
        raise InputError(
            f"[{key}] must be a table",
            file=name,
            column=key,
            code="not_a_table",
            values={"table": key},
        )
    return value
