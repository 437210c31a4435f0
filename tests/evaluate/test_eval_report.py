"""kg.evaluate.report: the text table and the JSON form of an evaluation."""

from __future__ import annotations

import json
from pathlib import Path

from kg.evaluate import evaluate, format_table, load_gold, to_json


def test_report_table_rows_are_aligned_and_carry_the_scores(mini_gold, load_trig) -> None:
    table = format_table(evaluate(mini_gold, load_trig("metrics_errors")))
    lines = table.splitlines()
    assert lines[0].split() == ["category", "gold", "tp", "fn", "pred", "fp", "P", "R", "F1"]
    row = next(line for line in lines if line.startswith("metrics "))
    assert row.split() == ["metrics", "3", "2", "1", "4", "2", "0.50", "0.67", "0.57"]
    assert len({len(line) for line in lines[:14]}) == 1  # right-aligned numbers, equal widths
    assert "value precision (matched figures with the exact gold value): 0.67" in table
    assert "rawValue '二次' not in evidence" in table


def test_report_table_lists_misses_with_evidence_and_caps_them(mini_gold, load_trig) -> None:
    result = evaluate(mini_gold, load_trig("entities_partial"))
    table = format_table(result, show_errors=1)
    assert "    000  683703000 CNY | 一般公共预算经费 | 钟楼区 | 2020  «2020年一般公共预算经费68370.3万元，比上年增长10%»" in table
    assert "    ... 2 more" in table  # 3 metric misses, 1 shown
    assert "not modelled (annotated, not scored): Media, Event, Base" in table


def test_report_json_is_serialisable_and_deterministic(mini_gold, load_trig) -> None:
    a = to_json(evaluate(mini_gold, load_trig("awards_variants")))
    b = to_json(evaluate(mini_gold, load_trig("awards_variants")))
    assert json.dumps(a, ensure_ascii=False, sort_keys=False) == json.dumps(b, ensure_ascii=False, sort_keys=False)
    assert a["scores"]["awards"] == {"gold": 3, "predicted": 4, "tp": 2, "fp": 2, "fn": 1, "correct": 2,
                                     "precision": 0.5, "recall": 2 / 3, "f1": 0.5714285714285715}
    assert a["scores"]["entities:PolicyDocument"]["precision"] is None
    assert a["per_report"]["000"]["awards"]["fn"] == 1
    assert [m["text"] for m in a["misses"] if m["category"] == "awards"] == ["一校一品党建品牌 -> ×1 | 2020"]


def test_report_table_has_per_report_rows_with_several_reports(tmp_path: Path, load_trig) -> None:
    src = Path(__file__).parent / "fixtures" / "gold" / "000.json"
    (tmp_path / "000.json").write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    other = json.loads(src.read_text(encoding="utf-8"))
    other["doc"] = "009"
    (tmp_path / "009.json").write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    table = format_table(evaluate(load_gold(tmp_path), load_trig("entities_partial")))
    rows = {line.split()[0]: line.split()[1:] for line in table.splitlines() if line.startswith("  00")}
    assert rows["000"][0] == "0.50/0.57"  # entities R/P of the report in the graph
    assert rows["009"][0] == "0.00/-"  # no report: nothing predicted
    assert "gold files with no report in the graph (all items missed): 009" in table
