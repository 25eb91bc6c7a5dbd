"""One source row to one row of the events contract (text cells), or the reason it cannot be one."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from influence.intake import dates
from influence.intake.preset import Preset
from influence.intake.registry import Registry

UNATTRIBUTED = "Unattributed"
# The contract's columns plus the two the importers fill (kept in the same order everywhere they are written).
OUTPUT: tuple[str, ...] = (
    "id", "date", "end_date", "place", "lat", "lon", "precision", "sponsor", "actor", "event_type", "chain",
    "count", "fatalities", "description", "source", "source_url", "confidence", "other_actors",
)  # fmt: skip
_ID_CHARACTERS = re.compile(r"[^A-Za-z0-9._-]+")
_TEMPLATE_FIELD = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True)
class Rejected:
    """A source row that cannot become an event: its file line, the column at fault and why."""

    line: int
    column: str
    reason: str


class Converter:
    """Turns source records into contract rows under one preset and one registry (positions fixed per file)."""

    def __init__(self, preset: Preset, registry: Registry, header: Sequence[str]):
        self.preset = preset
        self.registry = registry
        self.positions = {cell.strip().lower(): index for index, cell in reversed(list(enumerate(header)))}
        self._types = {key.casefold(): value for key, value in preset.type_values.items()}

    def cell(self, cells: Sequence[str], column: str) -> str:
        """The trimmed text of a named source column in this record ('' when absent)."""
        position = self.positions.get(column.strip().lower()) if column else None
        if position is None or position >= len(cells):
            return ""
        return cells[position].strip()

    def fill(self, template: str, cells: Sequence[str], extra: Mapping[str, str]) -> str:
        """A template such as 'ACLED, citing {source}, {date}' filled from the record and `extra`."""

        def value(match: re.Match) -> str:
            name = match.group(1)
            return extra[name] if name in extra else self.cell(cells, name)

        return " ".join(_TEMPLATE_FIELD.sub(value, template).split())

    def convert(self, cells: Sequence[str], line: int) -> dict[str, str] | Rejected:
        """The contract row for one record, or why it is rejected."""
        preset = self.preset
        if not any(cell.strip() for cell in cells):
            return Rejected(line, "", "blank row")
        reason = self._rejected_precision(cells, line)
        if reason is not None:
            return reason
        when = self._dates(cells, line)
        if isinstance(when, Rejected):
            return when
        start, end, day = when
        event_type = self._event_type(cells, line)
        if isinstance(event_type, Rejected):
            return event_type
        place, precision = self._place(cells)
        actor, sponsor, others = self._actors(cells, day)
        source_text = self.cell(cells, preset.column("source"))
        template = preset.column("source_template")
        source = (
            self.fill(template, cells, {"date": start, "source": source_text}) if template else source_text
        )
        description = self.cell(cells, preset.column("description"))
        if preset.column("notes_template"):
            notes = self.fill(preset.column("notes_template"), cells, {})
            description = f"{description} {notes}".strip() if description else notes
        return {
            "id": self._identifier(cells, line),
            "date": start,
            "end_date": end,
            "place": place,
            "lat": self.cell(cells, preset.column("lat")),
            "lon": self.cell(cells, preset.column("lon")),
            "precision": precision,
            "sponsor": sponsor,
            "actor": actor,
            "event_type": event_type,
            "chain": self.cell(cells, preset.column("chain")),
            "count": self.cell(cells, preset.column("count")),
            "fatalities": self.cell(cells, preset.column("fatalities")),
            "description": description,
            "source": source or preset.defaults.get("source", ""),
            "source_url": self.cell(cells, preset.column("source_url")),
            "confidence": self._mapped(cells, "confidence") or "confirmed",
            "other_actors": "; ".join(others),
        }

    def _mapped(self, cells: Sequence[str], name: str) -> str:
        """A field from its column through the preset's value map, else the preset's default."""
        raw = self.cell(cells, self.preset.column(name))
        table = self.preset.values.get(name, {})
        if raw:
            return table.get(raw, table.get(raw.casefold(), raw))
        return self.preset.defaults.get(name, "")

    def _identifier(self, cells: Sequence[str], line: int) -> str:
        raw = self.cell(cells, self.preset.column("id"))
        if not raw:
            # a file without ids gets stable ones from its name and line, so a re-import updates, not duplicates
            return f"{self.preset.name}-line-{line}"
        return self.preset.column("id_prefix") + _ID_CHARACTERS.sub("-", raw).strip("-")

    def _rejected_precision(self, cells: Sequence[str], line: int) -> Rejected | None:
        code = self.cell(cells, self.preset.precision_column)
        if code in self.preset.precision_reject:
            return Rejected(line, self.preset.precision_column, self.preset.precision_reject[code])
        return None

    def _dates(self, cells: Sequence[str], line: int) -> tuple[str, str, date] | Rejected:
        preset = self.preset
        column = preset.column("date")
        raw = self.cell(cells, column)
        try:
            day = dates.read(raw, preset.date_formats)
        except ValueError as failure:
            shown = f"'{raw}'" if raw else "empty"
            return Rejected(line, column, f"{shown}: {failure}")
        code = self.cell(cells, preset.date_precision_column)
        precision = preset.date_precision.get(code, "day")
        end_raw = self.cell(cells, preset.column("end_date"))
        if precision == "range" or end_raw:
            if not end_raw:
                return day.isoformat(), "", day
            try:
                last = dates.read(end_raw, preset.date_formats)
            except ValueError as failure:
                return Rejected(line, preset.column("end_date"), f"'{end_raw}': {failure}")
            return day.isoformat(), (last.isoformat() if last != day else ""), day
        start, end = dates.span(day, precision)
        return start, end, day

    def _event_type(self, cells: Sequence[str], line: int) -> str | Rejected:
        preset = self.preset
        for column in preset.type_columns:
            raw = self.cell(cells, column)
            found = self._types.get(raw.casefold()) if raw else None
            if found:
                return found
        if preset.column("event_type"):
            value = self._mapped(cells, "event_type")
            if value:
                return value
        if preset.defaults.get("event_type"):
            return preset.defaults["event_type"]
        columns = [*preset.type_columns, preset.column("event_type")]
        raw = next((self.cell(cells, c) for c in columns if c and self.cell(cells, c)), "")
        column = next((c for c in columns if c), "")
        shown = f"'{raw}'" if raw else "empty"
        return Rejected(
            line, column, f"event type {shown} is not mapped (add it to the preset's [types.values])"
        )

    def _place(self, cells: Sequence[str]) -> tuple[str, str]:
        """The place text ("Town, Governorate", or the governorate alone) and the contract precision."""
        preset = self.preset
        town = self.cell(cells, preset.column("place"))
        governorate = self.cell(cells, preset.column("governorate"))
        code = self.cell(cells, preset.precision_column)
        precision = preset.precision_values.get(code, "") if preset.precision_column else ""
        if not precision:
            precision = self._mapped(cells, "precision") or ("town" if town else "region")
        if precision == "governorate":
            # the source knows only the governorate: placed on it, at region precision, never on a town pin
            return (_governorate_label(governorate) if governorate else town), "region"
        if town and governorate and town.casefold() != governorate.casefold():
            return f"{town}, {governorate}", precision
        if not town and governorate:
            return _governorate_label(governorate), "region"
        return town, precision

    def _actors(self, cells: Sequence[str], day: date) -> tuple[str, str, list[str]]:
        """(actor, sponsor, other actors): the first actor tied on `day` gives the sponsor, the rest are kept."""
        preset = self.preset
        named: list[str] = []
        for column in preset.actor_columns or (preset.column("actor"),):
            for name in self.cell(cells, column).split(preset.actor_separator):
                if name.strip() and name.strip() not in named:
                    named.append(name.strip())
        given = (
            self._mapped(cells, "sponsor") if preset.column("sponsor") or "sponsor" in preset.defaults else ""
        )
        chosen, sponsor = "", ""
        others: list[str] = []
        for name in named:
            _, tie = self.registry.attribute(name, day)
            if tie is not None and not chosen:
                chosen = name  # its sponsor is derived again by validation, which says "derived from ..."
                continue
            others.append(f"{name} [{tie.sponsor}]" if tie is not None else name)
        if not chosen:
            chosen = named[0] if named else ""
            others = others[1:] if named else others
            sponsor = given or UNATTRIBUTED
        elif given:
            sponsor = given  # the file's own sponsor is kept; validation warns if the registry disagrees
        return chosen, sponsor, others


def _governorate_label(name: str) -> str:
    """'Idlib' or 'Idlib governorate' -> 'Idlib governorate' (the gazetteer places it on the governorate)."""
    return name if name.casefold().endswith("governorate") else f"{name} governorate"
