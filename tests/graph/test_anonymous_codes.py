"""Anonymous codes (#16): ``A-017``, one keyed sequence, never equal to a real id."""

from __future__ import annotations

import re

import pandas as pd

from tramas.graph.anonymize import anonymize_ids, code_prefix


def _actors(ids: list[str]) -> pd.DataFrame:
    kinds = ["firm", "research", "government", "association"]
    return pd.DataFrame(
        {
            "kind": [kinds[i % 4] for i in range(len(ids))],
            "internal": [i % 5 != 0 for i in range(len(ids))],
        },
        index=ids,
    )


def test_codes_are_one_zero_padded_sequence_without_the_kind():
    ids = [f"F{i:03d}" for i in range(1, 31)]
    codes = anonymize_ids(_actors(ids), key="k")
    assert sorted(codes.values()) == [f"A-{i:03d}" for i in range(1, 31)]
    # the number follows the keyed hash, not the table order or the kind
    assert [codes[i] for i in ids] != sorted(codes.values())
    assert all(re.fullmatch(r"A-\d{3}", c) for c in codes.values())
    # a thousand actors or more: four digits
    many = anonymize_ids(pd.DataFrame(index=[f"x{i}" for i in range(1200)]), key="k")
    assert {len(c) for c in many.values()} == {6} and "A-1200" in many.values()


def test_codes_are_stable_and_keyed():
    ids = [f"id{i}" for i in range(20)]
    codes = anonymize_ids(_actors(ids), key="study-1")
    assert anonymize_ids(_actors(ids).sample(frac=1, random_state=3), key="study-1") == codes
    assert anonymize_ids(_actors(ids), key="other") != codes


def test_a_code_never_equals_or_resembles_a_real_id():
    # ids written like codes (any case, spaces): the letter moves on
    ids = ["A-001", "a-2", "B - 17", "C-003", "F001"]
    assert code_prefix(ids) == "D"
    codes = anonymize_ids(_actors(ids), key="k")
    assert sorted(codes.values()) == ["D-001", "D-002", "D-003", "D-004", "D-005"]
    assert not set(codes.values()) & set(ids)
    # every single letter taken: two letters
    every = [f"{chr(65 + i)}-1" for i in range(26)]
    assert code_prefix(every) == "AA"
    codes = anonymize_ids(pd.DataFrame(index=every), key="k")
    assert all(c.startswith("AA-") for c in codes.values())
    # ids that only look a little like codes keep the letter A
    assert code_prefix(["A001", "A-B", "XA-001", "A_001"]) == "A"
