"""Execute a SPARQL query on an rdflib Dataset with parameters bound as RDF terms (``initBindings``)."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rdflib import Dataset, Variable
from rdflib.query import Result
from rdflib.term import Identifier

from kg.errors import QueryError, UpdateNotAllowed
from kg.query.catalog import Param
from kg.query.params import PREFIXES, resolve_param

log = logging.getLogger("kg")

__all__ = ["QueryResult", "check_syntax", "query_kind", "resolve_params", "run_query", "run_update", "to_query_result"]

_VARIABLE = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")


@dataclass
class QueryResult:
    """Rows of a query: variable names and one tuple of terms (None = unbound) per solution.

    ASK queries set ``boolean`` and have no rows; CONSTRUCT/DESCRIBE give subject/predicate/object rows.
    """

    vars: list[str]
    rows: list[tuple[Identifier | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    kind: str = "SELECT"


def _syntax_error(exc, text: str) -> QueryError:  # exc: a pyparsing ParseException
    """A QueryError naming line, column and the offending line of the query."""
    lines = text.splitlines() or [""]
    line = lines[exc.lineno - 1] if 0 < exc.lineno <= len(lines) else ""
    return QueryError(
        f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}\n  {line}\n  {' ' * (exc.col - 1)}^"
    )


@functools.lru_cache(maxsize=256)
def query_kind(text: str) -> str:
    """'query' if ``text`` parses as a SPARQL query, 'update' if as an update; QueryError otherwise.

    Cached: rdflib's parser takes ~50 ms on a canned query, and an endpoint sees the same text often.
    The parser is imported here, not with the module: building its grammar costs another ~50 ms.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        parseQuery(text)
        return "query"
    except ParseException as exc:
        try:
            parseUpdate(text)
        except ParseException:
            raise _syntax_error(exc, text) from exc
        return "update"


def check_syntax(text: str) -> None:
    """Raise QueryError (with line and column) unless ``text`` is a read-only SPARQL query.

    An update raises UpdateNotAllowed (a QueryError).
    """
    if query_kind(text) == "update":
        raise UpdateNotAllowed("SPARQL updates are not allowed here (read-only): use a SELECT/ASK/CONSTRUCT query")


def resolve_params(
    ds: Dataset, text: str, params: Mapping[str, str], declared: Sequence[Param] | None = None
) -> dict[str, Identifier]:
    """Check parameter names against the declaration (or the query's variables) and resolve values."""
    if declared is not None:
        allowed = {p.name for p in declared}
        required = [p.name for p in declared if not p.optional]
    else:
        allowed = set(_VARIABLE.findall(text))
        required = []
    for name in sorted(params):
        if name not in allowed:
            known = ", ".join(sorted(allowed)) or "none"
            raise QueryError(f"Unknown parameter {name!r}. Parameters of this query: {known}")
    missing = [name for name in required if not str(params.get(name, "")).strip()]
    if missing:
        raise QueryError(f"Missing parameter(s): {', '.join(missing)} (give --param NAME=VALUE)")
    return {
        name: resolve_param(ds, name, str(value))
        for name, value in sorted(params.items())
        if str(value).strip()  # an empty optional parameter stays unbound
    }


def run_query(
    ds: Dataset, text: str, params: Mapping[str, str] | None = None, declared: Sequence[Param] | None = None
) -> QueryResult:
    """Run a read-only SPARQL query with parameters bound as variables, never pasted into the text.

    On an Oxigraph store the text goes to Oxigraph's own parser (and its read-only query interface)
    first; rdflib's slower parser runs only when Oxigraph refuses it, to name line and column or to
    say that an update was given.
    """
    store = getattr(ds, "oxigraph", None)
    if store is None:
        check_syntax(text)
    bindings = resolve_params(ds, text, params or {}, declared)
    log.debug("running query with bindings %s", {k: v.n3() for k, v in bindings.items()})
    if store is not None:
        from kg.query.oxigraph import OxigraphSyntaxError, run_on_oxigraph

        try:
            return run_on_oxigraph(store, text, bindings)
        except OxigraphSyntaxError:
            check_syntax(text)  # raises the located message (or UpdateNotAllowed) when rdflib agrees
            raise
    from pyparsing import ParseException

    try:
        result = ds.query(text, initNs=PREFIXES, initBindings={Variable(k): v for k, v in bindings.items()})
    except ParseException as exc:
        raise _syntax_error(exc, text) from exc
    except Exception as exc:  # rdflib evaluation errors have no common base class
        raise QueryError(f"SPARQL query failed: {type(exc).__name__}: {exc}") from exc
    return to_query_result(result)


def to_query_result(result: Result) -> QueryResult:
    """Convert an rdflib Result into a QueryResult (rows of CONSTRUCT/DESCRIBE sorted)."""
    if result.type == "ASK":
        return QueryResult(vars=[], rows=[], boolean=bool(result.askAnswer), kind="ASK")
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        rows = sorted(result.graph.triples((None, None, None)), key=lambda t: tuple(x.n3() for x in t))
        return QueryResult(["subject", "predicate", "object"], [tuple(r) for r in rows], kind=result.type)
    names = [str(v) for v in result.vars]
    rows = [tuple(row[i] for i in range(len(names))) for row in result]
    return QueryResult(names, rows)


def run_update(ds: Dataset, text: str) -> None:
    """Apply a SPARQL update to ``ds`` (only for endpoints started without read-only)."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except ParseException as exc:
        raise _syntax_error(exc, text) from exc
    ds.update(text, initNs=PREFIXES)
    if hasattr(ds, "invalidate_oxigraph"):
        ds.invalidate_oxigraph()
