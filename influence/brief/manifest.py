"""A deck's manifest (its views in order, the data version it was made from, when) and where it is kept:
a PDF attachment (plus a document-information entry) or a PowerPoint custom XML part.

The manifest holds each view file's whole content, not only its name, so a deck replays even when the
view files are gone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from xml.etree import ElementTree

import pypdf
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI

from influence.view import viewfile
from influence.view.model import View

KIND = "syria-influence-brief"
VERSION = 1
ATTACHMENT = "brief-manifest.json"
PDF_KEY = "/BriefManifest"
XML_NAMESPACE = "urn:syria-influence:brief-manifest"
XML_PART = "/customXml/briefManifest.xml"


class ManifestError(ValueError):
    """A file that holds no readable brief manifest; the message says which file and why."""


@dataclass(frozen=True)
class Manifest:
    """What a deck was made of: (view file name, view) in order, the data version, and when."""

    views: tuple[tuple[str, View], ...]
    data_version: str
    made_at: datetime
    title: str = ""

    def to_json(self) -> str:
        """The manifest as JSON text (each view as its view file's content)."""
        return json.dumps(
            {
                "kind": KIND,
                "version": VERSION,
                "title": self.title,
                "data_version": self.data_version,
                "made_at": self.made_at.astimezone(UTC).isoformat(timespec="seconds"),
                "views": [{"file": name, "view": viewfile.to_dict(view)} for name, view in self.views],
            },
            ensure_ascii=False,
            indent=1,
        )


def from_json(text: str, source: str, layers: tuple[str, ...] | None = None) -> Manifest:
    """The manifest in `text`; every embedded view is checked like a view file."""
    try:
        data = json.loads(text)
        if data.get("kind") != KIND or data.get("version") != VERSION:
            raise ManifestError(f"{source}: not a brief manifest of version {VERSION}")
        views = tuple(
            (
                str(item["file"]),
                viewfile.from_dict(item["view"], f"{source}: view {item['file']}", layers=layers),
            )
            for item in data["views"]
        )
        return Manifest(
            views, str(data["data_version"]), datetime.fromisoformat(data["made_at"]), data.get("title", "")
        )
    except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as failure:
        raise ManifestError(f"{source}: the brief manifest cannot be read ({failure})") from None


def embed_pdf(pdf: bytes, manifest: Manifest) -> bytes:
    """The PDF with the manifest attached (and in its document information, for tools that show that)."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(BytesIO(pdf)))
    text = manifest.to_json()
    writer.add_attachment(ATTACHMENT, text.encode("utf-8"))
    writer.add_metadata({"/Title": manifest.title or "Brief", PDF_KEY: text, "/Creator": KIND})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def embed_pptx(presentation: object, manifest: Manifest) -> None:
    """Add the manifest to a python-pptx Presentation as a custom XML part (kept by PowerPoint on save)."""
    root = ElementTree.Element(f"{{{XML_NAMESPACE}}}manifest")
    root.text = manifest.to_json()  # ElementTree escapes it for XML
    blob = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    part = presentation.part  # type: ignore[attr-defined]
    custom = Part(PackURI(XML_PART), "application/xml", part.package, blob)
    part.relate_to(custom, RT.CUSTOM_XML)
    presentation.core_properties.keywords = KIND  # type: ignore[attr-defined]


def read(path: str | Path, layers: tuple[str, ...] | None = None) -> Manifest:
    """The manifest embedded in a deck (.pdf or .pptx)."""
    chosen = Path(path)
    try:
        data = chosen.read_bytes()
    except OSError as failure:
        raise ManifestError(f"{chosen}: cannot read the deck: {failure}") from None
    return from_bytes(data, chosen, layers)


def from_bytes(data: bytes, name: str | Path, layers: tuple[str, ...] | None = None) -> Manifest:
    """The manifest embedded in a deck's bytes; `name` (its file name) tells PDF from PowerPoint."""
    chosen = Path(name)
    if chosen.suffix.lower() == ".pptx":
        return from_json(_pptx_text(data, chosen), str(chosen), layers)
    return from_json(_pdf_text(data, chosen), str(chosen), layers)


def last_view(data: bytes, name: str | Path, layers: tuple[str, ...] | None = None) -> View:
    """The last view of a deck: "since the last brief" compares from there."""
    found = from_bytes(data, name, layers)
    if not found.views:
        raise ManifestError(f"{name}: the deck's manifest lists no views")
    return found.views[-1][1]


def _pdf_text(data: bytes, source: Path) -> str:
    try:
        reader = pypdf.PdfReader(BytesIO(data))
        attached = reader.attachments.get(ATTACHMENT)
    except Exception as failure:  # pypdf raises several kinds on a damaged or non-PDF file
        raise ManifestError(f"{source}: not a readable PDF ({failure})") from None
    if not attached:
        raise ManifestError(f"{source}: no {ATTACHMENT} attached; was it made by `cli.py brief`?")
    return attached[0].decode("utf-8")


def _pptx_text(data: bytes, source: Path) -> str:
    from pptx import Presentation  # imported here: reading a PDF deck needs no python-pptx

    try:
        presentation = Presentation(BytesIO(data))
    except Exception as failure:  # a damaged or non-pptx file
        raise ManifestError(f"{source}: not a readable PowerPoint file ({failure})") from None
    for relationship in presentation.part.rels.values():
        if relationship.reltype == RT.CUSTOM_XML and str(relationship.target_part.partname) == XML_PART:
            return ElementTree.fromstring(relationship.target_part.blob).text or ""
    raise ManifestError(f"{source}: no brief manifest part; was it made by `cli.py brief`?")
