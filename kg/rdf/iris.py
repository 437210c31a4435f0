"""Deterministic ASCII IRIs of instances (the table "Instance IRIs" in docs/MODEL.md).

Every IRI is a pure function of the data, so two builds of the same reports give the same IRIs.
"""

from __future__ import annotations

import hashlib
import re

from rdflib import URIRef

from kg.link.iris import entity_key, name_hash
from kg.model import EntityType, Span
from kg.rdf.namespaces import DEFAULT_BASE, IND

_SAFE_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def _base(base: str) -> str:
    return base if base.endswith(("/", "#")) else base + "/"


def sha1_hex(text: str, n: int = 12) -> str:
    """First ``n`` hex digits of the SHA-1 of ``text`` (UTF-8)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


def region_iri(base: str, code: str | None, label: str = "") -> URIRef:
    """``B region/{adminCode}``, or ``B region/x-{h}`` for a region not in the code table."""
    return URIRef(_base(base) + entity_key(EntityType.REGION, label, code))


def entity_iri(base: str, type_: EntityType, label: str, region_code: str | None) -> URIRef:
    """IRI of a resolved entity: the base plus its linker key (kg.link.iris.entity_key)."""
    return URIRef(_base(base) + entity_key(type_, label, region_code))


def award_iri(base: str, label: str, level: str | None) -> URIRef:
    """``B award/{h}``, h of ``"Award|{label}|{level or ''}"``: one node per distinct label and level."""
    return URIRef(f"{_base(base)}award/{name_hash(EntityType.AWARD, label, level)}")


def report_iri(base: str, doc_id: str) -> URIRef:
    """``B report/{doc_id}``."""
    return URIRef(f"{_base(base)}report/{doc_id}")


def span_iri(base: str, kind: str, doc_id: str, span: Span, n: int | None = None) -> URIRef:
    """``B {kind}/{doc_id}-{start}-{end}[-{n}]`` for observations, conferrals, statements, evidence."""
    tail = f"-{n}" if n is not None else ""
    return URIRef(f"{_base(base)}{kind}/{doc_id}-{span.start}-{span.end}{tail}")


def evidence_iri(base: str, doc_id: str, span: Span) -> URIRef:
    """``B evidence/{doc_id}-{start}-{end}``."""
    return span_iri(base, "evidence", doc_id, span)


def indicator_iri(indicator_id: str | None, wording: str) -> URIRef:
    """``ind:{id}`` for a mapped indicator, else the minted ``ind:x-{h}`` of its wording."""
    if indicator_id and _SAFE_KEY.match(indicator_id):
        return IND[indicator_id]
    return IND[f"x-{sha1_hex(wording)}"]


def is_minted_indicator(iri: URIRef) -> bool:
    """True for ``ind:x-{h}`` concepts that the builder mints in the reference graph."""
    return str(iri).startswith(str(IND) + "x-")


__all__ = [
    "DEFAULT_BASE", "sha1_hex", "region_iri", "entity_iri",
    "award_iri", "report_iri", "span_iri", "evidence_iri", "indicator_iri", "is_minted_indicator",
]
