"""Fast SHACL Core validation of built graphs (the build's per-report check).

pySHACL (kg.rdf.validate, ``kg validate``) stays the reference; this module evaluates the SHACL Core
subset that ontology/shapes.ttl uses directly over rdflib's indexes, roughly 30x faster:

    compiled = default_shapes()                  # or compile_shapes(path, ontology)
    violations = check(report_graph, compiled)   # [] when the graph conforms

Semantics follow kg.rdf.validate: the data is read as data graph ∪ ontology, so sh:targetClass
reaches subclasses and sh:class / sh:node / sh:hasValue see ontology terms such as unit concepts.
"""

from __future__ import annotations

import functools
import logging
from datetime import date, datetime, time
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.rdf.export import union_graph
from kg.rdf.namespaces import bind_prefixes
from kg.rdf.shacl_compile import SH, CompiledShapes, Shape, compile_shapes
from kg.rdf.validate import Violation

__all__ = ["CompiledShapes", "Shape", "Violation", "check", "compile_shapes", "default_shapes"]

log = logging.getLogger("kg")

_KIND_OK = {
    "iri": frozenset({SH.IRI, SH.IRIOrLiteral, SH.BlankNodeOrIRI}),
    "bnode": frozenset({SH.BlankNode, SH.BlankNodeOrLiteral, SH.BlankNodeOrIRI}),
    "literal": frozenset({SH.Literal, SH.BlankNodeOrLiteral, SH.IRIOrLiteral}),
}
_PYTHON_TYPES: dict[URIRef, type | tuple[type, ...]] = {
    XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
    XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime,
}


@functools.lru_cache(maxsize=1)
def default_shapes() -> CompiledShapes:
    """ontology/shapes.ttl compiled against the ontology, once per process."""
    return compile_shapes()


@functools.lru_cache(maxsize=1)
def _short_names() -> Graph:
    graph = Graph()
    bind_prefixes(graph)
    return graph


def _kind(node: Node) -> str:
    if isinstance(node, BNode):
        return "bnode"
    if isinstance(node, Literal):
        return "literal"
    return "iri"


def _datatype_ok(value: Node, datatype: URIRef) -> bool:
    """pySHACL's sh:datatype test: same datatype IRI and a well-formed lexical form."""
    if not isinstance(value, Literal):
        return False
    if value.datatype == datatype:
        if getattr(value, "ill_typed", None) is True:
            return False
    elif datatype == RDFS.Literal:
        return True
    elif datatype == RDFS.Datatype and value.datatype is not None:
        return True
    elif not (value.datatype is None and value.language is None and datatype == XSD.string) and not (
            datatype == RDF.langString and value.language):
        return False
    expected = _PYTHON_TYPES.get(datatype)
    return expected is None or isinstance(value.value, expected)


def _language_ok(value: Node, languages: tuple[str, ...]) -> bool:
    """sh:languageIn by basic language-range matching ("zh" accepts "zh" and "zh-Hans")."""
    if not isinstance(value, Literal) or not value.language:
        return False
    lang = value.language.lower()
    return "*" in languages or lang in languages or lang.split("-")[0] in languages


def _at_least(value: Node, minimum: Literal) -> bool:
    """sh:minInclusive: comparable literal values only (an ill-typed literal never passes)."""
    if not isinstance(value, Literal) or value.value is None:
        return False
    low, got = minimum.value, value.value
    if isinstance(low, str) != isinstance(got, str):
        return False
    try:
        return bool(got >= low)
    except TypeError:
        return False


# Graphs up to this size are indexed in one pass (fast); larger ones are read node by node.
INDEX_LIMIT = 200_000
_NO_VALUES: dict[Node, list[Node]] = {}


