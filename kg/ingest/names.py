"""Recognisers for the short lines around a report: dates, region names and organ names.

Pure functions on strings, shared by cleaning (a date or an issuer line is not page chrome) and by
metadata. Region names are found by their suffix (省/市/区/县/旗/自治州...), organ names by their
ending (人民政府, 教育局...): no gazetteer, so a name's left edge is chosen by how the text itself
uses it (see :func:`name_before`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache

from kg.ingest.patterns import CJK, organ_suffixes, region_suffixes

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_YEAR = "〇零○Ｏ一二三四五六七八九"
_CN_SMALL = "一二三四五六七八九十"
_ARABIC_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})(?:\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})(?!\d)\s*日?|\s*月|(?!\d))"
)
_CN_DATE = re.compile(rf"(?P<y>[{_CN_YEAR}]{{4}})\s*年\s*(?P<m>[{_CN_SMALL}]{{1,2}})\s*月(?:\s*(?P<d>[{_CN_SMALL}]{{1,3}})\s*日)?")
_YEAR = re.compile(rf"(?:19|20)\d{{2}}(?=\s*年)|[{_CN_YEAR}]{{4}}(?=\s*年)")
# Characters that never start a region name: function words, and the 共 of 中共南京市委.
_NOT_NAME_START = set("的了在和与及对向从由为是将把被于各全本该此每其这那共年月日")
_NOT_IN_NAME = set("省市区县局委府校园的和与及在对等")


def cn_number(text: str) -> int | None:
    """Value of a small Chinese or Arabic numeral: 十二 -> 12, 二十八 -> 28, 〇八 -> 8, 07 -> 7."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        high = _CN_DIGITS.get(tens, -1) if tens else 1
        low = _CN_DIGITS.get(ones, -1) if ones else 0
        return None if high < 0 or low < 0 else high * 10 + low
    digits = [_CN_DIGITS.get(ch) for ch in text]
    if not digits or None in digits:
        return None
    return int("".join(str(d) for d in digits))


def parse_date(text: str) -> str | None:
    """First date in ``text`` as ISO: 2020年12月8日 -> 2020-12-08, 二〇二〇年十二月 -> 2020-12."""
    for pattern in (_ARABIC_DATE, _CN_DATE):
        for m in pattern.finditer(text):
            iso = _iso(m["y"], m["m"], m["d"])
            if iso:
                return iso
    return None


def _iso(year: str, month: str, day: str | None) -> str | None:
    y, mo = cn_number(year), cn_number(month)
    if y is None or mo is None or not 1900 <= y <= 2100 or not 1 <= mo <= 12:
        return None
    if day is None:
        return f"{y:04d}-{mo:02d}"
    d = cn_number(day)
    return f"{y:04d}-{mo:02d}-{d:02d}" if d is not None and 1 <= d <= 31 else None


def is_date_line(line: str) -> bool:
    """True if the line is only a date (a signature date such as 二〇二〇年十二月)."""
    stripped = line.strip()
    for pattern in (_ARABIC_DATE, _CN_DATE):
        m = pattern.fullmatch(stripped)
        if m and _iso(m["y"], m["m"], m["d"]):
            return True
    return False


def first_year(text: str) -> tuple[str, int] | None:
    """The first year named in ``text``, as written with 年/年度 and as a number: ("2020年度", 2020)."""
    m = _YEAR.search(text)
    if not m:
        return None
    value = cn_number(m.group(0))
    if value is None or not 1949 <= value <= 2100:
        return None
    written = m.group(0) + ("年度" if text.startswith("年度", m.end()) else "年")
    return written, value


@cache
def _suffix_alt() -> str:
    return "|".join(map(re.escape, region_suffixes()))


@cache
def _organ_alt() -> str:
    return "|".join(map(re.escape, organ_suffixes()))


@cache
def _organ_line_re() -> re.Pattern[str]:
    chain = rf"(?:[{CJK}]{{2,8}}?(?:{_suffix_alt()}))+"
    return re.compile(rf"(?P<region>{chain})(?P<organ>{_organ_alt()})")


