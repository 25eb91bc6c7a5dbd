"""A whole source file to an events file, streamed in chunks: every row converted, or reported with its reason.

Each chunk of converted rows goes through the one validator (influence.load.validation), so the output is exactly
what the app would accept, with the same attribution, places and problems. Memory stays bounded by the chunk
size: only counts, the first rejections and one small hash per id (to catch duplicates across chunks) are kept.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from influence.contract.problems import ERROR, WARNING
from influence.intake import record
from influence.intake.preset import Preset
from influence.intake.registry import Registry
from influence.intake.source import Source
from influence.load import validation

CHUNK_ROWS = 5_000
KEEP_REJECTIONS = 2_000  # the first ones are listed with line and reason; all of them are counted
KEEP_PLACES = 20_000
Progress = Callable[[int, int, int], None]  # bytes read, total bytes, rows read


@dataclass
class Summary:
    """What an import did: rows read and written, by sponsor, and every row left out, by reason."""

    source: str
    preset: str
    rows_read: int = 0
    written: int = 0
    derived: int = 0
    by_sponsor: Counter = field(default_factory=Counter)
    rejected: Counter = field(default_factory=Counter)  # reason -> rows
    warnings: Counter = field(default_factory=Counter)  # reason -> rows
    rejections: list[record.Rejected] = field(default_factory=list)
    unknown_places: dict[tuple[str, str], tuple[str, str, str, int]] = field(default_factory=dict)
    stopped: str | None = None  # why reading stopped early (a broken quote), if it did

    @property
    def unattributed(self) -> int:
        """Events written with no power tied to them."""
        return self.by_sponsor.get(record.UNATTRIBUTED, 0)

    @property
    def places_unresolved(self) -> int:
        """Rows left out because their place could not be found."""
        return sum(count for reason, count in self.rejected.items() if reason.startswith("place"))

    @property
    def rejected_rows(self) -> int:
        """Rows left out, all reasons together."""
        return sum(self.rejected.values())

    def lines(self) -> list[str]:
        """The summary as the command line prints it."""
        out = [
            f"{self.source} ({self.preset}): {self.rows_read:,} rows read, {self.written:,} events written, "
            f"{self.rejected_rows:,} rejected",
            "by sponsor: "
            + (", ".join(f"{name} {count:,}" for name, count in self.by_sponsor.most_common()) or "none"),
            f"sponsor derived from the actor registry: {self.derived:,}; unattributed: {self.unattributed:,}",
            f"places unresolved: {self.places_unresolved:,}",
        ]
        if self.rejected:
            out.append("rejected by reason:")
            out += [f"  {count:>8,}  {reason}" for reason, count in self.rejected.most_common()]
        if self.warnings:
            out.append("kept with a warning:")
            out += [f"  {count:>8,}  {reason}" for reason, count in self.warnings.most_common(12)]
        if self.stopped:
            out.append(f"reading stopped early: {self.stopped}")
        return out


def convert(
    source: Source,
    preset: Preset,
    registry: Registry,
    out: TextIO,
    *,
    progress: Progress | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> Summary:
    """Convert every row of `source` and write the valid events to `out` as a contract CSV."""
    summary = Summary(source.name, preset.name)
    converter = record.Converter(preset, registry, source.header)
    writer_header = _serialise(record.OUTPUT)
    out.write(writer_header)
    seen: set[int] = set()
    chunk: list[tuple[int, str]] = []  # (source line, serialised contract row)
    for row in source.rows():
        summary.rows_read += 1
        converted = converter.convert(row.cells, row.line)
        if isinstance(converted, record.Rejected):
            _reject(summary, converted)
        else:
            chunk.append((row.line, _serialise([converted[column] for column in record.OUTPUT])))
        if len(chunk) >= chunk_rows:
            _flush(chunk, writer_header, summary, out, seen)
            chunk = []
            if progress:
                progress(source.position, source.total_bytes, summary.rows_read)
    _flush(chunk, writer_header, summary, out, seen)
    summary.rejections.sort(key=lambda rejected: rejected.line)
    summary.stopped = source.error
    if progress:
        progress(source.total_bytes, source.total_bytes, summary.rows_read)
    return summary


def _serialise(cells) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


def _flush(chunk: list[tuple[int, str]], header: str, summary: Summary, out: TextIO, seen: set[int]) -> None:
    """Validate one chunk as a file of its own and write the rows it accepts."""
    if not chunk:
        return
    starts: dict[int, int] = {}  # chunk line -> position in chunk
    line = 2
    for position, (_, text) in enumerate(chunk):
        starts[line] = position
        line += text.count("\n")
    report = validation.validate_bytes((header + "".join(text for _, text in chunk)).encode("utf-8"))
    errors: dict[int, tuple[str, str]] = {}
    for problem in report.problems:
        position = starts.get(problem.line or 0)
        if position is None:
            continue
        if problem.severity == ERROR:
            errors.setdefault(position, (problem.column or "", problem.message))
        elif problem.severity == WARNING:
            summary.warnings[_reason(problem.column, problem.message)] += 1
    valid = report.rows
    accepted = {
        starts[int(number)]: index for index, number in enumerate(valid["line"]) if int(number) in starts
    }
    sponsors = valid["sponsor"].tolist()
    derived = valid["attribution"].tolist() if "attribution" in valid.columns else [""] * len(valid)
    for position, (source_line, text) in enumerate(chunk):
        if position in errors:
            column, message = errors[position]
            _reject(summary, record.Rejected(source_line, column, message))
            continue
        index = accepted.get(position)
        if index is None:
            _reject(summary, record.Rejected(source_line, "", "left out by validation"))
            continue
        key = hash(valid["id"].iat[index])
        if key in seen:
            _reject(
                summary, record.Rejected(source_line, "id", "duplicate id: an earlier row already uses it")
            )
            continue
        seen.add(key)
        out.write(text)
        summary.written += 1
        summary.by_sponsor[sponsors[index]] += 1
        summary.derived += bool(derived[index])
        _learn_place(summary, valid, index)


def _learn_place(summary: Summary, valid, index: int) -> None:
    """Remember a place name the gazetteer lacks, with the coordinates the source gives it."""
    if "place_resolved" not in valid.columns or valid["place_resolved"].iat[index]:
        return
    if valid["location_source"].iat[index] != "coordinates" or not valid["place"].iat[index]:
        return
    if len(summary.unknown_places) >= KEEP_PLACES:
        return
    place = str(valid["place"].iat[index])
    key = (place, str(valid["precision"].iat[index]))
    lat, lon = f"{valid['lat'].iat[index]:.5f}", f"{valid['lon'].iat[index]:.5f}"
    known = summary.unknown_places.get(key)
    summary.unknown_places[key] = (lat, lon, key[1], (known[3] if known else 0) + 1)


_NUMBERS = re.compile(r"\d[\d,.]*")
_QUOTED = re.compile(r"'[^']*'")


def _reason(column: str | None, message: str) -> str:
    """A problem's message with its numbers and suggestions taken out, so rows group by reason."""
    head = _NUMBERS.sub("N", _QUOTED.sub("…", message).split(";")[0].split("(")[0]).strip()
    return f"{column}: {head}" if column else head


def _reject(summary: Summary, rejected: record.Rejected) -> None:
    summary.rejected[_reason(rejected.column, rejected.reason)] += 1
    if len(summary.rejections) < KEEP_REJECTIONS:
        summary.rejections.append(rejected)


def convert_bytes(
    data: bytes, name: str, preset: Preset, registry: Registry, *, progress: Progress | None = None
) -> tuple[Summary, bytes]:
    """Convert an uploaded file held in memory; the events as contract CSV bytes (UTF-8)."""
    out = io.StringIO()
    summary = convert(Source(io.BytesIO(data), name), preset, registry, out, progress=progress)
    return summary, out.getvalue().encode("utf-8")


def header_of(data: bytes) -> tuple[str, ...]:
    """The header cells of a CSV held in memory (empty when there is none)."""
    return Source(io.BytesIO(data[: 1 << 20]), "upload").header
