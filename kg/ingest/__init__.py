"""Ingest: read bytes -> decode -> strip chrome -> metadata -> sentences => :class:`kg.model.Document`.

    >>> doc = document_from_text("一、总体情况\\n全区现有学校47所。新建幼儿园2所！")
    >>> [doc.text[s.span.start:s.span.end] for s in doc.sentences]
    ['一、总体情况', '全区现有学校47所。', '新建幼儿园2所！']

Modules, in pipeline order: ``read`` (format dispatch by magic bytes; DOCX, PDF), ``decode``
(encoding detection), ``html`` (HTML to lines), ``clean`` (chrome removal, de-duplication,
normalisation), ``meta`` (title, issuer, dates, region, genre; helpers in ``names``), ``segment``
(paragraphs, headings, sentences). Word lists live in ``kg/data/ingest/``.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Sequence
from pathlib import Path

from kg.errors import InputError
from kg.ingest.clean import clean
from kg.ingest.meta import extract_meta
from kg.ingest.read import MEDIA_TYPE_BY_SUFFIX, TEXT, Extracted, read_bytes, text_to_lines
from kg.ingest.segment import segment
from kg.model import Document

__all__ = ["SUPPORTED_SUFFIXES", "discover", "load_document", "document_from_text", "doc_id_of"]

log = logging.getLogger("kg.ingest")

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(MEDIA_TYPE_BY_SUFFIX)


def discover(inputs: Sequence[str | Path]) -> tuple[list[Path], list[str]]:
    """Expand files/directories (recursive, sorted) into supported files; second item: warnings for skipped files (unknown extension, hidden files), each 'PATH: reason'. A missing input path raises InputError."""
    files: list[Path] = []
    warnings: list[str] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            files.append(path)

    for given in inputs:
        path = Path(given)
        if not path.exists():
            raise InputError(str(given), "no such file or directory")
        if path.is_dir():
            for found, reason in _walk(path):
                if reason:
                    warnings.append(f"{found}: {reason}")
                else:
                    add(found)
        elif path.suffix.lower() in SUPPORTED_SUFFIXES:
            add(path)  # named explicitly: read even if hidden
        else:
            warnings.append(f"{path}: {_unsupported(path)}")
    return files, warnings


def _walk(top: Path) -> list[tuple[Path, str | None]]:
    """(path, None) for each supported file under ``top``, (path, reason) for each skipped one; sorted."""
    out: list[tuple[Path, str | None]] = []
    for dirpath, dirnames, filenames in os.walk(top):
        here = Path(dirpath)
        for name in sorted(d for d in dirnames if d.startswith(".")):
            out.append((here / name, "hidden directory, skipped"))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            path = here / name
            if name.startswith("."):
                out.append((path, "hidden file, skipped"))
            elif name.startswith("~$"):
                out.append((path, "Office lock file, skipped"))
            elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
                out.append((path, _unsupported(path)))
            else:
                out.append((path, None))
    return sorted(out, key=lambda item: item[0].parts)


def _unsupported(path: Path) -> str:
    kind = f"'{path.suffix}'" if path.suffix else "no extension"
    return f"unsupported file type ({kind}; supported: {', '.join(sorted(SUPPORTED_SUFFIXES))}), skipped"


def load_document(path: str | Path) -> Document:
    """Read, decode, clean, segment one report. Raises InputError(path, problem) for binary/undecodable/empty/corrupt files."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except IsADirectoryError:
        raise InputError(source, "is a directory, not a file") from None
    except OSError as err:
        raise InputError(source, f"cannot read: {err.strerror or err}") from None
    return _build(read_bytes(data, source, Path(path).suffix), source)


def document_from_text(text: str, source: str = "<text>", media_type: str = "text/plain") -> Document:
    """Same pipeline from an already-decoded string (used by tests and by other stages' tests)."""
    if not text.strip():
        raise InputError(source, "empty file")
    return _build(text_to_lines(text, media_type or TEXT, source), source)


def doc_id_of(text: str) -> str:
    """The document id: first 16 hex digits of the SHA-256 of the cleaned text (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _build(extracted: Extracted, source: str) -> Document:
    cleaned = clean(extracted.text)
    if not cleaned.text:
        raise InputError(source, "no text left after removing page chrome (navigation, footers)")
    meta = extract_meta(cleaned.text, cleaned.fields, extracted.hints, cleaned.context)
    parts = segment(cleaned.text)
    log.debug("%s: %d paragraphs, %d headings, %d sentences", source, len(parts.paragraphs), len(parts.headings), len(parts.sentences))
    return Document(
        doc_id=doc_id_of(cleaned.text),
        source=source,
        text=cleaned.text,
        meta=meta,
        paragraphs=parts.paragraphs,
        sentences=parts.sentences,
        headings=parts.headings,
        media_type=extracted.media_type,
    )
