"""Loading of word lists under ``kg/data/lexicon/`` (one entry per line, '#' comments), cached."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kg.errors import InputError

LEXICON_DIR = Path(__file__).resolve().parent.parent / "data" / "lexicon"


@lru_cache(maxsize=None)
def load_list(name: str) -> tuple[str, ...]:
    """Entries of ``kg/data/lexicon/{name}.txt`` in file order, without comments and blank lines."""
    path = LEXICON_DIR / f"{name}.txt"
    if not path.is_file():
        available = sorted(p.stem for p in LEXICON_DIR.glob("*.txt"))
        raise InputError(str(path), f"no lexicon {name!r}. Available: {', '.join(available)}")
    entries: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return tuple(entries)


def load_set(name: str) -> frozenset[str]:
    """The entries of :func:`load_list` as a frozenset, for membership tests."""
    return _load_set(name)


@lru_cache(maxsize=None)
def _load_set(name: str) -> frozenset[str]:
    return frozenset(load_list(name))
