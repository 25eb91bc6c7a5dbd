"""The one CSV reader: every record keeps its line numbers and exact text, whichever way it is read."""

from __future__ import annotations

import io

import pytest

from influence.load import csvfile

SINGLE = (
    'id,place,description\r\nA1,Qamishli,"recruits, trained"\r\nA2,القامشلي,plain\r\n\r\nA3,Hasakah,end\r\n'
)
SPANNING = 'id,place,description\nA1,Qamishli,"two\nlines"\nA2,Hasakah,"three\r\nline\rends"\nA3,Tadmor,x\n'
# characters str.splitlines breaks at and csv does not: inside cells, and as the very last character
OTHER_BREAKS = 'id,place\nA1,Qami\x85shli\nA2,Ha\u2028sakah\vx\nA3,"Tad\fmor"\x1c\nA4,end\u2029'


def _streamed(text: str) -> list[csvfile.Record]:
    return list(csvfile.records(io.StringIO(text, newline="")))


@pytest.mark.parametrize(
    "text",
    [SINGLE, SPANNING, OTHER_BREAKS, OTHER_BREAKS[:-1] + "\n\x85"],
    ids=["one line per record", "quoted line breaks", "other line breaks", "a line of one other break"],
)
def test_read_gives_the_records_a_stream_gives(text: str) -> None:
    table = csvfile.read(text.encode("utf-8"))
    assert (table.header, *table.records) == tuple(_streamed(text))
    assert "".join(record.raw for record in (table.header, *table.records)) == text


def test_records_know_the_lines_they_span() -> None:
    table = csvfile.read(SPANNING.encode("utf-8"))
    assert [(r.line, r.end_line, r.cells[0]) for r in table.records] == [
        (2, 3, "A1"),
        (4, 6, "A2"),
        (7, 7, "A3"),
    ]


def test_an_unclosed_quote_keeps_the_rows_before_it_as_they_were() -> None:
    # the quote swallows the rest of the file into one cell (validation then names the row's cell count)
    text = 'id,place\nA1,Qamishli\nA2,"Hasakah\nA3,Tadmor\n'
    table = csvfile.read(text.encode("utf-8"))
    assert (table.header, *table.records) == tuple(_streamed(text))
    assert [(r.line, r.end_line, r.cells[0]) for r in table.records] == [(2, 2, "A1"), (3, 4, "A2")]


def test_pasted_rows_are_read_tab_separated() -> None:
    records = list(csvfile.records(["id\tplace", 'A1\t"Deir ez-Zor, east"'], keep_raw=False, delimiter="\t"))
    assert [record.cells for record in records] == [("id", "place"), ("A1", "Deir ez-Zor, east")]
