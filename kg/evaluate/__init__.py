"""``kg eval``: score a built graph against the hand annotations in ``tests/gold/``.

Usage::

    from kg.evaluate import load_gold, evaluate, format_table
    result = evaluate(load_gold(Path("tests/gold")), dataset)
    print(format_table(result))

Layout: ``gold`` (load + validate JSON), ``graphview`` (facts of one report from RDF), ``match``
(normalisation and matching rules), ``score`` (counts, P/R/F1, misses), ``report`` (table, JSON).
The scoring rules are documented in :mod:`kg.evaluate.match`, :mod:`kg.evaluate.score` and
``docs/EVAL.md``.
"""

from kg.evaluate.gold import GoldAward, GoldEntity, GoldMetric, GoldRelation, GoldReport, load_gold
from kg.evaluate.report import format_table, to_json
from kg.evaluate.score import EvalResult, Item, Score, evaluate

__all__ = [
    "EvalResult", "GoldAward", "GoldEntity", "GoldMetric", "GoldRelation", "GoldReport", "Item",
    "Score", "evaluate", "format_table", "load_gold", "to_json",
]
