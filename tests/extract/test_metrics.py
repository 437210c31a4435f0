"""Metric extraction on real snippets of the sample reports, and the indicator scheme files."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.extract.metrics import extract_observations
from kg.extract.metrics_context import indicator_id, indicator_rules
from kg.model import (
    Document, DocumentMeta, EntityType, Genre, Mention, Modality, Observation, Sentence, Span,
)
from kg.nlp.indicators_ttl import IND, UNIT, concept_keys, indicator_graph, unit_graph

D = Decimal
ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology"


def make_doc(text: str, region: str = "常州市钟楼区", year: int = 2020,
             genre: Genre = Genre.SELF_EVALUATION) -> Document:
    """A Document with one paragraph per line and sentences split on 。！？."""
    sents = []
    for p, line in enumerate(re.finditer(r"[^\n]+", text)):
        for m in re.finditer(r"[^。！？]+[。！？]?", line.group(0)):
            sents.append(Sentence(Span(line.start() + m.start(), line.start() + m.end()), p))
    return Document("t", "test", text, DocumentMeta(region=region, year=year, genre=genre),
                    sentences=sents)


def obs(text: str, **kw: object) -> list[Observation]:
    return extract_observations(make_doc(text, **kw))  # type: ignore[arg-type]


def brief(o: Observation) -> tuple[Decimal, str, str | None]:
    return o.quantity.value, o.quantity.unit, o.stage


def test_metrics_funding_and_growth_link() -> None:
    got = obs("2020年一般公共预算经费68370.3万元，比上年增长10%，各学段一般公共预算教育支出均比上一年增长。")
    assert [brief(o) for o in got] == [(D(683703000), "CNY", None), (D(10), "percent", None)]
    assert got[0].indicator == "一般公共预算经费"
    assert got[0].indicator_id == "general-public-budget-education-funds"
    assert (got[1].indicator_id, got[1].growth_of) == ("growth", 0)
    assert got[0].year == 2020 and got[0].subject == "钟楼区"
    assert got[0].subject_type is EntityType.REGION


def test_metrics_enumeration_carries_indicator_with_stages() -> None:
    got = obs("生均公用经费学前720元、小学845元、初中1205元；财政性学前教育经费占同级财政性教育经费占比12.93%。")
    assert [brief(o) for o in got[:3]] == [(D(720), "CNY", "学前"), (D(845), "CNY", "小学"),
                                           (D(1205), "CNY", "初中")]
    assert {o.indicator for o in got[:3]} == {"生均公用经费"}
    assert {o.indicator_id for o in got[:3]} == {"per-student-public-funds"}
    assert brief(got[3]) == (D("12.93"), "percent", "学前")


def test_metrics_head_noun_carries_over_to_stage_breakdown() -> None:
    got = obs("全区共有在校生50193人,其中小学20286人,初中10573人,普高4601人,职高2442人,特殊教育57人,在园幼儿12234人。")
    assert [o.stage for o in got] == [None, "小学", "初中", "高中", "职业", "特殊", "学前"]
    assert all(o.indicator_id == "student-enrolment" for o in got)
    assert got[1].indicator == "在校生"


def test_metrics_new_places_are_places_not_items() -> None:
    got = obs("2020年完成新建、改扩建项目12个，新增初中学位1800个、小学学位2000个，学前教育学位525个。")
    assert [brief(o) for o in got] == [(D(12), "item", None), (D(1800), "place", "初中"),
                                       (D(2000), "place", "小学"), (D(525), "place", "学前")]
    assert got[1].indicator_id == "new-school-places"


def test_metrics_respectively_assigns_stages_in_order() -> None:
    got = obs("幼儿园、小学、初中、高中、中职分别比上年增长了146.75%、35.55%、34.31%、37.77%、28.37%。")
    assert [o.stage for o in got] == ["学前", "小学", "初中", "高中", "职业"]
    assert [o.quantity.value for o in got] == [D("146.75"), D("35.55"), D("34.31"), D("37.77"), D("28.37")]


def test_metrics_list_of_kinds_has_no_single_stage() -> None:
    (o,) = obs("幼儿园、小学、初中学生资助全年支出192.51万元。")
    assert (o.quantity.value, o.stage) == (D(1925100), None)
    got = obs("班主任补贴由每人每月280元提高到小学、幼儿园600元、中学1000元。")
    assert [brief(o) for o in got] == [(D(280), "CNY", None), (D(600), "CNY", None), (D(1000), "CNY", None)]


def test_metrics_qualifiers_keep_written_value() -> None:
    got = obs("全区500多名30年以上的教育工作者获表彰，累计参与人数超过3万人次，受益学生和家长近3万人次。")
    assert [(o.quantity.value, o.quantity.unit, o.quantity.qualifier) for o in got] == [
        (D(500), "person", "over"), (D(30000), "person-time", "over"), (D(30000), "person-time", "nearly")]


def test_metrics_ranges_keep_upper_bound_and_target_modality() -> None:
    low, high = obs("2019年力争再创省、市优质幼儿园1至2所。", year=2019, genre=Genre.WORK_PLAN)
    assert (low.quantity.value, low.quantity.upper, low.quantity.unit, low.stage) == (D(1), D(2), "school", "学前")
    assert (high.quantity.value, high.quantity.qualifier, high.value_span) == (D(2), "atMost", low.value_span)
    assert low.modality is high.modality is Modality.TARGET


def test_metrics_work_plan_is_target_unless_already_done() -> None:
    got = obs("在已完成500个教室改造基础上，继续投入150万元实施“教室灯光改造工程”，改造250个教室。",
              year=2019, genre=Genre.WORK_PLAN)
    assert [(o.quantity.value, o.modality) for o in got] == [
        (D(500), Modality.ACTUAL), (D(1500000), Modality.TARGET), (D(250), Modality.TARGET)]


def test_metrics_future_year_in_summary_is_target() -> None:
    (o,) = obs("2022年计划招聘幼儿园、中小学事业编制教师412名。", year=2021, genre=Genre.WORK_SUMMARY)
    assert (o.quantity.value, o.year, o.modality, o.stage) == (D(412), 2022, Modality.TARGET, None)


def test_metrics_actual_summary_figures() -> None:
    got = obs("2020年招聘在编教师53人，聘用教师158人，引进优秀教师12人。")
    assert [(o.quantity.value, o.modality, o.indicator_id) for o in got] == [
        (D(53), Modality.ACTUAL, "teacher-recruitment"), (D(158), Modality.ACTUAL, "teacher-recruitment"),
        (D(12), Modality.ACTUAL, "teacher-recruitment")]


def test_metrics_year_of_figure_is_nearest_non_comparison_year() -> None:
    got = obs("教学质量考核奖由2016年的8000元提升至2019年的50000元。", year=2019)
    assert [(o.quantity.value, o.year) for o in got] == [(D(8000), 2016), (D(50000), 2019)]
    (o,) = obs("2019年教育现代化发展水平监测比2018年进步20名。", year=2019)
    assert (o.quantity.value, o.quantity.unit, o.year) == (D(20), "rank", 2019)


def test_metrics_skips_names_dates_and_set_phrases() -> None:
    text = ("区委教育工委重点构建“五色种子，五心家园”党建品牌，从红色教育、蓝色制度五个维度，进行立体构建。"
            "谋划十四五教育发展蓝图。2所学校入选“江苏省2017-2019年度体育特色学校”。"
            "严肃督导反馈三项工作的规范和创新。按照两个“只增不减”要求。")
    got = obs(text)
    assert [(o.quantity.value, o.quantity.unit) for o in got] == [(D(2), "school")]


def test_metrics_chinese_numeral_counts_of_concrete_things() -> None:
    got = obs("结题两项省级课题，1名学生夺得全能、高低杠、平衡木三个项目的金牌。")
    assert [(o.quantity.value, o.quantity.unit) for o in got] == [
        (D(2), "item"), (D(1), "person"), (D(3), "item")]


def test_metrics_shared_figure_gives_one_observation_per_indicator() -> None:
    got = obs("现有国家一般课题和教育部重点课题各1项。", year=2021)
    assert [(o.indicator, o.quantity.value) for o in got] == [("国家一般课题", D(1)), ("教育部重点课题", D(1))]


def test_metrics_counted_noun_refines_unit() -> None:
    got = obs("成立8个学前教育集团、8个小学教育集团，关停3家简易幼儿园，检查单位1114家，中小学教师编制112个。")
    assert [brief(o) for o in got] == [(D(8), "group", "学前"), (D(8), "group", "小学"),
                                       (D(3), "school", "学前"), (D(1114), "organization", None),
                                       (D(112), "post", None)]


def test_metrics_bare_score_after_score_word() -> None:
    (o,) = obs("在2020年江苏省教育现代化建设监测中，我区综合得分为92.97。")
    assert (o.quantity.value, o.quantity.unit, o.indicator_id) == (D("92.97"), "score", "evaluation-score")


def test_metrics_school_mention_at_clause_start_is_subject() -> None:
    text = "钟爱学校投入300万元完成建设。"
    doc = make_doc(text)
    m = Mention(Span(0, 4), EntityType.SCHOOL, "钟爱学校")
    (o,) = extract_observations(doc, [m])
    assert (o.subject, o.subject_type) == ("钟爱学校", EntityType.SCHOOL)
    assert text[o.value_span.start:o.value_span.end] == "300万元"


def test_metrics_evidence_span_is_the_clause() -> None:
    text = "全区47所幼儿园中，省市优质园44所，占比达93.6%。"
    got = obs(text)
    assert [text[o.span.start:o.span.end] for o in got] == ["全区47所幼儿园中", "省市优质园44所", "占比达93.6%"]
    assert [o.stage for o in got] == ["学前", "学前", "学前"]


def test_metrics_indicator_triggers_map_wordings() -> None:
    assert indicator_id("普惠性幼儿园覆盖率", "percent") == "inclusive-kindergarten-coverage"
    assert indicator_id("义务教育学校标准化达标率", "percent") == "standard-compliance-rate"
    assert indicator_id("市综合考核满意度", "percent") == "satisfaction"
    assert indicator_id("教育系统在编教职工", "person") == "teacher-count"
    assert indicator_id("网络参会人数", "person") is None
    assert indicator_id("高考本科上线率", "percent") == "admission-rate"
    assert indicator_id("辍学率控制在", "percent") == "dropout-rate"
    assert indicator_id("招聘在编教师", "person") == "teacher-recruitment"


def test_metrics_indicator_ttl_matches_tsv() -> None:
    committed = Graph().parse(ONTOLOGY / "indicators.ttl", format="turtle")
    assert isomorphic(committed, indicator_graph())
    assert concept_keys(committed, IND) == sorted(key for key, *_ in indicator_rules())
    units = Graph().parse(ONTOLOGY / "units.ttl", format="turtle")
    assert isomorphic(units, unit_graph())
    assert {"CNY", "percent", "person", "person-time", "school", "place", "event"} <= set(concept_keys(units, UNIT))


def test_metrics_growth_written_as_bizeng_and_top_n_rank() -> None:
    got = obs("全年教育经费总投入12.5亿元，比增8.6%，高考成绩位列全市前3名。")
    assert [(o.quantity.value, o.quantity.unit, o.indicator_id, o.growth_of) for o in got] == [
        (D(1250000000), "CNY", "education-investment", None), (D("8.6"), "percent", "growth", 0),
        (D(3), "rank", None, None)]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="0123456789.万元人所个%余近、，。其中小学初中幼儿园比上年增长“”力争2020年", max_size=60))
def test_metrics_spans_index_text_on_any_input(text: str) -> None:
    for o in extract_observations(make_doc(text)):
        assert o.span.start <= o.value_span.start < o.value_span.end <= o.span.end <= len(text)
        assert o.quantity.raw == text[o.value_span.start:o.value_span.end]


def test_metrics_enumeration_distributes_the_leading_verb_over_stages():
    found = obs("2020年，新增初中学位1800个、小学学位2000个，学前教育学位525个。")
    assert [(o.indicator, o.indicator_id, int(o.quantity.value), o.stage) for o in found] == [
        ("新增初中学位", "new-school-places", 1800, "初中"),
        ("新增小学学位", "new-school-places", 2000, "小学"),
        ("新增学前教育学位", "new-school-places", 525, "学前"),
    ]


def test_metrics_indicator_wording_drops_the_modality_and_year_lead_in():
    (target,) = obs("力争2022年教师培训覆盖率达到100%。", year=2021)
    assert (target.indicator, target.modality, target.year) == ("教师培训覆盖率", Modality.TARGET, 2022)


def test_metrics_indicator_drops_a_leading_region_name_but_not_a_school_name():
    from kg.ingest import document_from_text
    from kg.extract.entities import extract_mentions

    doc = document_from_text("北京市海淀区。近年来，海淀区投入劳动教育专项经费2600万元。海淀区中关村第一小学等10所学校入选。")
    found = [(o.indicator, o.quantity.raw) for o in extract_observations(doc, extract_mentions(doc))]
    assert ("投入劳动教育专项经费", "2600万元") in found
    assert all(not wording.startswith("中关村") for wording, _ in found)


def test_metrics_decline_is_linked_to_the_figure_it_qualifies():
    first, fall = obs("高中阶段毛入学率98.6%，较上年下降1.5%。")
    assert (fall.indicator_id, fall.quantity.value, fall.growth_of) == ("decline", D("1.5"), 0)
    assert first.indicator_id != "decline"


def test_metrics_ratios_by_stage():
    found = obs("2022年，小学、初中师生比分别为1:16.5和1:12.8。")
    assert [(o.indicator_id, o.quantity.value, o.quantity.unit, o.stage) for o in found] == [
        ("student-teacher-ratio", D("16.5"), "ratio", "小学"),
        ("student-teacher-ratio", D("12.8"), "ratio", "初中"),
    ]
