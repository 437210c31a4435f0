"""Score kg.extract.entities.extract_mentions against tests/gold/*.json "entities" (development set).

Usage: python bench/dev_entities_score.py [--details TYPE ...]

A gold entity (all surface forms of one canonical) is found when an extracted entity of the same
type has its name or canonical among its labels, after normalise_name (quote marks removed, widths
normalised). Extracted entities are the distinct canonical names of non-generic mentions; one is
correct when any of its labels is a gold name or canonical of that type. Micro-averaged over reports.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract.entities import extract_mentions  # noqa: E402
from kg.model import Document, DocumentMeta, Sentence, Span  # noqa: E402
from kg.nlp.spans import normalise_name  # noqa: E402

TYPES = ("School", "Government", "Program", "PolicyDocument", "EducationGroup", "ResearchProject", "Person", "Region")


def load(path: Path) -> Document:
    """The report as a Document (kg.ingest.load_document when available, else naive splitting)."""
    try:
        from kg.ingest import load_document  # type: ignore[attr-defined]

        return load_document(path)
    except ImportError:
        pass
    text = path.read_text(encoding="utf-8")
    sentences = [Sentence(Span(m.start(), m.end()), 0) for m in re.finditer(r"[^。！？\n]+[。！？]?", text)]
    return Document(hashlib.sha1(text.encode()).hexdigest(), str(path), text, DocumentMeta(), sentences=sentences)


def key(s: str) -> str:
    """Comparison form of a label."""
    return normalise_name(s)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--details", nargs="*", default=None, help="types whose misses / false positives to list")
    args = ap.parse_args()
    tp_g: dict[str, int] = defaultdict(int)
    n_g: dict[str, int] = defaultdict(int)
    tp_x: dict[str, int] = defaultdict(int)
    n_x: dict[str, int] = defaultdict(int)
    details: list[str] = []
    for gold_path in sorted((ROOT / "tests" / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        report = next((ROOT / "data" / "reports").glob(gold_path.stem + "_*.txt"))
        mentions = extract_mentions(load(report))
        for t in TYPES:
            groups: dict[str, set[str]] = defaultdict(set)
            for e in gold["entities"]:
                if e["type"] == t:
                    canon = key(e.get("canonical") or e["name"])
                    groups[canon] |= {key(e["name"]), canon}
            gold_labels = set().union(*groups.values()) if groups else set()
            ext: dict[str, set[str]] = defaultdict(set)
            for m in mentions:
                if m.type.value == t and not m.generic:
                    ext[key(m.canonical or m.name)] |= {key(m.name), key(m.canonical or m.name)}
            ext_labels = set().union(*ext.values()) if ext else set()
            for canon, labels in sorted(groups.items()):
                n_g[t] += 1
                if labels & ext_labels:
                    tp_g[t] += 1
                elif args.details is not None and (not args.details or t in args.details):
                    details.append(f"{gold_path.stem} MISS {t}: {sorted(labels)}")
            for canon, labels in sorted(ext.items()):
                n_x[t] += 1
                if labels & gold_labels:
                    tp_x[t] += 1
                elif args.details is not None and (not args.details or t in args.details):
                    details.append(f"{gold_path.stem} FP   {t}: {sorted(labels)}")
    print("\n".join(details))
    print(f"{'type':16} {'P':>6} {'R':>6} {'F1':>6}   found/gold  correct/extracted")
    for t in TYPES:
        p = tp_x[t] / n_x[t] if n_x[t] else 0.0
        r = tp_g[t] / n_g[t] if n_g[t] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{t:16} {p:6.3f} {r:6.3f} {f:6.3f}   {tp_g[t]:4}/{n_g[t]:<4}  {tp_x[t]:4}/{n_x[t]:<4}")


if __name__ == "__main__":
    main()
