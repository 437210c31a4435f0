"""A fast, deterministic Turtle/TriG writer that streams sorted N-Triples lines.

Every graph the builder makes is turned into canonical (sorted, deduplicated) N-Triples first, for
the store and its content hash; Turtle is written from those lines without parsing them into rdflib
terms: consecutive lines of one subject form one block, IRIs are compacted with the project's
prefixes, ``rdf:type`` becomes ``a`` and comes first, and plain integers and decimals lose their
datatype. N-Triples terms are valid Turtle terms, so the output is valid Turtle, the same bytes for
the same triples, and the union of a whole corpus can be written from a k-way merge of per-graph
files without holding it in memory.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")
_INTEGER = re.compile(r'^"[+-]?\d+"$')
_DECIMAL = re.compile(r'^"[+-]?\d*\.\d+"$')
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_XSD = "http://www.w3.org/2001/XMLSchema#"


class TermWriter:
    """Turtle text of N-Triples terms, compacting IRIs with ``prefixes`` (prefix -> namespace)."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        # longest namespace first, so edu: wins over a shorter namespace that is its prefix
        self._prefixes = sorted(prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        self._cache: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        """A prefixed name where one fits, else ``<iri>``."""
        for prefix, ns in self._prefixes:
            if iri.startswith(ns) and _LOCAL.match(iri[len(ns):]):
                return f"{prefix}:{iri[len(ns):]}"
        return f"<{iri}>"

    def term(self, text: str) -> str:
        """Turtle text of one N-Triples term (``<iri>``, ``_:b``, ``"lit"``, ``"lit"@zh``, ``"1"^^<dt>``)."""
        found = self._cache.get(text)
        if found is None:
            found = self._render(text)
            if len(self._cache) < 1 << 16:
                self._cache[text] = found
        return found

    def _render(self, text: str) -> str:
        if text.startswith("<"):
            return self.iri(text[1:-1])
        if not text.startswith('"') or not text.endswith(">"):
            return text  # blank node, plain or language-tagged literal: already Turtle
        quoted, datatype = text.rsplit("^^<", 1)
        datatype = datatype[:-1]
        if datatype == _XSD + "integer" and _INTEGER.match(quoted):
            return quoted[1:-1]
        if datatype == _XSD + "decimal" and _DECIMAL.match(quoted):
            return quoted[1:-1]
        return f"{quoted}^^{self.iri(datatype)}"


def turtle_block(subject: str, rows: list[tuple[str, str]], writer: TermWriter) -> str:
    """One subject block ``s a C ; p o1, o2 .`` from (predicate, object) rows in line order."""
    by_predicate: dict[str, list[str]] = {}
    for p, o in rows:
        by_predicate.setdefault(p, []).append(writer.term(o))
    order = sorted(by_predicate, key=lambda p: (p != _RDF_TYPE, p))
    parts = []
    for p in order:
        name = "a" if p == _RDF_TYPE else writer.term(p)
        parts.append(f"{name} " + ",\n        ".join(sorted(by_predicate[p])))
    return f"{writer.term(subject)} " + " ;\n    ".join(parts) + " .\n"


def subject_groups(lines: Iterable[str]) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """(subject, [(predicate, object)]) of sorted N-Triples ``lines`` (one subject's lines are consecutive)."""
    subject: str | None = None
    rows: list[tuple[str, str]] = []
    for line in lines:
        if not line or line.isspace():
            continue
        s, p, o = line.split(" ", 2)  # N-Triples "S P O ." (only the object may hold spaces)
        if s != subject:
            if subject is not None:
                yield subject, rows
            subject, rows = s, []
        rows.append((p, o.rstrip()[:-1].rstrip()))
    if subject is not None:
        yield subject, rows


def turtle_blocks(lines: Iterable[str], writer: TermWriter) -> Iterator[str]:
    """Subject blocks of sorted N-Triples ``lines``."""
    for subject, rows in subject_groups(lines):
        yield turtle_block(subject, rows, writer)


def turtle_body(lines: Iterable[str], writer: TermWriter) -> str:
    """All subject blocks of sorted N-Triples ``lines``, one blank line apart; no prefixes."""
    return turtle_body_of_groups(subject_groups(lines), writer)


def turtle_body_of_groups(groups: Iterable[tuple[str, list[tuple[str, str]]]], writer: TermWriter) -> str:
    """:func:`turtle_body` from the lines' subject groups (:func:`subject_groups`)."""
    return "\n".join(turtle_block(subject, rows, writer) for subject, rows in groups)


def prefix_lines(prefixes: Mapping[str, str]) -> str:
    """``@prefix`` lines for every prefix, sorted (written whether used or not: streams cannot know)."""
    return "".join(f"@prefix {p}: <{prefixes[p]}> .\n" for p in sorted(prefixes))
