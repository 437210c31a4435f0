"""Project the RDF graph onto a networkx graph of entities for analytics and the network view.

Nodes are the entities (regions, governments, schools, groups, programmes, policy documents,
research projects, people, awards) and reports; edges are the relations between them, awards
received (recipient -> award, from each conferral) and report links (report -> region / issuer).
Observations are not nodes: their count is an attribute of the subject they measure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV, SKOS

from kg.rdf.export import union_graph
from kg.rdf.namespaces import EDU, OA

# Node classes in display order (the legend follows it); subclasses of School fold into School.
NODE_CLASSES: tuple[str, ...] = (
    "Region", "Government", "School", "EducationGroup", "Program", "PolicyDocument",
    "ResearchProject", "Person", "Award", "Report",
)
_SCHOOL_SUBCLASSES = frozenset({
    "Kindergarten", "PrimarySchool", "JuniorSecondarySchool", "SeniorSecondarySchool", "SecondarySchool",
    "NineYearSchool", "VocationalSchool", "SpecialSchool", "College",
})
RELATIONS: tuple[str, ...] = (
    "implements", "partOf", "memberOf", "locatedIn", "issuedBy", "leads", "supervises", "fundedBy",
    "targets", "aboutRegion",
)


def _local(term: URIRef) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _node_class(types: Iterable[URIRef]) -> str | None:
    names = {_local(t) for t in types if str(t).startswith(str(EDU._NS))}
    for cls in NODE_CLASSES:
        if cls in names:
            return cls
    if names & _SCHOOL_SUBCLASSES:
        return "School"
    return None


def _first_literal(g: Graph, s: URIRef, p: URIRef) -> str | None:
    values = sorted(str(o) for o in g.objects(s, p) if isinstance(o, Literal))
    return values[0] if values else None


def to_networkx(data: Graph, mentions: bool = False) -> nx.MultiDiGraph:
    """Build the entity network: node attributes ``cls``, ``label``, ``aliases``, ``evidence``,
    ``reports`` (count), ``observations`` (count); edge attribute ``relation``.

    With ``mentions``, every entity is also linked to each report it was found in
    (``mentionedIn``), so the view shows which reports share which entities.
    """
    g = union_graph(data)
    net = nx.MultiDiGraph()
    types: dict[URIRef, list[URIRef]] = defaultdict(list)
    for s, o in g.subject_objects(RDF.type):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            types[s].append(o)
    for node in sorted(types):
        cls = _node_class(types[node])
        if cls is None:
            continue
        label = _first_literal(g, node, RDFS.label) or _first_literal(g, node, EDU.sourceFile) or _local(node)
        if cls == "Report":
            label = _first_literal(g, node, EDU.sourceFile) or label
        evidence = sorted(
            str(x) for ev in g.objects(node, EDU.evidence) for x in g.objects(ev, OA.exact)
        )
        net.add_node(
            str(node),
            cls=cls,
            label=label,
            aliases=sorted({str(a) for a in g.objects(node, SKOS.altLabel)} - {label}),
            evidence=min(evidence, key=len) if evidence else "",
            reports=len(set(g.objects(node, PROV.wasDerivedFrom))),
            observations=0,
        )
    for rel in RELATIONS:
        for s, o in sorted(g.subject_objects(EDU._NS[rel])):
            if str(s) in net and str(o) in net:
                net.add_edge(str(s), str(o), key=rel, relation=rel)
    for conferral in sorted(g.subjects(RDF.type, EDU.AwardConferral)):
        award = g.value(conferral, EDU.award)
        for recipient in sorted(g.objects(conferral, EDU.recipient)):
            if award is not None and str(recipient) in net and str(award) in net:
                net.add_edge(str(recipient), str(award), key="received", relation="received")
    if mentions:
        for node, data_ in net.nodes(data=True):
            if data_["cls"] == "Report":
                continue
            for report in sorted(g.objects(URIRef(node), PROV.wasDerivedFrom)):
                if str(report) in net and net.nodes[str(report)]["cls"] == "Report":
                    net.add_edge(node, str(report), key="mentionedIn", relation="mentionedIn")
    for obs in g.subjects(RDF.type, EDU.Observation):
        subject = g.value(obs, EDU.subject)
        if subject is not None and str(subject) in net:
            net.nodes[str(subject)]["observations"] += 1
    return net


def neighbourhood(net: nx.MultiDiGraph, focus: str, depth: int) -> nx.MultiDiGraph:
    """The subgraph within ``depth`` hops (either direction) of node ``focus``."""
    undirected = net.to_undirected(as_view=True)
    keep = nx.single_source_shortest_path_length(undirected, focus, cutoff=depth)
    return net.subgraph(keep).copy()


def find_nodes(net: nx.MultiDiGraph, label: str) -> list[str]:
    """Nodes whose label or an alias equals ``label`` (exact), sorted."""
    return sorted(n for n, d in net.nodes(data=True) if d["label"] == label or label in d["aliases"])
