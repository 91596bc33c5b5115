"""Saved layouts: positions a user arranged on a map, reused by ``tramas map --positions``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["saved_positions"]


def saved_positions(
    positions: pd.DataFrame,
    path: str | Path,
    *,
    codes: dict[str, str] | None,
    lang: str,
) -> tuple[pd.DataFrame, list[str]]:
    """``positions`` with the actors found in the layout file ``path`` moved where it puts them."""
    raise NotImplementedError
