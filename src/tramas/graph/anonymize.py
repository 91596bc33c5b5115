"""Stable codes that replace actor names when maps and reports leave the study team.

The same actor gets the same code in every map and report made from the same actors
table with the same key, so readers can follow "A-017" from a map to a table. Codes are
one letter, a hyphen and a number of at least three digits (``A-001`` ... ``A-118``);
they number the actors in the order of a keyed hash (HMAC-SHA256) of their ids, so the
numbers reveal neither the order of the actors table, nor alphabetical order, nor size,
nor kind (the map's shapes and the report's tables show the kind).

A code can never be mistaken for a real id: the letter is ``A`` unless some id of the
table already reads like a code with that letter (``A-5``, ``a-017``); then the next
free letter is taken (``B``, ``C``, ...), and a code is never equal to any id.

Without a private key anyone holding the list of actor ids could recompute the order, so
pass a secret shared by the study team (``tramas map --anon-key``, or the environment
variable ``TRAMAS_ANON_KEY``) when ids themselves are guessable.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import string
from collections.abc import Iterable
from itertools import product

import pandas as pd

__all__ = ["MIN_DIGITS", "anonymize_ids", "code_prefix"]

#: Least digits of a code's number (``A-007``).
MIN_DIGITS = 3

_CODE_LIKE = re.compile(r"([a-z]+)\s*-\s*\d+")


def code_prefix(ids: Iterable[object]) -> str:
    """The letters of the codes: ``A``, or the first free one if an id reads like a code.

    An id "reads like a code" with letters *L* when, stripped and case ignored, it is *L*,
    a hyphen and digits. Letters are tried ``A`` ... ``Z``, then ``AA``, ``AB`` ...

    Examples
    --------
    >>> code_prefix(["F001", "F002"])
    'A'
    >>> code_prefix(["A-001", "b-7", "C - 12"])
    'D'
    """
    taken = set()
    for i in ids:
        m = _CODE_LIKE.fullmatch(str(i).strip().casefold())
        if m:
            taken.add(m.group(1).upper())
    for length in range(1, 4):
        for letters in product(string.ascii_uppercase, repeat=length):
            prefix = "".join(letters)
            if prefix not in taken:
                return prefix
    raise AssertionError("unreachable: fewer ids than prefixes")  # pragma: no cover


def anonymize_ids(actors: pd.DataFrame, *, key: str = "") -> dict[str, str]:
    """A stable code for every actor, e.g. ``A-007``, never equal to a real id.

    Parameters
    ----------
    actors:
        The study's whole actors table, indexed by id. Pass the whole table, not a
        subset, so that every output agrees (the numbers and the letter depend on it).
    key:
        HMAC key: the study key, better combined with a secret of the study team.

    Returns
    -------
    dict
        Actor id → code. Codes are unique: the prefix of :func:`code_prefix`, a hyphen,
        and numbers 1 ... *n* with as many digits as *n* needs (at least
        :data:`MIN_DIGITS`).

    Notes
    -----
    Code of actor *i*: prefix, hyphen, rank of HMAC-SHA256(key, id\\ :sub:`i`) among all
    actors. The kind is not encoded: earlier codes such as ``F07`` or ``XF03`` looked
    like real ids (``F007``) and could equal one.

    Examples
    --------
    >>> actors = pd.DataFrame({"kind": ["firm", "firm", "research"]}, index=["a", "b", "c"])
    >>> codes = anonymize_ids(actors, key="k")
    >>> sorted(codes.values())
    ['A-001', 'A-002', 'A-003']
    >>> codes == anonymize_ids(actors.iloc[::-1], key="k")
    True
    >>> sorted(anonymize_ids(pd.DataFrame(index=["A-001", "x"]), key="k").values())
    ['B-001', 'B-002']
    """
    ids = [str(i) for i in actors.index]
    prefix = code_prefix(ids)
    secret = key.encode("utf-8")
    ranked = sorted(
        (hmac.new(secret, actor_id.encode("utf-8"), hashlib.sha256).hexdigest(), actor_id)
        for actor_id in ids
    )
    width = max(MIN_DIGITS, len(str(len(ids))))
    codes = {
        actor_id: f"{prefix}-{rank:0{width}d}" for rank, (_, actor_id) in enumerate(ranked, start=1)
    }
    return codes
