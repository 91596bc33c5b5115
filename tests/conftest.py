"""Shared fixtures. Neo4j fixtures live in ``neo4j_fixtures.py`` (a real server, never a mock)."""

from __future__ import annotations

pytest_plugins = ["neo4j_fixtures"]
