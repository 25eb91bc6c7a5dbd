"""A visitor's preview of the events file gives the same row count, columns and rows as the full parse."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from influence.edit import eventsfile, preview
from influence.load import csvfile

HEADER = "id,place,count,note\r\n"


def full(path: Path) -> eventsfile.Revision | csvfile.DecodeError:
    """The full parse of the file, or the refusal it gives."""
    try:
        return eventsfile.read_revision(path)
    except csvfile.DecodeError as failure:
        return failure


def assert_same(path: Path, data: bytes) -> preview.Preview | None:
    """The preview of `data` agrees with the full parse in every answer a visitor's page takes from it."""
    path.write_bytes(data)
    expected = full(path)
    if isinstance(expected, csvfile.DecodeError):
        with pytest.raises(csvfile.DecodeError, match=str(expected).split(":")[0]):
            preview.read(path)
        return None
    seen = preview.read(path)
    assert seen.sha256 == expected.sha256
    assert seen.columns == expected.columns, data
    assert seen.count() == expected.count(), data
    count = expected.count()
    for start, end in ((0, 500), (0, 1), (1, 3), (count - 2, count + 5), (count, count + 500)):
        assert seen.rows_between(start, end) == expected.rows_between(start, end), (data, start, end)
    return seen


@pytest.mark.parametrize(
    ("body", "counted_by_lines"),
    [
        ('E-1,Qamishli,12,plain\r\nE-2,"Hasakah, north",3,"said ""yes"""\r\n', True),
        ("E-1,Qamishli,12,no line end at the end", True),
        ('E-1,Qamishli,,"a quoted\r\nline break"\r\nE-2,Hasakah,1,x\r\n', True),
        ('E-1,Qamishli,,"a quoted\n""\n""\n\nbreak"",\nx",y\nE-2,Hasakah,1,x\n', True),
        ('E-1,a"b,"c\r\nE-2,d,e\r\n', False),  # a quote opens a field mid-line, never closed: refused
        ('E-1,a"b,c"\r\nE-2,"x"y"z,1\r\n', True),  # quotes inside plain text, and after a closing quote
        ("E-1,Qamishli,1,x\r\n\r\nE-2,Hasakah,2,y\r\n\n", True),  # blank lines
        ('E-1,Qamishli,1,x\r\n""\r\n', True),  # a blank record written as one empty quoted field
        ('E-1,Qamishli,1,"' + "\n" * 1200 + '"\r\n', False),  # a record of more lines than counted by lines
        (
            "E-1,Qamishli,1,a\vb\r\nE-2,Hasakah,2,c\u2028d\r\n",
            False,
        ),  # line ends csv.reader does not split at
        ("E-1,Qamishli\r\nE-2,Hasakah,2,x,extra,cells\r\n", True),  # short and long rows
        ("E-1,Qamishli,1,nul\x00inside\r\n", True),
        ("", True),  # header only
    ],
)
def test_the_preview_answers_as_the_full_parse(tmp_path: Path, body: str, counted_by_lines: bool) -> None:
    seen = assert_same(tmp_path / "events.csv", (HEADER + body).encode("utf-8"))
    if seen is not None:  # None: refused, as the full parse refuses it
        assert seen.parsed is not counted_by_lines


@pytest.mark.parametrize(
    "data",
    [
        b"",  # a missing or empty file reads as header-only
        b"\xef\xbb\xbf" + HEADER.encode() + b"E-1,Qamishli,1,x\n",  # a BOM
        HEADER.encode() + "E-1,Qamişli,1,x\n".encode("cp1252", errors="replace"),  # not UTF-8, read exactly
        HEADER.encode() + b"E-1,\xff\xfe,1,x\n",  # bytes that are not UTF-8
        HEADER.encode() + b'E-1,"never closed,1,x\n',  # a broken quote: refused
        b"\r\n\r\n" + HEADER.encode() + b"E-1,Qamishli,1,x\r\n",  # blank lines before the header
    ],
)
def test_odd_files_read_as_the_full_parse_reads_them(tmp_path: Path, data: bytes) -> None:
    assert_same(tmp_path / "events.csv", data)


def test_random_texts_read_as_the_full_parse_reads_them(tmp_path: Path) -> None:
    # seeded: the same 3,000 texts every run, built from the characters that decide where a record ends
    pieces = ["a", "b", ",", '"', '""', "\n", "\r\n", "\r", " ", "\v", "\u2028", "é", "\x00", "E-1,x"]
    chooser = random.Random(20261203)
    by_lines = joined = 0
    for _ in range(3000):
        text = HEADER + "".join(chooser.choice(pieces) for _ in range(chooser.randint(0, 30)))
        seen = assert_same(tmp_path / "events.csv", text.encode("utf-8"))
        if seen is not None and not seen.parsed:
            by_lines += 1
            joined += seen.count() + 1 < len(text.splitlines())  # blank lines or records of several lines
    # the texts reach the path that counts by lines often, joined lines too, not only the full parse
    assert by_lines > 300 and joined > 100, (by_lines, joined)


def test_the_full_parse_is_built_once_and_then_serves(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes((HEADER + "E-1,Qamishli,12,x\r\nE-2,Hasakah,3,y\r\n").encode())
    seen = preview.read(path)
    assert not seen.parsed
    revision = seen.revision()
    assert seen.parsed and seen.revision() is revision
    assert seen.count() == 2 and seen.rows_between(1, 2) == revision.rows_between(1, 2)
    own = revision.rows()
    assert seen.rows_between(0, 1)[0] is own[0]  # the Revision's own rows, no second copy
