"""The build's two map steps on Dask, for corpora beyond one machine's process pool.

``dask.bag`` runs the tasks on the local multiprocessing scheduler by default, or on a running
``distributed`` cluster given by its scheduler address; put the output directory on a file system
the workers share. Map 1 ingests and extracts each report, writes its extraction result to the
build's cache and returns only its link input; the driver resolves keys across reports (which
needs every report's mentions); map 2 links, builds, validates and serialises each report into a
graph part (its canonical N-Triples and exports) in the part store; the reduce step on the driver
loads the parts into the store and streams the exports. Output is identical to the local engine's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from kg.errors import KgError

T = TypeVar("T")
R = TypeVar("R")


def map_with_dask(fn: Callable[[T], R], items: Sequence[T], scheduler: str | None = None,
                  partitions: int | None = None) -> list[R]:
    """``fn`` over ``items`` as a Dask bag map step; results in input order."""
    try:
        import dask.bag as db
    except ImportError as exc:
        raise KgError("the dask engine needs Dask: pip install 'edukg[dask]' (or use --engine local)") from exc
    if not items:
        return []
    bag = db.from_sequence(list(items), npartitions=partitions or min(len(items), 64))
    if scheduler:
        try:
            from dask.distributed import Client
        except ImportError as exc:
            raise KgError("--scheduler needs dask.distributed: pip install distributed") from exc
        with Client(scheduler) as client:
            return list(client.compute(bag.map(fn)).result())
    return list(bag.map(fn).compute(scheduler="processes"))
