"""Score an edukg graph against gold annotations: counts, P/R/F1, misses and false positives.

Categories: ``entities:<Type>`` per entity type and ``entities`` overall, ``metrics`` (value + unit),
``metrics-strict`` (also year and subject), ``awards``, ``relations`` (informational). Counts are
micro-averaged over reports (summed, then P/R/F1). Recall counts gold items found; precision counts
graph facts that match some gold item. Metrics, metrics-strict and awards match one-to-one (so
``correct == found``); an entity node or a relation statement is correct when it matches any gold
item, so two nodes for one gold entity are both correct but the entity is found once.
Rules: :mod:`kg.evaluate.match` and ``docs/EVAL.md``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from rdflib import Dataset, Graph

from kg.evaluate.gold import GoldReport
from kg.evaluate.graphview import OPTIONAL_TYPES, SCORED_TYPES, GraphView, ReportFacts
from kg.evaluate.match import (
    MODEL_UNITS,
    UNIT_ALIASES,
    EntityGroup,
    NameIndex,
    SubjectContext,
    award_matches,
    evidence_overlaps,
    greedy_match,
    group_entities,
    metric_matches,
    metric_matches_strict,
    names_match,
    normalise,
    relation_matches,
    unit_matches,
)

log = logging.getLogger("kg")


@dataclass
class Score:
    """Counts of one category: gold items and how many were found; graph facts and how many correct."""

    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def tp(self) -> int:
        """Gold items found."""
        return self.found

    @property
    def fn(self) -> int:
        """Gold items missed."""
        return self.gold - self.found

    @property
    def fp(self) -> int:
        """Graph facts matching no gold item."""
        return self.predicted - self.correct

    @property
    def precision(self) -> float | None:
        """correct / predicted, None when nothing was predicted."""
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        """found / gold, None when there is no gold item."""
        return self.found / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        """Harmonic mean of precision and recall (0 when either is 0 or undefined with the other)."""
        p, r = self.precision, self.recall
        if p is None and r is None:
            return None
        p, r = p or 0.0, r or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        """Accumulate ``other`` into this score."""
        self.gold += other.gold
        self.found += other.found
        self.predicted += other.predicted
        self.correct += other.correct


@dataclass(frozen=True)
class Item:
    """A gold item missed, or a graph fact matching no gold item, with what a developer needs."""

    category: str
    doc: str
    text: str  # what the item says, e.g. "720 CNY | 生均公用经费 | 玄武区 | 2020"
    evidence: str = ""
    iri: str = ""  # graph node, for false positives


@dataclass
class EvalResult:
    """Everything ``kg eval`` reports."""

    scores: dict[str, Score] = field(default_factory=dict)
    per_report: dict[str, dict[str, Score]] = field(default_factory=dict)
    misses: list[Item] = field(default_factory=list)
    false_positives: list[Item] = field(default_factory=list)
    value_mismatches: list[Item] = field(default_factory=list)  # same clause and unit, other value
    unsupported_values: list[Item] = field(default_factory=list)  # rawValue not in own evidence
    missing_reports: list[str] = field(default_factory=list)  # gold docs with no edu:Report
    unannotated_reports: list[str] = field(default_factory=list)  # sourceFiles without gold
    not_modelled: list[str] = field(default_factory=list)  # optional types the graph lacks
    gold_units_not_in_model: dict[str, int] = field(default_factory=dict)

    @property
    def value_precision(self) -> float | None:
        """Of matched figures plus same-clause same-unit figures with another value: share exact."""
        found = self.scores.get("metrics", Score()).found
        total = found + len(self.value_mismatches)
        return found / total if total else None


def category_order(types: Sequence[str]) -> list[str]:
    """Fixed order of categories in tables and JSON."""
    return [f"entities:{t}" for t in types] + ["entities", "metrics", "metrics-strict", "awards", "relations"]


def _metric_text(value: object, unit: object, indicator: str, subject: object, year: object) -> str:
    return f"{value} {unit} | {indicator} | {subject or '-'} | {year or '-'}"


def _first(texts: Sequence[str]) -> str:
    return texts[0] if texts else ""


def _score_entities(
    doc: str, groups: list[EntityGroup], facts: ReportFacts, types: Sequence[str], result: EvalResult
) -> dict[str, Score]:
    scores: dict[str, Score] = {}
    for t in types:
        gold = [g for g in groups if g.type == t]
        preds = [e for e in facts.entities if t in e.types]
        s = Score(gold=len(gold), predicted=len(preds))
        for g in gold:
            if any(names_match(g.forms, e.labels) for e in preds):
                s.found += 1
            else:
                result.misses.append(Item(f"entities:{t}", doc, f"{g.canonical} ({' / '.join(g.names)})"))
        for e in preds:
            if any(names_match(g.forms, e.labels) for g in gold):
                s.correct += 1
            else:
                text = " / ".join(e.labels) or "(no label)"
                result.false_positives.append(Item(f"entities:{t}", doc, text, _first(e.evidence), e.iri))
        scores[f"entities:{t}"] = s
    return scores


def _score_metrics(
    doc: str, gold: GoldReport, facts: ReportFacts, ctx: SubjectContext, result: EvalResult
) -> dict[str, Score]:
    obs = facts.observations
    overlap = lambda g, o: evidence_overlaps(g.evidence, o.evidence)  # noqa: E731
    lenient = greedy_match(gold.metrics, obs, metric_matches, overlap)
    strict = greedy_match(gold.metrics, obs, lambda g, o: metric_matches_strict(g, o, ctx), overlap)
    scores = {}
    for name, pairs in (("metrics", lenient), ("metrics-strict", strict)):
        scores[name] = Score(len(gold.metrics), len(pairs), len(obs), len(pairs))
        used = set(pairs.values())
        for gi, g in enumerate(gold.metrics):
            if gi not in pairs:
                text = _metric_text(g.norm_value, g.norm_unit, g.indicator, g.subject, g.year)
                result.misses.append(Item(name, doc, text, g.evidence))
        for pi, o in enumerate(obs):
            if pi not in used:
                text = _metric_text(o.value, o.unit, o.indicator, _first(o.subject_labels), o.year)
                result.false_positives.append(Item(name, doc, text, _first(o.evidence), o.iri))
    # Near misses: an unmatched figure of the same clause and unit kind carrying another value.
    rest_g = [g for gi, g in enumerate(gold.metrics) if gi not in lenient]
    used = set(lenient.values())
    rest_o = [o for pi, o in enumerate(obs) if pi not in used]
    near = greedy_match(
        rest_g, rest_o, lambda g, o: unit_matches(g.norm_unit, o.unit) and overlap(g, o), overlap
    )
    for gi, pi in sorted(near.items()):
        g, o = rest_g[gi], rest_o[pi]
        text = (f"gold {g.norm_value} {g.norm_unit} ({g.indicator}) "
                f"vs graph {o.value} {o.unit} ({o.raw_value})")
        result.value_mismatches.append(Item("metrics", doc, text, g.evidence, o.iri))
    for o in obs:
        raw = normalise(o.raw_value)
        if not raw or not any(raw in normalise(e) for e in o.evidence):
            why = "no edu:rawValue" if not raw else f"rawValue {o.raw_value!r} not in evidence"
            result.unsupported_values.append(Item("metrics", doc, why, _first(o.evidence), o.iri))
    return scores


def _score_awards(
    doc: str, gold: GoldReport, facts: ReportFacts, names: NameIndex, result: EvalResult
) -> Score:
    confs = facts.conferrals
    pairs = greedy_match(
        gold.awards,
        confs,
        lambda g, c: award_matches(g, c, names),
        lambda g, c: evidence_overlaps(g.evidence, c.evidence),
    )
    used = set(pairs.values())
    for gi, g in enumerate(gold.awards):
        if gi not in pairs:
            who = g.recipient if g.recipient is not None else f"×{g.count}" if g.count is not None else "-"
            result.misses.append(Item("awards", doc, f"{g.award} -> {who} | {g.year or '-'}", g.evidence))
    for pi, c in enumerate(confs):
        if pi not in used:
            who = _first(c.recipient_labels) or (f"×{c.count}" if c.count is not None else "-")
            text = f"{_first(c.award_labels)} -> {who} | {c.year or '-'}"
            result.false_positives.append(Item("awards", doc, text, _first(c.evidence), c.iri))
    return Score(len(gold.awards), len(pairs), len(confs), len(pairs))


def _score_relations(
    doc: str, gold: GoldReport, facts: ReportFacts, names: NameIndex, result: EvalResult
) -> Score:
    candidates = facts.statements + facts.direct
    s = Score(gold=len(gold.relations), predicted=len(facts.statements))
    for g in gold.relations:
        if any(relation_matches(g, r, names) for r in candidates):
            s.found += 1
        else:
            result.misses.append(Item("relations", doc, f"{g.subject} {g.predicate} {g.object}", g.evidence))
    for r in facts.statements:
        if any(relation_matches(g, r, names) for g in gold.relations):
            s.correct += 1
        else:
            text = f"{_first(r.subject_labels)} {r.predicate} {_first(r.object_labels)}"
            result.false_positives.append(Item("relations", doc, text, _first(r.evidence), r.iri))
    return s


def _empty_facts(doc: str) -> ReportFacts:
    return ReportFacts(f"(no report for {doc})", "", None, (), [], [], [], [], [])


def find_report(doc: str, reports: Sequence[tuple[str, str]]) -> str | None:
    """IRI of the report whose edu:sourceFile starts with ``{doc}_`` or equals ``doc``."""
    hits = [iri for iri, src in reports if src == doc or src.startswith(f"{doc}_")]
    if len(hits) > 1:
        log.warning("eval: %d reports match gold %s; scoring %s", len(hits), doc, hits[0])
    return hits[0] if hits else None


def evaluate(gold: Sequence[GoldReport], graph: Dataset | Graph) -> EvalResult:
    """Score ``graph`` (Graph or Dataset following docs/MODEL.md) against the gold reports."""
    view = GraphView(graph)
    reports = view.reports()
    result = EvalResult()
    types = list(SCORED_TYPES) + [t for t in OPTIONAL_TYPES if view.modelled(t)]
    result.not_modelled = [t for t in OPTIONAL_TYPES if t not in types]
    order = category_order(types)
    result.scores = {c: Score() for c in order}
    matched_sources: set[str] = set()
    for g in sorted(gold, key=lambda r: r.doc):
        iri = find_report(g.doc, reports)
        if iri is None:
            log.warning("eval: no edu:Report with sourceFile %s_*: its gold items count as misses", g.doc)
            result.missing_reports.append(g.doc)
            facts = _empty_facts(g.doc)
        else:
            facts = view.facts(iri)
            matched_sources.add(iri)
        groups = group_entities(g.entities)
        names = NameIndex(groups)
        ctx = SubjectContext(names, facts.region, facts.region_labels, g.region)
        per = _score_entities(g.doc, groups, facts, types, result)
        per["entities"] = Score()
        for t in types:
            per["entities"].add(per[f"entities:{t}"])
        per.update(_score_metrics(g.doc, g, facts, ctx, result))
        per["awards"] = _score_awards(g.doc, g, facts, names, result)
        per["relations"] = _score_relations(g.doc, g, facts, names, result)
        result.per_report[g.doc] = {c: per[c] for c in order}
        for c in order:
            result.scores[c].add(per[c])
        unmatchable = result.gold_units_not_in_model
        for m in g.metrics:
            if m.norm_unit not in MODEL_UNITS and not UNIT_ALIASES.get(m.norm_unit):
                unmatchable[m.norm_unit] = unmatchable.get(m.norm_unit, 0) + 1
    result.unannotated_reports = sorted(src or iri for iri, src in reports if iri not in matched_sources)
    result.gold_units_not_in_model = dict(sorted(result.gold_units_not_in_model.items()))
    rank = {c: i for i, c in enumerate(order)}
    result.misses.sort(key=lambda it: (rank[it.category], it.doc))  # stable: gold order within a doc
    result.false_positives.sort(key=lambda it: (rank[it.category], it.doc, it.text, it.iri))
    return result
