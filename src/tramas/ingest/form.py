"""An XLSForm questionnaire (KoboToolbox, ODK Collect, Enketo) made from a study file.

``tramas form`` writes the questions the study's analysis needs, so that collection and
analysis share one definition; the KoboToolbox export of the submissions loads with
``shape = "kobo"`` (:mod:`tramas.ingest.kobo`) and no mapping:

1. ``respondent``: the respondent's own organisation (``select_one`` of the actors);
2. ``wave``, when the study has waves (the last one by default);
3. per relation ``R``: ``R`` (``select_multiple`` of the actors but the respondent, the
   relation's question), ``R_other`` (names not on the list, one per line), and the
   repeat group ``R_ties``, one pass per organisation named: ``R_partner`` (its choice
   code), ``R_weight`` (the strength, 1-3) and, on the value-chain relation, the
   evidence of the tie (``market``, ``spec_setter``, ``buyer_monitors``, ``buyer_share``
   as a percentage, ``ownership_link``, ``intermediary``);
4. the upgrading questions (``upgrading_process``... and ``functions``) when the study
   declares upgrading data (``[upgrading]``, or upgrading columns in the actors table).

Actors are choices by their ids (:func:`~tramas.ingest.survey_common.choice_codes` for
ids an XLSForm choice name cannot hold), labelled with their names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from tramas.exceptions import InputError
from tramas.graph.model import FUNCTIONS, MARKETS, SPEC_SETTERS
from tramas.ingest.actors import UPGRADING_SCORES, read_actors
from tramas.ingest.report import IngestReport
from tramas.ingest.study import StudySpec, read_study
from tramas.ingest.survey_common import choice_codes
from tramas.locale import t, texts
from tramas.output import write_xlsx

__all__ = ["WrittenForm", "form_sheets", "write_form"]

SURVEY_COLUMNS = (
    "type",
    "name",
    "label",
    "hint",
    "required",
    "relevant",
    "constraint",
    "choice_filter",
    "appearance",
    "calculation",
    "repeat_count",
    "default",
)


@dataclass(frozen=True)
class WrittenForm:
    """A form written: its file, how many questions it asks and how many actors it offers."""

    path: Path
    questions: int
    actors: int


def write_form(
    study: str | Path | StudySpec, out: str | Path, *, lang: str | None = None
) -> WrittenForm:
    """Write the XLSForm of ``study`` to ``out`` (``.xlsx``), its texts in ``lang`` (by
    default the study's language, else English)."""
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise InputError(
            f"the form must be an .xlsx file, not {out.name!r}",
            file=str(out),
            hint="give an output path ending in .xlsx (KoboToolbox and ODK read XLSForms "
            "as Excel workbooks)",
            code="form_not_xlsx",
            values={"file": out.name},
        )
    spec = study if isinstance(study, StudySpec) else read_study(study)
    report = IngestReport()
    actors = read_actors(spec.actors, report, sizes=spec.sizes)
    sheets = form_sheets(spec, actors, lang=lang or spec.info.lang or "en")
    out.parent.mkdir(parents=True, exist_ok=True)
    write_xlsx(out, sheets)
    survey = sheets["survey"]
    asked = survey["type"].str.match(r"^(select_|text|decimal|integer)").sum()
    return WrittenForm(out, int(asked), len(actors))


def _say(key: str, lang: str, **values: object) -> str:
    return t(f"form.{key}", lang, **values)


def form_sheets(spec: StudySpec, actors: pd.DataFrame, *, lang: str = "en") -> dict:
    """The ``survey``, ``choices`` and ``settings`` sheets of the study's form."""
    if not spec.relations:
        raise InputError(
            "the study declares no relation: the form has no roster question to ask",
            file=str(spec.path) if spec.path else None,
            hint="declare the relations of the survey with [[relations]] in the study file",
            code="form_no_relations",
            values={},
        )
    rows: list[dict[str, str]] = []
    choices: list[dict[str, str]] = []

    def q(type_: str, name: str, label: str = "", **more: str) -> None:
        rows.append({"type": type_, "name": name, "label": label, **more})

    def options(list_name: str, pairs: list[tuple[str, str]]) -> None:
        choices.extend({"list_name": list_name, "name": n, "label": lab} for n, lab in pairs)

    codes = choice_codes([str(i) for i in actors.index])
    names = actors["name"] if "name" in actors.columns else pd.Series(dtype=object)
    options(
        "actors",
        [(code, _actor_label(str(i), names.get(i))) for i, code in codes.items()],
    )
    many = {"appearance": "autocomplete"} if len(codes) > 15 else {}
    q("start", "start")
    q("end", "end")
    q(
        "select_one actors",
        "respondent",
        _say("respondent", lang),
        hint=_say("respondent_hint", lang),
        required="yes",
        **many,
    )
    waves = list(spec.info.waves)
    if waves:
        options("waves", [(w, w) for w in waves])
        q("select_one waves", "wave", _say("wave", lang), required="yes", default=waves[-1])
    options("strength", [(str(k), _say(f"strength_{k}", lang)) for k in (1, 2, 3)])
    chain = spec.info.governance.get("relation") or ("trade" if "trade" in spec.relations else "")
    for name, relation in spec.relations.items():
        label = relation.label or name
        q("begin_group", f"{name}_group", label)
        q(
            "select_multiple actors",
            name,
            relation.question or _say("roster", lang, relation=label),
            hint=_say("roster_hint", lang),
            choice_filter="name != ${respondent}",
            **many,
        )
        q(
            "text",
            f"{name}_other",
            _say("other", lang),
            hint=_say("other_hint", lang),
            appearance="multiline",
        )
        q(
            "begin_repeat",
            f"{name}_ties",
            _say("about", lang),
            repeat_count=f"count-selected(${{{name}}})",
        )
        q("calculate", f"{name}_partner", calculation=f"selected-at(${{{name}}}, position(..) - 1)")
        q(
            "calculate",
            f"{name}_partner_name",
            calculation=f"jr:choice-name(${{{name}_partner}}, '${{{name}}}')",
        )
        partner = f"${{{name}_partner_name}}"
        q(
            "select_one strength",
            f"{name}_weight",
            _say("weight", lang, partner=partner, relation=label),
            required="yes",
        )
        if name == chain:
            _chain_questions(q, options, spec, partner, lang)
        q("end_repeat", "")
        q("end_group", "")
    if spec.upgrading is not None or any(c in actors.columns for c in UPGRADING_SCORES):
        options("yes_no", [("yes", _say("yes", lang)), ("no", _say("no", lang))])
        q("begin_group", "upgrading", _say("upgrading", lang))
        for key in UPGRADING_SCORES:
            q("select_one yes_no", key, _say(key, lang))
        options("functions", [(f, _say(f"function.{f}", lang)) for f in FUNCTIONS])
        q("select_multiple functions", "functions", _say("functions", lang))
        q("end_group", "")
    # the yes/no list once, even when both the chain and upgrading ask yes/no questions
    seen: set[tuple[str, str]] = set()
    choices = [
        c
        for c in choices
        if not ((c["list_name"], c["name"]) in seen or seen.add((c["list_name"], c["name"])))
    ]
    survey = pd.DataFrame(rows).reindex(columns=list(SURVEY_COLUMNS)).astype(object).fillna("")
    key = re.sub(r"[^A-Za-z0-9_]", "_", spec.info.key)
    settings = pd.DataFrame(
        [
            {
                "form_title": spec.info.title or spec.info.key,
                "form_id": key if key[:1].isalpha() else f"tramas_{key}",
                "version": datetime.now(UTC).strftime("%Y%m%d%H%M"),
                "default_language": lang,
            }
        ]
    )
    return {
        "survey": survey,
        "choices": pd.DataFrame(choices, columns=["list_name", "name", "label"]),
        "settings": settings,
    }


def _actor_label(actor: str, name: object) -> str:
    text = "" if name is None or pd.isna(name) else str(name).strip()
    return f"{text} ({actor})" if text and text != actor else actor


def _chain_questions(q, options, spec: StudySpec, partner: str, lang: str) -> None:
    """The value-chain evidence of one trade tie (see ``docs/data-format.md``)."""
    declared = [m for m in spec.info.governance.get("markets", ()) if m not in MARKETS]
    markets = [*MARKETS, *declared]
    options(
        "markets",
        [
            (
                m if re.fullmatch(r"[A-Za-z0-9_.-]+", m) else re.sub(r"\W", "_", m),
                texts(lang).get(f"form.market.{m}", m),
            )
            for m in markets
        ],
    )
    options("spec_setter", [(s, _say(f"spec_setter.{s}", lang)) for s in SPEC_SETTERS])
    options("yes_no", [("yes", _say("yes", lang)), ("no", _say("no", lang))])
    q("select_one markets", "market", _say("market", lang, partner=partner))
    q("select_one spec_setter", "spec_setter", _say("spec_setter", lang, partner=partner))
    q("select_one yes_no", "buyer_monitors", _say("buyer_monitors", lang, partner=partner))
    q(
        "decimal",
        "buyer_share",
        _say("buyer_share", lang, partner=partner),
        constraint=". >= 0 and . <= 100",
    )
    q("select_one yes_no", "ownership_link", _say("ownership_link", lang, partner=partner))
    q("select_one yes_no", "intermediary", _say("intermediary", lang, partner=partner))
