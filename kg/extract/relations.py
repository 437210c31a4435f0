"""Relation extraction: implements, partOf, issuedBy, locatedIn, supervises, leads, memberOf.

Precision-first rules over entity mentions (kg.extract.entities.extract_mentions): each relation joins
mentions found in the text (the implicit author of a subject-less clause excepted) and carries the
shortest evidence span holding both. Programme relations live in :mod:`kg.extract.relations_programs`,
organisation relations in :mod:`kg.extract.relations_orgs`; trigger words in
``kg/data/relation_triggers.tsv``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from kg.extract.relations_common import default_actor, index_mentions
from kg.extract.relations_orgs import issued_by, leads, located_in, member_of, region_part_of, supervises
from kg.extract.relations_programs import implements, part_of
from kg.model import Document, Mention, Relation

log = logging.getLogger("kg")


def extract_relations(doc: Document, mentions: Sequence[Mention] = ()) -> list[Relation]:
    """Relations between entities named in the document, each with its evidence span, in text order."""
    if not mentions:
        from kg.extract.entities import extract_mentions

        mentions = extract_mentions(doc)
    idx = index_mentions(doc, mentions)
    author = default_actor(doc, idx)
    found: list[Relation] = region_part_of(doc)
    found += issued_by(doc, idx)
    found += implements(doc, idx, author)
    found += part_of(doc, idx)
    found += supervises(doc, idx)
    found += leads(doc, idx)
    found += located_in(doc, idx)
    found += member_of(doc, idx)
    seen: set[tuple[str, str, str]] = set()
    unique: list[Relation] = []
    for r in sorted(found, key=lambda r: (r.span.start, r.span.end, r.predicate, r.subject, r.object)):
        key = (r.predicate, r.subject, r.object)
        if key not in seen and r.subject != r.object:
            seen.add(key)
            unique.append(r)
    log.debug("%s: %d relations", doc.source, len(unique))
    return unique
