"""Pause Python's cyclic garbage collector around work that makes millions of long-lived
objects (a whole-graph read, identity resolution): each full collection would walk them all
again, which roughly doubles such a run. Reference counting still frees everything else."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic GC inside the block; enable it after only if it was enabled before
    (so pauses nest)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
