"""Matching rules of ``kg eval``: text normalisation and when a graph fact counts as a gold item.

All functions are pure. Rules (see also ``docs/EVAL.md``):

- text: NFKC (full width -> half width), quote marks “”‘’"'「」『』《》 removed, the middle dots
  ·•・‧∙ unified, whitespace removed;
- names: a gold name stands for every surface form annotated with the same canonical
  (``EntityGroup``): 区政府 matches a node labelled 南京市玄武区人民政府 if gold groups them;
- metrics: equal normalised value (``Decimal`` equality, no tolerance) and same unit kind; the
  strict variant also needs the same year (not checked where gold has ``null``) and subject;
- awards: equal award label, or equal once a level prefix (全国/国家/省/市/区/县, also 省级...) is
  dropped from ONE side; same recipient, or the same count where gold names no recipient;
- one-to-one matches are greedy: pairs whose evidence overlaps first, then any pair, in gold order.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from rdflib import Graph

from kg.evaluate.gold import GoldAward, GoldEntity, GoldMetric, GoldRelation
from kg.evaluate.graphview import PredConferral, PredObservation, PredRelation
from kg.nlp.indicators_ttl import concept_keys
from kg.rdf.namespaces import UNIT

G = TypeVar("G")
P = TypeVar("P")

_QUOTES = str.maketrans("", "", "“”‘’\"'「」『』《》〈〉")
_DOTS = str.maketrans({c: "·" for c in "•・‧∙･⋅"})
LEVEL_PREFIXES = (
    "全国", "国家级", "国家", "省级", "市级", "区级", "县级", "省", "市", "区", "县",
)

# Gold unit kinds (tests/gold/FORMAT.md) that the model's closed unit list names differently.
UNIT_ALIASES: dict[str, frozenset[str]] = {
    "event": frozenset({"time"}),  # 次/场/期: the model's unit:time
    "percentage-point": frozenset({"percent"}),  # 个百分点: the model has no separate unit
}
# The unit concepts of the model: the skos:Concepts of ontology/units.ttl.
_UNITS_TTL = Path(__file__).resolve().parents[2] / "ontology" / "units.ttl"
MODEL_UNITS = frozenset(concept_keys(Graph().parse(_UNITS_TTL, format="turtle"), UNIT))


def normalise(text: str | None) -> str:
    """Text as compared: NFKC, no quote marks, one middle dot, no whitespace."""
    if not text:
        return ""
    previous = None
    while text != previous:  # removing a space can bring a combining mark next to its base
        previous = text
        text = unicodedata.normalize("NFKC", text).translate(_QUOTES).translate(_DOTS)
        text = "".join(text.split())
    return text


def normalise_all(texts: Iterable[str]) -> frozenset[str]:
    """The set of non-empty normalised forms of ``texts``."""
    return frozenset(n for n in (normalise(t) for t in texts) if n)


@dataclass(frozen=True)
class EntityGroup:
    """All annotated surface forms of one gold entity (same type and canonical)."""

    type: str
    canonical: str
    names: tuple[str, ...]  # surface forms as annotated, sorted
    forms: frozenset[str]  # normalised names + canonical


def group_entities(entities: Sequence[GoldEntity]) -> list[EntityGroup]:
    """Group gold entities by (type, normalised canonical), in first-appearance order."""
    order: list[tuple[str, str]] = []
    names: dict[tuple[str, str], set[str]] = {}
    canon: dict[tuple[str, str], str] = {}
    for e in entities:
        key = (e.type, normalise(e.canonical))
        if key not in names:
            order.append(key)
            names[key] = set()
            canon[key] = e.canonical
        names[key].update({e.name, e.canonical})
    return [
        EntityGroup(t, canon[(t, c)], tuple(sorted(names[(t, c)])), normalise_all(names[(t, c)]))
        for t, c in order
    ]


class NameIndex:
    """Expands a gold name to every surface form annotated for the same entity (any type)."""

    def __init__(self, groups: Sequence[EntityGroup]) -> None:
        """Index ``groups`` by each of their normalised forms."""
        self._by_form: dict[str, set[str]] = {}
        for g in groups:
            for f in g.forms:
                self._by_form.setdefault(f, set()).update(g.forms)

    def forms(self, name: str | None) -> frozenset[str]:
        """Normalised ``name`` plus the forms of every gold group containing it."""
        n = normalise(name)
        if not n:
            return frozenset()
        return frozenset({n} | self._by_form.get(n, set()))


def names_match(forms: frozenset[str], labels: Iterable[str]) -> bool:
    """Whether any label, normalised, is one of ``forms``."""
    return bool(forms & normalise_all(labels))


def evidence_overlaps(gold_evidence: str, texts: Iterable[str]) -> bool:
    """Whether the gold clause contains, or is contained in, one of the evidence ``texts``."""
    g = normalise(gold_evidence)
    if not g:
        return False
    return any(t and (g in t or t in g) for t in (normalise(x) for x in texts))


def unit_matches(gold_unit: str, pred_unit: str | None) -> bool:
    """Same unit kind: equal keys, or a documented alias (gold ``event`` = model ``time``)."""
    return pred_unit is not None and (pred_unit == gold_unit or pred_unit in UNIT_ALIASES.get(gold_unit, ()))


def metric_matches(g: GoldMetric, o: PredObservation) -> bool:
    """Lenient metric rule: same normalised value (exact Decimal) and unit kind."""
    return o.value is not None and o.value == g.norm_value and unit_matches(g.norm_unit, o.unit)


@dataclass(frozen=True)
class SubjectContext:
    """What the strict metric rule needs to know about the report being scored."""

    names: NameIndex
    region_iri: str | None
    region_labels: tuple[str, ...]
    gold_region: str | None  # the gold file's "region", e.g. 南京市玄武区


def subject_matches(g: GoldMetric, o: PredObservation, ctx: SubjectContext) -> bool:
    """Observation subject is the gold subject: label match, or the report's region named by gold."""
    forms = ctx.names.forms(g.subject)
    if not forms:
        return o.subject is None
    if names_match(forms, o.subject_labels):
        return True
    if o.subject is None or o.subject != ctx.region_iri:
        return False
    if names_match(forms, ctx.region_labels):
        return True
    region = normalise(ctx.gold_region)
    return bool(region) and any(region.endswith(f) for f in forms)


