"""Score metric extraction on the development set (data/reports + tests/gold/*.json "metrics").

A gold metric is found when an unused observation of the same report has the same normalised value
and the same unit key (a range gives two observations, one per bound, as the gold annotates them); "strict" also needs the same stage.
Precision counts every extracted observation. Run: python bench/dev_metrics_score.py [-v]
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

from kg.extract.metrics import extract_observations
from kg.model import Document, DocumentMeta, Genre, Observation, Sentence, Span

ROOT = Path(__file__).resolve().parent.parent


def simple_document(text: str, meta: DocumentMeta, source: str = "<text>") -> Document:
    """A Document split into paragraphs (lines) and sentences (。！？；) for scoring without kg.ingest."""
    sentences, paragraphs = [], []
    pos = 0
    for p_index, line in enumerate(text.split("\n")):
        if line.strip():
            paragraphs.append(Span(pos, pos + len(line)))
            for m in re.finditer(r"[^。！？!?；;]+[。！？!?；;]?", line):
                if m.group(0).strip():
                    sentences.append(Sentence(Span(pos + m.start(), pos + m.end()), p_index))
        pos += len(line) + 1
    doc_id = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return Document(doc_id, source, text, meta, paragraphs, sentences)


def load_document(path: Path, gold: dict) -> Document:
    """The report as kg.ingest reads it when available, else split simply with the gold's metadata."""
    try:
        from kg.ingest import document_from_text  # type: ignore[attr-defined]
    except ImportError:
        document_from_text = None
    text = path.read_text(encoding="utf-8")
    meta = DocumentMeta(region=gold.get("region"), year=gold.get("year"),
                        genre=Genre(gold["genre"]) if gold.get("genre") else None)
    if document_from_text is not None:
        doc = document_from_text(text)
        doc.meta.region = doc.meta.region or meta.region
        doc.meta.year = doc.meta.year or meta.year
        doc.meta.genre = doc.meta.genre or meta.genre
        return doc
    return simple_document(text.replace("\r\n", "\n"), meta, str(path))


def _evidence_zones(text: str, evidence: str) -> list[tuple[int, int]]:
    """Every place the gold evidence occurs in the text (widened a little for quoting slips)."""
    zones, pos = [], text.find(evidence)
    while pos >= 0:
        zones.append((pos - 2, pos + len(evidence) + 2))
        pos = text.find(evidence, pos + 1)
    return zones


def _values(o: Observation) -> list[Decimal]:
    return [o.quantity.value]  # a range is extracted as two figures, its lower and its upper bound


def score(verbose: bool = False) -> dict[str, float]:
    """Print and return P/R/F1 (value+unit) and strict recall (value+unit+stage) over the gold."""
    tp_gold = tp_strict = n_gold = n_ext = tp_ext = same_year = same_modality = 0
    in_zone = exact_in_zone = 0
    for gold_path in sorted((ROOT / "tests" / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        report = next((ROOT / "data" / "reports").glob(gold_path.stem + "_*.txt"))
        doc = load_document(report, gold)
        obs = extract_observations(doc)
        used: dict[int, int] = {}
        matched_obs: set[int] = set()
        found: dict[int, int] = {}  # gold index -> observation index
        for near in (True, False):  # first observations inside the gold evidence, then any
            for k, g in enumerate(gold["metrics"]):
                if k in found:
                    continue
                gv, gu = Decimal(str(g["normalized"]["value"])), g["normalized"]["unit"]
                zones = _evidence_zones(doc.text, g["evidence"])
                cands = [i for i, o in enumerate(obs) if o.quantity.unit == gu and gv in _values(o)
                         and used.get(i, 0) < len(_values(o))
                         and (not near or any(a <= o.value_span.start < b for a, b in zones))]
                cands.sort(key=lambda i: (obs[i].stage != g.get("stage"), i))
                if cands:
                    found[k] = cands[0]
                    used[cands[0]] = used.get(cands[0], 0) + 1
                    matched_obs.add(cands[0])
        misses = []
        for k, g in enumerate(gold["metrics"]):
            n_gold += 1
            if k not in found:
                misses.append(g)
                continue
            tp_gold += 1
            o = obs[found[k]]
            same_year += o.year == g.get("year")
            same_modality += o.modality.value == g.get("modality")
            if verbose and o.modality.value != g.get("modality"):
                print(f"  modality {gold_path.stem}: gold {g.get('modality')}: {g['evidence']}")
            if o.stage == g.get("stage"):
                tp_strict += 1
            elif verbose:
                print(f"  stage {gold_path.stem}: gold {g.get('stage')} got {o.stage}: {g['evidence']}")
        # value precision: an observation inside a gold evidence must carry one of its values
        for o in obs:
            zone_values = {Decimal(str(g["normalized"]["value"])) for g in gold["metrics"]
                           if any(a <= o.value_span.start < b for a, b in _evidence_zones(doc.text, g["evidence"]))}
            if zone_values:
                in_zone += 1
                exact_in_zone += any(v in zone_values for v in _values(o))
                if verbose and not any(v in zone_values for v in _values(o)):
                    print(f"  VALUE {gold_path.stem}: {o.quantity.raw} -> {o.quantity.value} not in {zone_values}")
        n_ext += len(obs)
        tp_ext += len(matched_obs)
        if verbose:
            for g in misses:
                print(f"  MISS {gold_path.stem}: {g['normalized']} {g['indicator']} | {g['evidence']}")
            for i, o in enumerate(obs):
                if i not in matched_obs:
                    print(f"  FP   {gold_path.stem}: {o.quantity.raw} {o.quantity.unit} {o.indicator} | "
                          f"{doc.text[o.span.start:o.span.end]}")
    p = tp_ext / n_ext if n_ext else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    strict_r = tp_strict / n_gold if n_gold else 0.0
    value_p = exact_in_zone / in_zone if in_zone else 0.0
    print(f"gold {n_gold} extracted {n_ext}  P {p:.3f} R {r:.3f} F1 {f1:.3f}  strict(stage) R {strict_r:.3f}")
    print(f"value precision {value_p:.3f} ({exact_in_zone}/{in_zone} observations inside gold evidence)  "
          f"same year {same_year}/{tp_gold}  same modality {same_modality}/{tp_gold}")
    return {"precision": p, "recall": r, "f1": f1, "strict_recall": strict_r, "value_precision": value_p}


if __name__ == "__main__":
    score(verbose="-v" in sys.argv)
