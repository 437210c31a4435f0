"""Bytes -> str for text formats: BOM first, then strict UTF-8, then GB18030 / charset detection.

Reports come from Chinese web pages and Word exports: UTF-8 (with or without BOM), GB18030/GBK
(older portals and Windows Notepad), or UTF-16 with BOM (Notepad's "Unicode"). The encoding is
detected, never guessed blindly: a file that none of these decodes cleanly is refused. Where
both UTF-8 and GB18030 decode (short GBK text can be valid UTF-8), the reading that is Chinese wins.
"""

from __future__ import annotations

import codecs
import logging
import re

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


# Counted with regexes (runs of characters) rather than character by character: decoding checks
# every report whole.
_WIDE = re.compile("[^\x00-\x7f]+")
_CHINESE = re.compile("[\u4e00-\u9fff\u3400-\u4dbf\u3000-\u303f\uff00-\uffef\u2000-\u206f\u00a0\u00b7\ufeff]+")
# controls other than \t\n\r\f\v (Cc), surrogates (Cs), private use (Co), U+FFFD
_SUSPICIOUS = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd\ufffd]"
)


def chinese_share(text: str) -> float:
    """Share of the non-ASCII characters that are CJK ideographs or CJK / full-width punctuation."""
    wide = sum(map(len, _WIDE.findall(text)))
    if not wide:
        return 1.0
    return sum(map(len, _CHINESE.findall(text))) / wide


def suspicious_ratio(text: str) -> float:
    """Share of characters no report contains: controls (other than whitespace), private use, U+FFFD."""
    if not text:
        return 0.0
    return len(_SUSPICIOUS.findall(text)) / len(text)
