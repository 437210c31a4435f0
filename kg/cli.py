"""The ``kg`` command line: thin wrappers over the library, errors as one line and an exit code.

Exit codes: 0 success; 1 error (the reason is printed on one line); 2 bad usage;
3 the build finished but some inputs were skipped or the graph has validation violations.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from kg.errors import KgError

log = logging.getLogger("kg")

DEFAULT_OUT = Path("output")
EXIT_PARTIAL = 3


def _setup_logging(quiet: bool, verbose: bool) -> None:
    level = logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    root = logging.getLogger("kg")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def _fail(exc: Exception) -> click.ClickException:
    return click.ClickException(str(exc))


def default_graph_path(out_dir: Path = DEFAULT_OUT) -> Path:
    """The graph of the last build: ``output/kg.trig`` (named graphs) or else ``output/kg.ttl``."""
    for name in ("store", "kg.trig", "kg.nq", "kg.ttl"):
        candidate = out_dir / name
        if candidate.exists():
            return candidate
    raise KgError(f"no graph found in {out_dir}/ - run `kg build INPUT... -o {out_dir}` first, or pass --graph FILE")


def _open(graph: Path | None):  # -> rdflib.Dataset
    from kg.store import open_graph

    return open_graph(graph if graph is not None else default_graph_path())


def _open_for_query(graph: Path | None):  # -> rdflib.Dataset | kg.store.StoreView
    """A store directory is queried in place (nothing loaded into memory); files as with _open."""
    from kg.store import open_for_query

    return open_for_query(graph if graph is not None else default_graph_path())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="edukg")
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors.")
@click.option("-v", "--verbose", is_flag=True, help="Debug logging.")
def cli(quiet: bool, verbose: bool) -> None:
    """edukg: build and explore a knowledge graph of Chinese education-governance reports.

    Example: kg build data/reports -o output && kg query --list
    """
    _setup_logging(quiet, verbose)


def _report_build(result) -> None:  # result: kg.pipeline.BuildResult
    """Log what a build or removal did; exit 3 when inputs were skipped or the graph has violations."""
    for warning in result.warnings:
        log.warning("warning: %s", warning)
    for problem in result.problems:
        log.warning("skipped: %s", problem)
    if result.up_to_date:
        return
    for violation in result.violations:
        log.warning("violation: %s", violation)
    n_obs = sum(r.observations for r in result.summaries)
    n_conf = sum(r.conferrals for r in result.summaries)
    n_ent = len({k for r in result.summaries for k in r.entities})
    n_rep = len(result.summaries)
    log.info("built %d report(s) (%d extracted, %d from cache; %d graph(s) rendered): %d entities, "
             "%d observations, %d conferrals; %d quads", n_rep, result.extracted, n_rep - result.extracted,
             result.rendered, n_ent, n_obs, n_conf, result.quads)
    for _fmt, path in sorted(result.outputs.items()):
        log.info("wrote %s", path)
    if result.problems or result.violations:
        sys.exit(EXIT_PARTIAL)


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", "out_dir", default=DEFAULT_OUT, show_default=True, type=click.Path(path_type=Path),
              help="Directory for kg.ttl, the other exports and the graph store.")
@click.option("--base", default=None, help="Base IRI of instance IRIs (default https://w3id.org/edukg/id/).")
@click.option("-j", "--workers", type=click.IntRange(min=1), default=None,
              help="Extraction processes (default: all cores).")
@click.option("--format", "formats", multiple=True, type=click.Choice(["ttl", "trig", "nq", "jsonld"]),
              help="Export formats (repeatable; default: all four).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Run extraction in a local process pool or as a Dask map step.")
@click.option("--scheduler", help="With --engine dask: address of a running Dask scheduler (default: local).")
@click.option("--no-store", is_flag=True, help="Do not keep the persistent Oxigraph store in OUT/store.")
@click.option("--no-validate", is_flag=True, help="Skip SHACL validation of the built graph.")
def build(inputs: tuple[Path, ...], out_dir: Path, base: str | None, workers: int | None,
          formats: tuple[str, ...], engine: str, scheduler: str | None, no_store: bool, no_validate: bool) -> None:
    """Build the graph of report files or directories (.txt .md .html .docx .pdf).

    Incremental: unchanged files are not extracted again, and only changed reports' graphs are
    replaced in the store.

    Example: kg build data/reports -o output
    """
    from kg.pipeline import DEFAULT_BASE, DEFAULT_FORMATS, build as run_build, default_workers

    bar = None

    def on_done(name: str, outcome: object) -> None:
        if bar is not None:
            bar.update(1)
            bar.set_postfix_str(Path(name).name[:30])
        else:
            log.debug("done %s", name)

    try:
        if sys.stderr.isatty() and logging.getLogger("kg").level <= logging.INFO:
            from tqdm import tqdm

            bar = tqdm(unit="doc", file=sys.stderr, leave=False)
        result = run_build(inputs, out_dir, base=base or DEFAULT_BASE, workers=workers or default_workers(),
                           formats=formats or DEFAULT_FORMATS, store=not no_store, validate=not no_validate,
                           on_done=on_done, engine=engine, scheduler=scheduler)
    except KgError as exc:
        raise _fail(exc) from exc
    finally:
        if bar is not None:
            bar.close()
    _report_build(result)


@cli.command()
@click.argument("reports", nargs=-1, required=True)
@click.option("-o", "--out", "out_dir", default=DEFAULT_OUT, show_default=True, type=click.Path(path_type=Path),
              help="The build directory to remove reports from.")
def remove(reports: tuple[str, ...], out_dir: Path) -> None:
    """Remove reports (by file name, path or doc id) from a build and update every output.

    Example: kg remove 003_6ec6c73d85554b96.txt -o output
    """
    from kg.pipeline import remove as run_remove

    try:
        result = run_remove(reports, out_dir)
    except KgError as exc:
        raise _fail(exc) from exc
    _report_build(result)


@cli.command()
@click.option("--endpoint", required=True, help="Graph Store Protocol URL, e.g. http://127.0.0.1:7878/store")
@click.option("--graph", type=click.Path(path_type=Path), help="Graph file or store (default: last build).")
@click.option("--user", help="User name for HTTP authentication.")
@click.option("--password", help="Password for HTTP authentication.")
@click.option("--all", "push_all", is_flag=True, help="Replace every graph, not only changed ones.")
def push(endpoint: str, graph: Path | None, user: str | None, password: str | None, push_all: bool) -> None:
    """Load the named graphs into a SPARQL 1.1 Graph Store Protocol server (changed ones only).

    Example: kg push --endpoint http://127.0.0.1:7878/store
    """
    from kg.push import push as run_push

    try:
        report = run_push(_open_for_query(graph), endpoint, only_changed=not push_all,
                          auth=(user, password or "") if user else None)
    except KgError as exc:
        raise _fail(exc) from exc
    click.echo(f"replaced {len(report.replaced)}, unchanged {len(report.unchanged)}, failed {len(report.failed)}")
    for iri, reason in report.failed:
        click.echo(f"failed: {iri}: {reason}", err=True)
    if report.failed:
        sys.exit(1)


@cli.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
def validate(file: Path | None) -> None:
    """Validate a graph against the SHACL shapes (default: the last build).

    Example: kg validate output/kg.trig
    """
    from kg.rdf.validate import format_report, validate as shacl_validate

    try:
        report = shacl_validate(_open(file))
    except KgError as exc:
        raise _fail(exc) from exc
    if report.conforms:
        click.echo("conforms: 0 violations")
        return
    click.echo(format_report(report))
    sys.exit(1)


@cli.command(name="eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--graph", type=click.Path(path_type=Path), help="Graph file or store (default: last build).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--errors", default=20, show_default=True, help="How many misses / false positives to list per category.")
def eval_cmd(gold_dir: Path, graph: Path | None, as_json: bool, errors: int) -> None:
    """Score the graph against hand annotations (precision, recall, F1).

    Example: kg eval tests/gold --graph output/kg.trig
    """
    from kg.evaluate import evaluate, format_table, load_gold, to_json

    try:
        result = evaluate(load_gold(gold_dir), _open(graph))
    except KgError as exc:
        raise _fail(exc) from exc
    if as_json:
        click.echo(json.dumps(to_json(result), ensure_ascii=False, indent=2, sort_keys=True))
    else:
        click.echo(format_table(result, show_errors=errors))


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        if "=" not in item:
            raise click.BadParameter(f"{item!r}: expected NAME=VALUE", param_hint="--param")
        key, value = item.split("=", 1)
        params[key.strip()] = value
    return params


@cli.command()
@click.argument("name", required=False)
@click.option("--list", "list_", is_flag=True, help="List the canned queries.")
@click.option("--file", "file_", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Run a .rq file.")
@click.option("--sparql", help="Run a SPARQL query given on the command line.")
@click.option("-p", "--param", "params", multiple=True, help="Bind a parameter: NAME=VALUE (repeatable).")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "json", "markdown"]), default="table",
              show_default=True)
@click.option("--graph", type=click.Path(path_type=Path), help="Graph file or store (default: last build).")
def query(name: str | None, list_: bool, file_: Path | None, sparql: str | None, params: tuple[str, ...],
          fmt: str, graph: Path | None) -> None:
    """Run a canned query by NAME, a .rq file or inline SPARQL; parameters are bound, never pasted.

    Example: kg query schools-with-awards --param region=钟楼区
    """
    from kg.query import format_result, get_query, list_queries, run_query

    try:
        if list_:
            for q in list_queries():
                args = " ".join(f"[{p.name}]" if p.optional else p.name for p in q.params)
                click.echo(f"{q.name:32} {q.title}" + (f"  ({args})" if args else ""))
            return
        chosen = [x for x in (name, file_, sparql) if x]
        if len(chosen) != 1:
            raise click.UsageError("give exactly one of NAME, --file or --sparql (or --list)")
        declared = None
        if name:
            canned = get_query(name)
            text, declared = canned.text, canned.params
        elif file_:
            text = file_.read_text(encoding="utf-8")
        else:
            text = sparql or ""
        result = run_query(_open_for_query(graph), text, _parse_params(params), declared=declared)
    except KgError as exc:
        raise _fail(exc) from exc
    click.echo(format_result(result, fmt), nl=False)


@cli.command()
@click.option("--graph", type=click.Path(path_type=Path), help="Graph file or store (default: last build).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=7878, show_default=True, type=int)
def serve(graph: Path | None, host: str, port: int) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint with a query page.

    Example: kg serve --port 7878   (then open http://127.0.0.1:7878/)
    """
    from kg.serve import serve as run_server

    try:
        run_server(_open_for_query(graph), host=host, port=port, read_only=True)
    except KgError as exc:
        raise _fail(exc) from exc
    except KeyboardInterrupt:
        pass


