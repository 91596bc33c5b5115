"""Saved layouts: positions a user arranged on a map, reused by ``tramas map --positions``.

A map page's *Save layout* button writes the positions of its nodes, as they are on
screen after any dragging, to a small JSON file::

    {"tramas_layout": 1, "anonymized": false, "positions": {"F-COOP": [120.5, -33.0], ...}}

The keys are the page's node ids: actor ids, or the anonymous codes of an anonymised
map (:func:`tramas.graph.anonymize.anonymize_ids`), which are mapped back to actors with
the same key. The numbers are vis-network canvas coordinates, the same units as the
layouts of :mod:`tramas.viz.layout`, so a saved layout puts each actor back exactly where
it was.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from tramas.exceptions import InputError
from tramas.viz.labels import text

__all__ = ["LAYOUT_VERSION", "layout_document", "read_layout", "saved_positions"]

#: The ``tramas_layout`` version this module reads and writes.
LAYOUT_VERSION = 1


def layout_document(
    positions: dict[str, tuple[float, float]], *, anonymized: bool = False
) -> dict[str, Any]:
    """The JSON document of a saved layout (what the page's *Save layout* button writes).

    Parameters
    ----------
    positions:
        Page node id → ``(x, y)`` in canvas coordinates.
    anonymized:
        Whether the ids are anonymous codes.

    Examples
    --------
    >>> layout_document({"F-1": (1.0, 2.5)})
    {'tramas_layout': 1, 'anonymized': False, 'positions': {'F-1': [1.0, 2.5]}}
    """
    return {
        "tramas_layout": LAYOUT_VERSION,
        "anonymized": bool(anonymized),
        "positions": {str(k): [float(x), float(y)] for k, (x, y) in positions.items()},
    }


def _shape_error(path: Path, reason: str) -> InputError:
    return InputError(
        f"the layout file {path} is not a tramas layout: {reason}",
        hint="give the file the map's Save layout button wrote",
        code="map_positions_shape",
        values={"file": str(path), "reason": reason},
    )


def read_layout(path: str | Path) -> dict[str, tuple[float, float]]:
    """The positions of a saved layout file: page node id → ``(x, y)``.

    Definition: the file must be a JSON object with ``"tramas_layout": 1`` and
    ``"positions"`` an object whose values are two finite numbers ``[x, y]``.

    Raises
    ------
    InputError
        ``map_positions_read`` (unreadable), ``map_positions_json`` (not JSON),
        ``map_positions_shape`` (another shape) or ``map_positions_number`` (``NaN``,
        ``Infinity`` or a number too large for a float), naming the file.

    Examples
    --------
    >>> import tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "layout.json")
    >>> _ = open(f, "w").write('{"tramas_layout": 1, "positions": {"a": [1, 2]}}')
    >>> read_layout(f)
    {'a': (1.0, 2.0)}
    """
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InputError(
            f"cannot read the layout file {path}: {reason}",
            code="map_positions_read",
            values={"file": str(path), "reason": reason},
        ) from exc
    try:  # NaN and Infinity (not JSON, but Python writes them) are refused below
        doc = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"the layout file {path} is not JSON (line {exc.lineno}: {exc.msg})",
            hint="give the file the map's Save layout button wrote",
            code="map_positions_json",
            values={"file": str(path), "line": exc.lineno, "reason": exc.msg},
        ) from exc
    if not isinstance(doc, dict):
        raise _shape_error(path, "not a JSON object")
    if doc.get("tramas_layout") != LAYOUT_VERSION:
        raise _shape_error(path, f"tramas_layout is not {LAYOUT_VERSION}")
    positions = doc.get("positions")
    if not isinstance(positions, dict):
        raise _shape_error(path, "no positions object")
    out: dict[str, tuple[float, float]] = {}
    for key, value in positions.items():
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        ):
            raise _shape_error(path, f"the position of {key} is not [x, y]")
        x, y = (float(v) for v in value)
        if not (math.isfinite(x) and math.isfinite(y)):
            raise InputError(
                f"the layout file {path} gives actor {key} a position that is not a finite number",
                hint="positions are two finite numbers [x, y]",
                code="map_positions_number",
                values={"file": str(path), "id": key},
            )
        out[str(key)] = (x, y)
    return out


def saved_positions(
    positions: pd.DataFrame,
    path: str | Path,
    *,
    codes: dict[str, str] | None,
    lang: str,
) -> tuple[pd.DataFrame, list[str]]:
    """``positions`` with the actors found in the layout file ``path`` moved where it puts them.

    Definition: an actor whose page id (its id, or its anonymous code when ``codes`` is
    given) is a key of the file takes the file's ``[x, y]``; the others keep the
    position the layout gave them. Ids of the file that name no actor of the map are
    counted and ignored.

    Parameters
    ----------
    positions:
        Columns ``x`` and ``y`` indexed by actor id (:func:`tramas.viz.layout.placement`).
    path:
        The layout file (:func:`read_layout`).
    codes:
        Actor id → anonymous code in an anonymised map, else ``None``.
    lang:
        Language of the message.

    Returns
    -------
    positions, messages
        A new frame, and one message counting actors placed from the file, actors not
        in it and ids of the file not on the map.

    Examples
    --------
    >>> import tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "layout.json")
    >>> _ = open(f, "w").write('{"tramas_layout": 1, "positions": {"a": [5, 6], "z": [0, 0]}}')
    >>> pos = pd.DataFrame({"x": [0.0, 1.0], "y": [0.0, 1.0]}, index=["a", "b"])
    >>> moved, notes = saved_positions(pos, f, codes=None, lang="en")
    >>> moved.loc["a"].tolist(), moved.loc["b"].tolist()
    ([5.0, 6.0], [1.0, 1.0])
    """
    path = Path(path)
    saved = read_layout(path)
    page_ids = [codes.get(str(i), str(i)) if codes else str(i) for i in positions.index]
    out = positions.copy()
    out["x"] = out["x"].astype(float)
    out["y"] = out["y"].astype(float)
    placed = 0
    for k, page_id in enumerate(page_ids):
        if page_id in saved:
            out.iloc[k, out.columns.get_loc("x")] = saved[page_id][0]
            out.iloc[k, out.columns.get_loc("y")] = saved[page_id][1]
            placed += 1
    unknown = len(set(saved) - set(page_ids))
    message = text(
        lang,
        "positions_used",
        file=path.name,
        n=placed,
        missing=len(page_ids) - placed,
        unknown=unknown,
    )
    return out, [message]