class _Run:
    """One check() call: the data graph, the compiled shapes, per-node caches and the results."""

    def __init__(self, graph: Graph, compiled: CompiledShapes) -> None:
        self.graph = graph
        self.compiled = compiled
        self.results: set[Violation] = set()
        self.names: dict[Node, str] = {}
        self.props: dict[Node, dict[Node, list[Node]]] = {}
        self.by_type: dict[Node, list[Node]] | None = None
        self.rdf_type = compiled.predicates.get(RDF.type, RDF.type)
        if len(graph) <= INDEX_LIMIT:
            self.index()

    def index(self) -> None:
        """Read the shape-relevant triples of the graph once into subject -> predicate -> objects."""
        wanted = self.compiled.predicates
        props = self.props
        for s, p, o in self.graph:
            p = wanted.get(p)
            if p is not None:
                found = props.get(s)
                if found is None:
                    found = props[s] = {}
                objs = found.get(p)
                if objs is None:
                    found[p] = [o]
                else:
                    objs.append(o)
        by_type: dict[Node, list[Node]] = {}
        for s, found in props.items():
            for o in found.get(self.rdf_type, ()):
                by_type.setdefault(o, []).append(s)
        onto = self.compiled.ontology
        small, large = (props, onto) if len(props) < len(onto) else (onto, props)
        for node in [n for n in small if n in large]:
            props[node] = self.merged(props[node], onto[node])
        self.by_type = by_type

    @staticmethod
    def merged(data: dict[Node, list[Node]], extra: dict[URIRef, tuple[Node, ...]]) -> dict[Node, list[Node]]:
        out = {p: list(objs) for p, objs in data.items()}
        for p, objs in extra.items():
            have = out.setdefault(p, [])
            have.extend(o for o in objs if o not in have)
        return out

    def focus_nodes(self, classes: frozenset[URIRef]) -> set[Node]:
        """Instances of ``classes`` in data ∪ ontology."""
        found: set[Node] = set()
        for cls in classes:
            if self.by_type is not None:
                found.update(self.by_type.get(cls, ()))
            else:
                found.update(self.graph.subjects(RDF.type, cls))
            found.update(self.compiled.ontology_types.get(cls, ()))
        return found

    def values(self, node: Node) -> dict[Node, list[Node]]:
        """Predicate -> objects of ``node`` in data ∪ ontology."""
        found = self.props.get(node)
        if found is None:
            if isinstance(node, Literal):
                return _NO_VALUES
            if self.by_type is not None:  # indexed: data nodes are all in self.props
                return self.compiled.ontology.get(node) or _NO_VALUES  # type: ignore[return-value]
            found = {}
            for p, o in self.graph.predicate_objects(node):
                found.setdefault(p, []).append(o)
            extra = self.compiled.ontology.get(node)
            if extra:
                found = self.merged(found, extra)
            self.props[node] = found
        return found

    def name(self, node: Node) -> str:
        """The node shortened the way kg.rdf.validate prints focus nodes."""
        text = self.names.get(node)
        if text is None:
            if isinstance(node, URIRef):
                try:
                    text = _short_names().namespace_manager.normalizeUri(node)
                except Exception:  # rdflib refuses some IRIs as prefixed names
                    text = f"<{node}>"
            else:
                text = str(node)
            self.names[node] = text
        return text

    def where(self, shape: Shape, focus: Node) -> str:
        return f"{self.name(focus)}->{shape.path_text}" if shape.path is not None else self.name(focus)

    def fail(self, shape: Shape, focus: Node, generic: str) -> bool:
        self.results.add(Violation(self.name(focus), shape.path_text, shape.message or generic, shape.severity))
        return False

    def evaluate(self, shape: Shape, focus: Node, report: bool = True,
                 props: dict[Node, list[Node]] | None = None) -> bool:
        """Check ``focus`` (whose ``props`` may be known) against ``shape``; report results if asked."""
        ok = True
        if shape.path is None:
            values = [focus]
        else:
            values = (props if props is not None else self.values(focus)).get(shape.path, [])
        if shape.min_count is not None and len(values) < shape.min_count:
            if not report:
                return False
            ok = self.fail(shape, focus, f"Less than {shape.min_count} values on {self.where(shape, focus)}")
        if shape.max_count is not None and len(values) > shape.max_count:
            if not report:
                return False
            ok = self.fail(shape, focus, f"More than {shape.max_count} values on {self.where(shape, focus)}")
        for hv in shape.has_values:
            if hv not in values:
                if not report:
                    return False
                ok = self.fail(shape, focus, f"Node {self.where(shape, focus)} does not contain a value in "
                                             f"the set: {shape.texts['hasValue']}")
        if shape.value_checks:
            for v in values:
                if not self.value_ok(shape, focus, v, report):
                    if not report:
                        return False
                    ok = False
        if shape.properties:
            for v in values:
                v_props = self.values(v)
                for prop in shape.properties:
                    if not self.evaluate(prop, v, report, v_props):
                        if not report:
                            return False
                        ok = False
        return ok

    def value_ok(self, shape: Shape, focus: Node, v: Node, report: bool) -> bool:
        """The value-node constraints of ``shape`` on one value node ``v`` (all reported when ``report``)."""
        problems: list[str] = []
        t = shape.texts
        if shape.node_kind is not None and shape.node_kind not in _KIND_OK[_kind(v)]:
            problems.append(f"Value is not of Node Kind {t['nodeKind']}")
        if shape.datatype is not None and not _datatype_ok(v, shape.datatype):
            problems.append(f"Value is not Literal with datatype {t['datatype']}")
        if shape.languages is not None and not _language_ok(v, shape.languages):
            problems.append(f"String language is not in {t['languageIn']}")
        for pattern in shape.patterns:
            if isinstance(v, BNode) or not pattern.search(str(v)):
                problems.append(f"Value does not match pattern '{pattern.pattern}'")
        if shape.in_values is not None and v not in shape.in_values:
            problems.append(f"Value {self.name(v)} not in list {t['in']}")
        for _cls, closure in shape.classes:
            if isinstance(v, Literal) or not any(c in closure for c in self.values(v).get(self.rdf_type, ())):
                problems.append(f"Value does not have class {t['class']}")
        for minimum in shape.min_inclusive:
            if not _at_least(v, minimum):
                problems.append(f"Value is not >= {t['minInclusive']}")
        if problems and not report:
            return False
        for key in shape.nodes:
            if not self.evaluate(self.compiled.shapes[key], v, report=False):
                problems.append(f"Value does not conform to Shape {self.compiled.shapes[key].name}.")
        for members in shape.ors:
            if not any(self.evaluate(self.compiled.shapes[key], v, report=False) for key in members):
                problems.append(f"Node {self.name(v)} must conform to one or more shapes in {t['or']}")
        if report:
            for problem in problems:
                self.fail(shape, focus, problem)
        return not problems


def check(graph: Graph, compiled: CompiledShapes) -> list[Violation]:
    """Violations of ``graph`` (∪ the ontology) against ``compiled``, sorted and unique; [] if it conforms.

    A Dataset is checked as the union of its graphs. Graphs up to INDEX_LIMIT triples are indexed
    in one pass (memory proportional to the graph); larger ones are read through rdflib's indexes.
    """
    if isinstance(graph, Dataset):
        graph = union_graph(graph)
    run = _Run(graph, compiled)
    for shape, classes in compiled.targeted:
        for focus in run.focus_nodes(classes):
            run.evaluate(shape, focus)
    return sorted(run.results)
