"""Problems of the events files validated lately, by content hash: one validation pass serves the map and the editor.

The map's load validates the whole file; the Edit page needs the same problems for the same bytes. Keeping the
last few versions' problems (not their rows) lets the second reader skip a pass that costs seconds at 100,000 rows.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from influence.contract.problems import Problem

KEEP = 4  # versions remembered: problems only, a few MB at most each
_RECENT: OrderedDict[str, tuple[Problem, ...]] = OrderedDict()
_LOCK = threading.Lock()


def remember(digest: str, problems: tuple[Problem, ...]) -> None:
    """Record the problems validation found in the bytes whose sha256 is `digest`."""
    with _LOCK:
        _RECENT[digest] = tuple(problems)
        _RECENT.move_to_end(digest)
        while len(_RECENT) > KEEP:
            _RECENT.popitem(last=False)


def recall(digest: str) -> tuple[Problem, ...] | None:
    """The problems of the bytes whose sha256 is `digest`, if they were validated lately; else None."""
    with _LOCK:
        found = _RECENT.get(digest)
        if found is not None:
            _RECENT.move_to_end(digest)
        return found
