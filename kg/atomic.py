"""Atomic file writes: a crash or Ctrl-C never leaves a half-written output file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def temp_beside(path: Path) -> Path:
    """A new empty temporary file in ``path``'s directory (created if needed), named after ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        os.close(fd)
    return Path(tmp)


@contextmanager
def committing(tmp: Path, path: Path, durable: bool = True) -> Iterator[None]:
    """Rename the finished ``tmp`` over ``path`` when the block ends without error; else remove ``tmp``.

    For a temporary file (:func:`temp_beside`) written by anyone, another process included.
    """
    try:
        yield
        if durable:
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def atomic_open(path: Path, durable: bool = True) -> Iterator[BinaryIO]:
    """A binary file to stream into; it replaces ``path`` only when the block ends without error.

    The data goes to a temporary file beside ``path`` (fsynced when ``durable``) that is renamed over
    ``path`` at the end; on any exception, Ctrl-C included, the temporary file is removed and
    ``path`` keeps its old content. Caches pass ``durable=False``: they check their entries on read.
    """
    tmp = temp_beside(path)
    with committing(tmp, Path(path), durable=False):
        with open(tmp, "wb") as fh:
            yield fh
            fh.flush()
            if durable:
                os.fsync(fh.fileno())


def atomic_write_bytes(path: Path, data: bytes, durable: bool = True) -> Path:
    """Write ``data`` to a temporary file beside ``path``, fsync it, then rename it over ``path``."""
    with atomic_open(path, durable) as fh:
        fh.write(data)
    return Path(path)


_UMASK: int | None = None


def _umask() -> int:
    global _UMASK
    if _UMASK is None:
        _UMASK = os.umask(0)
        os.umask(_UMASK)
    return _UMASK


def atomic_write_text(path: Path, text: str) -> Path:
    """UTF-8 text version of :func:`atomic_write_bytes`."""
    return atomic_write_bytes(path, text.encode("utf-8"))
