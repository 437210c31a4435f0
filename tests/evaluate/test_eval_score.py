"""kg.evaluate.score: scoring hand-made TriG graphs (docs/MODEL.md) against fixtures/gold/000.json."""

from __future__ import annotations

import json
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
import rdflib

from kg.evaluate import evaluate, load_gold

SCORED = ["entities", "metrics", "metrics-strict", "awards", "relations"]


def _counts(result, category: str) -> tuple[int, int, int, int]:
    s = result.scores[category]
    return s.gold, s.found, s.predicted, s.correct


def test_score_perfect_graph_has_f1_one(mini_gold, load_trig) -> None:
    result = evaluate(mini_gold, load_trig("perfect"))
    for cat in SCORED + ["entities:Region", "entities:Government", "entities:School", "entities:Program"]:
        s = result.scores[cat]
        assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0), cat
    assert result.misses == [] and result.false_positives == []
    assert result.value_precision == 1.0
    assert result.unsupported_values == []
    assert result.missing_reports == []


def test_score_optional_types_listed_as_not_modelled(mini_gold, load_trig) -> None:
    result = evaluate(mini_gold, load_trig("perfect"))
    assert result.not_modelled == ["Media", "Event", "Base"]
    assert "entities:Event" not in result.scores
    assert result.scores["entities"].gold == 6  # the Event 全国教育大会 is not counted


def test_score_event_scored_when_graph_models_it(mini_gold, load_trig) -> None:
    ds = load_trig("perfect")
    EDU = rdflib.Namespace("https://w3id.org/edukg/ontology#")
    ds.add((EDU.Event, rdflib.RDF.type, rdflib.OWL.Class))
    result = evaluate(mini_gold, ds)
    assert result.not_modelled == ["Media", "Base"]
    assert _counts(result, "entities:Event") == (1, 0, 0, 0)


def test_score_missing_and_extra_entities_give_exact_precision_recall(mini_gold, load_trig) -> None:
    result = evaluate(mini_gold, load_trig("entities_partial"))
    assert _counts(result, "entities:Region") == (2, 1, 1, 1)
    assert _counts(result, "entities:Government") == (1, 1, 2, 2)
    assert _counts(result, "entities:School") == (1, 0, 1, 0)
    assert _counts(result, "entities:Program") == (2, 1, 2, 1)
    assert _counts(result, "entities:PolicyDocument") == (0, 0, 1, 0)
    overall = result.scores["entities"]
    assert Fraction(overall.correct, overall.predicted) == Fraction(4, 7)
    assert overall.recall == 0.5
    missed = [i.text for i in result.misses if i.category.startswith("entities:")]
    assert missed == ["常州市 (常州市)", "常州市觅渡桥小学 (常州市觅渡桥小学 / 觅小)", "五色种子，五心家园 (五色种子，五心家园)"]
    extra = [(i.category, i.text) for i in result.false_positives]
    assert extra == [("entities:School", "荆川小学"), ("entities:Program", "全国文明校园"),
                     ("entities:PolicyDocument", "五色种子，五心家园")]


def test_score_width_quote_and_dot_variants_still_match(mini_gold, load_trig) -> None:
    result = evaluate(mini_gold, load_trig("variants"))
    assert _counts(result, "entities") == (6, 6, 6, 6)


def test_score_value_off_by_one_yuan_is_a_miss(mini_gold, load_trig) -> None:
    result = evaluate(mini_gold, load_trig("metrics_errors"))
    assert _counts(result, "metrics") == (3, 2, 4, 2)
    assert _counts(result, "metrics-strict") == (3, 1, 4, 1)
    assert [i.text for i in result.misses if i.category == "metrics"] == [
        "683703000 CNY | 一般公共预算经费 | 钟楼区 | 2020"
    ]
    assert len(result.value_mismatches) == 1
    assert "683703001 CNY" in result.value_mismatches[0].text
    assert result.value_precision == pytest.approx(2 / 3)


def test_score_raw_value_missing_from_evidence_is_flagged(mini_gold, load_trig) -> None:
    result = evaluate(mini_gold, load_trig("metrics_errors"))
    assert [(i.text, i.evidence) for i in result.unsupported_values] == [
        ("rawValue '二次' not in evidence", "2020年召开教育系统安全工作会议2次")
    ]


def test_score_wan_yuan_compared_through_gold_normalised_value(mini_gold, load_trig) -> None:
    result = evaluate(mini_gold, load_trig("metrics_unscaled"))
    assert _counts(result, "metrics") == (3, 1, 2, 1)
    fps = [i.text for i in result.false_positives if i.category == "metrics"]
    assert fps == ["68370.3 CNY | 一般公共预算经费 | 钟楼区 | 2020"]


def test_score_awards_level_prefix_and_count(mini_gold, load_trig) -> None:
    result = evaluate(mini_gold, load_trig("awards_variants"))
    assert _counts(result, "awards") == (3, 2, 4, 2)
    assert [i.text for i in result.misses if i.category == "awards"] == ["一校一品党建品牌 -> ×1 | 2020"]
    assert sorted(i.text for i in result.false_positives if i.category == "awards") == [
        "一校一品党建品牌 -> ×2 | -", "市义务教育均衡区 -> 钟楼区 | -"
    ]


def test_score_gold_file_without_report_counts_as_misses(tmp_path: Path, load_trig) -> None:
    src = Path(__file__).parent / "fixtures" / "gold" / "000.json"
    shutil.copy(src, tmp_path / "000.json")
    other = json.loads(src.read_text(encoding="utf-8"))
    other["doc"] = "009"
    (tmp_path / "009.json").write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    result = evaluate(load_gold(tmp_path), load_trig("perfect"))
    assert result.missing_reports == ["009"]
    assert _counts(result, "metrics") == (6, 3, 3, 3)
    assert result.per_report["009"]["awards"].found == 0
    assert result.per_report["000"]["awards"].found == 3


def test_score_report_without_gold_is_listed_not_scored(mini_gold, load_trig) -> None:
    ds = load_trig("perfect")
    EDU = rdflib.Namespace("https://w3id.org/edukg/ontology#")
    other = rdflib.URIRef("https://w3id.org/edukg/id/report/ffffffffffffffff")
    ds.add((other, rdflib.RDF.type, EDU.Report))
    ds.add((other, EDU.sourceFile, rdflib.Literal("004_ffffffffffffffff.txt")))
    result = evaluate(mini_gold, ds)
    assert result.unannotated_reports == ["004_ffffffffffffffff.txt"]
    assert result.scores["metrics"].f1 == 1.0


def test_score_plain_graph_union_scores_like_the_dataset(mini_gold, load_trig) -> None:
    ds = load_trig("entities_partial")
    union = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    a, b = evaluate(mini_gold, ds), evaluate(mini_gold, union)
    assert {c: _counts(a, c) for c in a.scores} == {c: _counts(b, c) for c in b.scores}


def test_score_real_gold_against_empty_graph_misses_everything() -> None:
    gold = load_gold(Path(__file__).parents[1] / "gold")
    result = evaluate(gold, rdflib.Dataset())
    assert result.missing_reports == ["000", "001", "002", "003"]
    assert _counts(result, "metrics") == (371, 0, 0, 0)
    assert _counts(result, "awards") == (108, 0, 0, 0)
    # every gold unit kind is a concept of ontology/units.ttl (or an alias of one)
    assert result.gold_units_not_in_model == {}
