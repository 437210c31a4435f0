"""Render a QueryResult as an aligned text table, CSV, SPARQL 1.1 Results JSON/XML, or Markdown."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Literal, URIRef

from kg.errors import QueryError
from kg.query.params import PREFIXES
from kg.query.run import QueryResult

__all__ = ["FORMATS", "format_result", "display_width", "short_term"]

FORMATS = ("table", "csv", "json", "markdown", "xml")

# Longest namespace first so "id:" does not shadow a longer match.
_COMPACT = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def display_width(text: str) -> int:
    """Terminal columns ``text`` occupies: East Asian wide/fullwidth characters count 2."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def short_term(term) -> str:
    """A compact human form: prefixed name for known namespaces, lexical form for literals."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        iri = str(term)
        for prefix, ns in _COMPACT:
            local = iri[len(ns):]
            if iri.startswith(ns) and local and all(c.isalnum() or c in "-_./" for c in local):
                return f"{prefix}:{local}"
        return f"<{iri}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _pad(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` display columns."""
    return text + " " * (width - display_width(text))


def _cells(result: QueryResult) -> list[list[str]]:
    """One-line display strings for every cell."""
    return [[short_term(t).replace("\n", " ") for t in row] for row in result.rows]


def _table(result: QueryResult) -> str:
    """Aligned columns with a dashed rule under the header and a row count."""
    if result.boolean is not None:
        return "true\n" if result.boolean else "false\n"
    cells = _cells(result)
    widths = [max([display_width(v)] + [display_width(r[i]) for r in cells]) for i, v in enumerate(result.vars)]
    lines = ["  ".join(_pad(v, w) for v, w in zip(result.vars, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() for row in cells]
    n = len(cells)
    lines.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(lines) + "\n"


def _csv(result: QueryResult) -> str:
    """SPARQL 1.1 CSV: header of variable names, full IRIs, lexical forms, CRLF line ends."""
    if result.boolean is not None:
        return "boolean\r\n" + ("true" if result.boolean else "false") + "\r\n"
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(result.vars)
    for row in result.rows:
        writer.writerow(["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row])
    return buf.getvalue()


def term_json(term) -> dict[str, str]:
    """One RDF term as a SPARQL 1.1 Query Results JSON binding."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal) and term.language:
        out["xml:lang"] = term.language
    elif isinstance(term, Literal) and term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def _json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON (unbound variables omitted from a binding)."""
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean}, ensure_ascii=False, indent=2) + "\n"
    bindings = [
        {var: term_json(t) for var, t in zip(result.vars, row) if t is not None} for row in result.rows
    ]
    doc = {"head": {"vars": result.vars}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _xml_term(term) -> str:
    """One RDF term as a SPARQL Query Results XML element."""
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    attrs = ""
    if isinstance(term, Literal) and term.language:
        attrs = f" xml:lang={quoteattr(term.language)}"
    elif isinstance(term, Literal) and term.datatype:
        attrs = f" datatype={quoteattr(str(term.datatype))}"
    return f"<literal{attrs}>{escape(str(term))}</literal>"


def _xml(result: QueryResult) -> str:
    """SPARQL Query Results XML Format."""
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"<variable name={quoteattr(v)}/>" for v in result.vars]
    out.append("</head>")
    if result.boolean is not None:
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            cells = [f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>" for v, t in zip(result.vars, row) if t is not None]
            out.append("<result>" + "".join(cells) + "</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def _markdown(result: QueryResult) -> str:
    """A GitHub-flavoured Markdown table (pipes escaped) with compact terms."""
    if result.boolean is not None:
        return ("true" if result.boolean else "false") + "\n"

    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|")

    lines = ["| " + " | ".join(cell(v) for v in result.vars) + " |"]
    lines.append("|" + "|".join("---" for _ in result.vars) + "|")
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in _cells(result)]
    return "\n".join(lines) + "\n"


_RENDERERS = {"table": _table, "csv": _csv, "json": _json, "markdown": _markdown, "xml": _xml}


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Render ``result`` in one of FORMATS; QueryError naming the valid formats otherwise."""
    renderer = _RENDERERS.get(fmt)
    if renderer is None:
        raise QueryError(f"No output format {fmt!r}. Available: {', '.join(FORMATS)}")
    return renderer(result)
