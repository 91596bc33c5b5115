"""Stable codes that replace actor names when maps and reports leave the study team.

The same actor gets the same code in every map and report made from the same actors
table with the same key, so readers can follow "F017" from a map to a table. Codes start
with a letter for the actor's kind (``X`` before it for external actors) and number the
actors of that group in the order of a keyed hash (HMAC-SHA256) of their ids: the numbers
reveal neither the order of the actors table, nor alphabetical order, nor size.

Without a private key anyone holding the list of actor ids could recompute the order, so
pass a secret shared by the study team (``tramas map --anon-key``, or the environment
variable ``TRAMAS_ANON_KEY``) when ids themselves are guessable.
"""

from __future__ import annotations

import hashlib
import hmac

import pandas as pd

__all__ = ["KIND_PREFIX", "anonymize_ids"]

#: First letter of a code by actor kind; external actors get ``X`` in front (``XF03``).
KIND_PREFIX: dict[str, str] = {
    "firm": "F",
    "government": "G",
    "research": "R",
    "finance": "B",
    "association": "A",
    "other": "O",
}


def _prefix(kind: object, internal: object) -> str:
    letter = KIND_PREFIX.get(str(kind) if isinstance(kind, str) else "firm", "O")
    external = internal is False or (not pd.isna(internal) and not bool(internal))
    return f"X{letter}" if external else letter


def anonymize_ids(actors: pd.DataFrame, *, key: str = "") -> dict[str, str]:
    """A stable code for every actor, e.g. ``F007`` (firm), ``R02`` (research), ``XF3``.

    Parameters
    ----------
    actors:
        The study's whole actors table, indexed by id, with ``kind`` and ``internal``
        where known (missing kind counts as firm, missing ``internal`` as internal).
        Pass the whole table, not a subset, so that every output agrees.
    key:
        HMAC key: the study key, better combined with a secret of the study team.

    Returns
    -------
    dict
        Actor id → code. Codes are unique; within a group (kind × internal) numbers run
        from 1 with as many digits as the group's size needs (at least two).

    Notes
    -----
    Code of actor *i* in group *g*: prefix(*g*) followed by the rank of
    HMAC-SHA256(key, id\\ :sub:`i`) among the group's actors.

    Examples
    --------
    >>> actors = pd.DataFrame({"kind": ["firm", "firm", "research"]}, index=["a", "b", "c"])
    >>> codes = anonymize_ids(actors, key="k")
    >>> sorted(codes.values())
    ['F01', 'F02', 'R01']
    >>> codes == anonymize_ids(actors.iloc[::-1], key="k")
    True
    """
    ids = [str(i) for i in actors.index]
    kinds = actors["kind"] if "kind" in actors else pd.Series("firm", index=actors.index)
    internal = actors["internal"] if "internal" in actors else pd.Series(True, index=actors.index)
    secret = key.encode("utf-8")
    groups: dict[str, list[tuple[str, str]]] = {}
    for actor_id, kind, inside in zip(ids, kinds.tolist(), internal.tolist(), strict=True):
        digest = hmac.new(secret, actor_id.encode("utf-8"), hashlib.sha256).hexdigest()
        groups.setdefault(_prefix(kind, inside), []).append((digest, actor_id))
    codes: dict[str, str] = {}
    for prefix, members in groups.items():
        width = max(2, len(str(len(members))))
        for rank, (_, actor_id) in enumerate(sorted(members), start=1):
            codes[actor_id] = f"{prefix}{rank:0{width}d}"
    return codes
