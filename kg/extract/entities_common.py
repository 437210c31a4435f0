"""Shared context for the entity finders: tokens, token boundaries, boundary words, spans."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg.model import Document, Span
from kg.nlp.lexicon import load_list, load_set
from kg.nlp.spans import quoted_spans, title_spans

CJK = "\u4e00-\u9fff"
_NAME_CHAR = re.compile(rf"[{CJK}A-Za-z0-9０-９Ａ-Ｚａ-ｚ+＋·•・\-－]")
_NUMERAL = re.compile(r"^[0-9０-９.%％]+$|^[0-9０-９]+[年月日]$|^[一二三四五六七八九十百千万两几多]+[个所项名人次位家批年]$")
_QUOTE_CHARS = "“”‘’「」『』\"＂"


@dataclass
class Context:
    """One document prepared for the finders (tokens with offsets, quoted and 《》 spans)."""

    text: str
    tokens: list[tuple[str, int, int]]
    starts: dict[int, int] = field(default_factory=dict)  # token start offset -> token index
    ends: dict[int, int] = field(default_factory=dict)  # token end offset -> token index
    quotes: list[tuple[Span, str]] = field(default_factory=list)
    titles: list[tuple[Span, str]] = field(default_factory=list)

    def is_boundary(self, offset: int) -> bool:
        """True when a jieba token starts or ends at ``offset`` (or it is the text edge)."""
        return offset in self.starts or offset in self.ends or offset in (0, len(self.text))

    def in_title(self, start: int, end: int) -> bool:
        """True when [start, end) lies inside a 《...》 title."""
        return any(s.start <= start and end <= s.end for s, _ in self.titles)

    def quote_at(self, inner_start: int) -> tuple[Span, str] | None:
        """The quoted span whose inner text starts at ``inner_start``."""
        for span, inner in self.quotes:
            if span.start == inner_start:
                return span, inner
        return None


def build_context(doc: Document) -> Context:
    """Tokenise ``doc.text`` once (jieba via kg.nlp.lang) and find quoted and title spans."""
    from kg.nlp.lang import tokenize

    text = doc.text
    tokens = tokenize(text)
    ctx = Context(text=text, tokens=tokens, quotes=quoted_spans(text), titles=title_spans(text))
    for i, (_, s, e) in enumerate(tokens):
        ctx.starts[s] = i
        ctx.ends[e] = i
    return ctx


@lru_cache(maxsize=1)
def boundary_words() -> frozenset[str]:
    """Function words and prose verbs that end a name on its left."""
    return load_set("boundary_words")


def is_name_token(word: str) -> bool:
    """A token that may be part of a name (no punctuation, no boundary word, not a bare count)."""
    if not word or word in boundary_words():
        return False
    if not all(_NAME_CHAR.match(ch) for ch in word):
        return False
    return not _NUMERAL.match(word)


def extend_left(ctx: Context, end: int, max_chars: int, max_tokens: int = 6) -> int:
    """Start offset of the longest run of name tokens ending at ``end`` (bounded)."""
    idx = ctx.ends.get(end)
    start = end
    count = 0
    while idx is not None and idx >= 0 and count < max_tokens:
        word, s, e = ctx.tokens[idx]
        if e != start or not is_name_token(word) or end - s > max_chars:
            break
        start = s
        count += 1
        idx -= 1
    return start


def strip_quotes_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so it neither starts nor ends with a quote mark."""
    while start < end and text[start] in _QUOTE_CHARS:
        start += 1
    while end > start and text[end - 1] in _QUOTE_CHARS:
        end -= 1
    return start, end


@lru_cache(maxsize=None)
def suffixes(name: str) -> tuple[str, ...]:
    """Lexicon entries (first column) sorted longest first, for longest-match scanning."""
    return tuple(sorted({e.split("\t")[0] for e in load_list(name)}, key=lambda s: (-len(s), s)))
