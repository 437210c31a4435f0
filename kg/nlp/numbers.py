"""Exact parsing of the numbers and amounts written in Chinese reports (pure functions, no jieba).

``parse_number("68370.3")``, ``parse_number("一百零八")``, ``parse_quantity("68370.3万元")`` and
``find_quantities(text)`` (every number-with-unit span of a text, offsets into that text). Values are
:class:`~decimal.Decimal` throughout, so 68370.3万元 is exactly 683703000 yuan. The unit table lives in
``kg/data/units.tsv``.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Context, Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from kg.model import Quantity, Span

_DATA = Path(__file__).resolve().parent.parent / "data"
_EXACT = Context(prec=200)

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
_SCALE = {**_CN_SMALL, **_CN_BIG}
_CN_CHARS = "".join(_CN_DIGIT) + "".join(_SCALE)

_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
_CHINESE = rf"[{_CN_CHARS}]+(?:点[{''.join(_CN_DIGIT)}]+)?"
_NUMBER_RE = re.compile(rf"{_ARABIC}|{_CHINESE}")
_ARABIC_FULL = re.compile(rf"({_ARABIC})([十百千万亿]{{0,2}})")
_PERCENT_WORDS = re.compile(rf"百分之({_ARABIC}|[{''.join(_CN_DIGIT)}十百点]+)")
# A ratio 1:n named as a ratio shortly before it in the same clause (师生比1:16.5, 生师比分别为1∶13和1∶11):
# the value is n. Without the word 比 nearby a colon is a time (8:00) or a score, not a ratio.
_RATIO = re.compile(r"(?<![\d.:∶])(1\s*[:∶]\s*(\d+(?:\.\d+)?))(?![\d:∶])")
_RATIO_CONTEXT = re.compile(r"比(?![赛较如])[^。；;，,比]{0,8}$|比(?![赛较如])[^。；;]{0,16}(?:[和、与及]|和为?)$")

_PREFIX_QUALIFIERS = (("超过", "over"), ("多达", "over"), ("将近", "nearly"), ("接近", "nearly"),
                      ("大约", "approx"), ("不足", "atMost"), ("不到", "atMost"), ("逾", "over"),
                      ("超", "over"), ("近", "nearly"), ("约", "approx"))
_MID_QUALIFIERS = {"余": "over", "多": "over"}
_POST_QUALIFIERS = (("以上", "atLeast"), ("以下", "atMost"), ("以内", "atMost"),
                    ("左右", "approx"), ("之多", "over"))
_RANGE_SEPARATORS = ("——", "至", "到", "~", "～", "-", "—", "–", "－")
_SCALE_WORD = re.compile(r"(千万|百万|十万|万|亿)")
_MONEY_CONTEXT = re.compile(r"资金|经费|投入|补助|补贴|支出|预算|收入|津贴|奖金|奖补|费用|拨付|筹措|元")

# Full-width digits and points map one-to-one onto ASCII, so offsets survive normalisation.
_WIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "．": ".", "，": "，"})


@lru_cache(maxsize=1)
def unit_table() -> dict[str, tuple[str, Decimal]]:
    """Raw unit -> (unit concept key, multiplier), loaded once from kg/data/units.tsv."""
    table: dict[str, tuple[str, Decimal]] = {}
    for line in (_DATA / "units.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        raw, key, mult = line.split("\t")[:3]
        table[raw] = (key, Decimal(mult))
    return table


@lru_cache(maxsize=1)
def _unit_pattern() -> re.Pattern[str]:
    """Every raw unit, longest first: ``match`` at an offset gives the longest unit there."""
    return re.compile("|".join(re.escape(u) for u in sorted(unit_table(), key=lambda u: (-len(u), u)) if u))


def _mul(a: Decimal, b: Decimal | int) -> Decimal:
    """Exact product (the default 28-digit context would round long amounts)."""
    return _EXACT.multiply(a, Decimal(b))


def _clean(value: Decimal) -> Decimal:
    """Drop a trailing ``.0`` produced by scaling (12000.0 -> 12000) without changing the value."""
    if value == _EXACT.to_integral_value(value):
        return Decimal(int(value))
    return _EXACT.normalize(value)


def _parse_chinese_int(text: str) -> int | None:
    """Chinese integer numeral (三千, 二十五, 一百零八, 两, 十, 二〇二〇) -> int, None if malformed."""
    if not text or any(ch not in _CN_DIGIT and ch not in _SCALE for ch in text):
        return None
    if len(text) > 1 and all(ch in _CN_DIGIT for ch in text):
        if "两" in text:
            return None
        return int("".join(str(_CN_DIGIT[ch]) for ch in text))  # 二〇二〇 -> 2020
    total, section, number = 0, 0, None
    last_small = 10**9
    last_big = 10**12
    for ch in text:
        if ch in _CN_DIGIT:
            if number is not None and number != 0 and _CN_DIGIT[ch] != 0:
                return None  # two digits in a row (十四五, 五五一二): not one number
            number = _CN_DIGIT[ch]
        elif ch in _CN_SMALL:
            unit = _CN_SMALL[ch]
            if unit >= last_small:
                return None
            section += (1 if number is None else number) * unit
            number, last_small = None, unit
        else:
            big = _CN_BIG[ch]
            if big >= last_big and big == 10_000:
                return None
            section += number or 0
            if section == 0 and total == 0:
                section = 1  # 万 alone
            if big == 100_000_000:
                total = (total + section) * big
            else:
                total += section * big
            section, number, last_small, last_big = 0, None, 10**9, big
    return total + section + (number or 0)


def parse_number(text: str) -> Decimal | None:
    """A written number ("68370.3", "1,200", "１２", "三千", "一百零八", "1.2万") -> exact Decimal, else None."""
    s = unicodedata.normalize("NFKC", text).strip()
    if not s:
        return None
    m = _ARABIC_FULL.fullmatch(s)
    if m:
        try:
            value = Decimal(m.group(1).replace(",", ""))
        except InvalidOperation:
            return None
        for ch in m.group(2):
            value = _mul(value, _SCALE[ch])
        return _clean(value)
    if "点" in s:
        head, _, rest = s.partition("点")
        frac = rest.rstrip("".join(_SCALE))
        scale = rest[len(frac):]
        whole = _parse_chinese_int(head) if head else None
        if whole is None or not frac or any(ch not in _CN_DIGIT for ch in frac):
            return None
        value = Decimal(f"{whole}.{''.join(str(_CN_DIGIT[c]) for c in frac)}")
        for ch in scale:
            value = _mul(value, _SCALE[ch])
        return _clean(value)
    n = _parse_chinese_int(s)
    return None if n is None else Decimal(n)


def _match_unit(text: str, pos: int, arabic: bool) -> tuple[str, str, Decimal] | None:
    """The longest unit at ``pos``: (raw unit, key, multiplier); a scale word may precede a unit."""
    hit = _unit_pattern().match(text, pos)
    if hit is not None:
        key, mult = unit_table()[hit.group()]
        return hit.group(), key, mult
    if arabic:
        for scale in ("千万", "百万", "十万", "万", "亿", "千"):
            if text.startswith(scale, pos):
                rest = _match_unit(text, pos + len(scale), arabic)
                if rest and rest[1] != "CNY":
                    mult = rest[2]
                    for ch in scale:
                        mult = _mul(mult, _SCALE[ch])
                    return scale + rest[0], rest[1], mult
    return None


def _unit_allowed(text: str, start: int, end: int, num_text: str, raw_unit: str, key: str,
                  value: Decimal) -> bool:
    """Units that are only units in some contexts (分, 年, medals, 期 after Chinese numerals)."""
    arabic = num_text[:1].isdigit()
    if key == "score" and not arabic:
        return False  # 十分 = "very"
    if key == "medal" and raw_unit in "金银铜":
        return bool(re.search(r"\d[金银铜]\d", text[max(0, start - 6): end + 6]))
    if key == "year":
        before = text[max(0, start - 2):start]
        after = text[end:end + 2]
        return value < 100 and (before.endswith(("连续", "近", "满")) or after.startswith(("来", "内")))
    if raw_unit in ("期", "部", "间", "张", "块", "台", "本") and not arabic:
        return False  # 二期 (phase), 一部分, 一间 ... are not counts
    return True


def _scan_one(text: str, m: re.Match[str]) -> tuple[Span, Quantity, int] | None:
    """Try to read one quantity starting with the number ``m``; returns span, quantity, scan end."""
    num_text = m.group(0)
    start, pos = m.start(), m.end()
    arabic = num_text[0].isdigit()
    if start > 0 and (text[start - 1] in "第+×/.:：＋" or text[start - 1].isascii() and
                      text[start - 1].isalpha()):
        return None
    if text[pos:pos + 1] in (":", "：") and text[pos + 1:pos + 2].isdigit():
        return None  # a time of day, 8:00
    value = parse_number(num_text)
    scale_text = ""
    if value is None:
        return None
    if arabic:
        scale = _SCALE_WORD.match(text, pos)
        if scale and not _match_unit(text, pos, True):
            scale_text = scale.group(1)
            pos += len(scale_text)
    elif len(num_text) > 1 and all(ch in _CN_DIGIT for ch in num_text):
        return None  # 二〇二〇, 五五一二: a year or a code read digit by digit, never a count
    elif all(ch in _SCALE for ch in num_text) and num_text != "十":
        # a bare scale word (万名教师, 百万企业) is a name, not a count, unless qualified (千余人次)
        if text[pos:pos + 1] not in _MID_QUALIFIERS and not text.endswith(("近", "超", "约"), 0, start):
            return None
    qualifier = None
    if text[pos:pos + 1] in _MID_QUALIFIERS:
        qualifier = _MID_QUALIFIERS[text[pos]]
        pos += 1
    upper = None
    if text[pos:pos + 1] == " " and text[pos + 1:pos + 2] in ("%", "％"):
        pos += 1  # "51 %"
    unit = _match_unit(text, pos, arabic or bool(scale_text))
    if unit is None and not scale_text and not qualifier:
        for sep in _RANGE_SEPARATORS:
            if text.startswith(sep, pos):
                m2 = _NUMBER_RE.match(text, pos + len(sep))
                if m2 and m2.group(0)[0].isdigit() == arabic:
                    hi = parse_number(m2.group(0))
                    unit2 = _match_unit(text, m2.end(), arabic)
                    if hi is not None and unit2 and hi > value:
                        upper, pos, unit = hi, m2.end(), unit2
                break
    if unit is None:
        if scale_text in ("万", "亿") and _MONEY_CONTEXT.search(text[max(0, start - 12):start]):
            unit = ("", "CNY", Decimal(1))  # 省奖补资金209万: a bare 万 in money talk is yuan
        else:
            return None
    raw_unit, key, mult = unit
    for ch in scale_text:
        mult = _mul(mult, _SCALE[ch])
    raw_unit = scale_text + raw_unit
    end = pos + len(unit[0])
    if not _unit_allowed(text, start, end, num_text, unit[0], key, value):
        return None
    if not arabic and (re.match(r"[一二三四五六七八九十每]\w", text[end:end + 2] or "")
                       and len(unit[0]) == 1 or text[end:end + 1] in ("“", '"', "「")):
        return None  # set phrases: 一人一档, 两个“只增不减”
    for word, qual in _POST_QUALIFIERS:
        if text.startswith(word, end):
            qualifier = qualifier or qual
            end += len(word)
            break
    for word, qual in _PREFIX_QUALIFIERS:
        if text.endswith(word, 0, start):
            qualifier = qualifier or qual
            start -= len(word)
            break
    quantity = Quantity(raw="", value=_clean(_mul(value, mult)), unit=key, raw_unit=raw_unit,
                        upper=None if upper is None else _clean(_mul(upper, mult)), qualifier=qualifier)
    return Span(start, end), quantity, end


def find_quantities(text: str) -> list[tuple[Span, Quantity]]:
    """Every number-with-unit in ``text`` (offsets into it), skipping dates, ordinals and set phrases."""
    norm = text.translate(_WIDTH)
    found: list[tuple[Span, Quantity]] = []
    pos = 0
    percent_words = {m.start(): m for m in _PERCENT_WORDS.finditer(norm)}
    for r in _RATIO.finditer(norm):
        if not _RATIO_CONTEXT.search(norm[max(0, r.start() - 20) : r.start()]):
            continue
        span = Span(r.start(1), r.end(1))
        found.append((span, Quantity(raw=text[span.start:span.end], value=Decimal(r.group(2)), unit="ratio",
                                     raw_unit="1:")))
    ratio_spans = [s for s, _ in found]
    while pos < len(norm):
        pw = next((percent_words[p] for p in sorted(percent_words) if p >= pos), None)
        m = _NUMBER_RE.search(norm, pos)
        if pw is not None and (m is None or pw.start() <= m.start()):
            value = parse_number(pw.group(1))
            if value is not None:
                span = Span(pw.start(), pw.end())
                found.append((span, Quantity(raw=text[span.start:span.end], value=value,
                                             unit="percent", raw_unit="百分之")))
            pos = pw.end()
            continue
        if m is None:
            break
        inside = next((r for r in ratio_spans if r.start <= m.start() < r.end), None)
        if inside is not None:
            pos = inside.end
            continue
        hit = _scan_one(norm, m)
        if hit is None:
            pos = m.end()
            continue
        span, quantity, pos = hit
        quantity.raw = text[span.start:span.end]
        found.append((span, quantity))
    return sorted(found, key=lambda hit: hit[0].start)


def parse_quantity(text: str) -> Quantity | None:
    """A whole amount ("68370.3万元", "3000余人", "1至2所", "百分之九十五") -> Quantity, else None."""
    s = text.strip()
    hits = find_quantities(s)
    if len(hits) == 1 and hits[0][0].start == 0 and hits[0][0].end == len(s):
        return hits[0][1]
    return None
