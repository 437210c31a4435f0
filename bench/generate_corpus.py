"""Generate a deterministic benchmark corpus of realistic reports from the sample reports.

    python bench/generate_corpus.py N OUT_DIR [--seed S] [--sources DIR]
    python bench/generate_corpus.py OUT_DIR --mutate PCT [--seed S]

Each generated report takes one sample report as its skeleton (titles, headings, page chrome) and
recombines body paragraphs from all samples, then moves the whole text to another real place: the
sample's home county, its city, province and sibling counties (found in the text with the national
table kg/data/regions.tsv, not listed here) become a county-level unit drawn from that table (same
administrative suffix, 区 for 区) with its own city, province and siblings; the school names the
extractor finds become new place-like names (bench/data/place_morphemes.txt + a school suffix).
Output is a pure function of the seed: file ``gen_{i:06d}.txt`` depends on (seed, i, revision).
``--mutate PCT`` rewrites round-half-up(N * PCT / 100) files of an existing corpus (next revision:
same place and schools, different paragraph mix), for the incremental-build benchmark; the corpus
state lives in ``OUT_DIR/.corpus.json`` (a hidden file, which ``kg build`` skips).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = ROOT / "data" / "reports"
REGIONS_TSV = ROOT / "kg" / "data" / "regions.tsv"
SCHOOL_SUFFIXES = ROOT / "kg" / "data" / "lexicon" / "school_suffixes.txt"
MORPHEMES = Path(__file__).resolve().parent / "data" / "place_morphemes.txt"
STATE_FILE = ".corpus.json"

# A body paragraph (swappable between reports) is at least this long; shorter lines are titles,
# headings, dates or page chrome and stay with their skeleton.
BODY_MIN_CHARS = 150
P_REPLACE, P_DROP, P_INSERT = 0.35, 0.08, 0.12
# Names of development zones and similar statistical units, which no report is "about".
NOT_A_COUNTY = re.compile(r"开发|管理|园区|新区|试验区|示范区|高新")


@dataclass(frozen=True)
class Region:
    """One row of regions.tsv."""

    code: str
    name: str
    short: str
    level: str
    parent: str


@dataclass(frozen=True)
class Source:
    """A sample report: its lines, its home county, and the school names found in it."""

    name: str
    lines: tuple[str, ...]
    county: Region
    schools: tuple[str, ...]


def load_regions(path: Path = REGIONS_TSV) -> dict[str, Region]:
    """Code -> Region from the national admin-division table."""
    regions: dict[str, Region] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("code\t"):
            continue
        code, name, short, level, parent = (line.split("\t") + [""] * 5)[:5]
        regions[code] = Region(code, name, short or name, level, parent)
    return regions


def _names(region: Region) -> list[str]:
    """Full name, plus the short name when it differs and has at least 2 characters."""
    return [region.name] + ([region.short] if region.short != region.name and len(region.short) >= 2 else [])


def home_county(text: str, regions: dict[str, Region]) -> Region:
    """The county-level unit a report is about: most mentioned, preferring one whose city is named too."""
    best: tuple[int, int, str] | None = None
    for region in regions.values():
        if region.level != "county":
            continue
        count = sum(text.count(n) for n in _names(region))
        if not count:
            continue
        city = regions.get(region.parent)
        city_named = city is not None and any(n in text for n in _names(city))
        key = (int(city_named), count, region.code)
        if best is None or key[:2] > best[:2]:
            best = key
    if best is None:
        raise ValueError("no county-level region named in the text")
    return regions[best[2]]


def school_suffixes(path: Path = SCHOOL_SUFFIXES) -> list[str]:
    """School-type suffixes, longest first."""
    rows = [line.split("\t")[0] for line in path.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    return sorted(set(rows), key=lambda s: (-len(s), s))


def place_words(path: Path = MORPHEMES) -> list[str]:
    """Every place-like 2-character word FIRST+SECOND, sorted."""
    parts = dict(line.split("\t", 1) for line in path.read_text(encoding="utf-8").splitlines()
                 if line and not line.startswith("#"))
    return sorted(a + b for a in parts["FIRST"].strip() for b in parts["SECOND"].strip())


def find_schools(path: Path) -> list[str]:
    """Names of specific schools the project's extractor finds in a report, sorted."""
    from kg.extract.entities import extract_mentions  # lazy: pulls in jieba
    from kg.ingest import load_document

    mentions = extract_mentions(load_document(path))
    return sorted({m.name for m in mentions if str(getattr(m.type, "name", m.type)).upper() == "SCHOOL"
                   and not m.generic and len(m.name) >= 3})


