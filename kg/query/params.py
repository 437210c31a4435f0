"""Turn user parameter strings into RDF terms: IRIs, labels resolved to IRIs, typed literals.

A parameter's kind follows from its name (the SPARQL variable it binds):

- ``region``: IRI, 6-digit admin code, or a region label (rdfs:label / skos:altLabel)
- ``school``: IRI or the label of an ``edu:School`` (or subclass)
- ``entity``, ``subject``, ``program``, ``government``, ``recipient``, ``implementer``, ``award``:
  IRI or the label of any labelled resource
- ``indicator``: IRI or an indicator label (skos:prefLabel/altLabel or an observation's edu:indicatorLabel)
- ``report``: IRI, a doc_id (dcterms:identifier) or a source file name (edu:sourceFile)
- ``type``, ``level``, ``modality``, ``genre``, ``qualifier``: IRI, prefixed name or an ``edu:`` local name
- ``year``: four digits, bound as ``xsd:gYear``
- ``fact``: IRI
- anything else: a plain string literal

Resolution runs constant SPARQL texts with the user's value bound as a variable; user text never
becomes query text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping

from rdflib import Dataset, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.term import Identifier

from kg.errors import QueryError

__all__ = ["PREFIXES", "SPARQL_PREFIXES", "parse_iri", "resolve_param"]

EDU = "https://w3id.org/edukg/ontology#"
PREFIXES: dict[str, str] = {
    "edu": EDU,
    "ind": "https://w3id.org/edukg/indicator/",
    "unit": "https://w3id.org/edukg/unit/",
    "id": "https://w3id.org/edukg/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "oa": "http://www.w3.org/ns/oa#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "qb": "http://purl.org/linked-data/cube#",
    "org": "http://www.w3.org/ns/org#",
    "schema": "http://schema.org/",
}
SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_BAD_IRI_CHARS = re.compile(r'[\s<>"{}|^`\\]')
_LOCAL_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_PREFIXED_LOCAL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*$")
_YEAR = re.compile(r"^\d{4}$")
_ADMIN_CODE = re.compile(r"^\d{6}$")
_DOC_ID = re.compile(r"^[0-9a-f]{16}$")

_ANY_LABELLED = "?e rdfs:label|skos:altLabel ?l ."
_CANDIDATES: dict[str, str] = {
    "region": "?e rdfs:label|skos:altLabel ?l . { ?e edu:adminCode ?code } UNION { ?e a edu:Region }",
    "school": "?e rdfs:label|skos:altLabel ?l ; a/rdfs:subClassOf* edu:School .",
    "indicator": "{ ?e skos:prefLabel|skos:altLabel ?l } "
    "UNION { ?obs edu:indicator ?e ; edu:indicatorLabel ?l }",
}
for _kind in ("entity", "subject", "program", "government", "recipient", "implementer", "award"):
    _CANDIDATES[_kind] = _ANY_LABELLED
_CLASS_KINDS = {"type", "level", "modality", "genre", "qualifier"}

_BY_CODE = SPARQL_PREFIXES + "SELECT DISTINCT ?e WHERE { ?e edu:adminCode ?code . FILTER(STR(?code) = ?value) }"
_REPORT = SPARQL_PREFIXES + (
    "SELECT DISTINCT ?e WHERE { ?e a edu:Report . "
    "{ ?e dcterms:identifier ?v } UNION { ?e edu:sourceFile ?v } FILTER(STR(?v) = ?value) }"
)


def parse_iri(value: str) -> URIRef | None:
    """An absolute IRI or known prefixed name as URIRef; None if ``value`` does not look like one."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    prefix, _, local = value.partition(":")
    if prefix in PREFIXES and _PREFIXED_LOCAL.match(local):
        return URIRef(PREFIXES[prefix] + local)
    if not _SCHEME.match(value) or _BAD_IRI_CHARS.search(value):
        return None
    if not (value.split(":", 1)[1].startswith("//") or value.startswith("urn:")):
        return None
    return URIRef(value)


