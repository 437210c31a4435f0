"""Development scorer for award (conferral) and relation extraction against tests/gold/*.json.

Usage: .venv/bin/python bench/dev_awards_score.py [--relations] [--quiet]

Matching (see tests/gold/FORMAT.md): a gold conferral is found when a conferral's award label equals
the gold award after removing quote marks, normalising width and dropping a leading level word
(省/市/区/全国/国家, 省级/市级 ...), and it has the same recipient (equal, or one name ending with
the other: 常州市钟楼区 ~ 钟楼区) or, where the gold recipient is null, the same count. A gold relation
is found when a relation has the same predicate and matching subject and object names.
Each extracted item is used at most once. Documents are built with kg.ingest.load_document (or
document_from_text) when available, else split on 。！？ and newlines with the metadata header of the gold file.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract.awards import extract_conferrals  # noqa: E402
from kg.extract.relations import extract_relations  # noqa: E402
from kg.model import Document, DocumentMeta, Genre, Sentence, Span  # noqa: E402
from kg.nlp.spans import normalise_name  # noqa: E402


def build_document(text: str, source: str, gold: dict) -> Document:
    """A Document for a report: the ingest stage if present, else a simple sentence split."""
    try:
        from kg.ingest import load_document  # type: ignore[attr-defined]

        return load_document(Path(source))
    except ImportError:
        pass
    try:
        from kg.ingest import document_from_text  # type: ignore[attr-defined]

        doc = document_from_text(text)
        doc.source = source
        return doc
    except ImportError:
        pass
    sentences = [Sentence(Span(m.start(), m.end()), 0) for m in re.finditer(r"[^。！？\n]+[。！？]?", text)]
    meta = DocumentMeta(title=gold.get("title"), issuer=gold.get("issuer"), region=gold.get("region"),
                        year=gold.get("year"), genre=Genre(gold["genre"]) if gold.get("genre") else None)
    return Document(hashlib.sha1(text.encode()).hexdigest(), source, text, meta, sentences=sentences)


def mentions_for(doc: Document) -> list:
    """Mentions from the entity extractor when it exists, else none."""
    try:
        from kg.extract.entities import extract_mentions  # type: ignore[import-not-found]
    except ImportError:
        return []
    return list(extract_mentions(doc))


def norm_award(label: str) -> str:
    s = normalise_name(label).replace(" ", "")
    return re.sub(r"^(?:全国|国家|省|市|区|县)(?:级)?", "", s)


def same_name(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    a, b = normalise_name(a).replace(" ", ""), normalise_name(b).replace(" ", "")
    return bool(a) and bool(b) and (a == b or a.endswith(b) or b.endswith(a))


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_awards(gold: list[dict], pred: list) -> tuple[int, list[dict], list]:
    used: set[int] = set()
    misses = []
    for g in gold:
        hit = None
        for i, c in enumerate(pred):
            if i in used or norm_award(c.award) != norm_award(g["award"]):
                continue
            if g["recipient"] is not None:
                ok = same_name(c.recipient, g["recipient"])
            else:
                ok = c.recipient is None and c.count == g["count"]
            if ok:
                hit = i
                break
        if hit is None:
            misses.append(g)
        else:
            used.add(hit)
    fps = [c for i, c in enumerate(pred) if i not in used]
    return len(used), misses, fps


def score_relations(gold: list[dict], pred: list) -> tuple[int, list[dict], list]:
    used: set[int] = set()
    misses = []
    for g in gold:
        hit = next((i for i, r in enumerate(pred) if i not in used and r.predicate == g["predicate"]
                    and same_name(r.subject, g["subject"]) and same_name(r.object, g["object"])), None)
        if hit is None:
            misses.append(g)
        else:
            used.add(hit)
    return len(used), misses, [r for i, r in enumerate(pred) if i not in used]


def main(argv: list[str]) -> int:
    quiet = "--quiet" in argv
    totals = {"awards": [0, 0, 0], "relations": [0, 0, 0]}
    for gold_path in sorted((ROOT / "tests" / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        report = next((ROOT / "data" / "reports").glob(f"{gold_path.stem}_*.txt"))
        doc = build_document(report.read_text(encoding="utf-8"), str(report), gold)
        mentions = mentions_for(doc)
        for kind, extract, scorer in (("awards", extract_conferrals, score_awards),
                                      ("relations", extract_relations, score_relations)):
            if "--relations" in argv and kind != "relations":
                continue
            pred = extract(doc, mentions)
            tp, misses, fps = scorer(gold[kind], pred)
            t = totals[kind]
            t[0] += tp
            t[1] += len(pred)
            t[2] += len(gold[kind])
            p, r, f = prf(tp, len(pred), len(gold[kind]))
            print(f"{gold_path.stem} {kind:9s} P={p:.2f} R={r:.2f} F1={f:.2f} (tp={tp} pred={len(pred)} gold={len(gold[kind])})")
            if quiet:
                continue
            for g in misses:
                print("   MISS", {k: g.get(k) for k in ("recipient", "award", "count", "subject", "predicate", "object") if k in g})
            for c in fps:
                if kind == "awards":
                    print("   FP  ", c.award, "|", c.recipient, "|", c.count, "|", doc.text[c.span.start:c.span.end][:60])
                else:
                    print("   FP  ", c.subject, c.predicate, c.object, "|", doc.text[c.span.start:c.span.end][:60])
    for kind, (tp, n_pred, n_gold) in totals.items():
        p, r, f = prf(tp, n_pred, n_gold)
        print(f"TOTAL {kind:9s} P={p:.3f} R={r:.3f} F1={f:.3f} (tp={tp} pred={n_pred} gold={n_gold})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
