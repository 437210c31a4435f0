"""Report metadata (title, issuer, date, period, region, genre) from the cleaned text and its chrome.

Sources, most trusted first: the government metadata table a portal prints above the article
(信息名称 / 发布机构 / 发布日期, parsed by :mod:`kg.ingest.clean`), tags of the original format (HTML
<title>/<h1>/<meta>, DOCX core properties), then the layout of the report itself: a title line (or a
title and a "——" subtitle line), an issuer line that is only an organ name, a signature date line.
A field that none of them gives stays None.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from functools import cache

from kg.ingest import names
from kg.ingest.patterns import TERMINATORS, genre_cues, organ_abbreviations, organ_suffixes
from kg.ingest.segment import heading_marker
from kg.model import DocumentMeta, Genre

log = logging.getLogger("kg.ingest")

# How many non-blank lines at the top / bottom hold a title, issuer or signature date.
HEAD_LINES = 8
TAIL_LINES = 5
MAX_TITLE_CHARS = 80
_SUBTITLE_DASHES = ("——", "—", "－－", "--")
# Level characters of a short self-reference: 区教育局 is the education bureau of the report's 区.
_LEVELS = "省市区县"
# Education bodies first when a report refers to its issuer only as 区教育局 / 区政府.
_EDUCATION = re.compile(r"教|文体")


def extract_meta(text: str, fields: dict[str, str], hints: dict[str, str], context: str) -> DocumentMeta:
    """Metadata of one report.

    ``text`` is the cleaned text, ``fields`` the metadata-table fields found while cleaning,
    ``hints`` what the file format said (title, h1, page_title, published, source), ``context``
    the text before chrome removal (footers still name the site's region: 南京市玄武区).
    """
    lines = [line for line in text.split("\n") if line.strip()]
    meta = DocumentMeta()
    meta.title = _title(lines, fields, hints)
    meta.published = _published(lines, fields, hints)
    meta.genre = _genre(meta.title, lines)
    period = _period(meta.title, lines)
    if period:
        meta.period, meta.year = period
    usage = context or text
    dateline = _dateline(lines)
    if dateline and not meta.published:
        meta.published = names.parse_date(dateline[0])
    named = fields.get("issuer") or fields.get("source") or hints.get("source") or (dateline[1] if dateline else None)
    explicit = _issuer_line(lines) or _organ_with_region(named)
    meta.region = _region(explicit, meta.title, usage)
    meta.issuer = explicit or _implied_issuer(named, meta.region, text, meta.genre)
    log.debug("meta: %s", meta)
    return meta


def _title(lines: list[str], fields: dict[str, str], hints: dict[str, str]) -> str | None:
    for candidate in (fields.get("title"), hints.get("title"), hints.get("h1")):
        if candidate and candidate.strip() and not names.organ_name(candidate):
            return candidate.strip()
    return _title_lines(lines) or (hints.get("page_title") or "").strip() or None


def _title_lines(lines: list[str]) -> str | None:
    """The first title-like line at the top, joined with a following ——subtitle line."""
    for i, line in enumerate(lines[:HEAD_LINES]):
        if _is_prose(line) or heading_marker(line):
            return None
        if names.is_date_line(line) or names.organ_name(line) or len(line) < 4:
            continue
        title = line
        for nxt in lines[i + 1 : i + 3]:
            if nxt.startswith(_SUBTITLE_DASHES) or title.endswith(_SUBTITLE_DASHES):
                title += nxt
            else:
                break
        return title
    return None


def _is_prose(line: str) -> bool:
    return len(line) > MAX_TITLE_CHARS or any(ch in line for ch in TERMINATORS)


def _published(lines: list[str], fields: dict[str, str], hints: dict[str, str]) -> str | None:
    for candidate in (fields.get("published"), hints.get("published"), fields.get("created")):
        date = names.parse_date(candidate or "")
        if date:
            return date
    for line in lines[:HEAD_LINES] + lines[-TAIL_LINES:]:
        if names.is_date_line(line):
            return names.parse_date(line)
    return None


_DATELINE = re.compile(
    r"^\s*(?P<date>(?:19|20)\d{2}[年\-/.]\d{1,2}[月\-/.]\d{1,2}日?)(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"\s*(?:来源|信息来源|发布单位|发布机构)[:：]\s*(?P<source>[^\s|，,]+)"
)


def _dateline(lines: list[str]) -> tuple[str, str] | None:
    """(date, source) of a news dateline such as '2023年5月12日 来源：X区教育委员会'."""
    for line in lines[:HEAD_LINES]:
        m = _DATELINE.match(line)
        if m:
            return m.group("date"), m.group("source")
    return None


def _opening(title: str | None, lines: list[str]) -> list[str]:
    """The title, then the first two prose paragraphs: where a report says what it is."""
    prose = [line for line in lines[:HEAD_LINES * 2] if _is_prose(line) and not heading_marker(line)]
    return ([title] if title else []) + prose[:2]


def _genre(title: str | None, lines: list[str]) -> Genre | None:
    for text in _opening(title, lines):
        for genre, cue in genre_cues():
            if cue.search(text):
                return Genre(genre)
    return None


def _period(title: str | None, lines: list[str]) -> tuple[str, int] | None:
    for text in _opening(title, lines):
        found = names.first_year(text)
        if found:
            return found
    return None


def _issuer_line(lines: list[str]) -> str | None:
    """A line at the top or bottom that is only an organ name with its region (杭州市西湖区人民政府)."""
    for line in lines[:HEAD_LINES] + lines[-TAIL_LINES:]:
        if names.organ_name(line):
            return line.strip()
    return None


def _organ_with_region(value: str | None) -> str | None:
    return value.strip() if value and names.organ_name(value) else None


def _region(issuer: str | None, title: str | None, usage: str) -> str | None:
    """The region the report is about, as written, qualified by its city where the text says it."""
    parts = names.organ_name(issuer) if issuer else None
    if parts:
        region: str | None = parts[0]
    else:
        region = _main_district(usage) or (names.first_region(title, usage) if title else None)
    if region and len(names.region_parts(region)) == 1 and not region.endswith(("省", "市", "自治区")):
        region = names.qualified_region(region, usage)
    return region


def _main_district(usage: str) -> str | None:
    """The county-level region written with its city most often (南京市江宁区 in 中共南京市江宁区委...)."""
    pairs = Counter(names.city_districts(usage))
    if not pairs:
        return None
    district_uses = {district: usage.count(district) for _, district in pairs}
    city, district = max(sorted(pairs), key=lambda p: (district_uses[p[1]], pairs[p]))
    return city + district


def _implied_issuer(field: str | None, region: str | None, text: str, genre: Genre | None) -> str | None:
    """An issuer named without its region: a 发布机构 such as 教文局 / 区教育局, or the text's 区教育局.

    A short form is expanded to the full ending the text uses (教文局 -> 教育文体局) and prefixed with
    the report's region when what stands before the ending (nothing, or the level 区/市/县, or part of
    the region's name) fits that region.
    """
    value = (field or "").strip()
    ending = names.organ_ending(value) if value else None
    if ending:
        prefix = value[: -len(ending)]
        if region and (not prefix or prefix in region or (prefix in _LEVELS and region.endswith(prefix))):
            return region + _expand_organ(ending, text)
        return value
    organ_mentions = Counter(_self_references(text))
    if not organ_mentions or not region:
        return None
    prefer_education = genre in (Genre.WORK_SUMMARY, Genre.WORK_PLAN)

    def rank(item: tuple[tuple[str, str], int]) -> tuple[int, int]:
        (_, organ), count = item
        return count, int(bool(_EDUCATION.search(organ)) == prefer_education)

    (level, organ), _ = max(sorted(organ_mentions.items()), key=rank)
    return region + _expand_organ(organ, text) if region.endswith(level) else None


def _expand_organ(ending: str, text: str) -> str:
    """The full ending a short form stands for, as the text writes it (教文局 -> 教育文体局)."""
    used = [full for full in organ_abbreviations().get(ending, ()) if full in text]
    if not used:
        return ending
    return max(sorted(used), key=text.count)


def _self_references(text: str) -> list[tuple[str, str]]:
    """(level, organ) for each clause-initial 区教育局 / 市政府 / 县人民政府 in the text."""
    return [(m["level"], m["organ"]) for m in _self_reference_re().finditer(text)]


@cache
def _self_reference_re() -> re.Pattern[str]:
    organs = "|".join(map(re.escape, organ_suffixes()))
    return re.compile(rf"(?:^|(?<=[，,。；;：:、\s“（(年]))(?P<level>[{_LEVELS}])(?P<organ>{organs})", re.MULTILINE)
