"""Shared fixtures of the kg.evaluate tests: the mini gold file and the hand-made TriG graphs."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from kg.evaluate import GoldReport, load_gold

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def mini_gold() -> list[GoldReport]:
    """gold/000.json: a few real items of report 000 (6 scored entities, 3 metrics, 3 awards, 2 relations)."""
    return load_gold(FIXTURES / "gold")


@pytest.fixture(scope="session")
def load_trig():
    """Parse ``fixtures/<name>.trig`` into a Dataset."""

    def _load(name: str) -> rdflib.Dataset:
        ds = rdflib.Dataset()
        ds.parse(FIXTURES / f"{name}.trig", format="trig")
        return ds

    return _load
