"""The mapping builder: a source column for each contract field, value maps, defaults, saved for reuse."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from influence.contract import vocabulary
from influence.intake import preset
from influence.intake.source import Source
from ui.markup import literal

NONE = "(none)"
# The fields a user's file usually has, in the order the builder asks for them.
ASKED = (
    "id", "date", "end_date", "place", "governorate", "lat", "lon", "actor", "sponsor", "event_type",
    "fatalities", "count", "description", "source", "source_url", "confidence", "precision",
)  # fmt: skip
DATE_FORMATS = {
    "%Y-%m-%d": "2023-06-02",
    "%d/%m/%Y": "02/06/2023 (day first)",
    "%m/%d/%Y": "06/02/2023 (month first)",
    "%d %B %Y": "02 June 2023",
    "%d.%m.%Y": "02.06.2023",
    "%Y/%m/%d": "2023/06/02",
}
VALUE_MAPPED = ("sponsor", "event_type", "confidence", "precision")
SAMPLE_ROWS = 2_000
MAX_VALUES = 40


def build(data: bytes, name: str) -> preset.Preset | None:
    """Draw the builder for an uploaded file; the mapping so far, or None until date and place are chosen."""
    source = Source(io.BytesIO(data), name)
    header = list(source.header)
    sample = [row.cells for _, row in zip(range(SAMPLE_ROWS), source.rows(), strict=False)]
    declared = vocabulary.load()
    st.caption("Choose the column of your file that holds each field; leave (none) where the file has none.")
    fields: dict[str, str] = {}
    columns = st.columns(3)
    for number, field in enumerate(ASKED):
        options = [NONE, *header]
        guess = _guess(field, header)
        chosen = columns[number % 3].selectbox(
            field, options, index=options.index(guess) if guess else 0, key=f"map_field_{field}"
        )
        if chosen != NONE:
            fields[field] = chosen
    formats = st.multiselect(
        "How dates are written", list(DATE_FORMATS), default=["%Y-%m-%d"], format_func=DATE_FORMATS.get,
        key="map_date_formats", help="Never guessed: 03/04/2023 is read only in the form you choose.",
    )  # fmt: skip
    if "source" in fields:
        fields["source_template"] = st.text_input(
            "Source as written in events.csv", "{source}, {date}", key="map_source_template",
            help="Columns in braces are filled in; {date} is the event's date.",
        )  # fmt: skip
    values = {
        field: _value_map(field, fields[field], header, sample, declared)
        for field in VALUE_MAPPED
        if field in fields
    }
    left, middle, right = st.columns(3)
    precisions = [level.key for level in declared.precisions]
    confidences = [level.key for level in declared.confidences]
    defaults = {
        "precision": left.selectbox(
            "Precision when not given", precisions, index=1, key="map_default_precision"
        ),
        "confidence": middle.selectbox(
            "Confidence when not given", confidences, key="map_default_confidence"
        ),
    }
    kind = right.selectbox(
        "Event type when not given", [NONE, *(t.key for t in declared.event_types)], key="map_default_type"
    )
    if kind != NONE:
        defaults["event_type"] = kind
    if "date" not in fields or not ({"place", "governorate", "lat"} & set(fields)):
        st.info("Choose at least the date column and a place (or governorate, or latitude and longitude).")
        return None
    mapping_name = st.text_input("Name to save this mapping under", "my-layout", key="map_name")
    mapping = preset.Preset(
        name=mapping_name.strip() or "my-layout",
        label=f"Mapping '{mapping_name.strip()}'",
        publisher="",
        recognise=tuple(header[: min(len(header), 6)]),
        fields=fields,
        actor_columns=(fields["actor"],) if "actor" in fields else (),
        date_formats=tuple(formats) or ("%Y-%m-%d",),
        values={field: table for field, table in values.items() if table},
        defaults=defaults,
    )
    if st.button("Save this mapping for reuse", key="map_save"):
        try:
            path = preset.save(mapping)
        except (ValueError, OSError) as failure:
            st.error(literal(failure))
        else:
            command = f"cli.py import --preset {mapping.name}"
            st.success(
                f"Saved as {literal(path.name)}: the file is recognised next time; {literal(command)} uses it."
            )
    return mapping


def _guess(field: str, header: list[str]) -> str | None:
    """A header cell named like the field (case and spacing ignored), else None."""
    wanted = field.replace("_", " ").casefold()
    for cell in header:
        if cell.strip().casefold().replace("_", " ") == wanted:
            return cell
    return None


def _value_map(
    field: str, column: str, header: list[str], sample: list[list[str]], declared
) -> dict[str, str]:
    """An editable table: each value found in the column (first rows) and what it means in the contract."""
    position = header.index(column)
    found = sorted({row[position].strip() for row in sample if position < len(row) and row[position].strip()})
    if not found or len(found) > MAX_VALUES:
        return {}
    choices = {
        "sponsor": [s.name for s in declared.sponsors],
        "event_type": [t.key for t in declared.event_types],
        "confidence": [c.key for c in declared.confidences],
        "precision": [p.key for p in declared.precisions],
    }[field]
    guessed = [_known(field, value, declared) or "" for value in found]
    st.caption(f"What the values of '{literal(column)}' mean ({field}); empty: read as written")
    edited = st.data_editor(
        pd.DataFrame({"value in the file": found, "means": guessed}),
        key=f"map_values_{field}",
        hide_index=True,
        disabled=["value in the file"],
        column_config={"means": st.column_config.SelectboxColumn("means", options=choices)},
    )
    return {row["value in the file"]: row["means"] for row in edited.to_dict("records") if row["means"]}


def _known(field: str, value: str, declared) -> str | None:
    if field == "sponsor":
        found = declared.sponsor(value)
        return found.name if found else None
    if field == "event_type":
        found = declared.event_type(value)
        return found.key if found else None
    keys = [level.key for level in (declared.confidences if field == "confidence" else declared.precisions)]
    return value.lower() if value.lower() in keys else None
