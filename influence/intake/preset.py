"""Import presets (presets/*.toml): how a publisher's columns and values map onto the events contract."""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRESETS = ROOT / "presets"


def folder() -> Path:
    """Where presets and saved mappings live ($PRESETS_DIR, else presets/)."""
    return Path(os.environ.get("PRESETS_DIR") or PRESETS)


# Contract fields a mapping may fill from a source column (the rest come from defaults or the registry).
FIELDS: tuple[str, ...] = (
    "id", "date", "end_date", "place", "governorate", "lat", "lon", "precision", "sponsor", "actor",
    "event_type", "chain", "count", "fatalities", "description", "source", "source_url", "confidence",
)  # fmt: skip


@dataclass(frozen=True)
class Preset:
    """One declared mapping: recognition, columns, value maps, date and precision rules, defaults."""

    name: str
    label: str
    publisher: str = ""
    recognise: tuple[str, ...] = ()
    layout: tuple[str, ...] = ()
    fields: Mapping[str, str] = field(default_factory=dict)  # contract field -> source column or template
    actor_columns: tuple[str, ...] = ()
    actor_separator: str = ";"
    actor_rule: str = "first tied actor"
    date_formats: tuple[str, ...] = ("%Y-%m-%d",)
    date_precision_column: str = ""
    date_precision: Mapping[str, str] = field(default_factory=dict)
    precision_column: str = ""
    precision_values: Mapping[str, str] = field(default_factory=dict)
    precision_reject: Mapping[str, str] = field(default_factory=dict)
    type_columns: tuple[str, ...] = ()
    type_values: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = field(
        default_factory=dict
    )  # field -> source value -> contract value
    defaults: Mapping[str, str] = field(default_factory=dict)

    def column(self, name: str) -> str:
        """The source column mapped to contract field `name` ('' when unmapped)."""
        return str(self.fields.get(name, ""))

    def matches(self, header: Sequence[str]) -> bool:
        """True when `header` has every column this preset recognises its files by."""
        names = {cell.strip().lower() for cell in header}
        return bool(self.recognise) and all(column.lower() in names for column in self.recognise)

    def missing(self, header: Sequence[str]) -> list[str]:
        """Mapped source columns the header lacks (named so the user can fix the mapping or the file)."""
        names = {cell.strip().lower() for cell in header}
        wanted = [
            value
            for key, value in self.fields.items()
            if key in FIELDS and value and "{" not in value and key != "id"
        ]
        wanted += [*self.actor_columns, *self.type_columns]
        for extra in (self.precision_column, self.date_precision_column):
            if extra:
                wanted.append(extra)
        return [column for column in dict.fromkeys(wanted) if column.lower() not in names]


def parse(text: str) -> Preset:
    """A Preset from TOML text."""
    data = tomllib.loads(text)
    actors, dates, precision, types = (data.get(key, {}) for key in ("actors", "dates", "precision", "types"))
    return Preset(
        name=str(data["name"]),
        label=str(data.get("label", data["name"])),
        publisher=str(data.get("publisher", "")),
        recognise=tuple(data.get("recognise", ())),
        layout=tuple(data.get("layout", ())),
        fields={key: str(value) for key, value in data.get("fields", {}).items()},
        actor_columns=tuple(actors.get("columns", ())),
        actor_separator=str(actors.get("separator", ";")),
        actor_rule=str(actors.get("rule", "first tied actor")),
        date_formats=tuple(dates.get("formats", ("%Y-%m-%d",))),
        date_precision_column=str(dates.get("precision_column", "")),
        date_precision={str(k): str(v) for k, v in dates.get("precision", {}).items()},
        precision_column=str(precision.get("column", "")),
        precision_values={str(k): str(v) for k, v in precision.get("values", {}).items()},
        precision_reject={str(k): str(v) for k, v in precision.get("reject", {}).items()},
        type_columns=tuple(types.get("columns", ())),
        type_values={str(k): str(v) for k, v in types.get("values", {}).items()},
        values={
            key: {str(k): str(v) for k, v in table.items()} for key, table in data.get("values", {}).items()
        },
        defaults={key: str(value) for key, value in data.get("defaults", {}).items()},
    )


