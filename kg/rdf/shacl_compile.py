"""Compile a SHACL shapes graph into plain, picklable rules for the fast validator (kg.rdf.shacl).

Only the SHACL Core features ontology/shapes.ttl uses are implemented; any other ``sh:`` term on a
shape (sh:sparql, sh:qualifiedValueShape, sh:targetNode, a sequence path ...) raises ModelError
naming the shape and the feature, so a new shape is never silently ignored.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.errors import ModelError
from kg.rdf.namespaces import bind_prefixes
from kg.rdf.ontology import ONTOLOGY_DIR, SHAPES_TTL, load_ontology

log = logging.getLogger("kg")
SH = Namespace("http://www.w3.org/ns/shacl#")

# sh: predicates a shape may carry. Non-validating ones (names, groups) are accepted and ignored.
_SUPPORTED = frozenset(SH[name] for name in (
    "targetClass", "property", "path", "minCount", "maxCount", "datatype", "nodeKind", "languageIn",
    "pattern", "flags", "in", "class", "minInclusive", "hasValue", "node", "or", "message", "severity",
    "name", "description", "order", "group", "defaultValue",
))
_SINGLE = ("path", "minCount", "maxCount", "datatype", "nodeKind", "languageIn", "flags", "in", "severity")
_NODE_KINDS = frozenset(SH[k] for k in (
    "IRI", "BlankNode", "Literal", "BlankNodeOrIRI", "BlankNodeOrLiteral", "IRIOrLiteral"))


@dataclass(frozen=True)
class Shape:
    """One node or property shape with its constraint parameters (None / empty when absent)."""

    name: str                       # the shape as text ("eshape:RegionShape", "_:b3")
    path: URIRef | None             # None for a node shape
    path_text: str                  # the path shortened like kg.rdf.validate does ("" for a node shape)
    severity: str                   # "Violation", "Warning" or "Info"
    message: str | None
    min_count: int | None = None
    max_count: int | None = None
    node_kind: URIRef | None = None
    datatype: URIRef | None = None
    languages: tuple[str, ...] | None = None
    patterns: tuple[re.Pattern[str], ...] = ()
    in_values: frozenset[Node] | None = None
    classes: tuple[tuple[URIRef, frozenset[URIRef]], ...] = ()   # class and its subclass closure
    min_inclusive: tuple[Literal, ...] = ()
    has_values: tuple[Node, ...] = ()
    nodes: tuple[str, ...] = ()     # keys of CompiledShapes.shapes (sh:node)
    ors: tuple[tuple[str, ...], ...] = ()   # each sh:or list as keys of CompiledShapes.shapes
    properties: tuple[Shape, ...] = ()
    value_checks: bool = False      # whether any constraint looks at each value node
    texts: dict[str, str] = field(default_factory=dict)  # parameters as text, for generic messages


@dataclass(frozen=True)
class CompiledShapes:
    """Targeted shapes with their target classes, referenced shapes by key, and the ontology triples needed."""

    targeted: tuple[tuple[Shape, frozenset[URIRef]], ...]
    shapes: dict[str, Shape]
    ontology: dict[Node, dict[URIRef, tuple[Node, ...]]]   # subject -> predicate -> objects
    ontology_types: dict[URIRef, tuple[Node, ...]]          # class -> ontology instances
    # rdf:type and every sh:path, each mapped to the one object the shapes use: dict hits on
    # the same object skip rdflib's Python-level __eq__, which dominates lookups otherwise.
    predicates: dict[URIRef, URIRef] = field(default_factory=dict)


def _text(sg: Graph, node: Node) -> str:
    """A shapes-graph term as pySHACL prints it (prefixed name, quoted literal, blank node id)."""
    if isinstance(node, URIRef):
        try:
            return node.n3(namespace_manager=sg.namespace_manager)
        except Exception:  # rdflib refuses some IRIs as prefixed names
            return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3(namespace_manager=sg.namespace_manager)
    return f"_:{node}"


def _key(node: Node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def _subclasses(ontology: Graph, cls: URIRef) -> frozenset[URIRef]:
    """``cls`` and every class below it through rdfs:subClassOf (transitively)."""
    return frozenset(c for c in ontology.transitive_subjects(RDFS.subClassOf, cls) if isinstance(c, URIRef))


class _Compiler:
    """Walks a shapes graph, compiling each shape once (by key) and refusing unknown features."""

    def __init__(self, sg: Graph, ontology: Graph) -> None:
        self.sg = sg
        self.ontology = ontology
        self.short = Graph()
        bind_prefixes(self.short)
        self.shapes: dict[str, Shape] = {}
        self.in_progress: set[str] = set()
        self.canon: dict[Node, Node] = {RDF.type: RDF.type}

    def one(self, node: Node) -> Node:
        """The single shared object for terms equal to ``node``."""
        return self.canon.setdefault(node, node)

    def describe(self, shape: Node) -> str:
        """``ex:S``, or for a blank property shape ``ex:S sh:property [sh:path ex:p]``."""
        if not isinstance(shape, BNode):
            return _text(self.sg, shape)
        path = self.sg.value(shape, SH.path)
        inner = f"[sh:path {_text(self.sg, path)}]" if path is not None else f"_:{shape}"
        parent = self.sg.value(None, SH.property, shape)
        return f"{self.describe(parent)} sh:property {inner}" if parent is not None else inner

    def fail(self, shape: Node, problem: str) -> ModelError:
        return ModelError(f"shape {self.describe(shape)}: not implemented by the fast validator "
                          f"kg.rdf.shacl: {problem} (validate with pySHACL instead: kg validate)")

    def values(self, shape: Node, name: str) -> list[Node]:
        found = sorted(self.sg.objects(shape, SH[name]))
        if len(found) > 1 and name in _SINGLE:
            raise self.fail(shape, f"more than one sh:{name}")
        return found

    def items(self, shape: Node, head: Node, name: str) -> list[Node]:
        if not isinstance(head, (BNode, URIRef)) or (head != RDF.nil and self.sg.value(head, RDF.first) is None):
            raise self.fail(shape, f"sh:{name} whose value is not an RDF list")
        return list(Collection(self.sg, head))

    def check_features(self, shape: Node) -> None:
        unknown = sorted(f"sh:{p[len(str(SH)):]}" for p in set(self.sg.predicates(shape, None))
                         if str(p).startswith(str(SH)) and p not in _SUPPORTED)
        if unknown:
            raise self.fail(shape, ", ".join(unknown))
        for cls in (RDFS.Class, OWL.Class):
            if (shape, RDF.type, cls) in self.sg:
                raise self.fail(shape, "an implicit class target (shape typed as a class)")

    def reference(self, shape: Node) -> str:
        """Compile ``shape`` (once) and return its key in ``self.shapes``."""
        key = _key(shape)
        if key not in self.shapes and key not in self.in_progress:
            self.in_progress.add(key)
            self.shapes[key] = self.compile(shape)
            self.in_progress.discard(key)
        return key

    def compile(self, shape: Node) -> Shape:
        """One Shape from the shapes graph node ``shape``."""
        sg = self.sg
        self.check_features(shape)
        path: URIRef | None = None
        for p in self.values(shape, "path"):
            if not isinstance(p, URIRef):
                raise self.fail(shape, "a complex sh:path (sequence, inverse, alternative or * path)")
            path = self.one(p)  # type: ignore[assignment]
        texts: dict[str, str] = {}
        severity = "Violation"
        for s in self.values(shape, "severity"):
            severity = str(s).rsplit("#", 1)[-1]
        messages = sorted(self.values(shape, "message"), key=lambda m: (getattr(m, "language", None) != "en", str(m)))
        kwargs: dict[str, object] = {}
        for name, attr in (("minCount", "min_count"), ("maxCount", "max_count")):
            for n in self.values(shape, name):
                if path is None:
                    raise self.fail(shape, f"sh:{name} on a node shape")
                kwargs[attr] = int(n)
        for n in self.values(shape, "nodeKind"):
            if n not in _NODE_KINDS:
                raise self.fail(shape, f"sh:nodeKind {_text(sg, n)}")
            kwargs["node_kind"] = self.one(n)
            texts["nodeKind"] = _text(sg, n)
        for n in self.values(shape, "datatype"):
            kwargs["datatype"] = self.one(n)
            texts["datatype"] = _text(sg, n)
        for head in self.values(shape, "languageIn"):
            langs = self.items(shape, head, "languageIn")
            kwargs["languages"] = tuple(str(x).lower() for x in langs)
            texts["languageIn"] = "(" + " ".join(_text(sg, x) for x in langs) + ")"
        flags = 0
        for f in self.values(shape, "flags"):
            flags |= (re.I if "i" in str(f).lower() else 0) | (re.M if "m" in str(f).lower() else 0)
        patterns = self.values(shape, "pattern")
        kwargs["patterns"] = tuple(re.compile(str(p), flags) for p in patterns)
        texts["pattern"] = ", ".join(str(p) for p in patterns)
        for head in self.values(shape, "in"):
            members = self.items(shape, head, "in")
            kwargs["in_values"] = frozenset(self.one(m) for m in members)
            texts["in"] = "[" + ", ".join(_text(sg, x) for x in members) + "]"
        classes = [c for c in self.values(shape, "class") if isinstance(c, URIRef)]
        if len(classes) != len(self.values(shape, "class")):
            raise self.fail(shape, "sh:class with a value that is not an IRI")
        kwargs["classes"] = tuple(
            (c, frozenset(self.one(x) for x in _subclasses(self.ontology, c))) for c in classes)  # type: ignore[misc]
        texts["class"] = ", ".join(_text(sg, c) for c in classes)
        mins = self.values(shape, "minInclusive")
        if any(not isinstance(m, Literal) for m in mins):
            raise self.fail(shape, "sh:minInclusive with a value that is not a literal")
        kwargs["min_inclusive"] = tuple(mins)  # type: ignore[arg-type]
        texts["minInclusive"] = ", ".join(_text(sg, m) for m in mins)
        has_values = self.values(shape, "hasValue")
        kwargs["has_values"] = tuple(self.one(v) for v in has_values)
        texts["hasValue"] = "[" + ", ".join(_text(sg, v) for v in has_values) + "]"
        kwargs["nodes"] = tuple(self.reference(n) for n in self.values(shape, "node"))
        texts["node"] = ", ".join(_text(sg, n) for n in self.values(shape, "node"))
        ors = [self.items(shape, head, "or") for head in self.values(shape, "or")]
        kwargs["ors"] = tuple(tuple(self.reference(m) for m in members) for members in ors)
        texts["or"] = " and ".join("(" + " , ".join(_text(sg, m) for m in members) + ")" for members in ors)
        kwargs["properties"] = tuple(self.compile_property(shape, p) for p in self.values(shape, "property"))
        kwargs["value_checks"] = bool(
            kwargs.get("node_kind") or kwargs.get("datatype") or kwargs.get("languages") is not None
            or kwargs.get("in_values") is not None
            or any(kwargs[k] for k in ("patterns", "classes", "min_inclusive", "nodes", "ors")))
        return Shape(
            name=_text(sg, shape), path=path, path_text=self.path_text(path), severity=severity,
            message=str(messages[0]) if messages else None, texts=texts, **kwargs,  # type: ignore[arg-type]
        )

    def compile_property(self, parent: Node, prop: Node) -> Shape:
        if self.sg.value(prop, SH.path) is None:
            raise self.fail(parent, "sh:property without sh:path")
        return self.compile(prop)

    def path_text(self, path: URIRef | None) -> str:
        """The path as kg.rdf.validate shortens it (edukg prefixes), "" for none."""
        if path is None:
            return ""
        try:
            return self.short.namespace_manager.normalizeUri(path)
        except Exception:  # rdflib refuses some IRIs as prefixed names
            return f"<{path}>"


def _ontology_index(ontology: Graph, predicates: dict[URIRef, URIRef]) -> dict[Node, dict[URIRef, tuple[Node, ...]]]:
    """Ontology triples whose predicate a shape reads (paths and rdf:type), by subject and predicate."""
    index: dict[Node, dict[URIRef, list[Node]]] = {}
    for s, p, o in ontology:
        if p in predicates:
            index.setdefault(s, {}).setdefault(predicates[p], []).append(o)  # type: ignore[arg-type]
    return {s: {p: tuple(sorted(objs)) for p, objs in sorted(by_p.items())} for s, by_p in sorted(index.items())}


def _all_shapes(shapes: Shape, found: list[Shape]) -> list[Shape]:
    found.append(shapes)
    for p in shapes.properties:
        _all_shapes(p, found)
    return found


def compile_shapes(shapes: Path = SHAPES_TTL, ontology: Graph | None = None) -> CompiledShapes:
    """Parse ``shapes`` once into picklable rules; targets reach subclasses through the ontology."""
    try:
        sg = Graph().parse(shapes, format="turtle")
    except Exception as exc:  # rdflib raises several unrelated parser errors
        raise ModelError(f"{shapes}: does not parse as Turtle ({exc})") from exc
    onto = ontology if ontology is not None else load_ontology(ONTOLOGY_DIR)
    compiler = _Compiler(sg, onto)
    declared = set(sg.subjects(RDF.type, SH.NodeShape)) | set(sg.subjects(RDF.type, SH.PropertyShape))
    targeted_nodes = sorted(set(sg.subjects(SH.targetClass, None)))
    for node in sorted(declared | set(targeted_nodes), key=_key):
        compiler.reference(node)
    targeted: list[tuple[Shape, frozenset[URIRef]]] = []
    for node in targeted_nodes:
        shape = compiler.shapes[_key(node)]
        classes: set[URIRef] = set()
        for cls in sg.objects(node, SH.targetClass):
            if not isinstance(cls, URIRef):
                raise compiler.fail(node, "sh:targetClass with a value that is not an IRI")
            classes |= _subclasses(onto, cls)
        targeted.append((shape, frozenset(classes)))
    predicates: dict[URIRef, URIRef] = {RDF.type: compiler.canon[RDF.type]}  # type: ignore[dict-item]
    for shape in list(compiler.shapes.values()):
        for s in _all_shapes(shape, []):
            if s.path is not None:
                predicates[s.path] = s.path
    index = _ontology_index(onto, predicates)
    target_classes = sorted(set().union(*(c for _, c in targeted))) if targeted else []
    ontology_types = {c: tuple(sorted(onto.subjects(RDF.type, c))) for c in target_classes}
    log.debug("compiled %d shapes (%d targeted) from %s", len(compiler.shapes), len(targeted), shapes)
    return CompiledShapes(
        targeted=tuple(targeted), shapes=compiler.shapes, ontology=index,
        ontology_types={c: nodes for c, nodes in ontology_types.items() if nodes},
        predicates=predicates,
    )
