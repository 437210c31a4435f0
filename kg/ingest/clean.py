"""Decoded text -> cleaned text: normalise, drop page chrome, keep one copy of repeated content.

Everything works on lines, with general rules rather than strings of known pages:

* metadata-table lines (信息名称:… 发布机构:… 发布日期:…) are parsed into fields, then dropped;
* chrome lines (print/close widgets, ICP / 公网安备 footers, contact and operator lines, share
  widgets, breadcrumbs, page numbers) match the patterns in ``kg/data/ingest/chrome_lines.txt``;
* a related-links / searches block (相关链接, 热门搜索 ...) is dropped with its short link lines;
* navigation items (short lines without punctuation: "• 网站首页", "招标", "关注 |") are dropped when
  three or more come together or when they touch other chrome;
* a block of lines repeated later (a scraped page that prints its body or title twice) is kept once,
  and a long paragraph at the top whose text comes again verbatim later (a 内容概述 summary) is
  dropped.

Characters are kept as written (full-width digits stay full-width); only line endings, control
characters, zero-width characters, converter artefacts and surrounding whitespace are normalised.
The result is stable: the same input always gives the same text, and every Span indexes into it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from kg.ingest import names
from kg.ingest.patterns import (
    TERMINATORS,
    chrome_block_re,
    chrome_line_re,
    inline_artefact_re,
    meta_fields,
    meta_label_re,
)
from kg.ingest.segment import heading_marker

log = logging.getLogger("kg.ingest")

# A chrome pattern removes a line with sentence punctuation only when it is at most this long.
MAX_CHROME_PROSE = 40
# Navigation items: at most this many characters each, no punctuation, no digits.
MAX_NAV_ITEM = 8
MIN_NAV_RUN = 3
# Related-links blocks stop at the first line longer than this (or with a full stop, or a heading).
MAX_LINK_LINE = 40
# A repeated block is dropped when it has at least this many characters (adjacent repeats always).
MIN_REPEAT_CHARS = 20
# Earlier copies of a line tried as the start of a repeated block (bounds the work on table cells).
MAX_EARLIER_COPIES = 8
# A paragraph at least this long whose text comes again later is a summary of what follows.
MIN_SUMMARY_CHARS = 50
SUMMARY_HEAD_LINES = 20
# Each further pass drops at least one line; real pages settle after one or two.
MAX_PASSES = 10

_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\u180e\u202a-\u202e\u2066-\u2069]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SEPARATORS_ONLY = re.compile(r"[\s|｜/\\\-—–_=*·•>»<«:：,，.。…]+")
_BULLET = re.compile(r"^[•●◦▪▫■□◆◇►▸▶*·\-–—]+\s*")
_NAV_SPLIT = re.compile(r"\s*[|｜]\s*|\s{2,}")
_NAV_PUNCT = re.compile(r"[，,。、；;：:！？!?“”《》()（）\d０-９]")
_ELLIPSIS = re.compile(r"(?:…|\.{3,}|。{3,})+$")


class Kind(Enum):
    """What a line is, before the run rules decide about navigation items."""

    BLANK = "blank"
    BODY = "body"
    NAV = "nav"
    CHROME = "chrome"
    META = "meta"


@dataclass
class Cleaned:
    """The cleaned text with what cleaning learnt on the way."""

    text: str
    fields: dict[str, str] = field(default_factory=dict)  # metadata-table key -> value (first wins)
    context: str = ""  # all normalised lines, chrome included: evidence for metadata


def normalise_lines(text: str) -> list[str]:
    """Unify line breaks, drop control / zero-width characters and artefacts, strip each line."""
    text = _LINE_BREAKS.sub("\n", text).replace("\t", " ")
    text = _CONTROLS.sub("", _INVISIBLE.sub("", text))
    text = inline_artefact_re().sub("", text)
    return [line.strip() for line in text.split("\n")]


def clean(text: str) -> Cleaned:
    """Normalise and clean decoded text (already converted to lines for HTML / DOCX / PDF).

    The rules run until nothing changes, so cleaning a cleaned text changes nothing: dropping a
    repeated line can bring two copies of a block, or three menu items, next to each other.
    """
    lines = normalise_lines(text)
    fields = _fields(line for line in lines if meta_label_re().match(line))
    cleaned = _clean_once(lines)
    for _ in range(MAX_PASSES):
        again = _clean_once(cleaned.split("\n"))
        if again == cleaned:
            break
        cleaned = again
    return Cleaned(cleaned, fields, "\n".join(line for line in lines if line))


def _clean_once(lines: list[str]) -> str:
    kinds = [_kind(line) for line in lines]
    _mark_link_blocks(lines, kinds)
    _mark_navigation(kinds)
    # None marks a dropped line (it leaves no gap); "" is a blank line of the source.
    kept: list[str | None] = [None if kind in (Kind.CHROME, Kind.META) else line for line, kind in zip(lines, kinds)]
    log.debug("cleaning dropped %d chrome/meta lines", sum(k in (Kind.CHROME, Kind.META) for k in kinds))
    return _join(_drop_summaries(_drop_repeats(kept)))


def _kind(line: str) -> Kind:
    if not line:
        return Kind.BLANK
    if meta_label_re().match(line):
        return Kind.META
    if chrome_block_re().match(line) or _SEPARATORS_ONLY.fullmatch(line):
        return Kind.CHROME
    has_stop = any(ch in line for ch in TERMINATORS)
    if (not has_stop or len(line) <= MAX_CHROME_PROSE) and chrome_line_re().search(line):
        return Kind.CHROME
    return Kind.NAV if _is_nav_item(line) else Kind.BODY


def _is_nav_item(line: str) -> bool:
    """A menu or link item: short pieces without punctuation, not a heading, date or organ name."""
    core = _BULLET.sub("", line)
    items = [item for item in _NAV_SPLIT.split(core) if item]
    if not items or any(len(item) > MAX_NAV_ITEM or _NAV_PUNCT.search(item) for item in items):
        return False
    return not (heading_marker(core) or names.is_date_line(core) or names.organ_name(core))


def _fields(meta_lines: Iterable[str]) -> dict[str, str]:
    """Parse 'label: value' pairs; one line may hold several (文件编号: 发布机构:教文局)."""
    keys = meta_fields()
    fields: dict[str, str] = {}
    for line in meta_lines:
        matches = list(meta_label_re().finditer(line))
        for m, nxt in zip(matches, matches[1:] + [None]):
            value = line[m.end() : nxt.start() if nxt else len(line)].strip()
            key = keys[re.sub(r"\s+", "", m["label"])]
            if value and key not in fields:
                fields[key] = value
    return fields


def _mark_link_blocks(lines: list[str], kinds: list[Kind]) -> None:
    for i, line in enumerate(lines):
        if not chrome_block_re().match(line):
            continue
        for j in range(i + 1, len(lines)):
            if kinds[j] is Kind.BLANK:
                continue
            if kinds[j] is Kind.BODY and _ends_link_block(lines[j]):
                break
            kinds[j] = Kind.CHROME


def _ends_link_block(line: str) -> bool:
    return len(line) > MAX_LINK_LINE or any(ch in line for ch in TERMINATORS) or heading_marker(line) is not None


def _mark_navigation(kinds: list[Kind]) -> None:
    """Drop navigation items in runs of MIN_NAV_RUN, or touching chrome / metadata lines."""
    order = [i for i, kind in enumerate(kinds) if kind is not Kind.BLANK]
    run: list[int] = []
    for i in order + [-1]:
        if i >= 0 and kinds[i] is Kind.NAV:
            run.append(i)
            continue
        if len(run) >= MIN_NAV_RUN:
            for j in run:
                kinds[j] = Kind.CHROME
        run = []
    changed = True
    while changed:
        changed = False
        for pos, i in enumerate(order):
            if kinds[i] is not Kind.NAV:
                continue
            neighbours = [order[p] for p in (pos - 1, pos + 1) if 0 <= p < len(order)]
            if any(kinds[j] in (Kind.CHROME, Kind.META) for j in neighbours):
                kinds[i] = Kind.CHROME
                changed = True


def _drop_repeats(lines: list[str | None]) -> list[str | None]:
    """Keep the first copy of a repeated block of lines (blank lines are ignored when comparing).

    A block is dropped when it repeats lines already kept, in the same order, and has at least
    MIN_REPEAT_CHARS characters; a line repeating the line just kept is always dropped.
    """
    order = [i for i, line in enumerate(lines) if line]
    kept: list[str] = []  # non-blank lines kept so far, in order
    where: dict[str, list[int]] = {}  # line -> its positions in kept
    out = list(lines)
    pos = 0
    while pos < len(order):
        line = lines[order[pos]] or ""
        length = 0
        for q in where.get(line, [])[:MAX_EARLIER_COPIES]:
            k = 0
            while pos + k < len(order) and q + k < len(kept) and kept[q + k] == lines[order[pos + k]]:
                k += 1
            length = max(length, k)
        repeated = sum(len(lines[order[p]] or "") for p in range(pos, pos + length))
        if (kept and line == kept[-1]) or (length and repeated >= MIN_REPEAT_CHARS):
            step = max(length, 1)
            for p in range(pos, pos + step):
                out[order[p]] = None
            log.debug("dropped %d repeated line(s) starting %r", step, line[:30])
            pos += step
            continue
        where.setdefault(line, []).append(len(kept))
        kept.append(line)
        pos += 1
    return out


def _drop_summaries(lines: list[str | None]) -> list[str | None]:
    """Drop a long paragraph at the top whose text comes again verbatim (line breaks aside) after it.

    Portals print such a summary (内容概述, 摘要, or unlabelled) above the article; only the first
    SUMMARY_HEAD_LINES paragraphs are looked at, which keeps this linear in the document's length.
    """
    squeezed = [re.sub(r"\s+", "", line or "") for line in lines]
    head = [i for i, s in enumerate(squeezed) if s][:SUMMARY_HEAD_LINES]
    starts = []
    total = 0
    for s in squeezed:
        starts.append(total)
        total += len(s)
    joined = "".join(squeezed)
    out = list(lines)
    for i in head:
        s = squeezed[i]
        core = _ELLIPSIS.sub("", s)
        if len(core) >= MIN_SUMMARY_CHARS and joined.find(core, starts[i] + len(s)) >= 0:
            log.debug("dropped a summary repeating the text after it: %r", s[:30])
            out[i] = None
    return out


def _join(lines: list[str | None]) -> str:
    """Join kept lines, one blank line at most between paragraphs, none at the ends."""
    out: list[str] = []
    for line in lines:
        if line is None:
            continue
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)

