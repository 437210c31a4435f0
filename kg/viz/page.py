"""Render the entity network as one self-contained, offline HTML page (pyvis data, vis-network).

pyvis builds the node and edge records and the vis-network options; the page itself comes from
our own template (``kg/viz/template.html``) because pyvis's templates always link Bootstrap from a
CDN and insert the heading raw. vis-network is inlined from the copy pyvis ships, so the page makes
no external request. All document text reaches the page only as JSON inside a
``<script type="application/json">`` element (``<``, ``>``, ``&`` escaped) and is put on screen with
``textContent``: a report containing ``<script>`` cannot run it.
"""

from __future__ import annotations

import html
import json
import math
from pathlib import Path

import networkx as nx

from kg.atomic import atomic_write_text
from kg.viz.project import NODE_CLASSES

# Colour and vis-network shape per class (legend order = NODE_CLASSES).
STYLE: dict[str, tuple[str, str]] = {
    "Region": ("#4e79a7", "hexagon"),
    "Government": ("#e15759", "diamond"),
    "School": ("#59a14f", "dot"),
    "EducationGroup": ("#8cd17d", "dot"),
    "Program": ("#f28e2b", "triangle"),
    "PolicyDocument": ("#b07aa1", "square"),
    "ResearchProject": ("#9c755f", "triangleDown"),
    "Person": ("#76b7b2", "dot"),
    "Award": ("#edc948", "star"),
    "Report": ("#79706e", "square"),
}
LARGE_GRAPH = 300  # above this many nodes: layout computed once with networkx, physics off
_TEMPLATE = Path(__file__).with_name("template.html")


def _vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS as shipped inside the pyvis package."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    return (lib / "vis-network.min.js").read_text(encoding="utf-8"), (lib / "vis-network.css").read_text(
        encoding="utf-8"
    )


def _tooltip(data: dict) -> str:
    lines = [f"{data['label']}  [{data['cls']}]"]
    if data.get("aliases"):
        lines.append("又称 / aliases: " + "、".join(data["aliases"]))
    if data.get("observations"):
        lines.append(f"observations: {data['observations']}")
    if data.get("reports"):
        lines.append(f"reports: {data['reports']}")
    if data.get("evidence"):
        evidence = data["evidence"]
        lines.append("evidence: " + (evidence if len(evidence) <= 160 else evidence[:157] + "..."))
    return "\n".join(lines)


def _positions(net: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Node positions computed once (physics off in the page), deterministic."""
    undirected = nx.Graph(net.to_undirected(as_view=True))
    if len(undirected) <= FORCE_LAYOUT_MAX:
        # a larger optimal distance than networkx's default 1/sqrt(n) keeps report clusters readable
        pos = nx.spring_layout(undirected, seed=7, iterations=80, k=3.0 / max(1.0, len(net) ** 0.5))
    else:
        pos = _backbone_layout(undirected)
    scale = 90.0 * max(10.0, len(net) ** 0.5)
    return {n: (float(x) * scale, float(y) * scale) for n, (x, y) in pos.items()}


FORCE_LAYOUT_MAX = 1500  # networkx's force layout is quadratic: 5,000 nodes take minutes
_BACKBONE = 300


def _backbone_layout(g: nx.Graph) -> dict[str, tuple[float, float]]:
    """Force layout of the best-connected nodes (reports, regions, bodies), the rest in rings around
    their best-connected neighbour: linear in the graph, and it keeps the clusters a force layout shows."""
    degree = dict(g.degree())
    ranked = sorted(g, key=lambda n: (-degree[n], n))
    core = set(ranked[:_BACKBONE])
    pos = {n: (float(x), float(y)) for n, (x, y) in
           nx.spring_layout(g.subgraph(core), seed=7, iterations=80, k=3.0 / len(core) ** 0.5).items()}
    satellites: dict[str | None, list[str]] = {}
    for node in ranked[_BACKBONE:]:
        anchors = [m for m in g[node] if m in core]
        anchor = min(anchors, key=lambda m: (-degree[m], m)) if anchors else None
        satellites.setdefault(anchor, []).append(node)
    loose = satellites.pop(None, [])
    for anchor, members in sorted(satellites.items()):
        cx, cy = pos[anchor]
        radius = 0.04 + 0.012 * len(members) ** 0.5
        for i, node in enumerate(members):
            angle = 2 * math.pi * i / len(members)
            pos[node] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    side = max(1, math.ceil(len(loose) ** 0.5))  # nodes with no well-connected neighbour: a grid below
    for i, node in enumerate(loose):
        pos[node] = (-1.0 + 2.0 * (i % side) / side, 1.3 + 2.0 * (i // side) / side)
    return pos


def network_data(net: nx.MultiDiGraph) -> dict:
    """vis-network nodes, edges and options for ``net`` (built with pyvis), deterministic."""
    from pyvis.network import Network

    pv = Network(directed=True, cdn_resources="in_line")
    degree = dict(net.degree())
    large = len(net) > LARGE_GRAPH
    pos = _positions(net) if large else {}
    for node in sorted(net.nodes):
        data = net.nodes[node]
        colour, shape = STYLE.get(data["cls"], ("#999999", "dot"))
        extra = {"x": pos[node][0], "y": pos[node][1], "physics": False} if large else {}
        pv.add_node(
            node,
            label=data["label"],
            title=_tooltip(data),
            color=colour,
            shape=shape,
            size=8 + 2 * min(degree.get(node, 0), 12),
            cls=data["cls"],
            **extra,
        )
    for s, o, rel in sorted((s, o, d["relation"]) for s, o, d in net.edges(data=True)):
        if rel == "mentionedIn":  # structure, not a statement: thin, grey, unlabelled
            pv.add_edge(s, o, title=rel, color="#d0d0d0", width=0.5)
        else:
            pv.add_edge(s, o, label=rel, title=rel, arrows="to", font={"size": 9, "align": "middle"})
    if large:
        pv.toggle_physics(False)
    else:
        pv.barnes_hut(gravity=-6000, spring_length=140)
    nodes, edges, _heading, _h, _w, options = pv.get_network_data()
    return {"nodes": nodes, "edges": edges, "options": json.loads(options) if isinstance(options, str) else options}


def _json_for_script(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e").replace(
        "\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render_page(net: nx.MultiDiGraph, title: str = "edukg network") -> str:
    """The complete HTML page for ``net``."""
    data = network_data(net)
    counts = {cls: sum(1 for _n, d in net.nodes(data=True) if d["cls"] == cls) for cls in NODE_CLASSES}
    legend = [
        {"cls": cls, "color": STYLE[cls][0], "shape": STYLE[cls][1], "count": counts[cls]}
        for cls in NODE_CLASSES if counts[cls]
    ]
    data["legend"] = legend
    vis_js, vis_css = _vis_assets()
    page = _TEMPLATE.read_text(encoding="utf-8")
    # Plain replacement of fixed markers; only the escaped title and escaped JSON are inserted.
    return (
        page.replace("/*VIS_CSS*/", vis_css)
        .replace("/*VIS_JS*/", vis_js.replace("</script", "<\\/script"))
        .replace("{{TITLE}}", html.escape(title))
        .replace("{{DATA}}", _json_for_script(data))
    )


def write_page(net: nx.MultiDiGraph, path: Path, title: str = "edukg network") -> Path:
    """Write the page atomically (a crash never leaves half a page)."""
    return atomic_write_text(path, render_page(net, title))
