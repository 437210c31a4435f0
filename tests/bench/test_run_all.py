"""bench/run_all.py: a failed step stops the run with its stderr instead of writing empty results."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))  # run_all imports its sibling report.py
_spec = importlib.util.spec_from_file_location("run_all", BENCH / "run_all.py")
run_all = importlib.util.module_from_spec(_spec)
sys.modules["run_all"] = run_all
_spec.loader.exec_module(run_all)


def test_run_all_step_rows_are_the_json_lines_it_printed():
    assert run_all.run_json(["-c", "print('not json'); print('{\"a\": 1}')"], 60) == [{"a": 1}]


@pytest.mark.parametrize("code", ["import sys; sys.stderr.write('stage missing\\n'); sys.exit(1)",
                                  "print('no result line')"])
def test_run_all_failed_step_raises_with_its_stderr(code):
    with pytest.raises(run_all.StepFailed, match="result line") as info:
        run_all.run_json(["-c", code], 60)
    if "stage missing" in code:
        assert "exit 1" in str(info.value) and "stage missing" in str(info.value)


def test_run_all_failed_step_exits_1_with_its_message(capsys):
    def failing(argv):
        run_all.run_json(["-c", "import sys; sys.exit(3)"], 60)
        return 0

    assert run_all.stopping_on_failure(failing, None) == 1
    assert "benchmark step failed, nothing written" in capsys.readouterr().err
