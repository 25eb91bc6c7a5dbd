"""The operator's log: details (paths, errors, refused logins) go to the server's stderr, never to a visitor."""

from __future__ import annotations

import logging
import sys

NAME = "influence"


def logger() -> logging.Logger:
    """The project's logger, writing 'time level message' lines to the server's standard error."""
    log = logging.getLogger(NAME)
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = True  # pytest's caplog and any operator's handlers still see the records
    return log
