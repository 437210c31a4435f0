"""End-to-end builds of the sample corpus: outputs, incremental rebuilds, removal, crash safety."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef

from kg.pipeline import STATE_FILE, build, load_state, remove
from kg.rdf.namespaces import EDU, RDF
from kg.store import open_graph

NAMES = ["000_8ea2f4150da8d5c9.txt", "001_ba64dab0c6df14d1.txt", "002_d382b9e04268887b.txt",
         "003_6ec6c73d85554b96.txt"]


def _report_files(ds: Dataset) -> list[str]:
    return sorted(str(o) for s in ds.subjects(RDF.type, EDU.Report) for o in ds.objects(s, EDU.sourceFile))


def test_pipeline_builds_every_sample_report_with_all_outputs(sample_build):
    out, result = sample_build
    assert result.problems == [] and result.violations == []
    assert len(result.summaries) == 4 and result.extracted == 4 and result.rendered == 4
    for name in ("kg.ttl", "kg.trig", "kg.nq", "kg.jsonld", "context.jsonld", "void.ttl", STATE_FILE):
        assert (out / name).stat().st_size > 0, name
    ds = open_graph(out / "kg.trig")
    assert _report_files(ds) == NAMES
    # one named graph per report, plus the ontology and reference graphs, in the store too
    store = open_graph(out / "store")
    report_graphs = {str(g) for _s, _p, _o, g in store.quads((None, RDF.type, EDU.Report, None))}
    assert len(report_graphs) == 4 and all("/graph/" in g for g in report_graphs)
    assert sorted(str(o) for o in store.objects(None, EDU.sourceFile)) == NAMES


def test_pipeline_rebuild_of_unchanged_corpus_is_up_to_date(sample_build):
    out, _ = sample_build
    before = (out / "kg.nq").read_bytes()
    again = build([Path(__file__).parents[1] / "data" / "reports"], out, workers=1)
    assert again.up_to_date and again.extracted == 0
    assert (out / "kg.nq").read_bytes() == before


def test_pipeline_changed_report_replaces_only_its_graph(corpus_copy, tmp_path):
    out = tmp_path / "out"
    first = build([corpus_copy], out, workers=1)
    old_ids = {r.doc_id for r in first.summaries}
    changed = corpus_copy / NAMES[2]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n全区新增公办幼儿园学位360个。\n", encoding="utf-8")
    second = build([corpus_copy], out, workers=1)
    assert second.extracted == 1  # the other three came from the cache
    new_ids = {r.doc_id for r in second.summaries}
    (added,) = new_ids - old_ids
    (dropped,) = old_ids - new_ids
    assert second.graphs_replaced == [f"https://w3id.org/edukg/id/graph/{added}"]
    assert second.graphs_removed == [f"https://w3id.org/edukg/id/graph/{dropped}"]
    values = {str(v) for v in open_graph(out / "store").objects(None, EDU.rawValue)}
    assert "360个" in values


def test_pipeline_remove_drops_report_and_entities_only_it_mentions(sample_build, tmp_path):
    import shutil

    src, _ = sample_build
    out = tmp_path / "out"
    shutil.copytree(src, out)
    ds = open_graph(out / "kg.trig")
    only_in_002 = URIRef("https://w3id.org/edukg/id/region/330803")  # 衢江区: only report 002 is about it
    shared = URIRef("https://w3id.org/edukg/id/region/320404")  # 钟楼区: reports 000 and 003
    assert (only_in_002, None, None) in ds and (shared, None, None) in ds
    result = remove(["002_d382b9e04268887b.txt"], out)
    assert result.extracted == 0
    after = open_graph(out / "kg.trig")
    assert _report_files(after) == [n for n in NAMES if not n.startswith("002")]
    assert (only_in_002, None, None) not in after
    assert (shared, None, None) in after
    before = [p for p, _ in json.loads((src / STATE_FILE).read_text())["inputs"]]
    assert [p for p, _ in load_state(out)["inputs"]] == [p for p in before if "002_" not in p]


def test_pipeline_remove_unknown_report_names_the_known_ones(sample_build):
    from kg.errors import KgError

    out, _ = sample_build
    with pytest.raises(KgError, match="no report 'nope.txt'.*000_8ea2f4150da8d5c9.txt"):
        remove(["nope.txt"], out)


@pytest.mark.parametrize("workers", [1, 2])  # with 2, kg.ttl's union is merged in a worker process
def test_pipeline_interrupted_export_keeps_previous_outputs(corpus_copy, tmp_path, monkeypatch, workers):
    out = tmp_path / "out"
    build([corpus_copy], out, workers=1)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    (corpus_copy / NAMES[1]).unlink()

    import kg.rdf.export as export

    def interrupted(*args, **kwargs):  # Ctrl-C while kg.ttl streams, after trig/nq/jsonld are written
        raise KeyboardInterrupt

    monkeypatch.setattr(export, "_write_union", interrupted)  # a forked worker inherits the patch
    with pytest.raises(KeyboardInterrupt):
        build([corpus_copy], out, workers=workers)
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after["kg.trig"] == before["kg.trig"]
    assert after[STATE_FILE] == before[STATE_FILE]  # the state still names the last complete build
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.undo()
    again = build([corpus_copy], out, workers=1)  # the next build finishes the job
    assert not again.up_to_date and len(again.summaries) == 3


def test_pipeline_bad_files_are_reported_and_skipped(corpus_copy, tmp_path):
    (corpus_copy / "broken.txt").write_bytes(b"\x00\x01\x02binary\xff\xfe\x00" * 50)
    (corpus_copy / "empty.txt").write_bytes(b"")
    (corpus_copy / "notes.xyz").write_text("ignored", encoding="utf-8")
    result = build([corpus_copy], tmp_path / "out", workers=1)
    assert len(result.summaries) == 4
    problems = {Path(p.path).name: p.message for p in result.problems}
    assert set(problems) == {"broken.txt", "empty.txt"}
    assert "binary" in problems["broken.txt"] and "empty" in problems["empty.txt"]
    assert any("notes.xyz" in w for w in result.warnings)


def test_pipeline_same_output_whatever_the_number_of_workers(sample_build, tmp_path):
    out1, _ = sample_build
    build([Path(__file__).parents[1] / "data" / "reports"], tmp_path / "w2", workers=2)
    for name in ("kg.ttl", "kg.nq", "kg.trig", "kg.jsonld", "void.ttl"):
        assert (tmp_path / "w2" / name).read_bytes() == (out1 / name).read_bytes(), name


def test_pipeline_store_and_exports_validate(sample_build):
    from kg.rdf.validate import format_report, validate

    out, _ = sample_build
    for source in ("store", "kg.trig", "kg.ttl"):
        report = validate(open_graph(out / source))
        assert report.conforms, f"{source}: {format_report(report)}"


def test_pipeline_dask_map_step_gives_the_same_graph(sample_build, tmp_path):
    pytest.importorskip("dask.bag", reason="dask is not installed (pip install 'edukg[dask]')")
    out1, _ = sample_build
    result = build([Path(__file__).parents[1] / "data" / "reports"], tmp_path / "dask", engine="dask")
    assert result.extracted == 4 and result.problems == []
    for name in ("kg.nq", "kg.ttl"):
        assert (tmp_path / "dask" / name).read_bytes() == (out1 / name).read_bytes(), name


def test_pipeline_incremental_build_renders_and_validates_only_changed_reports(corpus_copy, tmp_path, monkeypatch):
    from kg.rdf.validate import ShapeChecker

    out = tmp_path / "out"
    build([corpus_copy], out, workers=1)
    checked: list[str] = []
    real = ShapeChecker.check_report

    def counting(self, built, base):
        checked.append(str(built.graph.identifier))
        return real(self, built, base)

    monkeypatch.setattr(ShapeChecker, "check_report", counting)
    changed = corpus_copy / NAMES[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n全区新增公办幼儿园学位360个。\n", encoding="utf-8")
    result = build([corpus_copy], out, workers=1)
    assert result.violations == [] and result.extracted == 1
    # only the changed report's graph was built and validated; the other three parts were reused
    assert result.rendered == 1 and len(checked) == 1
    assert checked[0] in result.graphs_replaced


def test_pipeline_store_default_graph_is_the_union_of_its_graphs(sample_build):
    import pyoxigraph

    out, _ = sample_build
    store = pyoxigraph.Store.read_only(str(out / "store"))
    union = {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, None)
             if not isinstance(q.graph_name, pyoxigraph.DefaultGraph)
             and q.graph_name.value != "https://w3id.org/edukg/graph/manifest"}
    default = {(q.subject, q.predicate, q.object)
               for q in store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph())}
    assert default == union and len(default) > 10_000


def test_pipeline_build_reports_shape_violations_of_a_report_graph(corpus_copy, tmp_path, monkeypatch):
    import kg.rdf.builder as builder

    real = builder.build_report_graph

    def without_a_value(linked, base, regions=None):
        built = real(linked, base, regions)
        first = min(built.graph.subjects(RDF.type, EDU.Observation))
        built.graph.remove((first, EDU.value, None))
        return built

    monkeypatch.setattr(builder, "build_report_graph", without_a_value)
    result = build([corpus_copy], tmp_path / "out", workers=1)
    assert len([v for v in result.violations if "edu:value" in v]) == 4  # one per report
    assert all(v.startswith("<https://w3id.org/edukg/id/observation/") for v in result.violations)


def test_pipeline_ctrl_c_while_rendering_leaves_every_store_graph_whole(corpus_copy, tmp_path, monkeypatch):
    import pyoxigraph

    import kg.tasks as tasks
    from kg.rdf.namespaces import MANIFEST_GRAPH

    out = tmp_path / "out"
    build([corpus_copy], out, workers=1)
    before = load_state(out)
    for name in NAMES[1:3]:
        path = corpus_copy / name
        path.write_text(path.read_text(encoding="utf-8") + "\n全区新增公办幼儿园学位360个。\n", encoding="utf-8")
    real, calls = tasks.render_task, []

    def interrupted(task):
        calls.append(task.path)
        if len(calls) == 2:  # Ctrl-C while the second changed report is being rendered
            raise KeyboardInterrupt
        return real(task)

    monkeypatch.setattr(tasks, "render_task", interrupted)
    import kg.pipeline as pipeline

    monkeypatch.setattr(pipeline, "render_task", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build([corpus_copy], out, workers=1)
    assert load_state(out) == before  # the state still names the last complete build
    store = pyoxigraph.Store.read_only(str(out / "store"))
    listed = {q.subject.value for q in store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(MANIFEST_GRAPH))}
    named = {g.value for g in store.named_graphs()} - {MANIFEST_GRAPH}
    # 4 reports (one replaced by its new graph in one transaction, one not yet), ontology, reference
    assert listed == named and len(named) == 6
    union = {(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, None)
             if not isinstance(q.graph_name, pyoxigraph.DefaultGraph) and q.graph_name.value != MANIFEST_GRAPH}
    default = {(q.subject, q.predicate, q.object)
               for q in store.quads_for_pattern(None, None, None, pyoxigraph.DefaultGraph())}
    assert default == union
    del store
    monkeypatch.undo()
    again = build([corpus_copy], out, workers=1)
    fresh = build([corpus_copy], tmp_path / "fresh", workers=1)
    assert again.violations == [] and (out / "kg.nq").read_bytes() == (tmp_path / "fresh" / "kg.nq").read_bytes()


def test_pipeline_store_failure_while_union_merges_in_a_worker_leaves_no_temp_file(corpus_copy, tmp_path, monkeypatch):
    from kg.errors import StoreError
    from kg.store.oxi import SyncSession

    out = tmp_path / "out"
    build([corpus_copy], out, workers=1)
    before = (out / "kg.ttl").read_bytes()
    (corpus_copy / NAMES[1]).unlink()

    def refused(self):  # the union job has started in a worker by now
        raise StoreError("store refused the sync")

    monkeypatch.setattr(SyncSession, "finish", refused)
    with pytest.raises(StoreError, match="refused"):
        build([corpus_copy], out, workers=2)
    assert (out / "kg.ttl").read_bytes() == before
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
