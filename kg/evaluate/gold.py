"""Load and validate the hand annotations in ``tests/gold/*.json`` (format: ``tests/gold/FORMAT.md``).

Every problem is raised as :class:`~kg.errors.EvalError` naming the file and the item, e.g.
``001.json: metrics[3]: missing key 'normalized'``; nothing is silently skipped.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from kg.errors import EvalError

log = logging.getLogger("kg")

ENTITY_KEYS = ("type", "name")
METRIC_KEYS = ("subject", "indicator", "value", "unit", "normalized", "year", "evidence")
AWARD_KEYS = ("recipient", "award", "count", "evidence")
RELATION_KEYS = ("subject", "predicate", "object")
REPORT_KEYS = ("doc", "entities", "metrics", "awards", "relations")


@dataclass(frozen=True)
class GoldEntity:
    """One annotated surface form of an entity; ``canonical`` groups forms of the same entity."""

    type: str
    name: str
    canonical: str
    region: str | None = None


@dataclass(frozen=True)
class GoldMetric:
    """One annotated figure; ``norm_value``/``norm_unit`` are the normalised value and unit kind."""

    subject: str | None
    indicator: str
    value: Decimal | None
    unit: str
    norm_value: Decimal
    norm_unit: str
    year: int | None
    stage: str | None
    modality: str | None
    evidence: str


@dataclass(frozen=True)
class GoldAward:
    """One annotated conferral: a named recipient, or ``count`` unnamed ones."""

    recipient: str | None
    recipient_type: str | None
    award: str
    level: str | None
    year: int | None
    count: int | None
    evidence: str


@dataclass(frozen=True)
class GoldRelation:
    """One annotated relation between two named entities."""

    subject: str
    predicate: str
    object: str
    evidence: str = ""


@dataclass
class GoldReport:
    """All annotations of one sample report (``doc`` = first three characters of its file name)."""

    doc: str
    path: str
    title: str | None = None
    issuer: str | None = None
    region: str | None = None
    province: str | None = None
    year: int | None = None
    genre: str | None = None
    entities: list[GoldEntity] = field(default_factory=list)
    metrics: list[GoldMetric] = field(default_factory=list)
    awards: list[GoldAward] = field(default_factory=list)
    relations: list[GoldRelation] = field(default_factory=list)


def _require(obj: Any, keys: tuple[str, ...], where: str) -> dict[str, Any]:
    if not isinstance(obj, dict):
        raise EvalError(f"{where}: expected an object, got {type(obj).__name__}")
    missing = [k for k in keys if k not in obj]
    if missing:
        raise EvalError(f"{where}: missing key {', '.join(repr(k) for k in missing)}")
    return obj


def _text(value: Any, where: str, *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise EvalError(f"{where}: expected a non-empty string, got {value!r}")
    return value


def _decimal(value: Any, where: str, *, optional: bool = False) -> Decimal | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise EvalError(f"{where}: expected a number, got {value!r}")
    try:
        # str() first: Decimal(0.1) would carry the binary float error into the comparison.
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise EvalError(f"{where}: not a number: {value!r}") from exc


def _int(value: Any, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise EvalError(f"{where}: expected an integer or null, got {value!r}")
    return value


def _entity(obj: Any, where: str) -> GoldEntity:
    d = _require(obj, ENTITY_KEYS, where)
    name = _text(d["name"], f"{where}.name")
    canonical = _text(d.get("canonical"), f"{where}.canonical", optional=True) or name
    return GoldEntity(
        type=_text(d["type"], f"{where}.type"),  # type: ignore[arg-type]
        name=name,  # type: ignore[arg-type]
        canonical=canonical,  # type: ignore[arg-type]
        region=_text(d.get("region"), f"{where}.region", optional=True),
    )


def _metric(obj: Any, where: str) -> GoldMetric:
    d = _require(obj, METRIC_KEYS, where)
    norm = _require(d["normalized"], ("value", "unit"), f"{where}.normalized")
    return GoldMetric(
        subject=_text(d["subject"], f"{where}.subject", optional=True),
        indicator=_text(d["indicator"], f"{where}.indicator"),  # type: ignore[arg-type]
        value=_decimal(d["value"], f"{where}.value", optional=True),
        unit=str(d["unit"] or ""),
        norm_value=_decimal(norm["value"], f"{where}.normalized.value"),  # type: ignore[arg-type]
        norm_unit=_text(norm["unit"], f"{where}.normalized.unit"),  # type: ignore[arg-type]
        year=_int(d["year"], f"{where}.year"),
        stage=d.get("stage"),
        modality=d.get("modality"),
        evidence=_text(d["evidence"], f"{where}.evidence"),  # type: ignore[arg-type]
    )


def _award(obj: Any, where: str) -> GoldAward:
    d = _require(obj, AWARD_KEYS, where)
    return GoldAward(
        recipient=_text(d["recipient"], f"{where}.recipient", optional=True),
        recipient_type=d.get("recipient_type"),
        award=_text(d["award"], f"{where}.award"),  # type: ignore[arg-type]
        level=d.get("level"),
        year=_int(d.get("year"), f"{where}.year"),
        count=_int(d["count"], f"{where}.count"),
        evidence=_text(d["evidence"], f"{where}.evidence"),  # type: ignore[arg-type]
    )


def _relation(obj: Any, where: str) -> GoldRelation:
    d = _require(obj, RELATION_KEYS, where)
    return GoldRelation(
        subject=_text(d["subject"], f"{where}.subject"),  # type: ignore[arg-type]
        predicate=_text(d["predicate"], f"{where}.predicate"),  # type: ignore[arg-type]
        object=_text(d["object"], f"{where}.object"),  # type: ignore[arg-type]
        evidence=str(d.get("evidence") or ""),
    )


def _list(d: dict[str, Any], key: str, where: str) -> list[Any]:
    value = d[key]
    if not isinstance(value, list):
        raise EvalError(f"{where}: '{key}' must be a list, got {type(value).__name__}")
    return value


def parse_gold(data: Any, name: str) -> GoldReport:
    """Validate one decoded gold JSON object; ``name`` (the file name) prefixes every error."""
    d = _require(data, REPORT_KEYS, name)
    doc = _text(d["doc"], f"{name}: doc")
    return GoldReport(
        doc=doc,  # type: ignore[arg-type]
        path=name,
        title=d.get("title"),
        issuer=d.get("issuer"),
        region=d.get("region"),
        province=d.get("province"),
        year=_int(d.get("year"), f"{name}: year"),
        genre=d.get("genre"),
        entities=[_entity(x, f"{name}: entities[{i}]") for i, x in enumerate(_list(d, "entities", name))],
        metrics=[_metric(x, f"{name}: metrics[{i}]") for i, x in enumerate(_list(d, "metrics", name))],
        awards=[_award(x, f"{name}: awards[{i}]") for i, x in enumerate(_list(d, "awards", name))],
        relations=[
            _relation(x, f"{name}: relations[{i}]") for i, x in enumerate(_list(d, "relations", name))
        ],
    )


def load_gold(gold_dir: Path) -> list[GoldReport]:
    """Read every ``*.json`` in ``gold_dir`` (sorted by name); raise EvalError naming a bad file."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise EvalError(f"{gold_dir}: not a directory of gold JSON files")
    paths = sorted(gold_dir.glob("*.json"))
    if not paths:
        raise EvalError(f"{gold_dir}: no *.json gold files found")
    reports: list[GoldReport] = []
    seen: dict[str, str] = {}
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError as exc:
            raise EvalError(f"{path.name}: not UTF-8 ({exc.reason})") from exc
        except json.JSONDecodeError as exc:
            where = f"line {exc.lineno} column {exc.colno}"
            raise EvalError(f"{path.name}: bad JSON at {where}: {exc.msg}") from exc
        report = parse_gold(data, path.name)
        if report.doc in seen:
            raise EvalError(f"{path.name}: doc {report.doc!r} already annotated in {seen[report.doc]}")
        seen[report.doc] = path.name
        reports.append(report)
    log.debug("loaded %d gold files from %s", len(reports), gold_dir)
    return reports
