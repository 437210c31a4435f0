"""Quoted and 《》 title spans over raw text, plus name normalisation (pure, no jieba).

jieba splits on quote marks, '·' and full-width punctuation, so quoted names (“五色种子，五心家园”)
and document titles (《...》) are found here on the raw text with exact offsets first.
"""

from __future__ import annotations

import re
import unicodedata

from kg.model import Span

# opening mark -> closing mark
_QUOTE_PAIRS: dict[str, str] = {
    "“": "”",
    "‘": "’",
    "「": "」",
    "『": "』",
    "〝": "〞",
}
_SYMMETRIC_QUOTES = ('"', "＂")
_SENTENCE_END = "。！？\n"
# trailing qualifiers kept with a 《》 title: (试行) （修订） （2019-2021年） (征求意见稿)
_TITLE_TAIL = re.compile(r"^[（(](?:试行|暂行|修订|修正|草案|征求意见稿|送审稿|[0-9０-９〇一二三四五六七八九十—\-－~～至年\s]+)[）)]")
_QUOTE_MARKS = "“”‘’「」『』〝〞\"＂《》〈〉"
_DOTS = "•・·‧∙⋅"
# the characters quoted_spans reacts to: sentence ends, opening, closing and symmetric marks
_QUOTE_EVENT = re.compile(
    "[" + re.escape(_SENTENCE_END + "".join(_QUOTE_PAIRS) + "".join(_QUOTE_PAIRS.values())
                    + "".join(_SYMMETRIC_QUOTES)) + "]"
)
_TITLE_EVENT = re.compile("[\n。《》]")  # the characters title_spans reacts to
# normalise_name's character mapping: full-width ASCII -> half-width, ideographic space -> space,
# dots -> '·', and quote marks dropped (last, so ＂ is dropped rather than made ASCII)
_NAME_CHARS = str.maketrans(
    {**{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}, "\u3000": " ", **{ch: "·" for ch in _DOTS},
     **{ch: None for ch in _QUOTE_MARKS}}
)


def quoted_spans(text: str) -> list[tuple[Span, str]]:
    """Spans of the inner text of “...” ‘...’ "..." 「...」 『...』 (nested-safe, within a sentence)."""
    out: list[tuple[Span, str]] = []
    stack: list[tuple[str, int]] = []  # (expected closing mark, inner start)
    for hit in _QUOTE_EVENT.finditer(text):  # every other character leaves the stack as it is
        i, ch = hit.start(), hit.group()
        if ch in _SENTENCE_END:
            stack.clear()
            continue
        if stack and ch == stack[-1][0]:
            closing, start = stack.pop()
            if i > start:
                out.append((Span(start, i), text[start:i]))
            continue
        if ch in _QUOTE_PAIRS:
            stack.append((_QUOTE_PAIRS[ch], i + 1))
        elif ch in _SYMMETRIC_QUOTES:
            stack.append((ch, i + 1))
        elif any(ch == close for close, _ in stack):
            # a closing mark of an outer pair: unwind mismatched inner openings
            while stack and stack[-1][0] != ch:
                stack.pop()
            closing, start = stack.pop()
            if i > start:
                out.append((Span(start, i), text[start:i]))
    out.sort(key=lambda p: (p[0].start, p[0].end))
    return out


def title_spans(text: str) -> list[tuple[Span, str]]:
    """Spans of whole 《...》 titles incl. a trailing (试行)/（2019-2021年), with the name minus 《》."""
    out: list[tuple[Span, str]] = []
    depth = 0
    start = -1
    for hit in _TITLE_EVENT.finditer(text):  # every other character leaves the state as it is
        i, ch = hit.start(), hit.group()
        if ch in "\n。":
            depth = 0
            continue
        if ch == "《":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "》" and depth > 0:
            depth -= 1
            if depth == 0:
                end = i + 1
                name = text[start + 1 : i]
                m = _TITLE_TAIL.match(text[end:])
                if m:
                    name += m.group(0)
                    end += len(m.group(0))
                if name.strip():
                    out.append((Span(start, end), name))
    return out


def normalise_name(name: str) -> str:
    """Strip quote marks and 《》, full-width ASCII -> half-width, dots -> '·', collapse spaces."""
    s = unicodedata.normalize("NFC", name.translate(_NAME_CHARS))
    s = _CJK_DOT.sub("·", s)  # 素质教育.玄武2025计划: a full stop typed for the middle dot
    s = re.sub(r"\s+", " ", s).strip()
    return s


# A full stop next to a Chinese character inside a name is a separator (never a decimal point).
_CJK_DOT = re.compile(r"(?<=[\u4e00-\u9fff])\.|\.(?=[\u4e00-\u9fff])")
