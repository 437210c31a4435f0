"""Section 7 of BENCHMARKS.md: rewritten queries against their baseline text, rendered from the JSON."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))
_spec = importlib.util.spec_from_file_location("bench_report", BENCH / "report.py")
report = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(report)

VERSIONS = {
    "command": "python bench/bench_query_versions.py OUT --baseline abc1234", "date": "2026-12-07 05:37:07 UTC",
    "baseline": "abc1234", "quads": 10_024_115, "reports": 2000, "cap_s": 200.0,
    "queries": [
        {"name": "fast-now", "params": ["region"], "baseline_s": 40.0, "current_s": 16.0,
         "baseline_rows": 25, "current_rows": 25, "same_rows": True},
        {"name": "was-killed", "params": [], "baseline_s": None, "current_s": 20.0,
         "baseline_rows": None, "current_rows": 7, "same_rows": None},
        {"name": "differs", "params": [], "baseline_s": 1.0, "current_s": 2.0,
         "baseline_rows": 3, "current_rows": 4, "same_rows": False},
    ],
}


def test_report_query_versions_rows_ratios_and_killed_baseline():
    lines: list[str] = []
    report._query_versions({"query_versions": VERSIONS}, lines)
    table = [line for line in lines if line.startswith("| ") and not line.startswith("| query")]
    assert table == [
        "| fast-now | region | 25 / 25 | yes | 40,000.0 | 16,000.0 | 2.5 |",
        "| was-killed | - | ? / 7 | - | > 200,000 (killed) | 20,000.0 | > 10.0 |",
        "| differs | - | 3 / 4 | **no** | 1,000.0 | 2,000.0 | 0.5 |",
    ]
    assert "10,024,115 quads, 2,000 reports" in lines[2]


def test_report_without_query_versions_adds_nothing():
    lines: list[str] = []
    report._query_versions({}, lines)
    assert lines == []
