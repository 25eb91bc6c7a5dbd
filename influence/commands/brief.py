"""`cli.py brief VIEW... --out brief.pdf|brief.pptx`: several saved views as one stamped deck;
`cli.py brief --replay brief.pdf`: rebuild a deck from its embedded manifest and say whether the data changed."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from influence.brief import deck, manifest
from influence.edit import atomicfile
from influence.load.dataset import load
from influence.view import viewfile

NAME = "brief"
HELP = "Assemble saved views into one stamped deck (PDF or PowerPoint), or replay a deck on the current data."
USAGE_ERROR, FAILURE = 2, 1


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of `brief`."""
    parser.add_argument("views", nargs="*", metavar="VIEW", help="saved view files (JSON), in slide order")
    parser.add_argument(
        "--out", help="deck to write: .pdf or .pptx (with --replay: default DECK-replay.SUFFIX)"
    )
    parser.add_argument("--title", default="", help="the deck's title, on its cover")
    parser.add_argument(
        "--replay", metavar="DECK", help="a deck made by `cli.py brief`: rebuild it from its manifest"
    )


def run(arguments: argparse.Namespace) -> int:
    """Build (or replay) the deck; a mistake is one message and exit status 2."""
    known = arguments.registry.keys
    try:
        if arguments.replay:
            before = manifest.read(arguments.replay, layers=known)
            views, title = before.views, arguments.title or before.title
            out = Path(arguments.out or _replay_name(Path(arguments.replay)))
        else:
            if not arguments.views:
                raise ValueError("name at least one view file (or --replay DECK)")
            views = tuple((Path(name).name, viewfile.read(name, layers=known)) for name in arguments.views)
            title, out = arguments.title, Path(arguments.out or "")
            before = None
        fmt = out.suffix.lower().lstrip(".")
        if fmt not in deck.FORMATS:
            raise ValueError(f"--out must end in .pdf or .pptx, not {str(out)!r}")
        dataset = load()
        if dataset.version == "none":
            raise ValueError(dataset.problems[0].describe(str(dataset.path)))
    except (ValueError, viewfile.ViewFileError, manifest.ManifestError) as failure:
        print(f"brief: {failure}", file=sys.stderr)
        return USAGE_ERROR
    try:
        made_at = datetime.now(UTC)
        slides = deck.slides(dataset, views, arguments.registry, made_at)
        made = deck.manifest_of(dataset, slides, made_at, title)
        data = deck.to_pdf(slides, made) if fmt == "pdf" else deck.to_pptx(slides, made)
        _write(out, data)
    except Exception as failure:  # the browser or the disk: say what failed
        print(f"brief: failed: {failure}", file=sys.stderr)
        return FAILURE
    print(f"wrote {out} ({fmt}: cover and {len(slides)} views, data version {dataset.version})")
    if before is not None:
        print(_data_note(before, dataset.version))
    return 0


def _data_note(before: manifest.Manifest, now: str) -> str:
    made = before.made_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if before.data_version == now:
        return f"data unchanged since the deck was made ({made}): version {now}"
    return f"data changed since the deck was made ({made}): version {before.data_version} then, {now} now"


def _replay_name(deck_path: Path) -> Path:
    return deck_path.with_name(f"{deck_path.stem}-replay{deck_path.suffix}")


def _write(path: Path, data: bytes) -> None:
    """Write atomically (the same way the editor saves), so a failed build never leaves half a deck."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomicfile.write_atomic(path, data)