def _entity_network(graph: Path | None, types: str | None, mentions: bool = False):  # -> nx.MultiDiGraph
    from kg.viz.project import NODE_CLASSES, to_networkx

    net = to_networkx(_open(graph), mentions=mentions)
    if types:
        wanted = {t.strip() for t in types.split(",") if t.strip()}
        unknown = sorted(wanted - set(NODE_CLASSES))
        if unknown:
            raise click.BadParameter(f"unknown class {', '.join(unknown)}; available: {', '.join(NODE_CLASSES)}",
                                     param_hint="--types")
        net = net.subgraph([n for n, d in net.nodes(data=True) if d["cls"] in wanted]).copy()
    return net


@cli.command()
@click.option("--graph", type=click.Path(path_type=Path), help="Graph file or store (default: last build).")
@click.option("-o", "--out", default=DEFAULT_OUT / "graph.html", show_default=True, type=click.Path(path_type=Path))
@click.option("--focus", help="Draw only the neighbourhood of the entity with this label.")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(min=0), help="Hops around --focus.")
@click.option("--types", help="Comma-separated classes to draw, e.g. School,Award,Region.")
@click.option("--title", default="edukg network", show_default=True)
def viz(graph: Path | None, out: Path, focus: str | None, depth: int, types: str | None, title: str) -> None:
    """Write an interactive, offline network view (HTML) of the graph.

    Example: kg viz --focus 钟楼区 --depth 2 -o output/zhonglou.html
    """
    from kg.viz.page import write_page
    from kg.viz.project import find_nodes, neighbourhood

    try:
        net = _entity_network(graph, types, mentions=True)
        if focus:
            found = find_nodes(net, focus)
            if not found:
                raise KgError(f"no entity labelled {focus!r} in the graph (try `kg query entities-by-type-in-region`)")
            keep: set[str] = set()
            for node in found:
                keep |= set(neighbourhood(net, node, depth))
            net = net.subgraph(keep).copy()
        write_page(net, out, title=title)
    except KgError as exc:
        raise _fail(exc) from exc
    log.info("wrote %s (%d nodes, %d edges)", out, net.number_of_nodes(), net.number_of_edges())


@cli.command()
@click.option("--graph", type=click.Path(path_type=Path), help="Graph file or store (default: last build).")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.option("--top", default=10, show_default=True, help="How many leaders per ranking.")
@click.option("--types", help="Comma-separated classes to include.")
def stats(graph: Path | None, as_json: bool, top: int, types: str | None) -> None:
    """Network analytics: counts, degree and betweenness leaders, components, communities.

    Example: kg stats --json
    """
    from kg.viz.stats import compute_stats, format_stats

    try:
        result = compute_stats(_entity_network(graph, types), top=top)
    except KgError as exc:
        raise _fail(exc) from exc
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2, sort_keys=True))
    else:
        click.echo(format_stats(result), nl=False)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="kg")


if __name__ == "__main__":
    main()
