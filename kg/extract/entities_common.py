"""Shared context for the entity finders: tokens, token boundaries, boundary words, spans."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from kg.model import Document, Span
from kg.nlp.lexicon import load_list, load_set
from kg.nlp.spans import quoted_spans, title_spans

CJK = "\u4e00-\u9fff"
_NAME_CHAR = re.compile(rf"[{CJK}A-Za-z0-9０-９Ａ-Ｚａ-ｚ+＋·•・\-－]")
_NUMERAL = re.compile(r"^[0-9０-９.%％]+$|^[0-9０-９]+[年月日]$|^[一二三四五六七八九十百千万两几多]+[个所项名人次位家批年]$")
_QUOTE_CHARS = "“”‘’「」『』\"＂"


class SpanIndex:
    """Half-open intervals answering "is [s, e) inside one of them?" in O(log n).

    Finders ask this for every token; a linear scan over all titles or covered spans made
    extraction quadratic in document length.
    """

    def __init__(self, intervals: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(intervals)
        self._starts = [a for a, _ in ordered]
        self._max_end: list[int] = []
        best = -1
        for _, b in ordered:
            best = max(best, b)
            self._max_end.append(best)

    def contains(self, start: int, end: int) -> bool:
        """True when some interval [a, b) has a <= start and end <= b."""
        i = bisect_right(self._starts, start)
        return i > 0 and self._max_end[i - 1] >= end

    def covers(self, offset: int) -> bool:
        """True when some interval [a, b) has a <= offset < b."""
        i = bisect_right(self._starts, offset)
        return i > 0 and self._max_end[i - 1] > offset


class AffixMatcher:
    """Longest-first lookup of lexicon entries starting at, or ending at, an offset."""

    def __init__(self, words: Sequence[str]) -> None:
        self._by_first: dict[str, list[str]] = {}
        self._by_last: dict[str, list[str]] = {}
        for w in words:  # ``words`` come longest first; buckets keep that order
            if w:
                self._by_first.setdefault(w[0], []).append(w)
                self._by_last.setdefault(w[-1], []).append(w)
        entries = [w for w in words if w]
        self._any = re.compile("|".join(map(re.escape, entries))) if entries else None
        self.last_chars = frozenset(self._by_last)  # no entry ends before an offset whose char is not here

    def next_start(self, text: str, i: int) -> int:
        """The first offset at or after ``i`` where some entry starts (``len(text)`` when none).

        Scanners jump from one candidate to the next with it instead of trying every offset.
        """
        m = self._any.search(text, i) if self._any is not None else None
        return m.start() if m is not None else len(text)

    def prefix_at(self, text: str, i: int) -> str | None:
        """The first (longest) entry that ``text`` has at offset ``i``."""
        for w in self._by_first.get(text[i : i + 1], ()):
            if text.startswith(w, i):
                return w
        return None

    def suffix_before(self, text: str, end: int) -> str | None:
        """The first (longest) entry that ``text`` has ending at offset ``end``."""
        for w in self._by_last.get(text[end - 1 : end] if end > 0 else "", ()):
            if end >= len(w) and text.startswith(w, end - len(w)):
                return w
        return None


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

    @cached_property
    def boundaries(self) -> list[int]:
        """Every offset where :meth:`is_boundary` holds, ascending (for scans from edge to edge)."""
        return sorted({*self.starts, *self.ends, 0, len(self.text)})

    @cached_property
    def _title_index(self) -> SpanIndex:
        return SpanIndex((s.start, s.end) for s, _ in self.titles)

    @cached_property
    def _quote_index(self) -> SpanIndex:
        return SpanIndex((s.start, s.end) for s, _ in self.quotes)

    def in_quote(self, offset: int) -> bool:
        """True when ``offset`` lies inside a quoted span."""
        return self._quote_index.covers(offset)

    def in_title(self, start: int, end: int) -> bool:
        """True when [start, end) lies inside a 《...》 title."""
        return self._title_index.contains(start, end)

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
    starts = dict(zip((s for _, s, _ in tokens), range(len(tokens))))
    ends = dict(zip((e for _, _, e in tokens), range(len(tokens))))
    return Context(text=text, tokens=tokens, starts=starts, ends=ends,
                   quotes=quoted_spans(text), titles=title_spans(text))


@lru_cache(maxsize=1)
def boundary_words() -> frozenset[str]:
    """Function words and prose verbs that end a name on its left."""
    return load_set("boundary_words")


@lru_cache(maxsize=1)
def introducing_verbs() -> frozenset[str]:
    """Verbs that introduce programmes and practices (see kg/data/lexicon/introducing_verbs.txt)."""
    return load_set("introducing_verbs")


def is_name_token(word: str) -> bool:
    """A token that may be part of a name (no punctuation, no boundary word, not a bare count)."""
    if not word or word in boundary_words():
        return False
    head, verb = word[:-2], word[-2:]
    if len(word) > 2 and verb in introducing_verbs() and head in boundary_words() and head not in introducing_verbs():
        return False  # 严格执行, 全面实施: an adverb glued to a verb by jieba (贯彻落实 may be in a name)
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
def matcher(name: str) -> AffixMatcher:
    """An :class:`AffixMatcher` over the entries of lexicon ``name`` (cached)."""
    return AffixMatcher(suffixes(name))


@lru_cache(maxsize=None)
def suffixes(name: str) -> tuple[str, ...]:
    """Lexicon entries (first column) sorted longest first, for longest-match scanning."""
    return tuple(sorted({e.split("\t")[0] for e in load_list(name)}, key=lambda s: (-len(s), s)))
