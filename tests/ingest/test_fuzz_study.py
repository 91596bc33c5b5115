"""Fuzzing the study file (issue #14, item 8): whatever a study.toml holds — keys, values,
types and nesting mutated from a valid study, or random bytes — ``read_study`` returns a
:class:`StudySpec` or raises one :class:`InputError` worded in both languages, and
``tramas validate --study`` exits 0 or 1 without a traceback."""

from __future__ import annotations

import copy
import json
import re
import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tramas.cli import app
from tramas.exceptions import InputError
from tramas.ingest.study import StudySpec, read_study
from tramas.locale.catalogue import t, texts
from tramas.locale.errors import error_text, hint_text

VALID = """\
[study]
key = "fuzz"
waves = ["2025"]

[actors]
file = "actors.csv"
[actors.columns]
name = "nombre"

[sizes]
micro = 10

[[relations]]
name = "knowledge"
direction = "alter_to_ego"

[[relations]]
name = "cooperation"
directed = false
symmetrize = "union"

[[ties]]
file = "ties.csv"
wave = "2025"

[[ties]]
shape = "recall"
file = "ties.csv"
relation = "knowledge"
threshold = 90

[recall]
reviewed = ["r.csv"]
"""
BASE = tomllib.loads(VALID)
ACTORS = "id,nombre\nF1,Uno\nF2,Dos\n"
TIES = "source,target,relation,wave\nF1,F2,knowledge,2025\n"

KEYS = st.sampled_from(
    [
        "study",
        "actors",
        "ties",
        "relations",
        "sizes",
        "recall",
        "file",
        "key",
        "waves",
        "directed",
        "direcion",
        "direction",
        "shape",
        "threshold",
        "sheet",
        "columns",
        "allow_outside",
        "reviewed",
        "micro",
        "wave",
        "relation",
    ]
) | st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=6)
WORDS = st.sampled_from(
    [
        "alter_to_ego",
        "recall",
        "roster",
        "long",
        "flow",
        "knowledge",
        "2025",
        "no",
        "",
        "../../etc/passwd",
        "/proc/self/environ",
        "actors.csv",
        "es",
        "max",
    ]
)
SCALARS = (
    st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats()
    | WORDS
    | st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)
    | st.dates()
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=6,
)


# ---------------------------------------------------------------- a small TOML writer
def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _inline(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    return "{ " + ", ".join(f"{_key(k)} = {_inline(v)}" for k, v in value.items()) + " }"


def dump(doc: dict[str, Any]) -> str:
    """TOML with ``[table]`` and ``[[array]]`` headers where it can, inline values elsewhere."""
    lines = [f"{_key(k)} = {_inline(v)}" for k, v in doc.items() if not _is_table(v)]
    for k, v in doc.items():
        if isinstance(v, dict):
            lines += ["", f"[{_key(k)}]", *(f"{_key(a)} = {_inline(b)}" for a, b in v.items())]
        elif _is_table(v):
            for entry in v:
                lines += ["", f"[[{_key(k)}]]"]
                lines += [f"{_key(a)} = {_inline(b)}" for a, b in entry.items()]
    return "\n".join(lines) + "\n"


def _is_table(value: Any) -> bool:
    return isinstance(value, dict) or (
        isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)
    )


def _places(node: Any, path: tuple = ()) -> list[tuple]:
    out = [path] if path else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _places(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _places(v, (*path, i))
    return out


@st.composite
def mutated_studies(draw) -> str:
    doc = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 3))):
        places = _places(doc)
        if not places:
            break
        place = draw(st.sampled_from(places))
        *parents, last = place
        holder = doc
        for p in parents:
            holder = holder[p]
        op = draw(st.sampled_from(["replace", "delete", "add", "wrap", "as_text"]))
        if op == "replace":
            holder[last] = draw(VALUES)
        elif op == "delete":
            del holder[last]
        elif op == "add" and isinstance(holder[last], dict):
            holder[last][draw(KEYS)] = draw(VALUES)
        elif op == "wrap":
            holder[last] = [holder[last]]
        else:
            holder[last] = _inline(holder[last]).strip('"')
    return dump(doc)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("fuzz")
    (path / "actors.csv").write_text(ACTORS, encoding="utf-8")
    (path / "ties.csv").write_text(TIES, encoding="utf-8")
    return path


def _read(path: Path) -> None:
    try:
        spec = read_study(path)
    except InputError as err:  # one clear error, worded in both languages
        assert err.code, err
        for lang in ("en", "es"):
            assert f"error.{err.code}" in texts(lang), err.code
            t(f"error.{err.code}", lang, **err.values)  # every placeholder has its value
            assert error_text(err, lang) and (hint_text(err, lang) or "") is not None
        assert "Input should" not in str(err) and "pydantic" not in str(err)
        return
    assert isinstance(spec, StudySpec)


def test_the_base_study_is_valid_and_the_writer_round_trips(folder):
    assert tomllib.loads(dump(BASE)) == BASE
    path = folder / "study.toml"
    path.write_text(dump(BASE), encoding="utf-8")
    assert read_study(path).info.key == "fuzz"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mutated_studies())
def test_mutated_study_files_read_or_fail_cleanly(folder, text):
    path = folder / "study.toml"
    path.write_text(text, encoding="utf-8")
    _read(path)


@settings(max_examples=100, deadline=None)
@given(
    data=st.binary(max_size=300)
    | st.builds(
        lambda cut, junk: VALID.encode()[:cut] + junk + VALID.encode()[cut:],
        st.integers(0, len(VALID)),
        st.binary(min_size=1, max_size=8),
    )
)
def test_random_bytes_read_or_fail_cleanly(folder, data):
    path = folder / "study.toml"
    path.write_bytes(data)
    _read(path)


runner = CliRunner()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mutated_studies())
def test_validate_exits_0_or_1_without_a_traceback(folder, text):
    path = folder / "study.toml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", "--study", str(path)], env={"TRAMAS_LANG": "es"})
    assert result.exit_code in (0, 1), (text, result.output, result.exception)
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
