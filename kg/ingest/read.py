"""Format dispatch: file bytes -> text lines + format hints, by what the bytes are, not the name.

The file name's extension is only a claim: magic bytes decide (a .txt that is really a .docx is
read as a .docx, a .docx that is really text as text, with a warning), and formats we cannot read
(legacy .doc, RTF, images, other ZIP archives) are refused with a message saying what the file is.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.errors import InputError
from kg.ingest.decode import decode_bytes
from kg.ingest.html import html_to_text, looks_like_html
from kg.ingest.patterns import TERMINATORS
from kg.ingest.segment import heading_marker

if TYPE_CHECKING:
    from docx.table import Table

log = logging.getLogger("kg.ingest")

TEXT, MARKDOWN, HTML = "text/plain", "text/markdown", "text/html"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
MEDIA_TYPE_BY_SUFFIX = {".txt": TEXT, ".md": MARKDOWN, ".html": HTML, ".htm": HTML, ".docx": DOCX, ".pdf": PDF}
_FORMAT_NAMES = {TEXT: "plain text", MARKDOWN: "Markdown", HTML: "HTML", DOCX: "a Word .docx document", PDF: "a PDF"}

# Magic bytes of formats we refuse, with what to tell the user.
_REFUSED = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Word/Excel (OLE2) file, not supported: save it as .docx"),
    (b"{\\rtf", "an RTF document, not supported: save it as .docx or .txt"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image, not a text document"),
    (b"\xff\xd8\xff", "a JPEG image, not a text document"),
    (b"GIF8", "a GIF image, not a text document"),
    (b"\x1f\x8b", "a gzip archive, not a text document"),
    (b"Rar!", "a RAR archive, not a text document"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive, not a text document"),
)


@dataclass
class Extracted:
    """Text of one file in reading order, its real media type, and what the format said about it."""

    text: str
    media_type: str
    hints: dict[str, str] = field(default_factory=dict)


def read_bytes(data: bytes, source: str, suffix: str) -> Extracted:
    """Read a file's bytes as the format they really are; ``suffix`` is the name's claim."""
    claimed = MEDIA_TYPE_BY_SUFFIX.get(suffix.lower(), TEXT)
    if not data.strip():
        raise InputError(source, "empty file")
    for magic, what in _REFUSED:
        if data.startswith(magic):
            raise InputError(source, what)
    if data.startswith(b"PK\x03\x04"):
        extracted = _docx(data, source)
    elif data.lstrip().startswith(b"%PDF-"):
        extracted = _pdf(data, source)
    else:
        text, encoding = decode_bytes(data, source)
        log.debug("%s: decoded as %s", source, encoding)
        extracted = text_to_lines(text, claimed, source)
    if extracted.media_type != claimed and {extracted.media_type, claimed} != {TEXT, MARKDOWN}:
        log.warning(
            "%s: the name says %s but the content is %s; read as that",
            source, _FORMAT_NAMES[claimed], _FORMAT_NAMES[extracted.media_type],
        )  # fmt: skip
    return extracted


def text_to_lines(text: str, media_type: str, source: str) -> Extracted:
    """Already-decoded text as lines: HTML is rendered, Markdown markup removed, plain text kept."""
    if media_type == HTML or (media_type != MARKDOWN and looks_like_html(text)):
        if re.search(r"<[A-Za-z!/][^>]*>", text):
            try:
                lines, hints = html_to_text(text)
            except ValueError as err:
                raise InputError(source, str(err)) from None
            return Extracted(lines, HTML, hints)
        media_type = TEXT
    if media_type == MARKDOWN:
        return Extracted(markdown_to_text(text), MARKDOWN)
    return Extracted(text, TEXT)


_MD_HEADING = re.compile(r"^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$")
_MD_RULE = re.compile(r"^ {0,3}(?:[-*_]\s*){3,}$")
_MD_QUOTE = re.compile(r"^ {0,3}>\s?")
_MD_BULLET = re.compile(r"^(\s*)[-*+]\s+")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])|`([^`]+)`")


def markdown_to_text(text: str) -> str:
    """Markdown markup removed, text kept: headings, emphasis, links, images, quotes, bullets, rules."""
    out = []
    for line in text.split("\n"):
        if _MD_RULE.match(line):
            out.append("")
            continue
        line = _MD_HEADING.sub(r"\1", line)
        line = _MD_QUOTE.sub("", line)
        line = _MD_BULLET.sub(r"\1", line)
        line = _MD_IMAGE.sub(r"\1", line)
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or m.group(4) or "", line)
        out.append(line)
    return "\n".join(out)


def _docx(data: bytes, source: str) -> Extracted:
    import docx  # python-docx: imported only when a .docx is read
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from lxml.etree import XMLSyntaxError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = set(archive.namelist())
    except zipfile.BadZipFile as err:
        raise InputError(source, f"corrupt ZIP/.docx file ({err})") from None
    if "word/document.xml" not in members:
        kind = "an Excel workbook" if any(m.startswith("xl/") for m in members) else (
            "an OpenDocument file" if "content.xml" in members else "a ZIP archive")
        raise InputError(source, f"{kind}, not a Word .docx document")
    try:
        document = docx.Document(io.BytesIO(data))
        lines = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_table_rows(block))
            else:
                lines.append(block.text)
        title = (document.core_properties.title or "").strip()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as err:
        raise InputError(source, f"corrupt .docx file ({err})") from None
    return Extracted("\n".join(lines), DOCX, {"page_title": title} if title else {})


def _table_rows(table: Table) -> list[str]:
    """One line per table row, cells separated by a space (a metadata row reads "发布机构: X")."""
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split("\n")).strip()
            if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                cells.append(text)
        rows.append(" ".join(cells))
    return rows


def _pdf(data: bytes, source: str) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(source, "encrypted PDF: remove the password first")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = ((reader.metadata.title if reader.metadata else None) or "").strip()
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as err:
        raise InputError(source, f"corrupt PDF file ({err})") from None
    text = "\n".join(reflow_pdf_page(page) for page in pages)
    if not text.strip():
        raise InputError(source, "PDF without a text layer (scanned image?): run OCR first")
    return Extracted(text, PDF, {"page_title": title} if title else {})


def reflow_pdf_page(page: str) -> str:
    """Join the lines a PDF wrapped because they were full; keep breaks after short or ended lines."""
    lines = [line.strip() for line in page.split("\n")]
    full = max((len(line) for line in lines), default=0)
    out: list[str] = []
    for line in lines:
        prev = out[-1] if out else ""
        wrapped = (
            prev
            and line
            and len(prev) >= 0.8 * full
            and prev[-1] not in TERMINATORS + ".：:；;”"
            and heading_marker(line) is None
        )
        if wrapped:
            joiner = " " if prev[-1].isascii() and line[0].isascii() else ""
            out[-1] = prev + joiner + line
        else:
            out.append(line)
    return "\n".join(out)
