"""Validation of an events CSV in one pass: every problem (line, column, value, message) and the valid rows."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from influence.contract import fields, formulas, suggestion, vocabulary
from influence.contract.problems import ERROR, WARNING, Problem
from influence.contract.schema import BY_NAME, COLUMN_NAMES, COLUMNS, EXPORTED_COLUMNS, VALIDATED_COLUMNS
from influence.intake import attribution, registry
from influence.load import csvfile, locations

_TEXT_KINDS = ("text", "url")


@dataclass(frozen=True)
class Report:
    """Valid rows (canonical values, one per accepted record), every problem found, and the file's encoding."""

    rows: pd.DataFrame
    problems: tuple[Problem, ...]
    encoding: str
    records: int

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Only the problems that keep a row (or the file) out."""
        return tuple(p for p in self.problems if p.severity == ERROR)


def validate_bytes(data: bytes, name: str = "events.csv") -> Report:
    """Check a whole CSV file's bytes against the contract; never raises on bad input."""
    return validate_table(csvfile.read(data))


def validate_table(table: csvfile.Table) -> Report:
    """Check a CSV already read (by csvfile.read or read_exact) against the contract; never raises."""
    problems = list(table.problems)
    positions, header_problems = _check_header(table.columns)
    problems += header_problems
    missing_required = [c.name for c in COLUMNS if c.required and c.name not in positions]
    if not table.columns or missing_required:
        return Report(_empty_rows(), tuple(problems), table.encoding, len(table.records))
    declared = vocabulary.load()
    actors = registry.load()
    rows: list[dict] = []
    first_line_of: dict[str, int] = {}
    plan = _plan(positions)
    memo: dict[tuple[str, str], tuple[bool, object]] = {}
    for record in table.records:
        row, row_problems = _check_record(record, positions, len(table.columns), declared, plan, memo)
        if row is not None and not any(p.column == "sponsor" for p in row_problems):
            row_problems += attribution.attribute(row, actors, record.line)
        if row is not None and row["id"] in first_line_of:
            message = f"duplicate id: line {first_line_of[row['id']]} already uses it"
            row_problems.append(Problem(record.line, "id", row["id"], message))
        problems += row_problems
        if row is not None and not any(p.severity == ERROR for p in row_problems):
            first_line_of[row["id"]] = record.line
            rows.append(row)
    located, location_problems = locations.resolve(rows)
    problems += location_problems
    frame = pd.DataFrame(located, columns=[*COLUMN_NAMES, *_DERIVED]) if located else _empty_rows()
    frame = frame.astype(
        {"count": "Int64", "fatalities": "Int64", "lat": "float64", "lon": "float64", "line": "int64"}
    )
    frame["date"] = pd.to_datetime(frame["date"])
    frame["end_date"] = pd.to_datetime(frame["end_date"])
    ordered = sorted(problems, key=lambda p: (p.line or 0, _column_order(p.column)))
    return Report(frame.reset_index(drop=True), tuple(ordered), table.encoding, len(table.records))


def _column_order(column: str | None) -> int:
    return COLUMN_NAMES.index(column) if column in COLUMN_NAMES else -1


_DERIVED = VALIDATED_COLUMNS  # declared once, in schema.DERIVED


def _empty_rows() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype="object") for name in (*COLUMN_NAMES, *_DERIVED)})


def _check_header(header: tuple[str, ...]) -> tuple[dict[str, int], list[Problem]]:
    """Map column name to cell position; name missing, duplicated and unknown columns."""
    positions: dict[str, int] = {}
    problems: list[Problem] = []
    for index, raw in enumerate(header):
        name = raw.strip().lower()
        if name in positions:
            message = (
                f"duplicate column: '{name}' appears twice; the first (cell {positions[name] + 1}) is used"
            )
            problems.append(Problem(1, name, raw, message))
        elif name in BY_NAME:
            positions[name] = index
        elif name in EXPORTED_COLUMNS:
            continue  # an export's derived note: derived again from the registry, never read
        elif name:
            hint = suggestion.hint(name, COLUMN_NAMES, cutoff=70)
            problems.append(
                Problem(1, raw, raw, "unknown column, ignored" + (f"; {hint}" if hint else ""), WARNING)
            )
    for column in COLUMNS:
        if column.name not in positions and header and not column.may_be_absent:
            severity = ERROR if column.required else WARNING
            consequence = "no event can be read" if column.required else "treated as empty"
            problems.append(
                Problem(1, column.name, "", f"missing column '{column.name}': {consequence}", severity)
            )
    return positions, problems


# Columns whose values repeat across rows (dates, sponsors, types, places as coordinates, levels, links):
# their parse is remembered per distinct cell text within one file, which made validating 100,000 rows
# several times faster. Identifiers and free text are nearly all distinct, so they are parsed directly.
_UNREPEATED = ("id", "description")
_IDENTIFIERS = ("id", "chain")


def _plan(positions: dict[str, int]) -> list[tuple[object, int | None, bool, bool]]:
    """Per column, once per file: (column, cell position or None, is text, parse is remembered)."""
    return [
        (column, positions.get(column.name), column.kind in _TEXT_KINDS, column.name not in _UNREPEATED)
        for column in COLUMNS
    ]


