"""Shared fixtures of the RDF tests: the golden case's LinkedReport and its built Dataset."""

from __future__ import annotations

import pytest
from rdflib import Dataset

from kg.model import LinkedReport
from kg.rdf.builder import build_dataset
from .factory import FakeRegionTable, load_case

CASE = "selfeval_funding_awards"


@pytest.fixture()
def case() -> tuple[LinkedReport, FakeRegionTable]:
    """A fresh LinkedReport (tests may modify it) and its region table."""
    return load_case(CASE)


@pytest.fixture(scope="module")
def built() -> Dataset:
    """The Dataset built from the golden case (do not modify)."""
    linked, table = load_case(CASE)
    return build_dataset([linked], regions=table)
