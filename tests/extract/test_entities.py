"""Tests for kg.extract.entities on real snippets of the sample reports."""

from __future__ import annotations

import hashlib
import re

from kg.extract.entities import extract_mentions
from kg.model import Document, DocumentMeta, EntityType, Mention, Sentence, Span


def _doc(text: str) -> Document:
    """A Document with naive sentence splitting (kg.ingest.document_from_text when available)."""
    try:
        from kg.ingest import document_from_text  # type: ignore[attr-defined]

        return document_from_text(text)
    except ImportError:
        sents = [Sentence(Span(m.start(), m.end()), 0) for m in re.finditer(r"[^。！？\n]+[。！？]?", text)]
        return Document(hashlib.sha1(text.encode()).hexdigest(), "<test>", text, DocumentMeta(), sentences=sents)


def _names(mentions: list[Mention], etype: EntityType) -> list[str]:
    return [m.name for m in mentions if m.type is etype and not m.generic]


def test_entities_spans_round_trip_and_sorted() -> None:
    text = "9月钟爱学校接受了市教育局和市特教中心融合教育专项调研，区委教育工委重点构建“五色种子，五心家园”党建品牌。"
    doc = _doc(text)
    mentions = extract_mentions(doc)
    assert mentions == sorted(mentions, key=lambda m: (m.span.start, m.span.end, m.type.value, m.name))
    for m in mentions:
        surface = doc.text[m.span.start : m.span.end]
        assert m.name == surface.replace("“", "").replace("”", "").replace("，", ",")


def test_entities_school_enumeration_split_without_phase() -> None:
    text = "新建牛塘实验学校、星河实验小学分校、卢家巷实验学校二期等7个项目。"
    schools = _names(extract_mentions(_doc(text)), EntityType.SCHOOL)
    assert schools == ["牛塘实验学校", "星河实验小学分校", "卢家巷实验学校"]


def test_entities_school_region_prefix_kept() -> None:
    text = "投入2.1亿元建成衢江区东港小学，新增学位1800个。"
    mentions = extract_mentions(_doc(text))
    [school] = [m for m in mentions if m.type is EntityType.SCHOOL]
    assert school.name == "衢江区东港小学" and school.subtype == "primary"


def test_entities_school_counts_and_categories_are_not_schools() -> None:
    text = "全区2020年度有4所学校创建市“新优质学校”；覆盖区域内所有民办幼儿园，各中小学开展活动。"
    assert _names(extract_mentions(_doc(text)), EntityType.SCHOOL) == []


def test_entities_school_after_verb_and_abbreviation() -> None:
    text = "投入300万元半年内完成钟爱学校建设。湖塘实小、南夏墅中心小学承办了活动。"
    schools = _names(extract_mentions(_doc(text)), EntityType.SCHOOL)
    assert schools == ["钟爱学校", "湖塘实小", "南夏墅中心小学"]


def test_entities_government_full_and_elliptical() -> None:
    text = "常州市钟楼区人民政府对照区人民政府考评表，区委、区政府主要负责同志深入一线；区委教育工委构建品牌。"
    govs = _names(extract_mentions(_doc(text)), EntityType.GOVERNMENT)
    assert govs == ["常州市钟楼区人民政府", "区人民政府", "区委", "区政府", "区委教育工委"]


def test_entities_government_bare_organ_is_generic() -> None:
    text = "开展对市县级人民政府2019年度履行教育职责评价工作。"
    assert _names(extract_mentions(_doc(text)), EntityType.GOVERNMENT) == []


def test_entities_policy_title_with_trial_suffix() -> None:
    text = "制定出台《常州市钟楼区普惠性民办幼儿园认定实施细则》(试行)，积极落实小区配套幼儿园治理。"
    [doc_m] = [m for m in extract_mentions(_doc(text)) if m.type is EntityType.POLICY_DOCUMENT]
    assert doc_m.name == "常州市钟楼区普惠性民办幼儿园认定实施细则"
    assert doc_m.canonical == "常州市钟楼区普惠性民办幼儿园认定实施细则(试行)"


def test_entities_research_project_title_after_ketі() -> None:
    text = "持续推进2017年度教育部重点课题《质量导向的区域教育整体联动发展研究》，出版专著。"
    mentions = extract_mentions(_doc(text))
    assert _names(mentions, EntityType.RESEARCH_PROJECT) == ["质量导向的区域教育整体联动发展研究"]
    assert _names(mentions, EntityType.POLICY_DOCUMENT) == []


def test_entities_program_quoted_with_head() -> None:
    text = "今年起实施“889”优质教育工程布局战略，深入推进“一校一品”建设。"
    progs = [m for m in extract_mentions(_doc(text)) if m.type is EntityType.PROGRAM]
    assert [(m.name, m.canonical) for m in progs] == [("889", "889优质教育工程"), ("一校一品", "一校一品")]


def test_entities_program_unquoted_head_phrase() -> None:
    text = "实施学前教育提升工程，完善设施设备。建立了区四套班子领导联系学校制度，在年终述职中。"
    progs = _names(extract_mentions(_doc(text)), EntityType.PROGRAM)
    assert progs == ["学前教育提升工程", "区四套班子领导联系学校制度"]


def test_entities_program_generic_heads_dropped() -> None:
    text = "纳入区政府为民办实事项目，2020年完成新建、改扩建项目12个，健全考评机制。"
    assert _names(extract_mentions(_doc(text)), EntityType.PROGRAM) == []


def test_entities_education_group_quoted_stem() -> None:
    text = "成立钟楼区“运河记忆”社区教育集团；成立8个学前教育集团。"
    groups = [m for m in extract_mentions(_doc(text)) if m.type is EntityType.EDUCATION_GROUP]
    assert [m.name for m in groups] == ["钟楼区运河记忆社区教育集团"]


def test_entities_region_full_short_and_elliptical() -> None:
    text = "钟楼区深入推进改革，钟楼教育再启航。我区综合得分为92.97。"
    regions = [m for m in extract_mentions(_doc(text)) if m.type is EntityType.REGION]
    assert [(m.name, m.canonical, m.generic) for m in regions] == [
        ("钟楼区", "钟楼区", False),
        ("钟楼", "钟楼区", False),
        ("我区", "我区", True),
    ]


def test_entities_government_nested_in_policy_title() -> None:
    text = "根据《省政府办公厅关于规范校外培训机构发展的实施意见》，开展治理。"
    mentions = extract_mentions(_doc(text))
    assert _names(mentions, EntityType.GOVERNMENT) == ["省政府办公厅"]
    assert _names(mentions, EntityType.POLICY_DOCUMENT) == ["省政府办公厅关于规范校外培训机构发展的实施意见"]


def test_entities_person_title_and_enumeration() -> None:
    text = "我区第一初中童淑芳老师作为全国模范。邀请郜晏中、徐建平、马骉、刘大春等国内知名教育专家讲座培训。"
    persons = _names(extract_mentions(_doc(text)), EntityType.PERSON)
    assert "童淑芳" in persons and "徐建平" in persons and "刘大春" in persons
    assert not any(p.endswith("等") for p in persons)


def test_entities_person_region_word_is_not_a_person() -> None:
    text = "2020年钟楼区深入推进改革，钟楼教师在省、市级比赛中共有29位教师获奖。"
    assert _names(extract_mentions(_doc(text)), EntityType.PERSON) == []
