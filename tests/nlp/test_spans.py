"""Tests for kg.nlp.spans: quoted and 《》 spans, name normalisation."""

from hypothesis import given, strategies as st

from kg.nlp.spans import normalise_name, quoted_spans, title_spans


def test_spans_quoted_inner_text_and_offsets() -> None:
    text = "区委教育工委重点构建“五色种子，五心家园”党建品牌，持续抓好“名校长”“好书记”建设。"
    found = quoted_spans(text)
    assert [inner for _, inner in found] == ["五色种子，五心家园", "名校长", "好书记"]
    for span, inner in found:
        assert text[span.start : span.end] == inner


def test_spans_quoted_nested_and_sentence_bound() -> None:
    text = "他说“推进‘一校一品’建设”。又有“未闭合。下一句"
    inners = [inner for _, inner in quoted_spans(text)]
    assert "一校一品" in inners and "推进‘一校一品’建设" in inners
    assert not any("下一句" in i for i in inners)


def test_spans_title_keeps_trial_suffix() -> None:
    text = "制定出台《常州市钟楼区普惠性民办幼儿园认定实施细则》(试行)，积极落实"
    [(span, name)] = title_spans(text)
    assert name == "常州市钟楼区普惠性民办幼儿园认定实施细则(试行)"
    assert text[span.start : span.end] == "《常州市钟楼区普惠性民办幼儿园认定实施细则》(试行)"


def test_spans_title_without_suffix() -> None:
    text = "对照《钟楼区委、区政府履行教育职责实施方案》，区委、区政府"
    assert [n for _, n in title_spans(text)] == ["钟楼区委、区政府履行教育职责实施方案"]


def test_spans_normalise_name_quotes_width_dots() -> None:
    assert normalise_name("“发展素质教育•钟楼２０２５计划”") == "发展素质教育·钟楼2025计划"
    assert normalise_name("《学习强国》") == "学习强国"
    assert normalise_name("学宪法　 讲宪法") == "学宪法 讲宪法"


@given(st.text())
def test_spans_never_raise_and_round_trip(text: str) -> None:
    for span, inner in quoted_spans(text):
        assert text[span.start : span.end] == inner
    for span, name in title_spans(text):
        assert text[span.start] == "《"
    assert normalise_name(normalise_name(text)) == normalise_name(text)


def test_spans_normalise_name_folds_separator_dots_but_not_decimal_points():
    assert normalise_name("新时代发展素质教育.玄武2025计划") == "新时代发展素质教育·玄武2025计划"
    assert normalise_name("发展素质教育•玄武2025计划") == "发展素质教育·玄武2025计划"
    assert normalise_name("3.5亿元工程") == "3.5亿元工程"
