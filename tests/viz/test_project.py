from kg.viz.project import find_nodes, neighbourhood, to_networkx
from kg.viz.stats import compute_stats, format_stats


def test_project_nodes_edges_and_attributes(small_dataset):
    net = to_networkx(small_dataset)
    classes = sorted(d["cls"] for _n, d in net.nodes(data=True))
    assert classes == ["Award", "Government", "Government", "Program", "Region", "Region", "Region",
                       "Report", "School"]
    relations = sorted(d["relation"] for _s, _o, d in net.edges(data=True))
    assert relations == ["implements", "implements", "locatedIn", "locatedIn", "locatedIn", "partOf",
                         "partOf", "received"]
    d1 = "https://w3id.org/edukg/id/region/320404"
    assert net.nodes[d1]["aliases"] == ["钟楼"]
    assert net.nodes[d1]["observations"] == 1
    assert net.nodes["https://w3id.org/edukg/id/program/p1"]["evidence"] == "全面实行责任督学挂牌督导"


def test_project_focus_neighbourhood(small_dataset):
    net = to_networkx(small_dataset)
    (prog,) = find_nodes(net, "责任督学挂牌督导")
    sub = neighbourhood(net, prog, 1)
    assert sorted(d["label"] for _n, d in sub.nodes(data=True)) == sorted([
        "责任督学挂牌督导", "常州市武进区教育局", "常州市钟楼区人民政府"])
    assert find_nodes(net, "区政府") == ["https://w3id.org/edukg/id/government/g1"]


def test_stats_counts_and_bridging_programmes(small_dataset):
    stats = compute_stats(to_networkx(small_dataset), top=3)
    assert stats.classes["Region"] == 3 and stats.classes["School"] == 1
    assert stats.relations == {"implements": 2, "locatedIn": 3, "partOf": 2, "received": 1}
    assert stats.bridging_programs == [{"iri": "https://w3id.org/edukg/id/program/p1",
                                        "label": "责任督学挂牌督导", "regions": ["武进区", "钟楼区"]}]
    assert stats.components == 2  # the report node stands alone
    assert stats.degree[0].label == "钟楼区"
    assert "责任督学挂牌督导: 武进区、钟楼区" in format_stats(stats)


def test_viz_large_graph_layout_is_linear_time_deterministic_and_covers_every_node():
    import networkx as nx

    from kg.viz.page import FORCE_LAYOUT_MAX, _positions

    net = nx.MultiDiGraph()
    hubs = [f"report{i}" for i in range(20)]
    for hub in hubs:
        net.add_node(hub, cls="Report", label=hub, aliases=[], evidence="", reports=0, observations=0)
    for i in range(FORCE_LAYOUT_MAX + 500):
        node = f"e{i}"
        net.add_node(node, cls="Program", label=node, aliases=[], evidence="", reports=1, observations=0)
        net.add_edge(node, hubs[i % 20], key="mentionedIn", relation="mentionedIn")
    first, second = _positions(net), _positions(net)
    assert first == second and set(first) == set(net)
    assert len({(round(x, 3), round(y, 3)) for x, y in first.values()}) == len(net)  # no two nodes stacked
