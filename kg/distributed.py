"""Extraction as a map step on Dask, for corpora beyond one machine's process pool.

The map step ingests and extracts each report on the Dask workers (``dask.bag`` over the file
paths; the local multiprocessing scheduler by default, or a running ``distributed`` cluster given
by its scheduler address). Each report's result comes back as an ``ExtractionResult``, which the
pipeline stores in its extraction cache; the reduce step (cross-report linking, RDF building, store
and exports) runs on the driver, because resolving one entity across reports needs every report's
mentions. Output is identical to the local engine's.
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.errors import KgError


def extract_with_dask(paths: Sequence[str], scheduler: str | None = None, partitions: int | None = None) -> list:
    """Outcomes (ExtractionResult or Problem) of ``paths``, in order, computed by Dask."""
    try:
        import dask.bag as db
    except ImportError as exc:
        raise KgError("the dask engine needs Dask: pip install 'edukg[dask]' (or use --engine local)") from exc
    from kg.pipeline import _process_file

    if not paths:
        return []
    bag = db.from_sequence(list(paths), npartitions=partitions or min(len(paths), 64))
    if scheduler:
        try:
            from dask.distributed import Client
        except ImportError as exc:
            raise KgError("--scheduler needs dask.distributed: pip install distributed") from exc
        with Client(scheduler) as client:
            return list(client.compute(bag.map(_process_file)).result())
    return list(bag.map(_process_file).compute(scheduler="processes"))
