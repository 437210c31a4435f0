"""The union of many graphs' sorted N-Triples, as one sorted, deduplicated stream (external k-way merge).

kg.ttl holds each triple of the corpus once, whichever reports state it. Graph parts keep their
N-Triples sorted, so the union is a k-way merge; it is done subject by subject: each part gives
its subjects in order, each with its lines and the Turtle block its TriG already holds. A subject
found in one part only, or whose lines one part holds in full (a region's label and type repeated
by every report about it), keeps that block, so only subjects whose lines several parts complete
are rendered again. With more parts than :data:`FAN_IN`, sorted runs of FAN_IN parts are merged
into temporary files first, so memory stays flat and open files bounded whatever the corpus size.
"""

from __future__ import annotations

import heapq
import itertools
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from operator import itemgetter
from pathlib import Path
from typing import BinaryIO

from kg.rdf.parts import PartRef

FAN_IN = 128

# One subject of the union: its N-Triples term, its sorted distinct lines, its Turtle block if known.
Group = tuple[bytes, list[bytes], "str | None"]
_subject = itemgetter(0)


def _dedup(lines: Iterable[bytes]) -> Iterator[bytes]:
    previous = None
    for line in lines:
        if line != previous and line.strip():
            yield line if line.endswith(b"\n") else line + b"\n"
            previous = line


def part_groups(ref: PartRef) -> Iterator[Group]:
    """The subject groups of one part, each with its block from the part's TriG."""
    part = ref.part()
    sizes, blocks = part.group_sizes, part.blocks()
    del part  # keep its TriG (in ``blocks``), not its JSON-LD and the rest, while the merge runs
    lines = ref.nt_lines()  # canonical: sorted, distinct, one triple a line; streamed from disk
    for size, block in zip(sizes, blocks):
        group = list(itertools.islice(lines, size))
        yield group[0][:group[0].index(b" ")], group, block


def merge_groups(streams: Iterable[Iterator[Group]]) -> Iterator[Group]:
    """One group per subject of several subject-sorted streams, lines merged sorted and distinct."""
    for subject, same in itertools.groupby(heapq.merge(*streams, key=_subject), key=_subject):
        first = next(same)
        others = list(same)
        if not others:
            yield first
            continue
        groups = [first, *others]
        lines = list(_dedup(heapq.merge(*(g[1] for g in groups))))
        # a group holding as many lines as the union holds them all: its block is the union's
        block = next((g[2] for g in groups if g[2] is not None and len(g[1]) == len(lines)), None)
        yield subject, lines, block


# Groups are pickled in batches of about this many bytes: one dump per group cost more than the
# writing, and the final merge holds one batch per run (up to FAN_IN of them) in memory.
BATCH_BYTES = 1 << 18


def _write_run(path: Path, groups: Iterable[Group]) -> None:
    with open(path, "wb") as out:
        batch: list[Group] = []
        size = 0
        for group in groups:
            batch.append(group)
            size += sum(map(len, group[1])) + len(group[2] or "")
            if size >= BATCH_BYTES:
                pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
                batch, size = [], 0
        if batch:
            pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)


def _read_run(fh: BinaryIO) -> Iterator[Group]:
    while True:
        try:
            batch = pickle.load(fh)  # our own temporary files, written by _write_run
        except EOFError:
            return
        yield from batch


def _merge_runs(paths: list[Path]) -> Iterator[Group]:
    with ExitStack() as stack:
        yield from merge_groups(_read_run(stack.enter_context(open(p, "rb"))) for p in paths)


def union_groups(parts: list[PartRef], tmp_dir: Path | None = None) -> Iterator[Group]:
    """Every subject of ``parts`` in order, with its distinct lines and, where one part has it, its block."""
    if len(parts) <= FAN_IN:
        yield from merge_groups(part_groups(p) for p in parts)
        return
    with tempfile.TemporaryDirectory(dir=tmp_dir, prefix="kg-union-") as tmp:
        names = (Path(tmp) / f"run-{i:06d}.bin" for i in itertools.count())
        runs: list[Path] = []
        for start in range(0, len(parts), FAN_IN):
            runs.append(next(names))
            _write_run(runs[-1], merge_groups(part_groups(p) for p in parts[start:start + FAN_IN]))
        while len(runs) > FAN_IN:
            merged: list[Path] = []
            for start in range(0, len(runs), FAN_IN):
                merged.append(next(names))
                _write_run(merged[-1], _merge_runs(runs[start:start + FAN_IN]))
            runs = merged
        yield from _merge_runs(runs)


def union_lines(parts: list[PartRef], tmp_dir: Path | None = None) -> Iterator[bytes]:
    """Every distinct N-Triples line of ``parts``, sorted (bytewise = by code point)."""
    for _, lines, _ in union_groups(parts, tmp_dir):
        yield from lines
