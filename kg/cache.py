"""Extraction cache: an input file's bytes hash -> its ExtractionResult, valid for one code version.

Re-running a build on an unchanged corpus does no extraction: each file is read and hashed, and
its result comes from ``output/cache/``. The cache is keyed by the sha256 of the file's bytes and
by a fingerprint of the extraction code and data (every file of the ``kg`` package), so any change
to the extractor or its lexicons invalidates it. Entries are written atomically.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from functools import lru_cache
from pathlib import Path

from kg.atomic import atomic_write_bytes
from kg.model import ExtractionResult

log = logging.getLogger("kg")

_PACKAGE = Path(__file__).resolve().parent
_ONTOLOGY = _PACKAGE.parent / "ontology"  # shapes and schemes: a change there revalidates everything
_CODE_SUFFIXES = frozenset({".py", ".txt", ".tsv", ".json", ".html", ".ttl"})


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """sha256 over the kg package's code and data files and the ontology files, hex, 16 chars."""
    digest = hashlib.sha256()
    for root in (_PACKAGE, _ONTOLOGY):
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in _CODE_SUFFIXES and "__pycache__" not in path.parts:
                digest.update(f"{root.name}/{path.relative_to(root)}".encode("utf-8") + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def file_hash(path: Path) -> str:
    """sha256 of a file's bytes, hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class ExtractionCache:
    """A directory of pickled ExtractionResults for one code fingerprint."""

    def __init__(self, directory: Path, fingerprint: str | None = None) -> None:
        self.fingerprint = fingerprint or code_fingerprint()
        self.directory = Path(directory) / self.fingerprint

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> ExtractionResult | None:
        """The cached result for a bytes hash, or None (a corrupt entry counts as absent)."""
        path = self._path(key)
        if not path.exists():
            return None
        try:
            with open(path, "rb") as fh:
                result = pickle.load(fh)  # our own files, written by put()
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError) as exc:
            log.debug("cache entry %s unreadable (%s): extracting again", path, exc)
            return None
        return result if isinstance(result, ExtractionResult) else None

    def put(self, key: str, result: ExtractionResult) -> None:
        """Store a result atomically."""
        atomic_write_bytes(self._path(key), pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL), durable=False)
