"""bench/generate_corpus.py: deterministic, realistic corpus from the sample reports; --mutate."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "generate_corpus.py"
_spec = importlib.util.spec_from_file_location("generate_corpus", SCRIPT)
gc = importlib.util.module_from_spec(_spec)
sys.modules["generate_corpus"] = gc
_spec.loader.exec_module(gc)

# Home places and school names of the sample reports (test inputs, not tuning).
SOURCE_PLACES = ["钟楼", "武进", "衢江", "常州市", "衢州市"]
SOURCE_SCHOOLS = ["荆川小学", "湖塘实小", "淹城实验小学", "衢江区东港小学"]


@pytest.fixture(scope="module")
def generator():
    return gc.Generator.load()


def _read(paths: list[Path]) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in paths}


def test_generate_corpus_same_seed_same_bytes_other_seed_differs(generator, tmp_path: Path) -> None:
    one = _read(gc.generate_corpus(6, tmp_path / "a", seed=7, generator=generator))
    two = _read(gc.generate_corpus(6, tmp_path / "b", seed=7, generator=generator))
    other = _read(gc.generate_corpus(6, tmp_path / "c", seed=8, generator=generator))
    assert one == two
    assert sum(one[name] != other[name] for name in one) >= 5


def test_generate_corpus_writes_n_utf8_reports(generator, tmp_path: Path) -> None:
    paths = gc.generate_corpus(5, tmp_path, seed=1, generator=generator)
    assert [p.name for p in paths] == [f"gen_{i:06d}.txt" for i in range(5)]
    assert sorted(p.name for p in tmp_path.glob("*.txt")) == [p.name for p in paths]
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert len(text) > 2000 and "一、" in text and "教育" in text


def test_generate_corpus_moves_reports_to_other_real_places(generator, tmp_path: Path) -> None:
    paths = gc.generate_corpus(8, tmp_path, seed=2, generator=generator)
    targets = set()
    for index, path in enumerate(paths):
        text = path.read_text(encoding="utf-8")
        base, target, _ = generator.plan(2, index)
        city = generator.regions[target.parent]
        targets.add(target.code)
        assert target.level == "county" and city.level == "city"
        assert target.name[-1] == base.county.name[-1]  # 区 stays 区: "区委、区政府" still reads right
        assert target.name in text or target.short in text
        assert not any(place in text for place in SOURCE_PLACES), path.name
    assert len(targets) >= 6


def test_generate_corpus_replaces_school_names(generator, tmp_path: Path) -> None:
    paths = gc.generate_corpus(8, tmp_path, seed=4, generator=generator)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    assert not any(school in text for school in SOURCE_SCHOOLS for text in texts)
    words = set(gc.place_words())
    mapping = gc.school_mapping(generator.sources, sorted(words), generator.suffixes, random.Random(0))
    assert mapping["湖塘实小"].endswith("实小") and mapping["湖塘实小"][:2] in words
    assert mapping["淹城实验小学"].endswith("实验小学") and len(mapping["淹城实验小学"]) == 6


def test_generate_corpus_home_county_from_real_header() -> None:
    regions = gc.load_regions()
    county = gc.home_county("衢州市衢江区人民政府2019年度履行教育职责自评报告 我区现有各级各类学校", regions)
    assert (county.code, county.name, regions[county.parent].name) == ("330803", "衢江区", "衢州市")
    with pytest.raises(ValueError):
        gc.home_county("加强党史学习教育。今年,区教育局", regions)


def test_generate_corpus_substitute_is_one_pass_longest_first() -> None:
    mapping = {"钟楼区": "色尼区", "钟楼": "色尼", "常州市": "那曲市"}
    assert gc.substitute("常州市钟楼区人民政府，钟楼教育", mapping) == "那曲市色尼区人民政府，色尼教育"
    assert gc.substitute("武进衢江", {"武进": "衢江", "衢江": "钟楼"}) == "衢江钟楼"


def test_generate_corpus_mutate_rewrites_exact_count(generator, tmp_path: Path) -> None:
    before = _read(gc.generate_corpus(10, tmp_path, seed=5, generator=generator))
    changed = gc.mutate_corpus(tmp_path, 30, generator=generator)
    after = _read(sorted(tmp_path.glob("*.txt")))
    assert len(changed) == 3
    assert sorted(n for n in before if before[n] != after[n]) == [p.name for p in changed]
    for path in changed:  # same place, new paragraph mix
        _, target, _ = generator.plan(5, int(path.name[4:10]))
        assert target.name in path.read_text(encoding="utf-8") or target.short in path.read_text(encoding="utf-8")
    again = gc.mutate_corpus(tmp_path, 30, generator=generator)
    final = _read(sorted(tmp_path.glob("*.txt")))
    assert sum(after[n] != final[n] for n in after) == 3 and len(again) == 3


def test_generate_corpus_mutation_count_rounds_half_up() -> None:
    assert gc.mutation_count(7, 50) == 4
    assert gc.mutation_count(10, 0) == 0
    assert gc.mutation_count(10, 100) == 10
    assert gc.mutation_count(3, 10) == 0


def test_generate_corpus_mutate_needs_generated_corpus(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="generate the corpus with this script first"):
        gc.mutate_corpus(tmp_path, 10, generator=object())
