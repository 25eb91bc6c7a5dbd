"""Login attempts limited per user name and per client: exponential back-off, then a temporary lock-out.

A refused attempt is answered at once without checking the password, so guessing costs the attacker time
and the server nothing. User names are throttled whether or not they exist, so the answers never tell
which names are real. Both the start of a back-off and a lock-out are logged for the operator.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from influence.runtime import serverlog

FREE_FAILURES = 3  # failures allowed before any delay (typos happen)
BASE_DELAY_SECONDS = 1.0  # then 1 s, 2 s, 4 s, ... after each further failure
MAX_DELAY_SECONDS = 60.0
LOCKOUT_FAILURES = 10  # this many failures in a row lock the key out ...
LOCKOUT_SECONDS = 15 * 60  # ... for this long
FORGET_SECONDS = 24 * 3600  # a key with no failure for this long starts afresh
MAX_KEYS = 10_000  # bounded memory: the oldest keys are forgotten first

_LOG = serverlog.logger()


@dataclass
class _Record:
    failures: int = 0
    blocked_until: float = 0.0
    last_failure: float = 0.0


class Throttle:
    """Failure counts by key ('user:alice', 'client:10.0.0.7'), shared by every session of the server."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._records: OrderedDict[str, _Record] = OrderedDict()
        self._lock = threading.Lock()

    def wait_seconds(self, keys: Iterable[str]) -> float:
        """Seconds before any of `keys` may try again (0 when all may try now)."""
        now = self._clock()
        with self._lock:
            waits = [self._current(key, now).blocked_until - now for key in keys]
        return max([0.0, *waits])

    def failed(self, keys: Iterable[str]) -> None:
        """Count a failed attempt against every key, and block it for the back-off or the lock-out."""
        now = self._clock()
        with self._lock:
            for key in keys:
                record = self._current(key, now)
                record.failures += 1
                record.last_failure = now
                self._records.move_to_end(key)
                delay = _delay(record.failures)
                if delay:
                    record.blocked_until = now + delay
                    if record.failures >= LOCKOUT_FAILURES:
                        _LOG.warning(
                            "login locked out for %d s: %s after %d failures", delay, key, record.failures
                        )
                    elif record.failures == FREE_FAILURES + 1:
                        _LOG.warning("login back-off started: %s after %d failures", key, record.failures)
            while len(self._records) > MAX_KEYS:
                self._records.popitem(last=False)

    def succeeded(self, keys: Iterable[str]) -> None:
        """Forget the failures of `keys` after a successful login."""
        with self._lock:
            for key in keys:
                self._records.pop(key, None)

    def _current(self, key: str, now: float) -> _Record:
        record = self._records.get(key)
        if record is None or now - record.last_failure > FORGET_SECONDS:
            record = self._records[key] = _Record()
        return record


def _delay(failures: int) -> float:
    if failures >= LOCKOUT_FAILURES:
        return float(LOCKOUT_SECONDS)
    if failures <= FREE_FAILURES:
        return 0.0
    return min(BASE_DELAY_SECONDS * 2 ** (failures - FREE_FAILURES - 1), MAX_DELAY_SECONDS)


def keys(username: str, client: str) -> tuple[str, str]:
    """The throttle keys of one attempt: the user name tried and the client it came from."""
    # repr() keeps a name with line breaks or control characters on one line of the server log
    return (f"user:{username.strip().casefold()!r}", f"client:{client!r}")
