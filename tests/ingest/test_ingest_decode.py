"""Encoding detection: BOM first, strict UTF-8, then GB18030; binary and empty input refused."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.errors import InputError
from kg.ingest import load_document
from kg.ingest.decode import NOT_TEXT, decode_bytes

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"
REPORT = (FIXTURES / "report_utf8.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("report_utf8.txt", "utf-8"),
        ("report_utf8_bom.txt", "utf-8"),
        ("report_gb18030.txt", "gb18030"),
        ("report_utf16.txt", "utf-16-le"),
    ],
)
def test_decode_bytes_detects_each_encoding(name: str, encoding: str) -> None:
    text, found = decode_bytes((FIXTURES / name).read_bytes(), name)
    assert (text, found) == (REPORT, encoding)


def test_decode_bytes_reads_big_endian_utf16_with_bom() -> None:
    assert decode_bytes(codecs.BOM_UTF16_BE + REPORT.encode("utf-16-be"), "x.txt") == (REPORT, "utf-16-be")


def test_decode_bytes_prefers_utf8_over_gb18030_for_valid_utf8() -> None:
    # UTF-8 bytes of Chinese text also decode as (wrong) GB18030; strict UTF-8 must win.
    assert decode_bytes("钟楼区教育局".encode("utf-8"), "x.txt") == ("钟楼区教育局", "utf-8")


def test_decode_bytes_gbk_that_is_also_valid_utf8_is_read_as_chinese() -> None:
    # 校 in GBK is D0 A3, which is also UTF-8 for the Cyrillic letter У.
    assert decode_bytes("学校".encode("gb18030"), "x.txt") == ("学校", "gb18030")


def test_load_document_same_report_in_four_encodings_has_one_doc_id() -> None:
    ids = {load_document(FIXTURES / name).doc_id for name in (
        "report_utf8.txt", "report_utf8_bom.txt", "report_gb18030.txt", "report_utf16.txt", "report_messy.txt"
    )}  # fmt: skip
    assert len(ids) == 1


def test_load_document_binary_file_is_refused_with_its_name() -> None:
    path = FIXTURES / "binary.txt"
    with pytest.raises(InputError) as caught:
        load_document(path)
    assert caught.value.path == str(path)
    assert caught.value.problem == NOT_TEXT
    assert str(caught.value) == f"{path}: not UTF-8, UTF-16 or GB18030 text (binary file?)"


@pytest.mark.parametrize("name", ["empty.txt", "blank.txt"])
def test_load_document_empty_or_blank_file_is_refused(name: str) -> None:
    with pytest.raises(InputError) as caught:
        load_document(FIXTURES / name)
    assert caught.value.problem == "empty file"
    assert name in str(caught.value)


def test_decode_bytes_control_characters_mean_binary() -> None:
    data = bytes(range(1, 32)) * 10 + "正文".encode("utf-8")
    with pytest.raises(InputError, match="binary file"):
        decode_bytes(data, "odd.txt")


def test_decode_bytes_broken_utf16_after_bom_is_refused() -> None:
    with pytest.raises(InputError, match="byte-order mark"):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8", "odd.txt")  # a lone surrogate


@given(st.text(alphabet=st.sampled_from("教育局钟楼区学校，。“”《》0123456789abc \n"), min_size=1).filter(str.strip))
def test_decode_bytes_round_trips_text_in_every_supported_encoding(text: str) -> None:
    for encoding in ("utf-8", "gb18030"):
        assert decode_bytes(text.encode(encoding), "x")[0] == text
    assert decode_bytes(text.encode("utf-16"), "x")[0] == text
    assert decode_bytes(codecs.BOM_UTF8 + text.encode("utf-8"), "x")[0] == text


@given(st.binary(max_size=300))
def test_decode_bytes_raises_only_input_error_on_arbitrary_bytes(data: bytes) -> None:
    try:
        text, _ = decode_bytes(data, "x")
    except InputError:
        return
    assert text.strip()