def load_sources(directory: Path = DEFAULT_SOURCES, regions: dict[str, Region] | None = None) -> list[Source]:
    """The sample reports with their home county and school names."""
    regions = regions or load_regions()
    sources = []
    for path in sorted(directory.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sources.append(Source(path.name, tuple(text.splitlines()), home_county(text, regions),
                              tuple(find_schools(path))))
    if not sources:
        raise FileNotFoundError(f"{directory}: no .txt sample reports")
    return sources


def target_counties(regions: dict[str, Region]) -> list[Region]:
    """County-level units under a prefecture-level city (not development zones), sorted by code."""
    return [r for r in sorted(regions.values(), key=lambda r: r.code)
            if r.level == "county" and r.parent in regions and regions[r.parent].level == "city"
            and not NOT_A_COUNTY.search(r.name) and len(r.name) >= 2]


def _children(regions: dict[str, Region], parent: str) -> list[Region]:
    return [r for r in sorted(regions.values(), key=lambda r: r.code) if r.parent == parent]


def region_mapping(sources: list[Source], target: Region, regions: dict[str, Region],
                   rng: random.Random) -> dict[str, str]:
    """Source place name -> target place name, for every source's county, city, province and siblings."""
    city, province = regions[target.parent], regions.get(regions[target.parent].parent)
    siblings = [r for r in _children(regions, city.code) if r.code != target.code]
    rng.shuffle(siblings)
    mapping: dict[str, str] = {}

    def pair(old: Region, new: Region) -> None:
        for old_name, new_name in zip(_names(old), _names(new) + [new.name]):
            mapping.setdefault(old_name, new_name)
        if len(_names(old)) > len(_names(new)):
            mapping.setdefault(_names(old)[1], new.name)

    text = "\n".join(line for s in sources for line in s.lines)
    for source in sources:
        pair(source.county, target)
        source_city = regions.get(source.county.parent)
        if source_city is not None:
            pair(source_city, city)
            if province is not None and source_city.parent in regions:
                pair(regions[source_city.parent], province)
            for sibling in _children(regions, source_city.code):
                if sibling.code != source.county.code and siblings and sibling.name not in mapping \
                        and any(n in text for n in _names(sibling)):
                    pair(sibling, siblings.pop())
    return mapping


def school_mapping(sources: list[Source], words: list[str], suffixes: list[str],
                   rng: random.Random) -> dict[str, str]:
    """Source school name -> a new name: same suffix, a place-like word instead of the proper name."""
    pool = list(words)
    rng.shuffle(pool)
    mapping: dict[str, str] = {}
    for name in sorted({n for s in sources for n in s.schools}):
        suffix = next((s for s in suffixes if name.endswith(s) and len(name) > len(s)), None)
        if suffix is None or not pool:
            continue
        mapping[name] = pool.pop() + suffix
    return mapping


def substitute(text: str, mapping: dict[str, str]) -> str:
    """Replace every key of ``mapping`` in one left-to-right pass, longest key first at each position."""
    if not mapping:
        return text
    pattern = re.compile("|".join(re.escape(k) for k in sorted(mapping, key=lambda k: (-len(k), k))))
    return pattern.sub(lambda m: mapping[m.group(0)], text)


def recombine(base: Source, pool: list[str], rng: random.Random) -> list[str]:
    """The skeleton's lines with some body paragraphs replaced, dropped or followed by one from ``pool``."""
    out: list[str] = []
    for line in base.lines:
        if len(line.strip()) < BODY_MIN_CHARS:
            out.append(line)
            continue
        roll = rng.random()
        if roll < P_DROP:
            continue
        out.append(rng.choice(pool) if roll < P_DROP + P_REPLACE else line)
        if rng.random() < P_INSERT:
            out.append(rng.choice(pool))
    return out


@dataclass
class Generator:
    """Everything a corpus is generated from; ``report(seed, i, revision)`` is a pure function."""

    sources: list[Source]
    regions: dict[str, Region]
    counties: list[Region]
    words: list[str]
    suffixes: list[str]

    @classmethod
    def load(cls, sources_dir: Path = DEFAULT_SOURCES) -> "Generator":
        """Read the sample reports, region table and naming parts."""
        regions = load_regions()
        return cls(load_sources(sources_dir, regions), regions, target_counties(regions), place_words(),
                   school_suffixes())

    def plan(self, seed: int, index: int) -> tuple[Source, Region, random.Random]:
        """Skeleton source and target county of report ``index`` (and the rng that drew them)."""
        rng = random.Random(f"edukg-corpus:{seed}:{index}")
        base = rng.choice(self.sources)
        suffix = base.county.name[-1]
        same_kind = [c for c in self.counties if c.name.endswith(suffix)] or self.counties
        return base, rng.choice(same_kind), rng

    def report(self, seed: int, index: int, revision: int = 0) -> str:
        """Text of report ``index``: place, skeleton and schools from (seed, index), paragraphs also from revision."""
        base, target, rng = self.plan(seed, index)
        places = region_mapping(self.sources, target, self.regions, rng)
        schools = school_mapping(self.sources, self.words, self.suffixes, rng)
        pool = sorted({line for s in self.sources for line in s.lines if len(line.strip()) >= BODY_MIN_CHARS})
        lines = recombine(base, pool, random.Random(f"edukg-corpus:{seed}:{index}:{revision}"))
        text = substitute(substitute("\n".join(lines), schools), places)
        return text if text.endswith("\n") else text + "\n"


def file_name(index: int) -> str:
    """Name of generated report ``index``."""
    return f"gen_{index:06d}.txt"


def generate_corpus(n: int, out_dir: Path, seed: int = 0, generator: Generator | None = None) -> list[Path]:
    """Write ``n`` reports to ``out_dir`` (UTF-8) and the corpus state; returns the paths, sorted."""
    generator = generator or Generator.load()
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(n):
        path = out_dir / file_name(index)
        path.write_text(generator.report(seed, index), encoding="utf-8")
        paths.append(path)
    state = {"seed": seed, "n": n, "mutations": 0, "revisions": {p.name: 0 for p in paths}}
    (out_dir / STATE_FILE).write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
    return paths


def mutation_count(n: int, pct: float) -> int:
    """How many of ``n`` files ``--mutate pct`` rewrites: round half up of n * pct / 100."""
    return min(n, int(n * pct / 100 + 0.5))


def mutate_corpus(out_dir: Path, pct: float, seed: int | None = None,
                  generator: Generator | None = None) -> list[Path]:
    """Rewrite ``mutation_count(n, pct)`` files of a generated corpus with new content; returns them, sorted."""
    state_path = out_dir / STATE_FILE
    if not state_path.exists():
        raise FileNotFoundError(f"{out_dir}: no {STATE_FILE}; generate the corpus with this script first")
    if not 0 <= pct <= 100:
        raise ValueError(f"--mutate {pct}: expected a percentage between 0 and 100")
    state = json.loads(state_path.read_text(encoding="utf-8"))
    generator = generator or Generator.load()
    names = sorted(state["revisions"])
    pick_seed = state["seed"] if seed is None else seed
    rng = random.Random(f"edukg-mutate:{pick_seed}:{state['mutations']}")
    chosen = sorted(rng.sample(names, mutation_count(len(names), pct)))
    for name in chosen:
        index, old = int(name[4:10]), (out_dir / name).read_text(encoding="utf-8")
        for _ in range(50):  # bounded: a new paragraph mix almost always differs at once
            state["revisions"][name] += 1
            text = generator.report(state["seed"], index, state["revisions"][name])
            if text != old:
                break
        else:
            raise RuntimeError(f"{name}: could not produce a different text")
        (out_dir / name).write_text(text, encoding="utf-8")
    state["mutations"] += 1
    state_path.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
    return [out_dir / name for name in chosen]


def main(argv: list[str] | None = None) -> int:
    """Command line: generate N reports, or mutate PCT% of an existing corpus."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     usage="%(prog)s N OUT_DIR [--seed S] | %(prog)s OUT_DIR --mutate PCT")
    parser.add_argument("args", nargs="+", metavar="N OUT_DIR")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default 0; for --mutate: the corpus seed)")
    parser.add_argument("--mutate", type=float, metavar="PCT", help="rewrite PCT%% of the files of OUT_DIR")
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES, help="directory of sample .txt reports")
    options = parser.parse_args(argv)
    generator = Generator.load(options.sources)
    if options.mutate is not None:
        if len(options.args) != 1:
            parser.error("with --mutate give only OUT_DIR")
        changed = mutate_corpus(Path(options.args[0]), options.mutate, options.seed, generator)
        print(f"rewrote {len(changed)} files in {options.args[0]}")
        return 0
    if len(options.args) != 2 or not options.args[0].isdigit():
        parser.error("expected N OUT_DIR")
    paths = generate_corpus(int(options.args[0]), Path(options.args[1]), options.seed or 0, generator)
    print(f"wrote {len(paths)} reports to {options.args[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
