"""Every canned query on the real sample corpus (``kg build data/reports``), compared with rows a person
checked against the report text: ``tests/query/expected/NAME.json`` (format in expected/README.md).

Verified rows must be returned; ``exact`` cases must match in full; rows the text contradicts
(``known_wrong``) or supports but the graph lacks (``known_missing``) are xfail tests, so a fix shows up
as XPASS instead of going unnoticed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.query import get_query, list_queries, run_query
from kg.query.formats import short_term
from kg.store import open_graph

EXPECTED = Path(__file__).parent / "expected"
REPORTS = Path(__file__).resolve().parents[2] / "data" / "reports"
QUOTES = str.maketrans("", "", "“”‘’\"'《》「」")
# rdflib warns about its own deprecated Dataset API on every triple pattern: hundreds of thousands here
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
_RESULTS: dict[tuple[str, str], list[dict[str, str]]] = {}


def _cases() -> list[tuple[str, int, dict]]:
    """(query name, case index, case) for every case of every expected file, in file order."""
    found = []
    for path in sorted(EXPECTED.glob("*.json")):
        for index, case in enumerate(json.loads(path.read_text(encoding="utf-8"))["cases"]):
            found.append((path.stem, index, case))
    return found


CASES = _cases()
CASE_IDS = [f"{name}-{index}" for name, index, _case in CASES]


def _flagged(key: str) -> tuple[list, list[str]]:
    """(name, params, columns, row, why) for every ``known_wrong`` / ``known_missing`` entry."""
    params, ids = [], []
    for name, index, case in CASES:
        for n, entry in enumerate(case.get(key, [])):
            params.append((name, case["params"], case["columns"], tuple(entry["row"]), entry["why"]))
            ids.append(f"{name}-{index}-{n}")
    return params, ids


WRONG, WRONG_IDS = _flagged("known_wrong")
MISSING, MISSING_IDS = _flagged("known_missing")


@pytest.fixture(scope="module")
def sample_ds(sample_build):
    """The sample build opened as an rdflib Dataset."""
    out, _result = sample_build
    return open_graph(out / "kg.trig")


@pytest.fixture(scope="module")
def report_files(sample_ds) -> dict[str, str]:
    """Compact report IRI -> its source file name (doc ids change with cleaning; file names do not)."""
    rows = sample_ds.query(
        "PREFIX edu: <https://w3id.org/edukg/ontology#> SELECT ?r ?f WHERE { ?r a edu:Report ; edu:sourceFile ?f }"
    )
    return {short_term(r): str(f) for r, f in rows}


def run_rows(ds, files: dict[str, str], name: str, params: dict) -> list[dict[str, str]]:
    """Run canned query ``name``: rows as {variable: compact text}, report IRIs shown as file names.

    Results are kept per (dataset, query, params): several tests read the same result.
    """
    key = (f"{id(ds)}:{name}", json.dumps(params, sort_keys=True, ensure_ascii=False))
    if key not in _RESULTS:
        query = get_query(name)
        result = run_query(ds, query.text, params, query.params)
        _RESULTS[key] = [
            {var: files.get(short_term(term), short_term(term)) for var, term in zip(result.vars, row)}
            for row in result.rows
        ]
    return _RESULTS[key]


def project(rows: list[dict[str, str]], columns: list[str]) -> list[tuple[str, ...]]:
    """Only the compared columns of each row."""
    return [tuple(row[c] for c in columns) for row in rows]


def test_sample_corpus_every_canned_query_has_checked_rows():
    checked = {name for name, _index, _case in CASES}
    assert {q.name for q in list_queries()} <= checked


@pytest.mark.parametrize("name,index,case", CASES, ids=CASE_IDS)
def test_sample_corpus_query_returns_verified_rows(sample_ds, report_files, name, index, case):
    rows = run_rows(sample_ds, report_files, name, case["params"])
    if case.get("subject") == "report":  # report-facts: only the edu:Report node's own triples
        if "conferrals" in case:
            typed = [r for r in rows if r["p"] == "rdf:type" and r["o"] == "edu:AwardConferral"]
            assert len(typed) == case["conferrals"]
        rows = [r for r in rows if r["s"] == case["params"]["report"]]
    actual = project(rows, case["columns"])
    expected = [tuple(entry["row"]) for entry in case["rows"]]
    missing = [row for row in expected if row not in actual]
    assert missing == [], f"{name} {case['params']}: verified rows not returned"
    if case.get("exact"):
        assert sorted(actual) == sorted(expected)
    if "top" in case:
        assert actual[: case["top"]] == expected
    if "count" in case:
        assert len(actual) == case["count"]


if WRONG:  # every known error has been fixed so far; new ones go to known_wrong and show up here

    @pytest.mark.xfail(reason="extraction error listed in tests/query/expected (known_wrong)", strict=False)
    @pytest.mark.parametrize("name,params,columns,row,why", WRONG, ids=WRONG_IDS)
    def test_sample_corpus_known_wrong_row_absent(sample_ds, report_files, name, params, columns, row, why):
        assert row not in project(run_rows(sample_ds, report_files, name, params), columns), why


FIXED = [(name, case["params"], case["columns"], tuple(entry["row"]), entry["was_wrong"])
         for name, _index, case in CASES for entry in case.get("fixed", [])]


@pytest.mark.parametrize("name,params,columns,row,why", FIXED, ids=[f"{f[0]}-{i}" for i, f in enumerate(FIXED)])
def test_sample_corpus_fixed_errors_stay_fixed(sample_ds, report_files, name, params, columns, row, why):
    """Rows once returned wrongly (recorded under ``fixed`` with the reason) must not come back."""
    assert row not in project(run_rows(sample_ds, report_files, name, params), columns), why


@pytest.mark.xfail(reason="row the text supports but the graph lacks (known_missing)", strict=False)
@pytest.mark.parametrize("name,params,columns,row,why", MISSING, ids=MISSING_IDS)
def test_sample_corpus_known_missing_row_present(sample_ds, report_files, name, params, columns, row, why):
    assert row in project(run_rows(sample_ds, report_files, name, params), columns), why


def test_sample_corpus_flagged_rows_are_not_also_verified():
    for name, index, case in CASES:
        verified = {tuple(entry["row"]) for entry in case["rows"]}
        flagged = {tuple(entry["row"]) for entry in case.get("known_wrong", []) + case.get("known_missing", [])}
        assert not verified & flagged, f"{name}-{index}"


@pytest.mark.parametrize("fact", ["id:region/320404", "id:region/320412", "id:region/330803"])
def test_sample_corpus_evidence_spans_quote_the_report(sample_ds, report_files, fact):
    texts = {
        str(f): str(t)
        for f, t in sample_ds.query(
            "PREFIX edu: <https://w3id.org/edukg/ontology#> "
            "SELECT ?f ?t WHERE { ?r a edu:Report ; edu:sourceFile ?f ; edu:text ?t }"
        )
    }
    rows = run_rows(sample_ds, report_files, "evidence", {"fact": fact})
    assert {r["sourceFile"] for r in rows} <= set(texts)
    for row in rows:
        start, end = int(row["start"]), int(row["end"])
        assert texts[row["sourceFile"]][start:end] == row["exact"]
        assert row["exact"] in (REPORTS / row["sourceFile"]).read_text(encoding="utf-8")


def test_sample_corpus_shared_programmes_are_named_in_each_region(sample_ds, report_files):
    texts: dict[str, list[str]] = {}
    for label, text in sample_ds.query(
        "PREFIX edu: <https://w3id.org/edukg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT ?l ?t WHERE { ?r a edu:Report ; edu:text ?t ; edu:aboutRegion/rdfs:label ?l }"
    ):
        texts.setdefault(str(label), []).append(str(text).translate(QUOTES))
    for row in run_rows(sample_ds, report_files, "shared-programmes", {}):
        name = row["programLabel"].translate(QUOTES)
        assert any(name in t for t in texts.get(row["regionLabel"], [])), row


def test_sample_corpus_targets_and_actuals_of_the_district_are_for_different_years(sample_ds, report_files):
    """Why targets-vs-actuals is empty: the 2019 plan's targets vs the 2020 self-evaluation's actuals."""
    rows = run_rows(sample_ds, report_files, "indicator-time-series",
                    {"region": "钟楼区", "indicator": "ind:new-school-places"})
    years = {(r["modality"], r["report"]): r["obsYear"] for r in rows}
    assert years[("edu:Target", "003_6ec6c73d85554b96.txt")] == "2019"
    assert years[("edu:Actual", "000_8ea2f4150da8d5c9.txt")] == "2020"
