"""Bytes -> str for text formats: BOM first, then strict UTF-8, then GB18030 / charset detection.

Reports come from Chinese web pages and Word exports: UTF-8 (with or without BOM), GB18030/GBK
(older portals and Windows Notepad), or UTF-16 with BOM (Notepad's "Unicode"). The encoding is
detected, never guessed blindly: a file that none of these decodes cleanly is refused. Where
both UTF-8 and GB18030 decode (short GBK text can be valid UTF-8), the reading that is Chinese wins.
"""

from __future__ import annotations

import codecs
import logging
import unicodedata

from kg.errors import InputError

log = logging.getLogger("kg.ingest")

NOT_TEXT = "not UTF-8, UTF-16 or GB18030 text (binary file?)"

# Longest BOM first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Encodings charset-normalizer may report that we accept: GB18030 is a superset of GBK and GB2312.
_DETECTED_OK = {"gb18030", "gbk", "gb2312", "hz", "big5", "big5hkscs", "cp950"}
# Share of characters that may be controls / private-use / replacement before text counts as binary.
_MAX_SUSPICIOUS = 0.01


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode a text file's bytes; return ``(text, encoding)`` or raise :class:`InputError`."""
    if not data.strip():
        raise InputError(source, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as err:
                raise InputError(
                    source, f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"(byte {err.start + len(bom)}): {NOT_TEXT}"
                ) from None
            return _checked(text, encoding, source), encoding
    if b"\x00" in data:
        raise InputError(source, NOT_TEXT)
    utf8 = _strict(data, "utf-8")
    if utf8 is not None and chinese_share(utf8) == 1.0:
        return _checked(utf8, "utf-8", source), "utf-8"
    gb = _strict(data, "gb18030")
    if utf8 is not None and (gb is None or chinese_share(utf8) >= chinese_share(gb)):
        return _checked(utf8, "utf-8", source), "utf-8"
    # Short GBK text can also be valid UTF-8 (校 = D0 A3 = Cyrillic У): these are Chinese reports,
    # so the reading that gives Chinese wins.
    if gb is not None and suspicious_ratio(gb) <= _MAX_SUSPICIOUS:
        return _checked(gb, "gb18030", source), "gb18030"
    detected = _detect(data)
    if detected is not None:
        log.debug("%s: decoded as %s (detected)", source, detected[1])
        return _checked(detected[0], detected[1], source), detected[1]
    raise InputError(source, NOT_TEXT)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _detect(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's best guess, if it is a Chinese encoding and decodes cleanly."""
    import charset_normalizer  # only needed for the rare file that is neither UTF-8 nor GB18030

    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding.lower() not in _DETECTED_OK:
        return None
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return (text, best.encoding) if suspicious_ratio(text) <= _MAX_SUSPICIOUS else None


def _checked(text: str, encoding: str, source: str) -> str:
    if not text.strip():
        raise InputError(source, "empty file")
    if suspicious_ratio(text) > _MAX_SUSPICIOUS:
        raise InputError(source, f"{NOT_TEXT}: too many control characters for {encoding} text")
    return text


def chinese_share(text: str) -> float:
    """Share of the non-ASCII characters that are CJK ideographs or CJK / full-width punctuation."""
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide:
        return 1.0
    return sum(_is_chinese(ch) for ch in wide) / len(wide)


def _is_chinese(ch: str) -> bool:
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x3000 <= code <= 0x303F
        or 0xFF00 <= code <= 0xFFEF
        or 0x2000 <= code <= 0x206F
        or code in (0x00A0, 0x00B7, 0xFEFF)
    )


def suspicious_ratio(text: str) -> float:
    """Share of characters no report contains: controls (other than whitespace), private use, U+FFFD."""
    if not text:
        return 0.0
    bad = 0
    for ch in text:
        if ch in "\t\n\r\f\v":
            continue
        if ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Co", "Cs"):
            bad += 1
    return bad / len(text)