def metric_matches_strict(g: GoldMetric, o: PredObservation, ctx: SubjectContext) -> bool:
    """Strict metric rule: lenient rule plus same year (unless gold has none) and same subject."""
    same_year = g.year is None or g.year == o.year  # null in gold: a span of years, not pinned
    return metric_matches(g, o) and same_year and subject_matches(g, o, ctx)


def strip_level(label: str) -> str:
    """Drop one leading level prefix (全国/国家/省/市/区/县, 省级...) from a normalised label."""
    for p in LEVEL_PREFIXES:
        if label.startswith(p) and len(label) > len(p):
            return label[len(p):]
    return label


def award_label_matches(gold_award: str, labels: Iterable[str]) -> bool:
    """Equal labels, or equal after dropping a level prefix from one side only."""
    a = normalise(gold_award)
    for b in normalise_all(labels):
        if a == b or strip_level(a) == b or a == strip_level(b):
            return True
    return False


def award_matches(g: GoldAward, c: PredConferral, names: NameIndex) -> bool:
    """Same award and the same recipient, or (no gold recipient) the same recipient count."""
    if not award_label_matches(g.award, c.award_labels):
        return False
    if g.recipient is not None:
        return names_match(names.forms(g.recipient), c.recipient_labels)
    if g.count is not None:
        return c.count == g.count
    return c.recipient is None  # "多所学校": neither a name nor a number


def relation_matches(g: GoldRelation, r: PredRelation, names: NameIndex) -> bool:
    """Same predicate, subject labels match gold subject, object labels match gold object."""
    return (
        r.predicate == g.predicate
        and names_match(names.forms(g.subject), r.subject_labels)
        and names_match(names.forms(g.object), r.object_labels)
    )


def greedy_match(
    golds: Sequence[G],
    preds: Sequence[P],
    ok: Callable[[G, P], bool],
    overlap: Callable[[G, P], bool],
) -> dict[int, int]:
    """One-to-one gold index -> pred index: evidence-overlapping pairs first, then any ``ok`` pair."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for first_pass in (True, False):
        for gi, g in enumerate(golds):
            if gi in pairs:
                continue
            for pi, p in enumerate(preds):
                if pi not in used and ok(g, p) and (not first_pass or overlap(g, p)):
                    pairs[gi] = pi
                    used.add(pi)
                    break
    return pairs