def organ_name(text: str) -> tuple[str, str] | None:
    """Split a whole organ name into (region, organ): 南京市玄武区人民政府 -> (南京市玄武区, 人民政府)."""
    m = _organ_line_re().fullmatch(text.strip())
    return (m["region"], m["organ"]) if m else None


def organ_ending(text: str) -> str | None:
    """The organ ending ``text`` ends with (教文局 -> 教文局, 玄武区教育局 -> 教育局), if any."""
    return next((s for s in organ_suffixes() if text.endswith(s)), None)


def region_parts(region: str) -> list[str]:
    """Components of a region chain: 南京市玄武区 -> [南京市, 玄武区]."""
    return re.findall(rf"[{CJK}]{{2,8}}?(?:{_suffix_alt()})", region)


def name_before(text: str, end: int, suffix: str, usage: str) -> str | None:
    """The region name ending with ``suffix`` whose stem ends at ``end`` in ``text``.

    Chinese has no spaces, so 中共南京市 could be 共南京市 or 南京市: stems of 2 to 4 characters are
    tried. A name of the national admin-division table wins (the longest: 呼和浩特市, not 浩特市, though
    和 is a function word); otherwise the one ``usage`` (the whole document) writes most often, the
    longer on a tie (石家庄市 over 家庄市); stems starting with a function word (的, 在, 共...) are
    never names.
    """
    best: tuple[int, int, str] | None = None
    for length in (2, 3, 4):
        start = end - length
        if start < 0:
            break
        stem = text[start:end]
        if not re.fullmatch(rf"[{CJK}]+", stem):
            continue
        if stem + suffix in _table_names():
            best = (1 << 30, length, stem + suffix)  # longer table names are tried later and win
            continue
        if stem[0] in _NOT_NAME_START or stem.startswith("中共") or any(ch in _NOT_IN_NAME for ch in stem):
            continue
        key = (_uses(usage, stem + suffix), length, stem + suffix)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else None


@cache
def _table_names() -> frozenset[str]:
    """Full names of the national admin-division table (kg/data/regions.tsv)."""
    from kg.link.regions import region_table

    return frozenset(n for n in region_table().names() if n.endswith(tuple(region_suffixes())))


def _uses(usage: str, name: str) -> int:
    """How often ``usage`` writes ``name`` (memoised: the same names are counted again and again)."""
    counts = _use_counts(usage)
    if name not in counts:
        counts[name] = usage.count(name)
    return counts[name]


@lru_cache(maxsize=4)
def _use_counts(usage: str) -> dict[str, int]:
    return {}


def city_districts(text: str) -> Iterable[tuple[str, str]]:
    """(city, district) for each county-level name written after its city: 南京市江宁区 -> (南京市, 江宁区)."""
    for m in re.finditer(r"市([{CJK}]{{2,4}}?)(新区|区|县|旗)".format(CJK=CJK), text):
        district = m.group(1) + m.group(2)
        if any(ch in _NOT_IN_NAME for ch in m.group(1)):
            continue
        city = name_before(text, m.start(), "市", text)
        if city:
            yield city, district


def first_region(text: str, usage: str) -> str | None:
    """The first region name in ``text`` (a title), by the suffix rule: 2021年江宁区教育工作总结 -> 江宁区."""
    for m in re.finditer(_suffix_alt(), text):
        name = name_before(text, m.start(), m.group(0), usage)
        if name:
            return name
    return None


def qualified_region(district: str, usage: str) -> str:
    """Prefix a county-level name with its city where the text writes them together (玄武区 -> 南京市玄武区)."""
    cities: dict[str, int] = {}
    start = 0
    while (at := usage.find("市" + district, start)) >= 0:
        city = name_before(usage, at, "市", usage)
        if city:
            cities[city] = cities.get(city, 0) + 1
        start = at + 1
    if not cities:
        return district
    city = max(sorted(cities), key=lambda c: cities[c])
    return city + district
