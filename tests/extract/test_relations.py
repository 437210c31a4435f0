"""Relation extraction on real snippets of the sample reports."""

from __future__ import annotations

import re

from kg.extract.relations import extract_relations
from kg.model import Document, DocumentMeta, EntityType, Sentence, Span


def make_doc(text: str, region: str = "常州市钟楼区", issuer: str | None = None) -> Document:
    """A Document with sentences split on 。！？ and newlines."""
    sents = [Sentence(Span(m.start(), m.end()), 0) for m in re.finditer(r"[^。！？\n]+[。！？]?", text)]
    return Document("t", "test", text, DocumentMeta(region=region, issuer=issuer), sentences=sents)


def rels(text: str, **kw: object) -> list[tuple[str, str, str]]:
    doc = make_doc(text, **kw)  # type: ignore[arg-type]
    out = extract_relations(doc)
    for r in out:  # evidence holds both endpoints (names may be normalised or abbreviated)
        ev = doc.text[r.span.start:r.span.end]
        assert r.object[:2] in ev or r.subject[:2] in ev
    return [(r.subject, r.predicate, r.object) for r in out]


def test_relations_region_part_of_city() -> None:
    got = rels("常州市钟楼区人民政府\n现将履职情况自评如下。")
    assert ("钟楼区", "partOf", "常州市") in got


def test_relations_implements_guiding_programme() -> None:
    got = rels("2020年钟楼区以“发展素质教育·钟楼2025计划”为指导，总结区域教育经验。")
    assert ("钟楼区", "implements", "发展素质教育·钟楼2025计划") in got


def test_relations_implements_quoted_with_programme_head() -> None:
    got = rels("今年起实施“889”优质教育工程布局战略。扎实推进“十百千教师发展工程”。")
    assert ("钟楼区", "implements", "889优质教育工程") in got
    assert ("钟楼区", "implements", "十百千教师发展工程") in got


def test_relations_issued_by_body_before_title() -> None:
    doc = make_doc("全面落实市教育局《关于开展中小学在职教师有偿家教整治工作的通知》精神。")
    (r,) = [r for r in extract_relations(doc) if r.predicate == "issuedBy"]
    assert (r.subject, r.object, r.object_type) == ("关于开展中小学在职教师有偿家教整治工作的通知", "市教育局", EntityType.GOVERNMENT)
    assert "市教育局" in doc.text[r.span.start:r.span.end]


def test_relations_issued_by_body_in_title() -> None:
    got = rels("根据《省政府办公厅关于规范校外培训机构发展的实施意见》，开展课后服务。")
    assert ("省政府办公厅关于规范校外培训机构发展的实施意见", "issuedBy", "省政府办公厅") in got


def test_relations_research_title_part_of_programme() -> None:
    got = rels("落实省前瞻性教学改革实验重大项目《新时代发展素质教育区域范式的实践探索》研究。")
    assert ("新时代发展素质教育区域范式的实践探索", "partOf", "省前瞻性教学改革实验重大项目") in got


def test_relations_supervision_by_visiting_bodies() -> None:
    got = rels("9月钟爱学校接受了市教育局和市特教中心融合教育专项调研。")
    assert ("市教育局", "supervises", "钟爱学校") in got
    assert ("市特教中心", "supervises", "钟爱学校") in got


def test_relations_leads_from_qiantou() -> None:
    got = rels("建立“教育发展联席会议”制度,由区政府分管领导牵头。", region="衢州市衢江区")
    assert ("区政府", "leads", "教育发展联席会议制度") in got


def test_relations_group_located_in_region() -> None:
    got = rels("成立钟楼区“运河记忆”社区教育集团。")
    assert ("运河记忆社区教育集团", "locatedIn", "钟楼区") in got


def test_relations_plain_sentence_has_none() -> None:
    assert rels("2020年招聘在编教师53人，聘用教师158人，引进优秀教师12人。") == []
