"""kg.evaluate.gold: loading and validating the gold annotations."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from kg.errors import EvalError
from kg.evaluate import load_gold

GOLD = Path(__file__).parents[1] / "gold"
MINI = Path(__file__).parent / "fixtures" / "gold" / "000.json"


def test_gold_reads_the_four_real_files_with_documented_counts() -> None:
    reports = load_gold(GOLD)
    counts = {r.doc: (len(r.entities), len(r.metrics), len(r.awards), len(r.relations)) for r in reports}
    assert counts == {
        "000": (83, 132, 57, 20),
        "001": (123, 114, 44, 18),
        "002": (67, 71, 7, 14),
        "003": (102, 54, 0, 20),
    }


def test_gold_keeps_the_normalised_value_as_exact_decimal() -> None:
    report = load_gold(GOLD)[0]
    first = next(m for m in report.metrics if m.indicator == "一般公共预算经费")
    assert first.value == Decimal("68370.3")
    assert first.unit == "万元"
    assert (first.norm_value, first.norm_unit) == (Decimal("683703000"), "CNY")


def test_gold_malformed_json_names_the_file(tmp_path: Path) -> None:
    shutil.copy(MINI, tmp_path / "000.json")
    (tmp_path / "002.json").write_text('{"doc": "002", "entities": [', encoding="utf-8")
    with pytest.raises(EvalError, match=r"002\.json: bad JSON at line 1"):
        load_gold(tmp_path)


def test_gold_missing_key_names_file_item_and_key(tmp_path: Path) -> None:
    data = json.loads(MINI.read_text(encoding="utf-8"))
    del data["metrics"][1]["normalized"]
    (tmp_path / "000.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(EvalError, match=r"000\.json: metrics\[1\]: missing key 'normalized'"):
        load_gold(tmp_path)


def test_gold_non_numeric_value_is_rejected(tmp_path: Path) -> None:
    data = json.loads(MINI.read_text(encoding="utf-8"))
    data["metrics"][0]["normalized"]["value"] = "很多"
    (tmp_path / "000.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(EvalError, match=r"000\.json: metrics\[0\]\.normalized\.value: not a number"):
        load_gold(tmp_path)


def test_gold_empty_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match="no \\*.json gold files"):
        load_gold(tmp_path)


def test_gold_duplicate_doc_is_an_error(tmp_path: Path) -> None:
    shutil.copy(MINI, tmp_path / "000.json")
    shutil.copy(MINI, tmp_path / "000-copy.json")
    with pytest.raises(EvalError, match="000.json.*doc '000' already annotated"):
        load_gold(tmp_path)
