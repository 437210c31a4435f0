"""Cleaned text -> paragraphs, headings and sentences, all as offsets into the text.

A paragraph is a non-blank line. A heading is a line that starts with a section marker
(一、 / （一） / 1. / （1） / 第一部分); when the line goes on after its first full stop, as in
"（一）强化责任，突出党的全面领导。始终坚持……", the heading is the part before the stop and the rest is
body text. Sentences end at 。！？!? (optionally ；) and at line ends, never inside a matched pair of
quotes or brackets (“…” 《…》 （…） ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from kg.ingest.patterns import TERMINATORS
from kg.model import Heading, Sentence, Span

_NUM_CN = "一二三四五六七八九十百零〇"
_DIGITS = "0-9０-９"
# (pattern, level) in the order tried; each matches the marker at the start of a line.
_MARKERS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(rf"第[{_NUM_CN}{_DIGITS}]+(?:部分|章|篇)[、，,：:\s]*"), 1),
    (re.compile(rf"[{_NUM_CN}]+、\s*"), 1),
    (re.compile(rf"第[{_NUM_CN}{_DIGITS}]+节[、，,：:\s]*"), 2),
    (re.compile(rf"[（(]\s*[{_NUM_CN}]+\s*[）)]\s*"), 2),
    (re.compile(rf"[（(]\s*[{_DIGITS}]{{1,2}}\s*[）)]\s*"), 3),
    (re.compile(rf"[{_DIGITS}]{{1,2}}\s*[.．、](?![{_DIGITS}])\s*"), 3),
    (re.compile(r"[①-⑳]\s*"), 4),
)
# A heading title (the part before the first full stop) longer than this is a numbered paragraph.
MAX_HEADING_CHARS = 60

_ENDS = TERMINATORS
_CLOSERS_AFTER_END = "。！？!?；;…”’」』》〉）)】]"
_PAIRS = {"“": "”", "‘": "’", "《": "》", "〈": "〉", "（": "）", "(": ")", "「": "」", "『": "』", "【": "】", "[": "]", "{": "}"}
_CLOSING = {close: open_ for open_, close in _PAIRS.items()}
_SYMMETRIC = "\"＂"
_BRACKET = re.compile("[" + re.escape(_SYMMETRIC + "".join(_PAIRS) + "".join(_CLOSING)) + "]")


@dataclass
class Segmentation:
    """The structure of one cleaned text."""

    paragraphs: list[Span]
    headings: list[Heading]
    sentences: list[Sentence]


def heading_marker(line: str) -> tuple[str, int] | None:
    """The section marker a line starts with and its level, e.g. ("（二）", 2); None if none."""
    for pattern, level in _MARKERS:
        m = pattern.match(line)
        if m and m.end() < len(line):
            return m.group(0), level
    return None


def segment(text: str, split_semicolons: bool = False) -> Segmentation:
    """Split cleaned text into paragraphs, headings and sentences with offsets into ``text``."""
    paragraphs: list[Span] = []
    headings: list[Heading] = []
    sentences: list[Sentence] = []
    ends = _ENDS + ("；;" if split_semicolons else "")
    line_start = 0
    for line in text.split("\n"):
        stripped = line.strip()
        start = line_start + len(line) - len(line.lstrip())
        line_start += len(line) + 1
        if not stripped:
            continue
        paragraphs.append(Span(start, start + len(stripped)))
        pieces = sentence_spans(stripped, ends)
        heading = _heading(stripped, pieces[0], start)
        if heading is not None:
            headings.append(heading)
        for a, b in pieces:
            sentences.append(Sentence(Span(start + a, start + b), len(paragraphs) - 1, len(headings) - 1 if headings else None))
    return Segmentation(paragraphs, headings, sentences)


def _heading(line: str, first: tuple[int, int], offset: int) -> Heading | None:
    found = heading_marker(line)
    if found is None:
        return None
    marker, level = found
    end = first[1]
    while end > len(marker) and (line[end - 1] in _ENDS + "：:" or line[end - 1].isspace()):
        end -= 1
    title = line[len(marker) : end].strip()
    if not title or len(title) > MAX_HEADING_CHARS:
        return None
    return Heading(Span(offset, offset + end), level, marker.strip(), title)


def sentence_spans(line: str, ends: str = _ENDS) -> list[tuple[int, int]]:
    """(start, end) of each sentence of one line, whitespace-trimmed; a line is at least one sentence."""
    protected = _protected(line)
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(line)
    for hit in _char_class(ends).finditer(line):
        i = hit.start()
        if i < start or protected[i]:  # consumed as a closer of the previous end, or quoted
            continue
        j = i + 1
        while j < n and line[j] in _CLOSERS_AFTER_END and not protected[j]:
            j += 1
        _append_trimmed(spans, line, start, j)
        start = j
    _append_trimmed(spans, line, start, n)
    return spans or [(0, n)]


@lru_cache(maxsize=8)
def _char_class(chars: str) -> re.Pattern[str]:
    """A regex matching any one of ``chars``."""
    return re.compile("[" + re.escape(chars) + "]")


def _append_trimmed(spans: list[tuple[int, int]], line: str, start: int, end: int) -> None:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def _protected(line: str) -> list[bool]:
    """True for each position strictly inside a matched pair of quotes or brackets.

    Unmatched openers (a quote cut off by a truncated line) protect nothing, so one stray “ cannot
    glue the rest of a paragraph into one sentence.
    """
    depth = [0] * (len(line) + 1)
    stack: list[tuple[str, int]] = []
    for hit in _BRACKET.finditer(line):  # other characters change neither stack nor depth
        i, ch = hit.start(), hit.group()
        if ch in _SYMMETRIC:
            if stack and stack[-1][0] == ch:
                _, open_at = stack.pop()
                depth[open_at + 1] += 1
                depth[i] -= 1
            else:
                stack.append((ch, i))
        elif ch in _PAIRS:
            stack.append((ch, i))
        elif ch in _CLOSING:
            opener = _CLOSING[ch]
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == opener:
                    open_at = stack[k][1]
                    del stack[k:]
                    depth[open_at + 1] += 1
                    depth[i] -= 1
                    break
    return [level > 0 for level in accumulate(depth[: len(line)])]

