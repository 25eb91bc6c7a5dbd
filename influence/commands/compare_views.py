"""`cli.py export --compare BEFORE_VIEW AFTER_VIEW --out FILE`: what changed between two saved views.

BEFORE_VIEW may be a deck made by `cli.py brief` (.pdf or .pptx): its last view, "since the last brief".

PNG, PDF or HTML: the change map (framed, sized and annotated as the after view); CSV: the table of
changes, each row with its event ids. A summary line says what appeared, ended and continued.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from influence.brief import changemap, comparison, contest, manifest
from influence.load.dataset import load
from influence.view import viewfile
from influence.view.model import View

FORMATS = ("png", "pdf", "html", "csv")
USAGE_ERROR, FAILURE = 2, 1


def run(arguments: argparse.Namespace, write: Callable[[Path, bytes], None]) -> int:
    """Compare the two views over the current events and write the change map or table to --out."""
    before_path, after_path = arguments.compare
    suffix = (arguments.format or Path(arguments.out).suffix.lstrip(".")).lower()
    try:
        if suffix not in FORMATS:
            raise ValueError(f"--compare writes {', '.join(FORMATS)}; cannot tell one from {arguments.out!r}")
        known = arguments.registry.keys
        before, after = _view(before_path, known), _view(after_path, known)
        dataset = load()
        if dataset.version == "none":
            raise ValueError(dataset.problems[0].describe(str(dataset.path)))
        compared = comparison.compare(
            dataset.events, before.filters, after.filters, contest.rule(arguments.registry)
        )
        if suffix == "csv":
            data = compared.changes().to_csv(index=False).encode("utf-8-sig")
        else:
            from influence.export import snapshot  # the browser side loads only for map formats

            # the after view frames the map; the title is the comparison's own unless --title names one
            composition = changemap.compose(
                compared, dataset.version, replace(after, title=arguments.title or "")
            )
            data = snapshot.export(composition, suffix).data
    except (ValueError, viewfile.ViewFileError, manifest.ManifestError) as failure:
        print(f"export: {failure}", file=sys.stderr)
        return USAGE_ERROR
    except Exception as failure:  # the browser or the disk
        print(f"export: failed: {failure}", file=sys.stderr)
        return FAILURE
    write(Path(arguments.out), data)
    counts = ", ".join(f"{len(compared.ids(status))} {status}" for status in comparison.STATUSES)
    contested = (
        "; ".join(f"{row.governorate} {row.change}" for row in compared.contested.itertuples()) or "none"
    )
    print(
        f"wrote {arguments.out} ({suffix}; events: {counts}; contested changes: {contested}; "
        f"{changemap.window_text(compared)}; data version {dataset.version})"
    )
    return 0


def _view(path: str, known: tuple[str, ...]) -> View:
    """A view file, or a deck made by `cli.py brief` (its last view: "since the last brief")."""
    if Path(path).suffix.lower() in (".pdf", ".pptx"):
        try:
            data = Path(path).read_bytes()
        except OSError as failure:
            raise ValueError(f"{path}: cannot read the deck: {failure}") from None
        return manifest.last_view(data, path, known)
    return viewfile.read(path, layers=known)
