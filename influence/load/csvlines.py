"""The raw text of each record of a CSV text, found without building its cells (None when unsure).

A visitor's first look at a 100,000-row events file needs its row count and one page of rows. Parsing every
record for that (csv.reader, 1.8 million cells, 200,000 tuples) was 0.6 s of the first open; the text of
each record, found by its lines, is counted and parsed a page at a time. A line end csv.reader does not
split at, a record that spans too many lines or a quote never closed answers None, and the caller parses it
all (and reports what is wrong with it).
"""

from __future__ import annotations

import re

# One line as csv.reader reads it with csvfile's options (comma, '"' doubled inside quotes, not strict):
# a field is quoted when it starts with '"', and its quotes close before the line ends (after the closing
# quote, csv.reader keeps any other characters up to the next comma as plain text, quotes included); else it
# is plain text up to the next comma (the line end included). A line this does not match is blank (empty,
# or one empty quoted field: a record of no data) or leaves a quote open, which carries the record on to the
# next line. Written by hand because csv has no way to find record boundaries without building every cell;
# possessive quantifiers (Python 3.11) keep each line to one pass with no backtracking (0.11 s at 100,000
# lines of 230 characters, against 0.35 s for csv.reader and its cells).
_FIELD = r'(?:"[^"]*+(?:""[^"]*+)*+"[^,]*+|[^",][^,]*+|)'
_LINE = re.compile(r'(?!(?:"")?(?:\r\n|\n|\r)?\Z)' + _FIELD + r"(?:," + _FIELD + r")*+")
_BLANK = re.compile(r'(?:"")?(?:\r\n|\n|\r)?')
# a record of several lines: tried line by line as they are added, so the first match is the line at whose
# end the open quote has closed (where csv.reader ends the record too)
_RECORD = re.compile(_FIELD + r"(?:," + _FIELD + r")*+")
_SPAN_LIMIT = 1_000  # lines one record may span here; a longer one is left to csv.reader
# str.splitlines also cuts at these, which csv.reader keeps inside a record: a text holding one is left to
# csv.reader (eight scans of the text: 0.02 s at 100,000 lines)
_OTHER_LINE_ENDS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def record_texts(text: str) -> list[str] | None:
    """The exact text of every non-blank record of `text` (line ends kept), in order; None when unsure."""
    if any(end in text for end in _OTHER_LINE_ENDS):
        return None
    lines = text.splitlines(keepends=True)
    # the usual file, every line one record, told first: each match let go at once (kept in a list, the
    # 100,000 matches made the check take 0.18 s instead of 0.11 s)
    if all(map(_LINE.fullmatch, lines)):
        return lines
    whole = list(map(_LINE.fullmatch, lines))
    records: list[str] = []
    done = 0  # lines before this one are in `records` (or were blank)
    for position in _unmatched(whole):
        if position < done:  # a line inside a record of several lines, taken already
            continue
        records += lines[done:position]
        if _BLANK.fullmatch(lines[position]):
            done = position + 1
            continue
        end = _record_end(lines, position)
        if end is None:
            return None
        records.append("".join(lines[position:end]))
        done = end
    records += lines[done:]
    return records


def _unmatched(whole: list[re.Match[str] | None]) -> list[int]:
    # the positions of None, found by C-speed searches (a loop over 100,000 lines cost 5 ms)
    positions, position = [], -1
    for _ in range(whole.count(None)):
        position = whole.index(None, position + 1)
        positions.append(position)
    return positions


def _record_end(lines: list[str], start: int) -> int | None:
    # the line after the last of the record that starts at `start` (its quote is open at that line's end)
    text = lines[start]
    for end in range(start + 1, min(len(lines), start + _SPAN_LIMIT)):
        text += lines[end]
        if _RECORD.fullmatch(text):
            return end + 1
    return None
