"""Segmentation: paragraphs, headings with levels, sentences that never split inside quotes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.errors import InputError
from kg.ingest import document_from_text
from kg.ingest.segment import heading_marker, segment, sentence_spans
from kg.model import Document


def _sentences(doc: Document) -> list[str]:
    return [doc.text[s.span.start : s.span.end] for s in doc.sentences]


@pytest.mark.parametrize(
    ("line", "marker", "level"),
    [
        ("一、党委政府统筹领导", "一、", 1),
        ("十二、其他", "十二、", 1),
        ("第一部分 基本情况", "第一部分 ", 1),
        ("（一）强化责任", "（一）", 2),
        ("(四) 坚持保障到位", "(四) ", 2),
        ("第二节 学前教育", "第二节 ", 2),
        ("1.聚焦幼儿教育", "1.", 3),
        ("1. 资源保障与基础建设", "1. ", 3),
        ("12、课后服务", "12、", 3),
        ("（1）深化体育改革", "（1）", 3),
        ("①建设新校", "①", 4),
    ],
)
def test_heading_marker_levels(line: str, marker: str, level: int) -> None:
    assert heading_marker(line) == (marker, level)


@pytest.mark.parametrize("line", ["2020年全区新建学校", "3.5亿元用于建设", "一是统筹全区力量", "一、", "十四五规划", "学校1所"])
def test_heading_marker_rejects_body_lines(line: str) -> None:
    assert heading_marker(line) is None


def test_segment_heading_line_continuing_with_body_text() -> None:
    doc = document_from_text("一、总体情况\n（一）强化责任，突出党的全面领导。始终坚持社会主义办学方向。全区学校52所。")
    top, sub = doc.headings
    assert (top.level, top.marker, top.title, doc.text[top.span.start : top.span.end]) == (1, "一、", "总体情况", "一、总体情况")
    assert (sub.level, sub.marker, sub.title) == (2, "（一）", "强化责任，突出党的全面领导")
    assert doc.text[sub.span.start : sub.span.end] == "（一）强化责任，突出党的全面领导"
    assert _sentences(doc) == ["一、总体情况", "（一）强化责任，突出党的全面领导。", "始终坚持社会主义办学方向。", "全区学校52所。"]
    assert [s.section for s in doc.sentences] == [0, 1, 1, 1]
    assert [s.paragraph for s in doc.sentences] == [0, 1, 1, 1]


def test_segment_heading_title_drops_trailing_colon() -> None:
    doc = document_from_text("一、基本情况：\n全区学校52所。")
    assert (doc.headings[0].title, doc.text[doc.headings[0].span.start : doc.headings[0].span.end]) == ("基本情况", "一、基本情况")


def test_ingest_module_docstring_example_runs() -> None:
    import doctest

    import kg.ingest

    assert doctest.testmod(kg.ingest).failed == 0


def test_segment_section_is_the_innermost_heading() -> None:
    doc = document_from_text("前言一句。\n一、甲\n（一）乙\n正文一。\n1.丙\n正文二。\n二、丁\n正文三。")
    by_text = {doc.text[s.span.start : s.span.end]: s.section for s in doc.sentences}
    titles = [h.title for h in doc.headings]
    assert titles == ["甲", "乙", "丙", "丁"]
    assert by_text == {"前言一句。": None, "一、甲": 0, "（一）乙": 1, "正文一。": 1, "1.丙": 2, "正文二。": 2, "二、丁": 3, "正文三。": 3}


def test_segment_long_numbered_paragraph_is_not_a_heading() -> None:
    doc = document_from_text("1、" + "全区学校" * 20 + "。")
    assert doc.headings == []


def test_sentence_spans_never_split_inside_quotes_or_brackets() -> None:
    line = "他说：“要办好教育。我们做到了！”实施《行动计划（试行。）》。（注：见附件。）完成。"
    pieces = [line[a:b] for a, b in sentence_spans(line)]
    assert pieces == ["他说：“要办好教育。我们做到了！”实施《行动计划（试行。）》。", "（注：见附件。）完成。"]


def test_sentence_spans_unmatched_quote_does_not_glue_sentences() -> None:
    line = "依托“发展素质教育计划。全面实施。成立集团"
    assert [line[a:b] for a, b in sentence_spans(line)] == ["依托“发展素质教育计划。", "全面实施。", "成立集团"]


def test_sentence_spans_keep_closing_marks_and_repeated_stops() -> None:
    line = "真的吗？！是的。”下一句……继续。"
    assert [line[a:b] for a, b in sentence_spans(line)] == ["真的吗？！", "是的。”", "下一句……继续。"]


def test_segment_semicolons_split_only_when_asked() -> None:
    text = "生均经费增长10%；教师工资按时发放。"
    assert len(segment(text).sentences) == 1
    assert [text[s.span.start : s.span.end] for s in segment(text, split_semicolons=True).sentences] == ["生均经费增长10%；", "教师工资按时发放。"]


def test_document_sentence_at_finds_the_sentence() -> None:
    doc = document_from_text("第一句。第二句。\n第三句。")
    assert doc.sentence_at(doc.text.index("二")) is doc.sentences[1]
    assert doc.sentence_at(doc.text.index("\n")) is None


_ALPHABET = st.sampled_from(list("教育学校区全年所人一二三1.、，。！？；“”《》（）() \n\u3000") + ["（一）", "一、", "1."])


@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_document_spans_round_trip_on_arbitrary_text(text: str) -> None:
    try:
        doc = document_from_text(text)
    except InputError:
        return
    last_end = 0
    for sentence in doc.sentences:
        piece = doc.text[sentence.span.start : sentence.span.end]
        assert piece and piece == piece.strip()
        assert sentence.span.start >= last_end
        last_end = sentence.span.end
        paragraph = doc.paragraphs[sentence.paragraph]
        assert paragraph.start <= sentence.span.start and sentence.span.end <= paragraph.end
    for heading in doc.headings:
        assert doc.text[heading.span.start : heading.span.end].startswith(heading.marker)
        assert heading.title in doc.text[heading.span.start : heading.span.end]
    covered = "".join(doc.text[s.span.start : s.span.end] for s in doc.sentences)
    assert "".join(doc.text.split()) == "".join(covered.split())


@given(st.text(max_size=200))
def test_document_from_text_never_raises_but_input_error_on_arbitrary_unicode(text: str) -> None:
    try:
        doc = document_from_text(text)
    except InputError as err:
        assert err.path == "<text>"
        return
    assert doc.text and all(doc.text[s.span.start : s.span.end].strip() for s in doc.sentences)
