"""The schema of the study file (``study.toml``): every table and key it accepts, with types.

The models are strict: a key no table knows, a string where a table, a list, a number or
``true``/``false`` is expected, or a value outside the allowed ones, is an error
(:func:`tramas.ingest.study.read_study` words it with the file, line and key). The JSON
Schema editors check ``study.toml`` with (``docs/study.schema.json``) is generated from
them::

    python -m tramas.ingest.study_schema > docs/study.schema.json
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from tramas.graph.model import DIRECTIONS, GOVERNANCE_SCHEMES, SYMMETRIZE_RULES
from tramas.locale.languages import LANGS

__all__ = [
    "KEY_PATTERN",
    "RELATION_PATTERN",
    "SHAPES",
    "SHAPE_KEYS",
    "TOOL_SHAPES",
    "SCHEMES",
    "ActorsTable",
    "DiagnosisTable",
    "GovernanceRule",
    "GovernanceTable",
    "RecallTable",
    "RelationEntry",
    "SizesTable",
    "StudyFile",
    "StudyTable",
    "TiesEntry",
    "UpgradingTable",
    "study_json_schema",
]

SHAPES = ("edgelist", "roster", "recall", "kobo", "network_canvas", "qualtrics")
#: the shapes of survey-tool exports (``tramas.ingest.survey_tools``)
TOOL_SHAPES = ("kobo", "network_canvas", "qualtrics")
#: the governance schemes a study may choose (``[governance] scheme``)
SCHEMES = tuple(GOVERNANCE_SCHEMES)
KEY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
RELATION_PATTERN = r"^[a-z][a-z0-9_]{0,39}$"
#: keys of a ``[[ties]]`` entry that only some shapes read
SHAPE_KEYS: dict[str, tuple[str, ...]] = {
    "columns": ("edgelist",),
    "oriented": ("edgelist",),
    "respondent_column": ("roster", "recall", "kobo", "network_canvas", "qualtrics"),
    "format": ("recall",),
    "threshold": ("recall", "kobo", "network_canvas", "qualtrics"),
    "accept_unresolved": ("recall", "kobo", "network_canvas", "qualtrics"),
    "questions": ("kobo", "network_canvas", "qualtrics"),
}


def _whole_number_as_text(value: Any) -> Any:
    """A wave may be written ``2023`` as well as ``"2023"``: both are the wave ``"2023"``."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _one_file_as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _sheet(value: Any) -> Any:
    """A sheet is named (a non-empty text) or numbered (a whole number from 0)."""
    if (isinstance(value, str) and value) or (
        isinstance(value, int) and not isinstance(value, bool) and value >= 0
    ):
        return value
    raise PydanticCustomError("sheet_type", "a sheet name or a sheet number")


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


#: a non-empty text
Text = Annotated[str, Field(min_length=1)]
#: a file path, relative to the study file
FilePath = Annotated[
    str,
    Field(min_length=1, description="Path relative to the study file's folder."),
]
Wave = Annotated[
    str,
    BeforeValidator(_whole_number_as_text),
    Field(min_length=1),
    WithJsonSchema({"type": ["string", "integer"], "description": 'A wave, e.g. "2023".'}),
]
Sheet = Annotated[
    str | int,
    PlainValidator(_sheet),
    WithJsonSchema(
        {
            "type": ["string", "integer"],
            "description": "Sheet of an .xlsx file: its name, or its number counted from 0.",
        }
    ),
]
Columns = Annotated[
    dict[Text, Text],
    Field(description="Optional renames: model column = file column."),
]
PositiveNumber = Annotated[float, Field(gt=0, allow_inf_nan=False)]


class StudyTable(_Table):
    """[study]: what the study is."""

    key: str = Field(
        default=None,
        pattern=KEY_PATTERN,
        description="Identifies the study (Neo4j keeps studies apart by it); "
        "the study file's name by default.",
    )
    title: str = Field(default=None, description="Title of reports; the key by default.")
    lang: Literal[LANGS] | None = Field(
        default=None,
        description="Language of the outputs (default: the command's, TRAMAS_LANG, else en).",
    )
    waves: list[Wave] = Field(default=[], description="The waves of the survey, in order.")
    description: str = ""
    allow_outside: bool = Field(
        default=False,
        description="Allow paths that lead out of the study file's folder.",
    )
    basemap: FilePath = Field(
        default=None,
        description="GeoJSON file of polygons (municipalities, departments) drawn under "
        "geographic maps, offline; relative to the study file.",
    )


class ActorsTable(_Table):
    """[actors]: the actors table."""

    file: FilePath
    sheet: Sheet = None
    columns: Columns = {}


class SizesTable(_Table):
    """[sizes]: employee thresholds of the size classes (upper bounds, exclusive)."""

    micro: PositiveNumber = 10.0
    small: PositiveNumber = 50.0
    medium: PositiveNumber = 250.0


class RelationEntry(_Table):
    """One [[relations]] entry: a relation of the survey."""

    name: str = Field(pattern=RELATION_PATTERN)
    label: str = ""
    question: str = ""
    directed: bool = True
    direction: Literal[DIRECTIONS] = Field(
        default="ego_to_alter",
        description="ego_to_alter: the answer names the receiver; "
        "alter_to_ego: the answer names the sender.",
    )
    symmetrize: Literal[SYMMETRIZE_RULES] = Field(
        default="union", description="How an undirected relation merges the two reports."
    )