def resolve_param(ds: Dataset, name: str, value: str) -> Identifier:
    """The RDF term a parameter value stands for; QueryError if it cannot be resolved."""
    if name == "year":
        if not _YEAR.match(value.strip()):
            raise QueryError(f"Parameter 'year': expected four digits like 2020, got {value!r}")
        return Literal(value.strip(), datatype=XSD.gYear)
    if name in _CLASS_KINDS:
        iri = parse_iri(value)
        if iri is None and _LOCAL_NAME.match(value.strip()):
            iri = URIRef(EDU + value.strip())
        if iri is None:
            raise QueryError(f"Parameter {name!r}: expected an IRI or an edu: name like School, got {value!r}")
        return iri
    if name == "fact":
        iri = parse_iri(value)
        if iri is None:
            raise QueryError(f"Parameter 'fact': expected an IRI, got {value!r}")
        return iri
    if name == "report":
        return _resolve_report(ds, value)
    if name in _CANDIDATES:
        iri = parse_iri(value)
        if iri is not None:
            return iri
        if name == "region" and _ADMIN_CODE.match(value.strip()):
            found = _select_one_column(ds, _BY_CODE, {"value": Literal(value.strip())})
            if found:
                return found[0]
        return _resolve_label(ds, name, value)
    return Literal(value)


def _resolve_report(ds: Dataset, value: str) -> URIRef:
    """A report IRI from an IRI, a doc_id or a source file name."""
    iri = parse_iri(value)
    if iri is not None:
        return iri
    found = _select_one_column(ds, _REPORT, {"value": Literal(value.strip())})
    if len(found) == 1:
        return found[0]
    hint = "a 16-hex doc_id" if not _DOC_ID.match(value.strip()) else "an existing doc_id"
    raise QueryError(f"Parameter 'report': no report {value!r} (give a report IRI, {hint} or a source file name)")


def _resolve_label(ds: Dataset, name: str, value: str) -> URIRef:
    """The one IRI whose label or alternative label equals ``value`` among the kind's candidates."""
    pattern = _CANDIDATES[name]
    text = SPARQL_PREFIXES + f"SELECT DISTINCT ?e WHERE {{ {pattern} FILTER(STR(?l) = ?value) }}"
    found = _select_one_column(ds, text, {"value": Literal(value.strip())})
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        listed = ", ".join(f"<{iri}>" for iri in found)
        raise QueryError(f"Parameter {name!r}: label {value!r} is ambiguous ({listed}); give the IRI")
    labels_text = SPARQL_PREFIXES + f"SELECT DISTINCT ?l WHERE {{ {pattern} }}"
    labels = sorted({str(lbl) for lbl in _select_one_column(ds, labels_text, {})})
    close = close_matches(value, labels)
    hint = f" Close matches: {', '.join(close)}" if close else " No similar labels."
    raise QueryError(f"Parameter {name!r}: no {name} labelled {value!r}.{hint}")


def close_matches(value: str, labels: list[str], n: int = 5) -> list[str]:
    """Labels similar to ``value``: containment either way first, then difflib ratio order."""
    value = value.strip()
    contained = [lbl for lbl in labels if lbl and (lbl in value or value in lbl)]
    fuzzy = difflib.get_close_matches(value, labels, n=n, cutoff=0.5)
    out: list[str] = []
    for lbl in sorted(contained, key=lambda s: (-len(s), s)) + fuzzy:
        if lbl not in out:
            out.append(lbl)
    return out[:n]


def _select_one_column(ds: Dataset, text: str, bindings: Mapping[str, Identifier]) -> list:
    """Values of the first projected variable of a constant SELECT, sorted, without None."""
    store = getattr(ds, "oxigraph", None)
    if store is not None:  # the same query on the Oxigraph twin or store (much faster than rdflib's)
        from kg.query.oxigraph import run_on_oxigraph

        rows = run_on_oxigraph(store, text, bindings).rows
    else:
        rows = list(ds.query(text, initBindings={Variable(k): v for k, v in bindings.items()}))
    return sorted({row[0] for row in rows if row[0] is not None})
