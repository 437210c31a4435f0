"""Extraction stage: ``Document -> ExtractionResult``.

Each component is a plain function over the document (and the entity mentions found first):
entities -> metrics, awards, relations. One reconciliation step follows: a school or group
mention that lies inside the honour of a conferral (…特色学校, …示范学校 conferred on someone) names
the award, not an organisation, and is dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.model import Conferral, Document, EntityType, ExtractionResult, Mention

# Mention types an honour name can be mistaken for ("艺术教育特色学校" ends like a school name).
_HONOUR_LOOKALIKES = frozenset({EntityType.SCHOOL, EntityType.EDUCATION_GROUP, EntityType.PROGRAM})


def drop_honour_mentions(mentions: Sequence[Mention], conferrals: Sequence[Conferral]) -> list[Mention]:
    """Mentions minus those of look-alike types lying inside a conferral's award span."""
    spans = sorted(c.award_span for c in conferrals if c.award_span is not None)
    kept = []
    for m in mentions:
        if m.type in _HONOUR_LOOKALIKES and any(s.start <= m.span.start and m.span.end <= s.end for s in spans):
            continue
        kept.append(m)
    return kept


def extract(doc: Document) -> ExtractionResult:
    """Run every extractor over one cleaned document."""
    from kg.extract.awards import extract_conferrals
    from kg.extract.entities import extract_mentions
    from kg.extract.metrics import extract_observations
    from kg.extract.relations import extract_relations

    mentions = extract_mentions(doc)
    conferrals = extract_conferrals(doc, mentions)
    mentions = drop_honour_mentions(mentions, conferrals)
    return ExtractionResult(
        document=doc,
        mentions=mentions,
        observations=extract_observations(doc, mentions),
        conferrals=conferrals,
        relations=extract_relations(doc, mentions),
    )
