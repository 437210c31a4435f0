"""The build's garbage-collector thresholds: set for the build and in its workers, restored after."""

from __future__ import annotations

import gc
from pathlib import Path

from kg.gctune import BUILD_THRESHOLDS
from kg.pipeline import _pool, build

REPORTS = Path(__file__).resolve().parents[1] / "data" / "reports"


def test_build_runs_with_its_gc_thresholds_and_restores_the_callers():
    before = gc.get_threshold()
    assert before != BUILD_THRESHOLDS
    seen = []
    result = build([sorted(REPORTS.glob("*.txt"))[0]], on_done=lambda _path, _outcome: seen.append(gc.get_threshold()))
    assert result.dataset is not None and len(result.dataset) > 100
    assert seen == [BUILD_THRESHOLDS]
    assert gc.get_threshold() == before


def test_build_worker_processes_run_with_the_build_thresholds():
    pool = _pool(2, 2)
    try:
        assert {pool.submit(gc.get_threshold).result() for _ in range(4)} == {BUILD_THRESHOLDS}
    finally:
        pool.shutdown()