def _check_record(
    record: csvfile.Record,
    positions: dict[str, int],
    width: int,
    declared: vocabulary.Vocabulary,
    plan: list[tuple[object, int | None, bool, bool]] | None = None,
    memo: dict[tuple[str, str], tuple[bool, object]] | None = None,
) -> tuple[dict | None, list[Problem]]:
    """Parse one record into canonical values; None when it cannot be read at all."""
    cells = record.cells
    line = record.line
    if not any(cell.strip() for cell in cells):
        return None, [Problem(line, None, "", "blank row ignored", WARNING)]
    if len(cells) < width:
        message = f"row has {len(cells)} cells but the header has {width}: a separator is missing"
        if record.end_line > line:
            message = f"lines {line}-{record.end_line} were read as one row: an unclosed quote? ({message})"
        return None, [Problem(line, None, ",".join(cells)[:80], message)]
    oversized = [(index, cell) for index, cell in enumerate(cells) if len(cell) > csvfile.MAX_CELL_CHARACTERS]
    if oversized:
        index, cell = oversized[0]
        name = next((n for n, p in positions.items() if p == index), f"cell {index + 1}")
        message = (
            f"the cell is {len(cell):,} characters long, over the cap of {csvfile.MAX_CELL_CHARACTERS:,}: "
            "the row is left out (the rows after it are read)"
        )
        return None, [Problem(line, name, cell[:60] + "…", message)]
    problems: list[Problem] = []
    if len(cells) > width:
        extra = [cell for cell in cells[width:] if cell.strip()]
        message = f"row has {len(cells)} cells but the header has {width}"
        if extra:
            return None, [Problem(line, None, ",".join(extra)[:80], f"{message}: an unquoted comma?")]
        problems.append(Problem(line, None, "", f"{message}; the empty extra cells are ignored", WARNING))
    if plan is None:
        plan = _plan(positions)
    if memo is None:
        memo = {}
    row: dict = {}
    for column, position, is_text, remembered in plan:
        name = column.name
        raw = cells[position].strip() if position is not None else ""
        if is_text:
            if raw[:1] == "'":  # undo the export's formula neutralisation, so exports round-trip
                raw = formulas.restore(raw)
            if len(raw) > column.max_length and name not in _IDENTIFIERS:
                # real sources write long descriptions and long links: the event is kept, the length named
                message = (
                    f"text is {len(raw):,} characters long, over the {column.max_length:,} expected: kept"
                )
                problems.append(Problem(line, name, raw[:80], message, WARNING))
        if remembered:
            key = (name, raw)
            found = memo.get(key)
            if found is None:
                try:
                    found = (True, _parse_cell(column, raw, declared))
                except ValueError as failure:
                    found = (False, str(failure))
                memo[key] = found
            ok, value = found
        else:
            try:
                ok, value = True, _parse_cell(column, raw, declared)
            except ValueError as failure:
                ok, value = False, str(failure)
        if ok:
            row[name] = value
        else:
            problems.append(Problem(line, name, raw, value))
            row[name] = None
    if row["date"] and row["end_date"] and row["end_date"][1] < row["date"][0]:
        problems.append(Problem(line, "end_date", cells[positions["end_date"]], "end_date is before date"))
    if row["date"]:
        first, last = row["date"]
        row["date"] = first
        row["end_date"] = row["end_date"][1] if row["end_date"] else (last if last != first else None)
    row["line"] = line
    return row, problems


def _parse_cell(column, raw: str, declared: vocabulary.Vocabulary):
    """Canonical value of one cell or ValueError; empty optional cells give a neutral value."""
    if not raw:
        if column.required and not column.derivable:
            raise ValueError(f"{column.name} is required")
        return "" if column.kind in _TEXT_KINDS else None
    if len(raw) > column.max_length and (column.kind not in _TEXT_KINDS or column.name in _IDENTIFIERS):
        raise ValueError(f"text is {len(raw)} characters long; the limit is {column.max_length}")
    if column.name in ("id", "chain"):
        return fields.check_identifier(raw, column.max_length)
    match column.kind:
        case "date":
            return fields.parse_date(raw)
        case "number":
            return fields.parse_number(raw)
        case "integer":
            return fields.parse_count(raw)
        case "url":
            return fields.check_url(raw)
        case "sponsor":
            found = declared.sponsor(raw)
            if found is None:
                raise ValueError(declared.unknown_sponsor(raw))
            return found.name
        case "event_type":
            found_type = declared.event_type(raw)
            if found_type is None:
                keys = ", ".join(t.key for t in declared.event_types)
                raise ValueError(f"unknown event type; declared: {keys}")
            return found_type.key
        case "precision" | "confidence":
            levels = declared.precisions if column.kind == "precision" else declared.confidences
            keys = [level.key for level in levels]
            if raw.lower() not in keys:
                raise ValueError(f"unknown {column.kind}; use one of: {', '.join(keys)}")
            return raw.lower()
    return raw
