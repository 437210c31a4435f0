"""Canned queries: ``queries/NAME.rq`` files whose header comment carries title, description, params.

Header format (leading ``#`` lines, before the first SPARQL line)::

    # title: Schools of a region with their awards
    # description: Which schools of a region (and its sub-regions) received which awards.
    # param: region  Region label (e.g. 玄武区), admin code or IRI
    # param: year    (optional) Award year, e.g. 2020

A parameter is a SPARQL variable of the same name (``?region``) bound at run time, never text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import QueryError

__all__ = ["CannedQuery", "Param", "default_query_dir", "list_queries", "get_query", "parse_header"]

_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*)$")
_PARAM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*(.*)$")
_OPTIONAL = re.compile(r"^\(optional\)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Param:
    """One declared query parameter: SPARQL variable name, help text, whether it may be left out."""

    name: str
    description: str = ""
    optional: bool = False


@dataclass(frozen=True)
class CannedQuery:
    """A stored query: file stem, header metadata and the full SPARQL text."""

    name: str
    title: str
    description: str
    params: list[Param] = field(default_factory=list)
    text: str = ""


def default_query_dir() -> Path:
    """The repository's ``queries/`` folder (next to the ``kg`` package)."""
    return Path(__file__).resolve().parents[2] / "queries"


def parse_header(name: str, text: str) -> CannedQuery:
    """Read title, description and params from the leading comment block of a .rq text."""
    title = ""
    description: list[str] = []
    params: list[Param] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _HEADER.match(stripped)
        if match is None:
            continue
        key, value = match.group(1), match.group(2).strip()
        if key == "title":
            title = value
        elif key == "description":
            description.append(value)
        else:
            pmatch = _PARAM.match(value)
            if pmatch is None:
                raise QueryError(f"{name}.rq: bad param line {stripped!r}; expected '# param: NAME text'")
            help_text = pmatch.group(2).strip()
            optional = bool(_OPTIONAL.match(help_text))
            params.append(Param(pmatch.group(1), _OPTIONAL.sub("", help_text), optional))
    if not title:
        raise QueryError(f"{name}.rq: header has no '# title:' line")
    return CannedQuery(name, title, " ".join(description), params, text)


def list_queries(query_dir: Path | None = None) -> list[CannedQuery]:
    """All canned queries of a folder (default: the repository's ``queries/``), sorted by name."""
    folder = Path(query_dir) if query_dir is not None else default_query_dir()
    if not folder.is_dir():
        raise QueryError(f"{folder}: query folder not found")
    return [parse_header(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.rq"))]


def get_query(name: str, query_dir: Path | None = None) -> CannedQuery:
    """The canned query called ``name``; QueryError listing the available names otherwise."""
    queries = list_queries(query_dir)
    for query in queries:
        if query.name == name:
            return query
    available = ", ".join(q.name for q in queries)
    raise QueryError(f"No query {name!r}. Available: {available}")
