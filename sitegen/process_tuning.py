"""How a build process tunes the interpreter and the allocator for its own run, in one place:
each tuning is undone, or harmless, once the build returns."""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Keep the cycle collector out of a build, and put it back as it was after: a build
    makes millions of short-lived objects that reference counting frees and few cycles, and
    Python's collections, triggered by allocation counts, cost a build much time and save it
    no memory (docs/performance.md)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def return_large_buffers() -> None:
    """Have glibc's malloc hand buffers over 128 KiB (big pages, chunks of pages from the
    workers) back to the system when they are freed. By default it raises that threshold, up
    to 32 MiB, each time such a buffer is freed, and later ones then come from the heap, whose
    freed memory stays counted in the process's peak. Elsewhere than glibc, nothing."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError, TypeError):
        return
    mallopt(_M_MMAP_THRESHOLD, 128 * 1024)


_M_MMAP_THRESHOLD = -3  # glibc's malloc.h