class TiesEntry(_Table):
    """One [[ties]] entry: a ties file and how to read it."""

    file: FilePath
    shape: Literal[SHAPES] = "edgelist"
    sheet: Sheet = None
    relation: str = Field(
        default=None,
        pattern=RELATION_PATTERN,
        description="The relation of every tie, when the file has no relation column.",
    )
    wave: Wave = Field(
        default=None, description="The wave of every tie, when the file has no wave column."
    )
    oriented: Literal["reported", "flow"] = Field(
        default="reported",
        description="Edge lists only: 'flow' when the file already points along the flow.",
    )
    columns: Columns = {}
    respondent_column: Text = Field(
        default=None, description="Rosters and free recall: the respondent's column."
    )
    format: Literal["wide", "long"] = Field(default="wide", description="Free recall only.")
    threshold: float = Field(
        default=90.0,
        ge=0,
        le=100,
        allow_inf_nan=False,
        description="Free recall only: the name-matching score (0-100) a match needs.",
    )
    accept_unresolved: bool = Field(
        default=False,
        description="Free recall only: load unresolved names as new external actors.",
    )
    questions: dict[Annotated[str, Field(pattern=RELATION_PATTERN)], Text] = Field(
        default={},
        description="Survey-tool exports (kobo, network_canvas, qualtrics): relation = the "
        "question that asks it (its name, export tag, node attribute or edge type); by "
        "default the question named like the relation.",
    )


class RecallTable(_Table):
    """[recall]: free-recall names a person decided."""

    reviewed: Annotated[
        list[FilePath],
        BeforeValidator(_one_file_as_list),
        WithJsonSchema(
            {
                "anyOf": [
                    {"type": "string", "minLength": 1},
                    {"type": "array", "items": {"type": "string", "minLength": 1}},
                ],
                "description": "Filled review file(s), relative to the study file.",
            }
        ),
    ] = []


_Scalar = str | bool | int | float
_SCALAR_SCHEMA = [{"type": "string"}, {"type": "boolean"}, {"type": "number"}]
RuleValue = Annotated[
    _Scalar | list[_Scalar] | dict[Text, _Scalar | list[_Scalar]],
    WithJsonSchema(
        {
            "anyOf": [
                *_SCALAR_SCHEMA,
                {"type": "array", "items": {"anyOf": _SCALAR_SCHEMA}},
                {
                    "type": "object",
                    "additionalProperties": {
                        "anyOf": [*_SCALAR_SCHEMA, {"type": "array"}],
                    },
                },
            ],
            "description": "The value the column must have; a list: any of them; "
            'a table { op = value }, op one of ==, !=, >=, >, <=, <, in (e.g. { ">=" = 0.5 }).',
        }
    ),
]


class GovernanceRule(_Table):
    """One [[governance.rules]] entry: when the evidence of a trade tie matches, its
    governance is ``then``. Rules are tried in order; the first that matches decides."""

    when: dict[Text, RuleValue] = Field(
        description="Evidence column = value: market, spec_setter, buyer_monitors, "
        "buyer_share, ownership_link, intermediary.",
    )
    then: Text = Field(description="A governance type of the scheme, or 'unknown'.")


class GovernanceTable(_Table):
    """[governance]: how the governance of trade ties is derived from survey evidence."""

    relation: str = Field(
        default=None,
        pattern=RELATION_PATTERN,
        description="The value-chain relation (supplier -> buyer); 'trade' by default "
        "when the study has it.",
    )
    scheme: Literal[SCHEMES] = Field(
        default="humphrey_schmitz",
        description="humphrey_schmitz (market, network, quasi_hierarchy, hierarchy) or "
        "gereffi (market, modular, relational, captive, hierarchy).",
    )
    markets: list[Text] = Field(
        default=[], description="Market labels allowed besides the default ones."
    )
    rules: list[GovernanceRule] = Field(
        default=[], description="Rules replacing the scheme's default rules, in order."
    )


class DiagnosisTable(_Table):
    """[diagnosis]: settings of the cluster diagnosis."""

    thresholds: dict[Text, Annotated[float, Field(allow_inf_nan=False)]] = Field(
        default={}, description="Thresholds of the typology indicators, by name."
    )


class UpgradingTable(_Table):
    """[upgrading]: a firm-by-wave table of the upgrading firms report."""

    file: FilePath
    sheet: Sheet = None
    columns: Columns = {}


class StudyFile(_Table):
    """A study file: which files hold the survey and how they map onto tramas' model."""

    model_config = ConfigDict(title="tramas study file (study.toml)")

    study: StudyTable = StudyTable()
    actors: ActorsTable
    sizes: SizesTable = SizesTable()
    relations: list[RelationEntry] = []
    ties: list[TiesEntry] = Field(min_length=1)
    recall: RecallTable = RecallTable()
    governance: GovernanceTable = GovernanceTable()
    diagnosis: DiagnosisTable = DiagnosisTable()
    upgrading: UpgradingTable = None


def _drop_null_defaults(node: Any) -> Any:
    """TOML has no null: a key with no default is simply optional."""
    if isinstance(node, dict):
        return {
            k: _drop_null_defaults(v) for k, v in node.items() if not (k == "default" and v is None)
        }
    if isinstance(node, list):
        return [_drop_null_defaults(v) for v in node]
    return node


def study_json_schema() -> dict[str, Any]:
    """The JSON Schema of the study file (``docs/study.schema.json``)."""
    schema = _drop_null_defaults(StudyFile.model_json_schema(ref_template="#/definitions/{model}"))
    schema["definitions"] = schema.pop("$defs")
    # draft-07: what Taplo (Even Better TOML) and most editors check against
    return {"$schema": "http://json-schema.org/draft-07/schema#", **schema}


def study_json_schema_text() -> str:
    """The JSON Schema as the committed file holds it."""
    return json.dumps(study_json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # pragma: no cover - python -m tramas.ingest.study_schema
    print(study_json_schema_text(), end="")
