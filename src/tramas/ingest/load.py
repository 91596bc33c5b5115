"""Loading a study into a validated :class:`~tramas.graph.Network`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pandas as pd

from tramas.exceptions import InputError, TramasError, ValidationFailed
from tramas.graph.network import Network, empty_upgrading
from tramas.ingest.actors import read_actors
from tramas.ingest.report import IngestReport
from tramas.ingest.review import read_reviewed
from tramas.ingest.study import StudySpec, default_governance, read_study, spec_from_files
from tramas.ingest.survey_tools import read_survey_source
from tramas.ingest.ties import canonical_ties, market_values, read_ties_source
from tramas.ingest.upgrading import combine_upgrading, read_upgrading, upgrading_from_actors

__all__ = ["load", "load_spec"]


def load(
    study: str | Path | None = None,
    *,
    actors: str | Path | None = None,
    ties: str | Path | Sequence[str | Path] | None = None,
    strict: bool = True,
    reviewed: str | Path | Sequence[str | Path] = (),
) -> Network:
    """Read, validate and assemble a study.

    Parameters
    ----------
    study:
        A ``study.toml`` (see ``docs/data-format.md``).
    actors, ties:
        Without a study file: an actors table and one or more edge lists with
        conventional column names.
    strict:
        Raise :class:`~tramas.exceptions.ValidationFailed` when the input has errors.
        With ``strict=False`` the network holds what could be loaded and
        ``network.report`` lists every problem.
    reviewed:
        Filled review files of free-recall names (see :mod:`tramas.ingest.review`), read
        besides those the study file names under ``[recall] reviewed``.

    Returns
    -------
    Network
        ``network.report`` is the :class:`~tramas.ingest.IngestReport`: every input record
        loaded, merged or rejected, with the reasons.
    """
    if study is not None:
        spec = read_study(study)
    elif actors is not None:
        if ties is None or (not isinstance(ties, str | Path) and len(ties) == 0):
            raise TramasError(
                "no ties file given", hint="pass --ties FILE (repeatable)", code="no_ties_file"
            )
        tie_list = [ties] if isinstance(ties, str | Path) else list(ties)
        spec = spec_from_files(actors, tie_list)
    else:
        raise TramasError(
            "no input given",
            hint="pass a study file, or actors and ties files",
            code="load_no_input",
        )
    if reviewed:
        extra = [reviewed] if isinstance(reviewed, str | Path) else list(reviewed)
        spec = replace(spec, reviewed=(*spec.reviewed, *(Path(p) for p in extra)))
    return load_spec(spec, strict=strict)


def load_spec(spec: StudySpec, *, strict: bool = True) -> Network:
    """Load a parsed :class:`StudySpec` (see :func:`load`)."""
    report = IngestReport()
    relations = dict(spec.relations)
    try:
        actors = read_actors(spec.actors, report, sizes=spec.sizes)
    except InputError as exc:
        report.add_input_error(exc)
        info = replace(
            spec.info,
            governance=_governance(spec.info.governance, relations),
            diagnosis={"thresholds": dict(spec.info.diagnosis.get("thresholds", {}))},
        )
        network = Network(
            pd.DataFrame(columns=["name"]),
            pd.DataFrame(),
            relations,
            info,
            report,
            upgrading=empty_upgrading(),
        )
        if strict:
            raise ValidationFailed(report) from None
        return network
    actors, upgrading = upgrading_from_actors(actors)
    markets = market_values(spec.info.governance.get("markets", ()))
    waves = spec.info.waves
    default_wave = waves[0] if len(waves) == 1 else (None if waves else "1")
    frames = []
    counts_by_file = {}
    new_actors: dict[str, str] = {}
    reporters: set[str] = set()
    reviewed = read_reviewed(spec.reviewed, report, actor_ids=actors.index)
    for src in spec.ties:
        try:
            tool = read_survey_source(
                src,
                report,
                actors=actors,
                relations=list(spec.relations),
                default_wave=default_wave,
                new_actors=new_actors,
                reporters=reporters,
                reviewed=reviewed,
                markets=markets,
            )
            if tool is not None:
                counts_by_file.update({c.file: c for c in tool.counts})
                frames.append(tool.records)
                if not tool.upgrading.empty:
                    upgrading = combine_upgrading(upgrading, tool.upgrading)
                continue
            rec, counts = read_ties_source(
                src,
                report,
                actors=actors,
                default_wave=default_wave,
                new_actors=new_actors,
                reporters=reporters,
                reviewed=reviewed,
                wave_assumed=not waves,
                markets=markets,
            )
        except InputError as exc:
            report.add_input_error(exc, file=str(src.file))
            continue
        counts_by_file[counts.file] = counts
        frames.append(rec)
    reviewed.finish(report)
    if new_actors:
        extra = pd.DataFrame(
            {"name": list(new_actors.values()), "kind": "other", "internal": False},
            index=pd.Index(list(new_actors), name="id"),
        )
        actors = pd.concat([actors, extra])
    records = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    ties = canonical_ties(
        records,
        counts_by_file,
        report,
        actor_ids=actors.index,
        relations=relations,
        declared_relations=spec.declared_relations,
        waves=waves,
    )
    actors = _respondents(actors, ties, reporters, report)
    _isolates(actors, ties, report)
    info = spec.info
    if not info.waves and len(ties):
        info = replace(info, waves=tuple(sorted(ties["wave"].dropna().astype(str).unique())))
    if spec.upgrading is not None:
        try:
            table = read_upgrading(spec.upgrading, report, actor_ids=actors.index, waves=info.waves)
        except InputError as exc:
            report.add_input_error(exc, file=str(spec.upgrading.file))
        else:
            upgrading = combine_upgrading(upgrading, table)
    for counts in report.files:
        if not counts.balanced:  # a bug, never bad input: say so loudly
            raise AssertionError(f"row accounting does not balance for {counts.file}: {counts}")
    info = replace(
        info,
        governance=_governance(info.governance, relations),
        diagnosis={"thresholds": dict(info.diagnosis.get("thresholds", {}))},
    )
    network = Network(
        actors=actors,
        ties=ties,
        relations=relations,
        study=info,
        report=report,
        upgrading=upgrading,
    )
    if strict and report.errors:
        raise ValidationFailed(report)
    return network


def _governance(given: dict, relations: dict) -> dict:
    """The study's ``[governance]`` block completed: the relation ``trade`` when none is
    named and the network has it (see :func:`~tramas.ingest.study.default_governance`)."""
    out = {**default_governance(relations), **given}
    if not out["relation"] and "trade" in relations:
        out["relation"] = "trade"
    return out


def _respondents(
    actors: pd.DataFrame, ties: pd.DataFrame, reporters: set[str], report: IngestReport
) -> pd.DataFrame:
    actors = actors.copy()
    reported = set(ties["reported_by"].dropna()) | reporters if len(ties) else set(reporters)
    derived = actors.index.to_series().isin(reported)
    if "respondent" in actors.columns:
        given = actors["respondent"]
        actors["respondent"] = given.where(given.notna(), derived).astype(bool)
    else:
        actors["respondent"] = derived.astype(bool)
    named = set(ties["source"]) | set(ties["target"]) if len(ties) else set()
    non = [
        a for a in actors.index[~actors["respondent"]] if a in named and actors.at[a, "internal"]
    ]
    if non:
        report.add(
            "warning",
            "non_respondents",
            values={"n": len(non), "ids": ", ".join(non[:12]) + (" …" if len(non) > 12 else "")},
        )
    return actors


def _isolates(actors: pd.DataFrame, ties: pd.DataFrame, report: IngestReport) -> None:
    named = set(ties["source"]) | set(ties["target"]) if len(ties) else set()
    iso = [a for a in actors.index if a not in named]
    if iso:
        report.add(
            "warning",
            "isolates",
            values={"n": len(iso), "ids": ", ".join(iso[:12]) + (" …" if len(iso) > 12 else "")},
        )
