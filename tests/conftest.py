"""Fixtures shared by the end-to-end tests: the sample corpus built once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
REPORTS = REPO / "data" / "reports"
GOLD = REPO / "tests" / "gold"


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory):
    """``kg build data/reports`` into a session temp dir (one worker): (out_dir, BuildResult)."""
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("sample-build")
    result = build([REPORTS], out, workers=1)
    return out, result


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the sample reports."""
    target = tmp_path / "reports"
    shutil.copytree(REPORTS, target)
    return target
