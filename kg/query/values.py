"""Bind parameters for engines without ``initBindings`` (pyoxigraph, remote endpoints): a VALUES block.

The block is made of serialised RDF terms (``term.n3()``, which escapes quotes and rejects bad IRIs)
and inserted right after the opening brace of the WHERE clause, so the parameters are in scope of every
pattern and FILTER of the query, like ``initBindings``. User text never becomes query syntax.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib.term import Identifier

from kg.errors import QueryError

__all__ = ["bind_values", "where_brace"]

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRING = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', re.S)
_WHERE = re.compile(r"where\b", re.I)


def where_brace(text: str) -> int:
    """Index of the ``{`` opening the query's WHERE group (skipping strings, IRIs and comments)."""
    depth = 0
    first_top = -1
    after_where = False
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        if ch in "\"'":
            match = _STRING.match(text, i)
            if match is None:
                raise QueryError("SPARQL syntax error: unterminated string")
            i = match.end()
            continue
        if ch == "<":
            match = _IRIREF.match(text, i)
            i = match.end() if match else i + 1
            continue
        if ch == "{":
            if depth == 0:
                if after_where:
                    return i
                if first_top < 0:
                    first_top = i
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0 and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_?$:")) and _WHERE.match(text, i):
            after_where = True
            i += 5
            continue
        i += 1
    if first_top < 0:
        raise QueryError("SPARQL query has no WHERE clause to bind parameters into")
    return first_top


def bind_values(text: str, bindings: Mapping[str, Identifier]) -> str:
    """``text`` with ``VALUES (?a ?b) { (t1 t2) }`` at the start of its WHERE group; unchanged if none."""
    if not bindings:
        return text
    names = sorted(bindings)
    terms = []
    for name in names:
        try:
            terms.append(bindings[name].n3())
        except Exception as exc:  # rdflib refuses to serialise an invalid IRI
            raise QueryError(f"Parameter {name!r}: value cannot be serialised safely: {exc}") from exc
    block = " VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + " ".join(terms) + ") } "
    pos = where_brace(text) + 1
    return text[:pos] + block + text[pos:]
