"""The endpoint's HTML page: type a query or fill in a canned one, see the results as a table.

Self-contained (no scripts, no external CDN); every piece of data, query text, label and error is
HTML-escaped, so a label like ``<script>`` shows as text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from rdflib import URIRef

from kg.query.catalog import CannedQuery
from kg.query.formats import short_term
from kg.query.run import QueryResult

__all__ = ["render_page"]

_STYLE = """
body { font-family: sans-serif; margin: 1.5em; max-width: 80em; }
textarea { width: 100%; font-family: monospace; }
table { border-collapse: collapse; margin-top: 1em; }
td, th { border: 1px solid #bbb; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
th { background: #eee; }
.error { color: #a00; white-space: pre-wrap; font-family: monospace; }
details { margin: 0.3em 0; }
label { display: inline-block; min-width: 8em; }
"""

_EXAMPLE = "SELECT ?s ?label WHERE {\n  ?s rdfs:label ?label .\n}\nORDER BY ?label\nLIMIT 20"


def _cell(term) -> str:
    """One escaped result cell; IRIs keep the full IRI as a tooltip."""
    shown = escape(short_term(term))
    if isinstance(term, URIRef):
        return f'<td title="{escape(str(term), quote=True)}">{shown}</td>'
    return f"<td>{shown}</td>"


def _result_table(result: QueryResult) -> str:
    """The results as an HTML table (or the ASK answer)."""
    if result.boolean is not None:
        return f"<p>Answer: <b>{'true' if result.boolean else 'false'}</b></p>"
    head = "".join(f"<th>{escape(v)}</th>" for v in result.vars)
    rows = "".join("<tr>" + "".join(_cell(t) for t in row) + "</tr>\n" for row in result.rows)
    n = len(result.rows)
    return f"<p>{n} row{'s' if n != 1 else ''}</p>\n<table><tr>{head}</tr>\n{rows}</table>"


def _canned_form(query: CannedQuery, selected: str, values: Mapping[str, str]) -> str:
    """A collapsible form for one canned query with one input per parameter."""
    inputs = []
    for param in query.params:
        value = values.get(param.name, "") if query.name == selected else ""
        hint = ("(optional) " if param.optional else "") + param.description
        inputs.append(
            f'<p><label for="{escape(query.name)}-{escape(param.name)}">{escape(param.name)}</label> '
            f'<input id="{escape(query.name)}-{escape(param.name)}" name="p.{escape(param.name, quote=True)}" '
            f'value="{escape(value, quote=True)}" placeholder="{escape(hint, quote=True)}" size="40"></p>'
        )
    is_open = " open" if query.name == selected else ""
    return (
        f"<details{is_open}><summary><b>{escape(query.title)}</b> <code>{escape(query.name)}</code></summary>\n"
        f"<p>{escape(query.description)}</p>\n"
        f'<form method="get" action="/"><input type="hidden" name="canned" value="{escape(query.name, quote=True)}">\n'
        + "\n".join(inputs)
        + '\n<p><button type="submit">Run</button></p></form></details>'
    )


def render_page(
    canned: Sequence[CannedQuery],
    text: str = "",
    selected: str = "",
    values: Mapping[str, str] | None = None,
    result: QueryResult | None = None,
    error: str = "",
) -> str:
    """The whole HTML page as a string, everything variable escaped."""
    values = values or {}
    forms = "\n".join(_canned_form(q, selected, values) for q in canned)
    output = ""
    if error:
        output = f'<p class="error">{escape(error)}</p>'
    elif result is not None:
        output = _result_table(result)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>edukg SPARQL</title>
<style>{_STYLE}</style></head>
<body>
<h1>edukg SPARQL endpoint</h1>
<p>Machine access: <code>/sparql?query=...</code> (SPARQL 1.1 Protocol, read-only). Prefixes
edu:, ind:, unit:, rdfs:, skos:, prov:, dcterms:, oa: are predeclared.</p>
<h2>Query</h2>
<form method="get" action="/">
<textarea name="query" rows="10" placeholder="{escape(_EXAMPLE, quote=True)}">{escape(text)}</textarea>
<p><button type="submit">Run</button></p>
</form>
<h2>Canned queries</h2>
{forms}
<h2>Results</h2>
{output}
</body></html>
"""
