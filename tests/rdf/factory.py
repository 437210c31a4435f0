"""Build LinkedReport fixtures from a case folder's input.json (tests only).

input.json holds a real report excerpt and the facts an extractor + linker would produce, located
by the quoted text (``find`` / ``nth``) so the JSON never carries hand-computed offsets.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from kg.model import (
    Conferral, Document, DocumentMeta, Entity, EntityType, ExtractionResult, Genre, Level,
    LinkedReport, Mention, Modality, Observation, Quantity, Relation, Span,
)

CASES = Path(__file__).resolve().parents[1] / "cases"


@dataclass(frozen=True)
class FakeRegion:
    """Stand-in for kg.link.regions.Region."""

    code: str
    name: str
    short_name: str
    level: str
    parent: str | None


class FakeRegionTable:
    """Stand-in for kg.link.regions.region_table() holding a few rows of the national table."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = {r["code"]: FakeRegion(**r) for r in rows}

    def by_code(self, code: str) -> FakeRegion | None:
        """The row with this code."""
        return self.rows.get(code)


def find_span(text: str, needle: str, nth: int = 0, within: Span | None = None) -> Span:
    """Span of the nth occurrence of ``needle`` (inside ``within`` if given)."""
    lo, hi = (within.start, within.end) if within else (0, len(text))
    pos = lo - 1
    for _ in range(nth + 1):
        pos = text.find(needle, pos + 1, hi)
        if pos < 0:
            raise AssertionError(f"{needle!r} (#{nth}) not in fixture text")
    return Span(pos, pos + len(needle))


def entity_key(e: dict[str, Any]) -> str:
    """The fixture's entity key: Type|label|region code."""
    return f"{e['type']}|{e['label']}|{e.get('region_code') or ''}"


def load_case(name: str) -> tuple[LinkedReport, FakeRegionTable]:
    """The LinkedReport and region table of tests/cases/<name>/input.json."""
    data = json.loads((CASES / name / "input.json").read_text(encoding="utf-8"))
    return linked_from_dict(data), FakeRegionTable(data.get("regions", []))


def linked_from_dict(data: dict[str, Any]) -> LinkedReport:
    """Build a LinkedReport from the input.json structure."""
    text = data["text"]
    meta = dict(data.get("meta", {}))
    if meta.get("genre"):
        meta["genre"] = Genre(meta["genre"])
    doc_id = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    doc = Document(doc_id=doc_id, source=data["source"], text=text, meta=DocumentMeta(**meta))
    result = ExtractionResult(document=doc)
    linked = LinkedReport(result=result, region_code=data.get("region_code"))

    for e in data.get("entities", []):
        key = entity_key(e)
        etype = EntityType(e["type"])
        entity = Entity(key=key, type=etype, label=e["label"], region_code=e.get("region_code"),
                        parent_code=e.get("parent_code"), subtype=e.get("subtype"))
        linked.entities[key] = entity
        linked.name_index[(etype.value, e["label"])] = key
        for surface, nth in e.get("mentions", []):
            span = find_span(text, surface, nth)
            result.mentions.append(Mention(span=span, type=etype, name=surface, canonical=e["label"]))
            linked.mention_keys.append(key)
            entity.mentions.append((doc_id, span))
            entity.alt_labels.add(surface)
            linked.name_index[(etype.value, surface)] = key
    for m in data.get("generic_mentions", []):
        result.mentions.append(Mention(span=find_span(text, m["find"], m.get("nth", 0)),
                                       type=EntityType(m["type"]), name=m["find"], generic=True))
        linked.mention_keys.append(None)

    for o in data.get("observations", []):
        clause = find_span(text, o["clause"], o.get("nth", 0))
        q = Quantity(raw=o["raw"], value=Decimal(o["value"]), unit=o["unit"], raw_unit=o.get("raw_unit", ""),
                     upper=Decimal(o["upper"]) if o.get("upper") else None, qualifier=o.get("qualifier"))
        result.observations.append(Observation(
            span=clause, quantity=q, value_span=find_span(text, o["raw"], 0, clause),
            indicator=o["indicator"], indicator_id=o.get("indicator_id"), subject=o.get("subject"),
            subject_type=EntityType(o["subject_type"]) if o.get("subject_type") else None,
            year=o.get("year"), stage=o.get("stage"), modality=Modality(o.get("modality", "actual")),
            growth_of=o.get("growth_of")))
    for c in data.get("conferrals", []):
        clause = find_span(text, c["clause"], c.get("nth", 0))
        result.conferrals.append(Conferral(
            span=clause, award=c["award"], level=Level(c["level"]) if c.get("level") else None,
            recipient=c.get("recipient"),
            recipient_type=EntityType(c["recipient_type"]) if c.get("recipient_type") else None,
            count=c.get("count"), year=c.get("year"), awarded_by=c.get("awarded_by"),
            award_span=find_span(text, c["award_text"], 0, clause) if c.get("award_text") else None))
    for r in data.get("relations", []):
        result.relations.append(Relation(
            span=find_span(text, r["clause"], r.get("nth", 0)), predicate=r["predicate"],
            subject=r["subject"], subject_type=EntityType(r["subject_type"]),
            object=r["object"], object_type=EntityType(r["object_type"])))
    return linked
