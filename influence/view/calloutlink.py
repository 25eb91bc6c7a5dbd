"""A view's callouts in a link: one query parameter (`ann=`), compact, versioned and length-bounded.

`ann=1.<data>`: version 1 is the callouts as compact JSON rows (kind, text, lat, lon, then to_lat, to_lon
for a label or an arrow, or radius_km for a circle), raw-deflated and base64url-encoded without padding, so
any text (Arabic, quotes, `&`) travels as URL-safe characters and nothing in it needs escaping in the link.
Points are rounded to 4 decimals (about 10 m). Reading checks every callout with the view file's own rule
(influence.view.rules.annotation); a value too long, of another version or not decodable is dropped with a
problem in plain words, never raised.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib

from influence.view import rules
from influence.view.model import MAX_ITEMS, Annotation

KEY = "ann"
VERSION = "1"
MAX_CHARS = 1800  # the parameter's length: with the rest of a view, the link stays under ~2,000 characters
PLACES = 4
MAX_JSON_BYTES = 64_000  # decompressed: MAX_ITEMS callouts of MAX_TEXT characters fit several times over
_WBITS = -15  # raw deflate: no zlib header or checksum, 6 characters shorter


def encode(annotations: tuple[Annotation, ...]) -> str:
    """The parameter's value for `annotations` (may be longer than MAX_CHARS: see `too_long`)."""
    rows = [_row(item) for item in annotations]
    text = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    packer = zlib.compressobj(9, zlib.DEFLATED, _WBITS)
    packed = packer.compress(text.encode("utf-8")) + packer.flush()
    return VERSION + "." + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def too_long(annotations: tuple[Annotation, ...]) -> str | None:
    """A note in plain words when the callouts do not fit in a link (None when they do)."""
    length = len(encode(annotations)) if annotations else 0
    if length <= MAX_CHARS:
        return None
    return (
        f"The {len(annotations)} callouts need {length:,} characters in a link; the limit is {MAX_CHARS:,}. "
        "The link opens this view without them: save the view file to share them."
    )


def decode(value: str, problems: list[str]) -> tuple[Annotation, ...]:
    """The callouts a parameter value carries; what cannot be used is left out and named in `problems`."""
    value = value.strip()
    if not value:
        return ()
    if len(value) > MAX_CHARS + 16:
        problems.append(f"callouts: {len(value):,} characters, more than a link carries ({MAX_CHARS:,})")
        return ()
    version, _, data = value.partition(".")
    if version != VERSION or not data:
        problems.append(f"callouts: '{rules.clip(value)}' is not a version-{VERSION} callout list")
        return ()
    rows = _rows(data)
    if rows is None:
        problems.append("callouts: the list in the link is damaged (cut short when copied?)")
        return ()
    if len(rows) > MAX_ITEMS:
        problems.append(f"callouts: only the first {MAX_ITEMS} of {len(rows)} are kept")
    found = []
    for number, row in enumerate(rows[:MAX_ITEMS], start=1):
        checked = rules.annotation(_fields(row), f"callout {number}", problems)
        if checked is not None:
            found.append(checked)
    return tuple(found)


def _row(item: Annotation) -> list:
    head = [item.kind, item.text, round(item.lat, PLACES), round(item.lon, PLACES)]
    if item.kind == "circle":
        return [*head, round(float(item.radius_km or 0), 3)]
    return [*head, round(float(item.to_lat), PLACES), round(float(item.to_lon), PLACES)]  # type: ignore[arg-type]


def _fields(row: object) -> dict:
    """A row as the view file's callout object (a malformed row gives one the rule refuses)."""
    if not isinstance(row, list) or len(row) < 4:
        return {"kind": None}
    ends = ("radius_km",) if row[0] == "circle" else ("to_lat", "to_lon")
    return dict(zip(("kind", "text", "lat", "lon", *ends), row, strict=False))


def _rows(data: str) -> list | None:
    try:
        packed = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
        unpacker = zlib.decompressobj(_WBITS)
        text = unpacker.decompress(packed, MAX_JSON_BYTES)
        if unpacker.unconsumed_tail or not unpacker.eof:
            return None  # too large once unpacked, or cut short
        rows = json.loads(text.decode("utf-8"))
    except (binascii.Error, zlib.error, UnicodeDecodeError, json.JSONDecodeError, ValueError):
        return None
    return rows if isinstance(rows, list) else None