def load(name_or_path: str | Path, where: Path | None = None) -> Preset:
    """A preset by name ("acled", "ucdp", a saved mapping's name) or by path; FileNotFoundError names both."""
    where = where or folder()
    candidate = Path(name_or_path)
    path = candidate if candidate.suffix == ".toml" else where / f"{name_or_path}.toml"
    if not path.exists() and candidate.suffix != ".toml" and (PRESETS / f"{name_or_path}.toml").exists():
        path = PRESETS / f"{name_or_path}.toml"  # the bundled presets are always there
    if not path.exists():
        known = ", ".join(preset.name for preset in available(where))
        raise FileNotFoundError(f"no preset {str(name_or_path)!r}: known presets are {known} (in {where})")
    return parse(path.read_text(encoding="utf-8"))


def available(where: Path | None = None) -> list[Preset]:
    """The bundled presets and every mapping saved in the presets folder, by name."""
    paths = {path.stem: path for path in sorted(PRESETS.glob("*.toml"))}
    paths.update({path.stem: path for path in sorted((where or folder()).glob("*.toml"))})
    return [parse(paths[name].read_text(encoding="utf-8")) for name in sorted(paths)]


def recognise(header: Sequence[str], where: Path | None = None) -> Preset | None:
    """The preset whose recognising columns the header has (the most specific one), else None."""
    found = [preset for preset in available(where) if preset.matches(header)]
    return max(found, key=lambda preset: len(preset.recognise)) if found else None


def to_toml(preset: Preset) -> str:
    """The preset as TOML text that `parse` reads back unchanged (the form saved mappings are kept in)."""
    # written by hand: the standard library reads TOML but cannot write it, and a mapping needs only strings,
    # lists of strings and flat tables (JSON string escapes are valid TOML basic strings)
    lines = [
        f"name = {_string(preset.name)}",
        f"label = {_string(preset.label)}",
        f"publisher = {_string(preset.publisher)}",
        f"recognise = {_strings(preset.recognise)}",
        f"layout = {_strings(preset.layout)}",
    ]
    lines += _table("fields", preset.fields)
    lines += [
        "",
        "[actors]",
        f"columns = {_strings(preset.actor_columns)}",
        f"separator = {_string(preset.actor_separator)}",
        f"rule = {_string(preset.actor_rule)}",
        "",
        "[dates]",
        f"formats = {_strings(preset.date_formats)}",
        f"precision_column = {_string(preset.date_precision_column)}",
    ]
    lines += _table("dates.precision", preset.date_precision)
    lines += ["", "[precision]", f"column = {_string(preset.precision_column)}"]
    lines += _table("precision.values", preset.precision_values)
    lines += _table("precision.reject", preset.precision_reject)
    lines += ["", "[types]", f"columns = {_strings(preset.type_columns)}"]
    lines += _table("types.values", preset.type_values)
    for key, table in preset.values.items():
        lines += _table(f"values.{key}", table)
    lines += _table("defaults", preset.defaults)
    return "\n".join(lines) + "\n"


def save(preset: Preset, where: Path | None = None) -> Path:
    """Write a mapping as presets/<name>.toml for reuse; the name must be a plain word."""
    if (
        not preset.name.replace("-", "").replace("_", "").isascii()
        or not preset.name.replace("-", "").replace("_", "").isalnum()
    ):
        raise ValueError("a mapping's name may use only letters, digits, '-' and '_'")
    if preset.name in ("acled", "ucdp"):
        raise ValueError(f"'{preset.name}' is a bundled preset: give the mapping another name")
    path = (where or folder()) / f"{preset.name}.toml"
    path.write_text(to_toml(preset), encoding="utf-8")
    return path


def _string(value: str) -> str:
    return json.dumps(str(value), ensure_ascii=False)


def _strings(values: Sequence[str]) -> str:
    return "[" + ", ".join(_string(value) for value in values) + "]"


def _table(name: str, table: Mapping[str, str]) -> list[str]:
    return ["", f"[{name}]", *(f"{_string(key)} = {_string(value)}" for key, value in table.items())]
