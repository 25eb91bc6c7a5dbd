"""Whether a CSV text holds exactly one non-blank record per line, told without building its cells.

A visitor's first look at a 100,000-row events file needs its row count and one page of rows. Parsing every
record for that (csv.reader, 1.8 million cells, 200,000 tuples) was 0.6 s of the first open; a file whose
lines are its records can be counted by its lines and read a page at a time. Anything else (a quoted line
break, a blank line, a line end csv.reader does not split at) answers None, and the caller parses it all.
"""

from __future__ import annotations

import re

# One line as csv.reader reads it with csvfile's options (comma, '"' doubled inside quotes, not strict):
# a field is quoted when it starts with '"', and its quotes close before the line ends (after the closing
# quote, csv.reader keeps any other characters up to the next comma as plain text, quotes included); else it
# is plain text up to the next comma (the line end included). A quote left open carries the record on to the
# next line, and the pattern does not match; nor does a blank line (empty, or one empty quoted field), which
# csv.reader reads as a record of no data. Written by hand because csv has no way to find record boundaries
# without building every cell; possessive quantifiers (Python 3.11) keep each line to one pass with no
# backtracking (0.2 s at 100,000 lines of 230 characters, against 0.35 s for csv.reader and its cells).
_FIELD = r'(?:"[^"]*+(?:""[^"]*+)*+"[^,]*+|[^",][^,]*+|)'
_LINE = re.compile(r'(?!(?:"")?(?:\r\n|\n|\r)?\Z)' + _FIELD + r"(?:," + _FIELD + r")*+")
# str.splitlines also cuts at these, which csv.reader keeps inside a record: a text holding one is left to
# csv.reader (eight scans of the text: 0.02 s at 100,000 lines)
_OTHER_LINE_ENDS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def record_lines(text: str) -> list[str] | None:
    """The lines of `text` (line ends kept) when each is exactly one record and none is blank, else None."""
    if any(end in text for end in _OTHER_LINE_ENDS):
        return None
    lines = text.splitlines(keepends=True)
    if not lines or not all(map(_LINE.fullmatch, lines)):
        return None
    return lines
