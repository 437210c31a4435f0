"""Run a query on a pyoxigraph store: parameters bound by a VALUES block, results as rdflib terms."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from decimal import Decimal

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from kg.errors import QueryError
from kg.query.order import sort_rows, split_order_by
from kg.query.params import PREFIXES
from kg.query.values import bind_values
from kg.rdf.report import decimal_literal

_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
_STRING = "http://www.w3.org/2001/XMLSchema#string"


class OxigraphSyntaxError(QueryError):
    """Oxigraph's parser refused the query text (its message has no line or column)."""


def to_rdflib(term) -> Identifier | None:  # term: a pyoxigraph term or None
    """The rdflib term for a pyoxigraph term."""
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _STRING:
        return Literal(term.value)  # RDF 1.1: a simple literal is an xsd:string; rdflib writes it plain
    if term.datatype.value == _DECIMAL:
        # Oxigraph prints decimals canonically ("98"); show them as the exports write them ("98.0")
        return decimal_literal(Decimal(term.value))
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _prologue(text: str) -> str:
    """PREFIX lines for the project's prefixes the query uses but does not declare (rdflib's initNs)."""
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in sorted(PREFIXES.items())
             if f"{p}:" in text and f"prefix {p}:" not in text.lower()]
    return "\n".join(lines) + ("\n" if lines else "")


def run_on_oxigraph(store, text: str, bindings: Mapping[str, Identifier]):  # -> QueryResult
    """Evaluate a read-only query; the store's default graph is the union.

    A SELECT whose ORDER BY names only variables is sorted in Python (kg.query.order): the same
    order, several times faster than Oxigraph's own sort on large results.
    """
    split = split_order_by(text)
    result = _run(store, split[0] if split else text, bindings)
    if split is not None and result.kind == "SELECT":
        rows = sort_rows(result.vars, result.rows, split[1])
        if rows is not None:
            result.rows = rows
            return result
    if split is not None:
        return _run(store, text, bindings)
    return result


def _run(store, text: str, bindings: Mapping[str, Identifier]):  # -> QueryResult
    import pyoxigraph

    from kg.query.run import QueryResult

    query = _prologue(text) + bind_values(text, bindings)
    try:
        result = store.query(query)
    except SyntaxError as exc:
        raise OxigraphSyntaxError(f"SPARQL syntax error: {exc}") from exc
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"SPARQL query failed: {exc}") from exc
    if isinstance(result, pyoxigraph.QueryBoolean):
        return QueryResult(vars=[], rows=[], boolean=bool(result), kind="ASK")
    if isinstance(result, pyoxigraph.QueryTriples):
        rows = sorted((tuple(to_rdflib(x) for x in (t.subject, t.predicate, t.object)) for t in result),
                      key=lambda r: tuple(x.n3() for x in r))
        return QueryResult(["subject", "predicate", "object"], rows, kind="CONSTRUCT")
    names = [v.value for v in result.variables]
    convert = functools.cache(to_rdflib)  # results repeat terms (labels, reports, units): convert each once
    rows = [tuple(convert(solution[name]) for name in names) for solution in result]
    return QueryResult(names, rows)

