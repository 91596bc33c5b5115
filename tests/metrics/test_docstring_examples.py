"""The examples in the metrics docstrings run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "tramas.metrics.analysis",
    "tramas.metrics.brokerage",
    "tramas.metrics.centrality",
    "tramas.metrics.communities",
    "tramas.metrics.core_periphery",
    "tramas.metrics.figures",
    "tramas.metrics.roles",
    "tramas.metrics.structural_holes",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
