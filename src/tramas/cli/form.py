"""``tramas form``: the XLSForm questionnaire of a study, for KoboToolbox and ODK."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tramas.cli.common import LangOpt, console, handle_errors, print_written, say, use_lang

__all__ = ["form"]


@handle_errors
def form(
    study: Annotated[
        Path, typer.Option("--study", "-s", help="The study file (study.toml).", exists=False)
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="The XLSForm to write (.xlsx).")],
    lang: LangOpt = None,
) -> None:
    """Write an XLSForm (survey, choices, settings) for KoboToolbox / ODK Collect from the
    study: the respondent's organisation, one roster question per relation with a
    free-recall follow-up and the strength of each tie, the value-chain questions of
    trade ties and the upgrading questions when the study has them. Its KoboToolbox
    export loads with shape = "kobo" and no mapping.
    """
    from types import SimpleNamespace

    from tramas.ingest.form import write_form
    from tramas.ingest.study import read_study

    spec = read_study(study)
    lang = use_lang(lang, SimpleNamespace(study=spec.info))
    written = write_form(spec, out, lang=lang)
    console.print(
        say(
            "cli.form.written",
            path=str(written.path),
            questions=written.questions,
            actors=written.actors,
        ),
        highlight=False,
    )
    print_written([written.path])
