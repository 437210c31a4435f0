"""Word lists and patterns of the ingest stage, loaded once from ``kg/data/ingest/`` (see their headers)."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

# Sentence-ending punctuation; a line with one of these is prose, not page furniture.
TERMINATORS = "。！？!?"
CJK = "\u4e00-\u9fff\u3400-\u4dbf"


def data_lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of ``kg/data/ingest/<name>``."""
    text = resources.files("kg").joinpath("data", "ingest", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def chrome_line_re() -> re.Pattern[str]:
    """Lines of page chrome (print/close widgets, footers, contact lines, share widgets...)."""
    return re.compile("|".join(f"(?:{p})" for p in data_lines("chrome_lines.txt")), re.IGNORECASE)


@cache
def chrome_block_re() -> re.Pattern[str]:
    """A line that is only the header of a related-links / searches block."""
    words = "|".join(map(re.escape, data_lines("chrome_blocks.txt")))
    return re.compile(rf"^【?(?:{words})】?\s*(?:[:：]|>>|»|更多)?\s*(?:更多\s*(?:>>|»)?)?$")


@cache
def inline_artefact_re() -> re.Pattern[str]:
    """Converter artefacts deleted wherever they occur inside a line."""
    return re.compile("|".join(f"(?:{p})" for p in data_lines("inline_artefacts.txt")))


@cache
def meta_fields() -> dict[str, str]:
    """Metadata-table label -> field key (信息名称 -> title)."""
    fields: dict[str, str] = {}
    for line in data_lines("meta_fields.tsv"):
        label, key = line.split("\t")
        fields[label] = key
    return fields


@cache
def meta_label_re() -> re.Pattern[str]:
    """A metadata-table label followed by a colon; inner spaces allowed (索 引 号:)."""
    labels = sorted(meta_fields(), key=len, reverse=True)
    alternatives = "|".join(r"\s*".join(map(re.escape, label)) for label in labels)
    return re.compile(rf"(?P<label>{alternatives})\s*[:：]")


@cache
def organ_abbreviations() -> dict[str, tuple[str, ...]]:
    """Short organ ending -> the full endings it may stand for (教文局 -> 教育文体局, ...)."""
    table: dict[str, tuple[str, ...]] = {}
    for line in data_lines("organ_abbreviations.tsv"):
        short, full = line.split("\t")
        table[short] = tuple(full.split("|"))
    return table


@cache
def organ_suffixes() -> tuple[str, ...]:
    """Endings of organ names, full (人民政府, 教育局) and short (教文局), longest first."""
    endings = set(data_lines("organ_suffixes.txt")) | set(organ_abbreviations())
    return tuple(sorted(endings, key=lambda s: (-len(s), s)))


@cache
def region_suffixes() -> tuple[str, ...]:
    """Endings of administrative-division names (省, 市, 区, 县, 自治州, ...), longest first."""
    return tuple(sorted(set(data_lines("region_suffixes.txt")), key=lambda s: (-len(s), s)))


@cache
def genre_cues() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(genre key, cue pattern) in priority order."""
    cues = []
    for line in data_lines("genre_cues.tsv"):
        genre, pattern = line.split("\t")
        cues.append((genre, re.compile(pattern, re.MULTILINE)))
    return tuple(cues)
