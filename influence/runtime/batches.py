"""Long C-level loops cut into batches, so that other threads get the interpreter between them."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import TypeVar

Item = TypeVar("Item")

# Python switches threads only between bytecodes: one list(...) over 100,000 parsed records is one C call,
# and held the interpreter for 0.3 s, while every other session's script, and the server thread sending a
# page, waited (the editor-preparation thread did so after each visitor's first open). A batch of 2,000
# records is 5-10 ms, about the interpreter's switch interval; gathering in batches costs nothing measurable.
BATCH = 2_000


def gather(items: Iterable[Item], into: list[Item] | None = None) -> list[Item]:
    """`items` appended to `into` (a new list by default) a batch at a time; returns that list.

    An exception part-way leaves the items gathered before it in `into`, as list.extend does."""
    out: list[Item] = [] if into is None else into
    iterator = iter(items)
    while True:
        before = len(out)
        out.extend(itertools.islice(iterator, BATCH))
        if len(out) - before < BATCH:
            return out
