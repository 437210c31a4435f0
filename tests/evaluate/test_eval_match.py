"""kg.evaluate.match: normalisation and the matching rules, on real snippets of the sample reports."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from kg.evaluate.gold import GoldAward, GoldEntity, GoldMetric
from kg.evaluate.graphview import PredConferral, PredObservation
from kg.evaluate.match import (
    NameIndex,
    SubjectContext,
    award_label_matches,
    award_matches,
    evidence_overlaps,
    greedy_match,
    group_entities,
    metric_matches,
    metric_matches_strict,
    normalise,
    strip_level,
)

REGION = "https://w3id.org/edukg/id/region/320404"


def _metric(value: str, unit: str, year: int | None = 2020, subject: str = "钟楼区") -> GoldMetric:
    return GoldMetric(subject, "一般公共预算经费", None, "", Decimal(value), unit, year, None, "actual",
                      "2020年一般公共预算经费68370.3万元，比上年增长10%")


def _obs(value: str, unit: str, year: int | None = 2020, subject: str | None = REGION,
         labels: tuple[str, ...] = ("钟楼区",)) -> PredObservation:
    return PredObservation("o", Decimal(value), unit, "68370.3万元", year, subject, labels, "", ())


def test_match_normalise_removes_quotes_width_and_dot_variants() -> None:
    assert normalise("“发展素质教育•钟楼２０２５计划”") == "发展素质教育·钟楼2025计划"
    assert normalise("《钟楼区委、区政府履行教育职责实施方案》") == "钟楼区委、区政府履行教育职责实施方案"
    assert normalise("「觅小」") == normalise("觅小")
    assert normalise("五色种子，五心家园") == normalise("五色种子,五心家园")


def test_match_normalise_keeps_meaningful_differences() -> None:
    assert normalise("发展素质教育钟楼2025计划") != normalise("发展素质教育·钟楼2025计划")
    assert normalise("钟楼区") != normalise("钟楼")


@given(st.text())
def test_match_normalise_is_idempotent_and_total(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


def test_match_group_entities_merges_surface_forms_of_one_canonical() -> None:
    groups = group_entities([
        GoldEntity("Government", "区政府", "常州市钟楼区人民政府"),
        GoldEntity("Government", "钟楼区人民政府", "常州市钟楼区人民政府"),
        GoldEntity("Region", "钟楼区", "钟楼区"),
    ])
    assert [(g.type, g.canonical) for g in groups] == [("Government", "常州市钟楼区人民政府"), ("Region", "钟楼区")]
    assert groups[0].forms == {"区政府", "钟楼区人民政府", "常州市钟楼区人民政府"}


def test_match_metric_requires_exact_value_and_unit_kind() -> None:
    gold = _metric("683703000", "CNY")
    assert metric_matches(gold, _obs("683703000.0", "CNY"))
    assert not metric_matches(gold, _obs("683703001", "CNY"))  # one yuan off
    assert not metric_matches(gold, _obs("68370.3", "CNY"))  # 万 not applied
    assert not metric_matches(gold, _obs("683703000", "person"))


def test_match_metric_gold_event_unit_is_model_time() -> None:
    gold = _metric("2", "event")
    assert metric_matches(gold, _obs("2", "time"))
    assert not metric_matches(gold, _obs("2", "item"))


def test_match_strict_metric_needs_year_and_subject() -> None:
    ctx = SubjectContext(NameIndex(group_entities([GoldEntity("Region", "钟楼", "钟楼区")])),
                         REGION, ("钟楼区",), "常州市钟楼区")
    gold = _metric("683703000", "CNY")
    assert metric_matches_strict(gold, _obs("683703000", "CNY"), ctx)
    assert not metric_matches_strict(gold, _obs("683703000", "CNY", year=2019), ctx)
    assert metric_matches_strict(_metric("683703000", "CNY", year=None), _obs("683703000", "CNY", year=2019), ctx)
    school = "https://w3id.org/edukg/id/school/b2b2b2b2b2b2"
    assert not metric_matches_strict(gold, _obs("683703000", "CNY", subject=school, labels=("常州市觅渡桥小学",)), ctx)
    # subject named by an annotated surface form of the same canonical
    assert metric_matches_strict(_metric("683703000", "CNY", subject="钟楼"), _obs("683703000", "CNY"), ctx)


def test_match_strict_metric_accepts_report_region_labelled_with_full_name() -> None:
    ctx = SubjectContext(NameIndex([]), REGION, ("常州市钟楼区",), "常州市钟楼区")
    obs = _obs("683703000", "CNY", labels=("常州市钟楼区",))
    assert metric_matches_strict(_metric("683703000", "CNY"), obs, ctx)
    other = _obs("683703000", "CNY", subject="https://w3id.org/edukg/id/region/320400", labels=("常州市",))
    assert not metric_matches_strict(_metric("683703000", "CNY"), other, ctx)


def test_match_award_level_prefix_tolerated_on_one_side_only() -> None:
    assert strip_level("省义务教育均衡区") == "义务教育均衡区"
    assert strip_level("市级四有好教师团队") == "四有好教师团队"
    assert award_label_matches("省义务教育均衡区", ["义务教育均衡区"])
    assert award_label_matches("四有好教师团队", ["市级四有好教师团队"])
    assert award_label_matches("全国文明校园", ["“全国文明校园”"])
    assert not award_label_matches("省义务教育均衡区", ["市义务教育均衡区"])
    assert not award_label_matches("全国文明校园", ["文明单位"])


def test_match_award_by_count_when_gold_names_no_recipient() -> None:
    names = NameIndex([])
    gold = GoldAward(None, "School", "省优质幼儿园", "provincial", 2020, 1, "创成省优质幼儿园1所，市优质幼儿园2所")
    conf = PredConferral("c", ("省优质幼儿园",), None, (), 1, 2020, ())
    assert award_matches(gold, conf, names)
    assert not award_matches(gold, PredConferral("c", ("省优质幼儿园",), None, (), 2, 2020, ()), names)
    assert not award_matches(gold, PredConferral("c", ("市优质幼儿园",), None, (), 1, 2020, ()), names)


def test_match_award_by_recipient_surface_form() -> None:
    names = NameIndex(group_entities([GoldEntity("Government", "钟楼区教育局", "常州市钟楼区教育局")]))
    gold = GoldAward("钟楼区教育局", "Government", "全市安全工作主体责任征文活动一等奖", "municipal", 2020, None,
                     "全市安全工作主体责任征文活动钟楼区教育局获得一等奖")
    ok = PredConferral("c", ("全市安全工作主体责任征文活动一等奖",), "g", ("常州市钟楼区教育局",), None, None, ())
    wrong = PredConferral("c", ("全市安全工作主体责任征文活动一等奖",), "g", ("钟楼区人民政府",), None, None, ())
    assert award_matches(gold, ok, names)
    assert not award_matches(gold, wrong, names)


def test_match_evidence_overlap_either_way() -> None:
    assert evidence_overlaps("获评名校长10人", ["2020年获评名校长10人，其中特级校长3位"])
    assert evidence_overlaps("2020年获评名校长10人，其中特级校长3位", ["获评名校长10人"])
    assert not evidence_overlaps("获评名校长10人", ["其中特级校长3位"])


def test_match_greedy_prefers_overlapping_evidence_and_is_one_to_one() -> None:
    golds = ["A", "B"]
    preds = ["x", "y"]
    ok = lambda g, p: True  # noqa: E731 - every pair is acceptable by value
    overlap = lambda g, p: (g, p) == ("A", "y")  # noqa: E731
    assert greedy_match(golds, preds, ok, overlap) == {0: 1, 1: 0}
    assert greedy_match(["A", "B", "C"], ["x"], ok, lambda g, p: False) == {0: 0}
