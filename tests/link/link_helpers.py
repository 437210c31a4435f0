"""Helpers to build ExtractionResults directly from model dataclasses (no extractor needed)."""

from __future__ import annotations

import hashlib

from kg.model import Document, DocumentMeta, EntityType, ExtractionResult, Mention, Span


def make_result(
    text: str,
    mentions: list[tuple[EntityType, str]],
    region: str | None = None,
    issuer: str | None = None,
    generic: tuple[str, ...] = (),
) -> ExtractionResult:
    """An ExtractionResult over ``text`` with one mention per (type, surface), found left to right."""
    doc = Document(
        doc_id=hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
        source="test.txt",
        text=text,
        meta=DocumentMeta(region=region, issuer=issuer),
    )
    out = []
    cursor: dict[str, int] = {}
    for type_, surface in mentions:
        start = text.index(surface, cursor.get(surface, 0))
        cursor[surface] = start + 1
        out.append(Mention(Span(start, start + len(surface)), type_, surface, generic=surface in generic))
    return ExtractionResult(document=doc, mentions=out)
