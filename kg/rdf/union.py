"""The union of many graphs' sorted N-Triples, as one sorted, deduplicated stream (external k-way merge).

kg.ttl holds each triple of the corpus once, whichever reports state it. Graph parts keep their
N-Triples sorted, so the union is a k-way merge of their lines with adjacent duplicates dropped;
with more parts than :data:`FAN_IN`, sorted runs of FAN_IN parts are merged into temporary files
first, so memory stays flat and open files bounded whatever the corpus size.
"""

from __future__ import annotations

import heapq
import itertools
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path

from kg.rdf.parts import PartRef

FAN_IN = 128


def _dedup(lines: Iterable[bytes]) -> Iterator[bytes]:
    previous = None
    for line in lines:
        if line != previous and line.strip():
            yield line if line.endswith(b"\n") else line + b"\n"
            previous = line


def _merge_files(paths: list[Path]) -> Iterator[bytes]:
    with ExitStack() as stack:
        files = [stack.enter_context(open(p, "rb")) for p in paths]
        yield from _dedup(heapq.merge(*files))


def union_lines(parts: list[PartRef], tmp_dir: Path | None = None) -> Iterator[bytes]:
    """Every distinct N-Triples line of ``parts``, sorted (bytewise = by code point)."""
    if len(parts) <= FAN_IN:
        yield from _dedup(heapq.merge(*(p.nt_lines() for p in parts)))
        return
    with tempfile.TemporaryDirectory(dir=tmp_dir, prefix="kg-union-") as tmp:
        names = (Path(tmp) / f"run-{i:06d}.nt" for i in itertools.count())
        runs: list[Path] = []
        for start in range(0, len(parts), FAN_IN):
            run = next(names)
            with open(run, "wb") as out:
                out.writelines(_dedup(heapq.merge(*(p.nt_lines() for p in parts[start:start + FAN_IN]))))
            runs.append(run)
        while len(runs) > FAN_IN:
            merged: list[Path] = []
            for start in range(0, len(runs), FAN_IN):
                run = next(names)
                with open(run, "wb") as out:
                    out.writelines(_merge_files(runs[start:start + FAN_IN]))
                merged.append(run)
            runs = merged
        yield from _merge_files(runs)
