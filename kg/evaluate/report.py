"""Format an :class:`~kg.evaluate.score.EvalResult` as an aligned text table or a JSON-ready dict."""

from __future__ import annotations

import unicodedata
from typing import Any

from kg.evaluate.score import EvalResult, Item, Score


def _num(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def _width(text: str) -> int:
    """Display width: CJK and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _score_row(name: str, s: Score) -> list[str]:
    return [name, str(s.gold), str(s.tp), str(s.fn), str(s.predicted), str(s.fp),
            _num(s.precision), _num(s.recall), _num(s.f1)]


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for r in rows:
        cells = [r[0] + " " * (widths[0] - _width(r[0]))]
        cells += [" " * (widths[i] - _width(c)) + c for i, c in enumerate(r) if i > 0]
        out.append("  ".join(cells).rstrip())
    return out


def _items(title: str, items: list[Item], limit: int) -> list[str]:
    if not items:
        return []
    lines = [f"{title} ({len(items)}):"]
    by_cat: dict[str, list[Item]] = {}
    for it in items:
        by_cat.setdefault(it.category, []).append(it)
    for cat, group in by_cat.items():
        lines.append(f"  [{cat}] {len(group)}")
        for it in group[:limit]:
            ev = f"  «{it.evidence}»" if it.evidence else ""
            lines.append(f"    {it.doc}  {it.text}{ev}")
        if len(group) > limit:
            lines.append(f"    ... {len(group) - limit} more")
    return lines


def _per_report(result: EvalResult) -> list[str]:
    if len(result.per_report) < 2:
        return []
    cats = ["entities", "metrics", "metrics-strict", "awards", "relations"]
    rows = [["report"] + [f"{c} R/P" for c in cats]]
    for doc, per in sorted(result.per_report.items()):
        rows.append([doc] + [f"{_num(per[c].recall)}/{_num(per[c].precision)}" for c in cats])
    return ["", "per report:"] + ["  " + line for line in _table(rows)]


def format_table(result: EvalResult, show_errors: int = 20) -> str:
    """Aligned score table, notes, then up to ``show_errors`` misses / false positives per category."""
    header = ["category", "gold", "tp", "fn", "pred", "fp", "P", "R", "F1"]
    rows = [header] + [_score_row(c, s) for c, s in result.scores.items()]
    lines = _table(rows)
    lines.append("")
    vp = _num(result.value_precision)
    lines.append(f"value precision (matched figures with the exact gold value): {vp}")
    if result.missing_reports:
        missing = ", ".join(result.missing_reports)
        lines.append(f"gold files with no report in the graph (all items missed): {missing}")
    if result.unannotated_reports:
        lines.append(f"reports without gold (not scored): {', '.join(result.unannotated_reports)}")
    if result.not_modelled:
        lines.append(f"not modelled (annotated, not scored): {', '.join(result.not_modelled)}")
    if result.gold_units_not_in_model:
        units = ", ".join(f"{u} {n}" for u, n in result.gold_units_not_in_model.items())
        lines.append(f"gold metrics whose unit kind the model lacks (unmatchable): {units}")
    lines.extend(_per_report(result))
    for title, items in (
        ("value mismatches (same clause and unit, other value)", result.value_mismatches),
        ("observations whose raw value is not in their evidence", result.unsupported_values),
        ("misses", result.misses),
        ("false positives", result.false_positives),
    ):
        block = _items(title, items, show_errors)
        if block:
            lines.append("")
            lines.extend(block)
    return "\n".join(lines) + "\n"


def _score_json(s: Score) -> dict[str, Any]:
    return {"gold": s.gold, "predicted": s.predicted, "tp": s.tp, "fp": s.fp, "fn": s.fn,
            "correct": s.correct, "precision": s.precision, "recall": s.recall, "f1": s.f1}


def _item_json(it: Item) -> dict[str, str]:
    return {"category": it.category, "doc": it.doc, "text": it.text, "evidence": it.evidence, "iri": it.iri}


def to_json(result: EvalResult) -> dict[str, Any]:
    """The whole result as plain JSON-serialisable data (deterministic order)."""
    return {
        "scores": {c: _score_json(s) for c, s in result.scores.items()},
        "per_report": {
            d: {c: _score_json(s) for c, s in per.items()} for d, per in sorted(result.per_report.items())
        },
        "value_precision": result.value_precision,
        "missing_reports": list(result.missing_reports),
        "unannotated_reports": list(result.unannotated_reports),
        "not_modelled": list(result.not_modelled),
        "gold_units_not_in_model": dict(result.gold_units_not_in_model),
        "value_mismatches": [_item_json(i) for i in result.value_mismatches],
        "unsupported_values": [_item_json(i) for i in result.unsupported_values],
        "misses": [_item_json(i) for i in result.misses],
        "false_positives": [_item_json(i) for i in result.false_positives],
    }
