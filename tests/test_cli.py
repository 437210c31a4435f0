"""The kg command line: every command documented, exit codes, one-line errors, real output."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

REPO = Path(__file__).resolve().parents[1]
COMMANDS = sorted(cli.commands)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cli_lists_the_subcommands():
    assert COMMANDS == ["build", "eval", "push", "query", "remove", "serve", "stats", "validate", "viz"]


@pytest.mark.parametrize("name", COMMANDS)
def test_cli_every_command_has_help_with_an_example_and_is_in_the_readme(name):
    result = run(name, "--help")
    assert result.exit_code == 0
    assert "Example: kg " + name in result.output
    assert re.search(rf"`kg {name}\b", (REPO / "README.md").read_text(encoding="utf-8")), name


def test_cli_query_on_sample_build_table_and_json(sample_build):
    out, _ = sample_build
    graph = str(out / "kg.trig")
    table = run("query", "awards-by-level-and-year", "--param", "region=钟楼区", "--graph", graph)
    assert table.exit_code == 0, table.output
    assert "edu:National" in table.output and "edu:Provincial" in table.output
    as_json = run("query", "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?r a <https://w3id.org/edukg/ontology#Report> }",
                  "--graph", graph, "--format", "json")
    assert json.loads(as_json.output)["results"]["bindings"][0]["n"]["value"] == "4"


def test_cli_query_errors_are_one_line_with_exit_code_1(sample_build):
    out, _ = sample_build
    graph = str(out / "kg.trig")
    unknown = run("query", "no-such-query", "--graph", graph)
    assert unknown.exit_code == 1 and "No query 'no-such-query'" in unknown.output
    bad = run("query", "--sparql", "SELECT ?x WHERE { ?x ", "--graph", graph)
    assert bad.exit_code == 1 and len(bad.output.strip().splitlines()) <= 3
    assert "Traceback" not in bad.output


def test_cli_validate_and_stats_on_sample_build(sample_build):
    out, _ = sample_build
    valid = run("validate", str(out / "kg.trig"))
    assert valid.exit_code == 0 and "conforms: 0 violations" in valid.output
    stats = run("stats", "--graph", str(out / "kg.trig"), "--json")
    data = json.loads(stats.output)
    assert data["classes"]["Report"] == 4 and data["classes"]["Region"] >= 4


def test_cli_eval_prints_the_score_table(sample_build):
    out, _ = sample_build
    result = run("eval", str(REPO / "tests" / "gold"), "--graph", str(out / "kg.trig"), "--errors", "0")
    assert result.exit_code == 0
    assert re.search(r"^metrics\s+371\s", result.output, re.M)


def test_cli_build_reports_skipped_files_with_exit_code_3(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "r.txt").write_text("2020年，全区新增学位300个。\n", encoding="utf-8")
    (corpus / "bad.txt").write_bytes(b"\x00\xff" * 100)
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus), "-o", str(tmp_path / "out"),
                           "--workers", "1"], capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 3, proc.stderr
    assert re.search(r"skipped: .*bad\.txt: .*binary", proc.stderr)
    assert (tmp_path / "out" / "kg.ttl").exists()


def test_cli_missing_input_is_a_one_line_error(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(tmp_path / "nope"), "-o",
                           str(tmp_path / "out")], capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [f"Error: {tmp_path / 'nope'}: no such file or directory"]


def test_cli_query_without_a_build_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("query", "--list")
    assert result.exit_code == 0 and "schools-with-awards" in result.output
    missing = run("query", "schools-with-awards", "--param", "region=钟楼区")
    assert missing.exit_code == 1 and "run `kg build" in missing.output
