"""The fast scans of extraction give what the offset-by-offset loops they replaced gave.

Each test states the behaviour on a real snippet of the sample reports, and where a scan replaced
a character loop, a hypothesis property compares it with that loop kept here as the reference.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import honours as H
from kg.extract.awards import _find_trigger, extract_conferrals
from kg.extract.entities_common import AffixMatcher, build_context
from kg.extract.entities_places import _MAX_REGION, _table_names, _table_regions
from kg.ingest import document_from_text, load_document
from kg.ingest.decode import chinese_share, suspicious_ratio
from kg.nlp.lang import _tokenizer, pos_tag, tokenize
from kg.nlp.spans import quoted_spans

REPORTS = sorted((Path(__file__).resolve().parents[2] / "data" / "reports").glob("*.txt"))


def _trigger_reference(clause: str) -> tuple[int, int, bool, str] | None:
    """The replaced loop: one search per trigger word, strong beats weak, then leftmost, longest."""
    best = None
    for word, strong in H.award_triggers():
        m = re.search(re.escape(word), clause)
        if m is None:
            continue
        key = (not strong, m.start(), -(m.end() - m.start()))
        if best is None or key < (not best[2], best[0], -(best[1] - best[0])):
            best = (m.start(), m.end(), strong, word)
    return best


def test_awards_find_trigger_strong_beats_earlier_weak() -> None:
    # 建设 (weak) comes first, 立项 (strong) wins
    assert _find_trigger("项目建设上有2所学校立项2020年省基础教育前瞻性教学改革实验项目") == (10, 12, True, "立项")
    # the longest trigger at the leftmost offset: 被评为, not 评为
    assert _find_trigger("5所被评为市依法治校先进校和示范校") == (2, 5, True, "被评为")
    assert _find_trigger("关停3家简易幼儿园") is None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="获评被为创建成功通过立项认定设新增选出入小学", max_size=16))
def test_awards_find_trigger_matches_reference(clause: str) -> None:
    assert _find_trigger(clause) == _trigger_reference(clause)


def test_awards_sentence_without_trigger_yields_nothing() -> None:
    doc = document_from_text("投入保安经费280.5万，消防维保经费28.5万余元。1所学校获评全国文明校园。")
    conferrals = extract_conferrals(doc)
    assert [(c.award, c.count) for c in conferrals] == [("全国文明校园", 1)]
    assert all(c.span.start >= doc.text.index("1所") for c in conferrals)


def test_entities_common_next_start_jumps_to_next_entry() -> None:
    matcher = AffixMatcher(["实验小学", "幼儿园", "小学"])
    text = "关停3家简易幼儿园。全区实验小学"
    assert matcher.next_start(text, 0) == text.index("幼儿园")
    assert matcher.next_start(text, text.index("幼儿园") + 1) == text.index("实验小学")
    assert matcher.prefix_at(text, text.index("实验小学")) == "实验小学"
    assert matcher.next_start(text, len(text) - 1) == len(text)
    assert AffixMatcher([]).next_start(text, 0) == len(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="实验小学中幼儿园区", max_size=20), st.integers(min_value=0, max_value=20))
def test_entities_common_next_start_is_first_prefix_hit(text: str, i: int) -> None:
    matcher = AffixMatcher(["实验小学", "幼儿园", "小学", "中学"])
    first = next((k for k in range(i, len(text)) if matcher.prefix_at(text, k) is not None), len(text))
    assert matcher.next_start(text, i) == first


def test_entities_common_boundaries_are_the_token_edges() -> None:
    doc = document_from_text("全面实行责任督学挂牌督导，对18所学校进行了区级综合督导评估。")
    ctx = build_context(doc)
    edges = {0, len(ctx.text)} | {s for _, s, _ in ctx.tokens} | {e for _, _, e in ctx.tokens}
    assert ctx.boundaries == sorted(edges)
    assert [o for o in range(len(ctx.text) + 1) if ctx.is_boundary(o)] == ctx.boundaries


def _regions_reference(ctx, names, generic) -> list[tuple[int, int, str]]:
    """The replaced loop: every offset, every length from 12 down to 2."""
    text, found, i = ctx.text, [], 0
    while i < len(text):
        hit = 0
        for n in range(min(_MAX_REGION, len(text) - i), 1, -1):
            cand = text[i : i + n]
            if cand in names and cand not in generic and ctx.is_boundary(i) and ctx.is_boundary(i + n):
                hit = n
                break
        found.append((i, i + hit, text[i : i + hit])) if hit else None
        i += hit or 1
    return found


@pytest.mark.skipif(_table_names() is None, reason="region table not available")
@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name[:3])
def test_entities_places_table_regions_match_reference(path: Path) -> None:
    from kg.nlp.lexicon import load_set

    ctx = build_context(load_document(path))
    names, generic = _table_names(), load_set("region_generic")
    found = _table_regions(ctx, names, generic)
    assert found == _regions_reference(ctx, names, generic)
    assert found  # every sample report names its own region


def test_entities_places_table_regions_on_snippet() -> None:
    names = _table_names()
    if names is None:
        pytest.skip("region table not available")
    from kg.nlp.lexicon import load_set

    ctx = build_context(document_from_text("对照《钟楼区委、区政府履行教育职责实施方案》，常州市钟楼区人民政府"))
    found = [name for _, _, name in _table_regions(ctx, names, load_set("region_generic"))]
    assert found == ["钟楼", "常州市", "钟楼区"]  # jieba cuts 钟楼|区委: the short name, token to token


def test_lang_tokenize_equals_jieba_tokenize() -> None:
    text = "2020年钟楼区深入学习党的十九大及全国教育大会精神，以“发展素质教育·钟楼2025计划”为指导。\n\n  abc"
    assert tokenize(text) == list(_tokenizer().tokenize(text))
    assert tokenize("") == []


def test_lang_pos_tag_result_is_a_fresh_list() -> None:
    first = pos_tag("南夏墅中心小学")
    first.clear()  # the cache behind pos_tag must not hand out its own object
    assert pos_tag("南夏墅中心小学") != []


def _quoted_reference(text: str) -> list:
    """The replaced character loop of quoted_spans."""
    from kg.model import Span
    from kg.nlp.spans import _QUOTE_PAIRS, _SENTENCE_END, _SYMMETRIC_QUOTES

    out, stack = [], []
    for i, ch in enumerate(text):
        if ch in _SENTENCE_END:
            stack.clear()
            continue
        if stack and ch == stack[-1][0]:
            _, start = stack.pop()
            if i > start:
                out.append((Span(start, i), text[start:i]))
            continue
        if ch in _QUOTE_PAIRS:
            stack.append((_QUOTE_PAIRS[ch], i + 1))
        elif ch in _SYMMETRIC_QUOTES:
            stack.append((ch, i + 1))
        elif any(ch == close for close, _ in stack):
            while stack and stack[-1][0] != ch:
                stack.pop()
            _, start = stack.pop()
            if i > start:
                out.append((Span(start, i), text[start:i]))
    out.sort(key=lambda p: (p[0].start, p[0].end))
    return out


def test_spans_quoted_spans_on_snippet() -> None:
    text = "持续抓好“名校长”“好书记”“后备军”三支干部队伍的建设。"
    assert [inner for _, inner in quoted_spans(text)] == ["名校长", "好书记", "后备军"]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="“”‘’「」『』\"＂《》。\n中文", max_size=16))
def test_spans_quoted_spans_match_reference(text: str) -> None:
    assert quoted_spans(text) == _quoted_reference(text)


def test_ingest_decode_shares_on_snippets() -> None:
    assert chinese_share("关停3家简易幼儿园。") == 1.0
    assert chinese_share("幼儿园Жж") == 0.6
    assert chinese_share("abc") == 1.0
    assert suspicious_ratio("ab\x00\ufffd") == 0.5
    assert suspicious_ratio("一\t二\n三\r") == 0.0
    assert suspicious_ratio("\ue000中") == 0.5


def _normalise_reference(name: str) -> str:
    """The replaced character loop of normalise_name."""
    import unicodedata

    from kg.nlp.spans import _CJK_DOT, _DOTS, _QUOTE_MARKS

    chars = []
    for ch in (c for c in name if c not in _QUOTE_MARKS):
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            ch = chr(code - 0xFEE0)
        elif ch == "\u3000":
            ch = " "
        elif ch in _DOTS:
            ch = "·"
        chars.append(ch)
    s = _CJK_DOT.sub("·", unicodedata.normalize("NFC", "".join(chars)))
    return re.sub(r"\s+", " ", s).strip()


def test_spans_normalise_name_on_snippet() -> None:
    from kg.nlp.spans import normalise_name

    assert normalise_name("“发展素质教育•钟楼２０２５计划”") == "发展素质教育·钟楼2025计划"
    assert normalise_name("＂四有＂好教师") == "四有好教师"  # a full-width quote is dropped, not made ASCII


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="“”＂\"《》•・·．.\u3000 ＡＢ１中文a", max_size=12))
def test_spans_normalise_name_matches_reference(name: str) -> None:
    from kg.nlp.spans import normalise_name

    assert normalise_name(name) == _normalise_reference(name)


def _sentences_reference(line: str, ends: str) -> list[tuple[int, int]]:
    """The replaced character loop of sentence_spans."""
    from kg.ingest.segment import _CLOSERS_AFTER_END, _append_trimmed, _protected

    protected, spans, start, i, n = _protected(line), [], 0, 0, len(line)
    while i < n:
        if line[i] in ends and not protected[i]:
            j = i + 1
            while j < n and line[j] in _CLOSERS_AFTER_END and not protected[j]:
                j += 1
            _append_trimmed(spans, line, start, j)
            start = i = j
        else:
            i += 1
    _append_trimmed(spans, line, start, n)
    return spans or [(0, n)]


def test_segment_sentence_spans_on_snippet() -> None:
    from kg.ingest.segment import sentence_spans

    line = "目前我区普惠性幼儿园覆盖率达98%。制定出台《普惠性民办幼儿园认定实施细则》(试行)！“好。”"
    assert [line[a:b] for a, b in sentence_spans(line)] == [
        "目前我区普惠性幼儿园覆盖率达98%。", "制定出台《普惠性民办幼儿园认定实施细则》(试行)！", "“好。”"]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="“”《》（）()\"。！？；;…中 ", max_size=16))
def test_segment_sentence_spans_match_reference(line: str) -> None:
    from kg.ingest.segment import _ENDS, sentence_spans

    for ends in (_ENDS, _ENDS + "；;"):
        assert sentence_spans(line, ends) == _sentences_reference(line, ends)


def _protected_reference(line: str) -> list[bool]:
    """The replaced character loop of _protected."""
    from kg.ingest.segment import _CLOSING, _PAIRS, _SYMMETRIC

    depth, stack = [0] * (len(line) + 1), []
    for i, ch in enumerate(line):
        if ch in _SYMMETRIC and stack and stack[-1][0] == ch:
            depth[stack.pop()[1] + 1] += 1
            depth[i] -= 1
        elif ch in _SYMMETRIC or ch in _PAIRS:
            stack.append((ch, i))
        elif ch in _CLOSING:
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == _CLOSING[ch]:
                    depth[stack[k][1] + 1] += 1
                    depth[i] -= 1
                    del stack[k:]
                    break
    inside, level = [], 0
    for i in range(len(line)):
        level += depth[i]
        inside.append(level > 0)
    return inside


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="“”《》（）()\"＂【】。中", max_size=16))
def test_segment_protected_matches_reference(line: str) -> None:
    from kg.ingest.segment import _protected

    assert _protected(line) == _protected_reference(line)
