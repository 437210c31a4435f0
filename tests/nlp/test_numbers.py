"""Number and quantity parsing: table tests on forms from real reports, and property tests."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.nlp.numbers import find_quantities, parse_number, parse_quantity, unit_table

D = Decimal


@pytest.mark.parametrize(("text", "value"), [
    ("68370.3", D("68370.3")), ("1,200", D(1200)), ("１２", D(12)), ("三千", D(3000)),
    ("二十五", D(25)), ("一百零八", D(108)), ("1.2万", D(12000)), ("两", D(2)), ("十", D(10)),
    ("二〇二〇", D(2020)), ("一点二万", D(12000)), ("一千二百万", D(12_000_000)), ("5.2亿", D(520_000_000)),
])
def test_numbers_parse_number_reads_written_forms(text: str, value: Decimal) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["十四五", "十三五", "", "元", "abc", "万万", "1.2.3", "三两"])
def test_numbers_parse_number_rejects_non_numbers(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(("text", "value", "unit", "upper", "qualifier"), [
    ("68370.3万元", D(683703000), "CNY", None, None),
    ("12.93%", D("12.93"), "percent", None, None),
    ("3000余人", D(3000), "person", None, "over"),
    ("1至2所", D(1), "school", D(2), None),
    ("1—2小时", D(1), "hour", D(2), None),
    ("300-600元", D(300), "CNY", D(600), None),
    ("近百所", D(100), "school", None, "nearly"),
    ("5.2亿元", D(520_000_000), "CNY", None, None),
    ("一千二百万元", D(12_000_000), "CNY", None, None),
    ("百分之九十五", D(95), "percent", None, None),
    ("8.268分", D("8.268"), "score", None, None),
    ("28.5万余元", D(285000), "CNY", None, "over"),
    ("超过3万人次", D(30000), "person-time", None, "over"),
    ("近3万人次", D(30000), "person-time", None, "nearly"),
    ("千余人次", D(1000), "person-time", None, "over"),
    ("96%以上", D(96), "percent", None, "atLeast"),
    ("5名左右", D(5), "person", None, "approx"),
    ("7.3%个百分点", D("7.3"), "percentage-point", None, None),
    ("51 %", D(51), "percent", None, None),
    ("1800个", D(1800), "item", None, None),
    ("30—60分钟", D(30), "minute", D(60), None),
    ("3公里", D(3), "km", None, None),
])
def test_numbers_parse_quantity_normalises_value_unit_and_qualifier(
        text: str, value: Decimal, unit: str, upper: Decimal | None, qualifier: str | None) -> None:
    q = parse_quantity(text)
    assert q is not None
    assert (q.value, q.unit, q.upper, q.qualifier, q.raw) == (value, unit, upper, qualifier, text)


@pytest.mark.parametrize("text", [
    "2020年", "2020年12月", "9月", "12日", "十四五", "“十三五”", "〔2020〕30号", "第3号", "第一名",
    "三会一课", "一校一品", "一人一档", "两个“只增不减”", "100周年", "0-15岁", "8:00", "十分重要",
    "二期工程", "0519-88888888", "“五五一二”", "二〇二〇年", "万名教师", "2017-2019年度", "5G",
])
def test_numbers_find_quantities_skips_non_measurements(text: str) -> None:
    assert find_quantities(text) == []


def test_numbers_find_quantities_offsets_and_values_on_report_sentence() -> None:
    text = "2020年一般公共预算经费68370.3万元，比上年增长10%；生均公用经费学前720元、小学845元、初中1205元。"
    hits = find_quantities(text)
    assert [text[s.start:s.end] for s, _ in hits] == ["68370.3万元", "10%", "720元", "845元", "1205元"]
    assert [q.value for _, q in hits] == [D(683703000), D(10), D(720), D(845), D(1205)]


def test_numbers_find_quantities_bare_wan_is_money_only_in_money_talk() -> None:
    (hit,) = find_quantities("第三次获得省轮岗交流奖补资金209万。")
    assert (hit[1].value, hit[1].unit) == (D(2090000), "CNY")
    assert find_quantities("常住人口约12万") == []


def test_numbers_find_quantities_medal_tally_and_arithmetic() -> None:
    got = [(q.value, q.unit) for _, q in find_quantities("省赛获得8金19银19铜")]
    assert got == [(D(8), "medal"), (D(19), "medal"), (D(19), "medal")]
    assert [q.value for _, q in find_quantities("最终自评得分101分(97+4分)")] == [D(101)]


def test_numbers_find_quantities_keeps_quantities_after_full_width_digits() -> None:
    text = "招聘教师１２名"
    (span, q), = find_quantities(text)
    assert (text[span.start:span.end], q.value, q.unit) == ("１２名", D(12), "person")


def test_numbers_unit_table_keys_are_known_concepts() -> None:
    from kg.nlp.indicators_ttl import UNIT, concept_keys, unit_graph
    keys = set(concept_keys(unit_graph(), UNIT))
    assert {key for key, _ in unit_table().values()} <= keys


# ------------------------------------------------------------------ properties

def chinese_numeral(n: int) -> str:
    """A plain int -> Chinese numeral writer (independent of the parser) for round-trip tests."""
    digits = "零一二三四五六七八九"
    if n == 0:
        return "零"

    def below_10000(x: int) -> str:
        out, zero = "", False
        for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = x // value % 10
            if d == 0:
                zero = bool(out)
                continue
            if zero:
                out += "零"
                zero = False
            out += digits[d] + unit
        return out

    wan, low = divmod(n, 10_000)
    out = below_10000(wan) + "万" if wan else ""
    if low:
        out += ("零" if out and low < 1000 else "") + below_10000(low)
    return out


def test_numbers_chinese_numeral_writer_matches_known_forms() -> None:
    assert [chinese_numeral(n) for n in (108, 25, 10, 3000, 12_000_000, 10_305)] == [
        "一百零八", "二十五", "一十", "三千", "一千二百万", "一万零三百零五"]


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=0, max_value=10**12, allow_nan=False, allow_infinity=False, places=3))
def test_numbers_arabic_round_trip(x: Decimal) -> None:
    assert parse_number(str(x)) == x


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=0, max_value=10**9, allow_nan=False, allow_infinity=False, places=2))
def test_numbers_wan_and_yi_scale_exactly(x: Decimal) -> None:
    assert parse_quantity(f"{x}万元").value == x * 10_000  # type: ignore[union-attr]
    assert parse_quantity(f"{x}亿元").value == x * 100_000_000  # type: ignore[union-attr]


@settings(max_examples=500, deadline=None)
@given(st.integers(min_value=0, max_value=99_999_999))
def test_numbers_chinese_numeral_round_trip(n: int) -> None:
    assert parse_number(chinese_numeral(n)) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**8), st.integers(min_value=0, max_value=10**8))
def test_numbers_parse_quantity_is_monotonic(a: int, b: int) -> None:
    qa, qb = parse_quantity(f"{a}人"), parse_quantity(f"{b}人")
    assert qa is not None and qb is not None
    assert (a <= b) == (qa.value <= qb.value)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_numbers_find_quantities_never_raises_and_spans_index_text(text: str) -> None:
    for span, q in find_quantities(text):
        assert 0 <= span.start < span.end <= len(text)
        assert q.raw == text[span.start:span.end]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789.,万亿千百十一二两三五零元人所个%余多近超至-—年月第“”、，", max_size=40))
def test_numbers_find_quantities_never_raises_on_number_soup(text: str) -> None:
    for span, q in find_quantities(text):
        assert q.raw == text[span.start:span.end]
        assert q.upper is None or q.upper > q.value


def test_numbers_ratio_needs_a_ratio_word_before_it():
    found = [(q.raw, q.value, q.unit) for _s, q in find_quantities("小学、初中师生比分别为1:16.5和1∶12.8。")]
    assert found == [("1:16.5", Decimal("16.5"), "ratio"), ("1∶12.8", Decimal("12.8"), "ratio")]
    assert find_quantities("会议于8:00开始，比赛以1:2告负，按1:1比例配套。") == []
