"""Network analytics over the entity graph: counts, centrality leaders, components, communities,
and programmes that bridge regions."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

import networkx as nx
from networkx.algorithms.community import greedy_modularity_communities


@dataclass
class Leader:
    """One entity in a ranking."""

    iri: str
    label: str
    cls: str
    score: float


@dataclass
class GraphStats:
    """Everything ``kg stats`` reports."""

    nodes: int = 0
    edges: int = 0
    classes: dict[str, int] = field(default_factory=dict)
    relations: dict[str, int] = field(default_factory=dict)
    degree: list[Leader] = field(default_factory=list)
    betweenness: list[Leader] = field(default_factory=list)
    components: int = 0
    largest_component: int = 0
    communities: list[list[str]] = field(default_factory=list)  # labels, largest first
    bridging_programs: list[dict] = field(default_factory=list)  # programme implemented in >1 region

    def to_json(self) -> dict:
        """Plain JSON-serialisable dict."""
        return asdict(self)


def _leaders(net: nx.MultiDiGraph, scores: dict[str, float], top: int) -> list[Leader]:
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], net.nodes[kv[0]]["label"], kv[0]))[:top]
    return [Leader(n, net.nodes[n]["label"], net.nodes[n]["cls"], round(float(s), 6)) for n, s in ranked]


def _region_of(net: nx.MultiDiGraph, node: str) -> str | None:
    if net.nodes[node]["cls"] == "Region":
        return node
    for _s, o, d in net.out_edges(node, data=True):
        if d["relation"] == "locatedIn" and net.nodes[o]["cls"] == "Region":
            return o
    return None


def bridging_programs(net: nx.MultiDiGraph) -> list[dict]:
    """Programmes implemented by bodies (or regions) of more than one region."""
    found = []
    for node, data in net.nodes(data=True):
        if data["cls"] != "Program":
            continue
        regions = set()
        for s, _o, d in net.in_edges(node, data=True):
            if d["relation"] == "implements":
                region = _region_of(net, s)
                if region is not None:
                    regions.add(net.nodes[region]["label"])
        if len(regions) > 1:
            found.append({"iri": node, "label": data["label"], "regions": sorted(regions)})
    return sorted(found, key=lambda x: (-len(x["regions"]), x["label"]))


def compute_stats(net: nx.MultiDiGraph, top: int = 10, communities: int = 10) -> GraphStats:
    """Counts per class and relation, degree and betweenness leaders, components, communities."""
    stats = GraphStats(nodes=net.number_of_nodes(), edges=net.number_of_edges())
    stats.classes = dict(sorted(Counter(d["cls"] for _n, d in net.nodes(data=True)).items()))
    stats.relations = dict(sorted(Counter(d["relation"] for _s, _o, d in net.edges(data=True)).items()))
    if not len(net):
        return stats
    simple = nx.Graph(net.to_undirected(as_view=True))
    stats.degree = _leaders(net, dict(simple.degree()), top)
    # Exact betweenness is cubic; sample pivots (seeded, so deterministic) on large graphs.
    k = None if len(simple) <= 1000 else 200
    stats.betweenness = _leaders(net, nx.betweenness_centrality(simple, k=k, seed=7), top)
    parts = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(c)))
    stats.components = len(parts)
    stats.largest_component = len(parts[0])
    if simple.number_of_edges():
        groups = greedy_modularity_communities(simple)
        ranked = sorted((sorted(net.nodes[n]["label"] for n in g) for g in groups), key=lambda g: (-len(g), g))
        stats.communities = [g for g in ranked if len(g) > 1][:communities]
    stats.bridging_programs = bridging_programs(net)
    return stats


def format_stats(stats: GraphStats) -> str:
    """Human-readable tables."""
    lines = [f"nodes {stats.nodes}, edges {stats.edges}, connected components {stats.components} "
             f"(largest {stats.largest_component})", "", "class              count"]
    lines += [f"{cls:18} {n:5}" for cls, n in stats.classes.items()]
    lines += ["", "relation           count"]
    lines += [f"{rel:18} {n:5}" for rel, n in stats.relations.items()]
    for title, leaders in (("degree", stats.degree), ("betweenness", stats.betweenness)):
        lines += ["", f"top by {title}:"]
        lines += [f"  {lead.score:>9g}  {lead.label} [{lead.cls}]" for lead in leaders]
    if stats.communities:
        lines += ["", "communities (largest first):"]
        lines += [f"  {len(c):3}: " + "、".join(c[:8]) + (" ..." if len(c) > 8 else "") for c in stats.communities]
    lines += ["", "programmes bridging regions:"]
    lines += [f"  {p['label']}: {'、'.join(p['regions'])}" for p in stats.bridging_programs] or ["  (none)"]
    return "\n".join(lines) + "\n"
