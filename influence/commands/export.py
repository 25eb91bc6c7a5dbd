"""`cli.py export`: the app's view (filters, window, layers, title, size) as PNG, PDF, HTML, CSV or GeoJSON."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import pandas as pd

from influence.contract import suggestion
from influence.edit import atomicfile
from influence.export import dataexport
from influence.load.dataset import load
from influence.mapping.layer import Registry
from influence.view import query, viewfile

NAME = "export"
HELP = (
    "Export a view of the events as PNG, PDF, HTML (map with stamp and legend), CSV or GeoJSON (the rows shown),"
    " or its playback as an animated GIF or MP4 video (one stamped frame per calendar week or month)."
)
FORMATS = ("png", "pdf", "html", "csv", "geojson", "gif", "mp4")
SUFFIXES = {
    ".png": "png",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".geojson": "geojson",
    ".gif": "gif",
    ".mp4": "mp4",
}
USAGE_ERROR = 2
FAILURE = 1


class UsageError(ValueError):
    """A mistake in the command line or view file: reported in one message, exit status 2."""


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of `export` (the same filters as the app)."""
    parser.add_argument(
        "--out", required=True, help="file to write; its suffix gives the format unless --format"
    )
    parser.add_argument(
        "--format", choices=FORMATS, help="png, pdf, html, csv, geojson, gif or mp4 (default: from --out)"
    )
    parser.add_argument(
        "--view", metavar="FILE", help="saved view (JSON) from the app; flags override its values"
    )
    parser.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="window start")
    parser.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="window end")
    parser.add_argument("--sponsor", action="append", help="sponsor name or alias (repeatable)")
    parser.add_argument("--actor", action="append", help="actor, as in the data (repeatable)")
    parser.add_argument("--event-type", action="append", help="event type key or label (repeatable)")
    parser.add_argument("--governorate", action="append", help="governorate (repeatable)")
    parser.add_argument(
        "--tie-kind", action="append", help="kind of tie in actors.toml, e.g. 'own forces' (repeatable)"
    )
    parser.add_argument("--min-confidence", help="weakest confidence level to include")
    parser.add_argument("--search", help="text to find in place, actor or description")
    parser.add_argument("--chains-only", action="store_true", default=None, help="only events of a pipeline")
    parser.add_argument("--title", help="title stamped on the map")
    parser.add_argument("--size", help="slide (1920x1080), a4, letter (landscape, 200 dpi) or WIDTHxHEIGHT")
    parser.add_argument("--layers", help="comma-separated layers to show (default: the app's defaults)")
    parser.add_argument("--basemap", help="basemap name (default: the offline boundaries)")
    parser.add_argument(
        "--compare",
        nargs=2,
        metavar=("BEFORE_VIEW", "AFTER_VIEW"),
        help="two saved views: write the change map (png, pdf, html) or the table of changes (csv)",
    )
    parser.add_argument(
        "--step", choices=("week", "month"), default="month",
        help="gif, mp4: one frame per calendar week (Monday to Sunday) or month (default)",
    )  # fmt: skip
    parser.add_argument(
        "--playback", choices=("window", "cumulative"), default="window",
        help="gif, mp4: each frame its own step (window, default) or everything up to it (cumulative)",
    )  # fmt: skip


def run(arguments: argparse.Namespace) -> int:
    """Load the events, apply the view, write the export; errors are one readable message."""
    if getattr(arguments, "compare", None):
        from influence.commands import compare_views

        return compare_views.run(arguments, _write)
    try:
        fmt = _format(arguments)
        view = _view(arguments)
        dataset = load()
        if dataset.version == "none":
            raise UsageError(dataset.problems[0].describe(str(dataset.path)))
        view = replace(view, filters=_canonical_actors(view.filters, dataset.events))
        shown = query.apply(dataset.events, view.filters)
        if fmt in ("gif", "mp4"):
            from influence.export import animation  # the browser side loads only for map formats

            data = animation.export(
                dataset.events, view, dataset.version, registry=arguments.registry,
                step=arguments.step, mode=arguments.playback, fmt=fmt,
            )  # fmt: skip
            drawn = None
        else:
            data, drawn = _render(shown, view, dataset.version, fmt, arguments.registry)
    except (UsageError, viewfile.ViewFileError) as failure:
        print(f"export: {failure}", file=sys.stderr)
        return USAGE_ERROR
    except Exception as failure:  # the browser or the disk: say what failed, exit 1
        print(f"export: failed: {failure}", file=sys.stderr)
        return FAILURE
    _write(Path(arguments.out), data)
    left_out = sum(1 for problem in dataset.problems if problem.severity == "error")
    if left_out:
        print(
            f"export: {left_out} errors in {dataset.path} kept rows out (see `cli.py validate`)",
            file=sys.stderr,
        )
    drawn_text = f", {drawn} drawn" if drawn is not None else ""
    print(f"wrote {arguments.out} ({fmt}, {len(shown)} events{drawn_text}, data version {dataset.version})")
    return 0


def _format(arguments: argparse.Namespace) -> str:
    if arguments.format:
        return arguments.format
    suffix = Path(arguments.out).suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"cannot tell the format from {arguments.out!r}: use --format {' | '.join(FORMATS)}")
    return SUFFIXES[suffix]


def _view(arguments: argparse.Namespace) -> viewfile.View:
    """The view file's values (or the defaults) with every given flag applied on top, checked once."""
    known = arguments.registry.keys  # handed down by cli.py: nothing in influence/ imports layers/
    base = viewfile.read(arguments.view, layers=known) if arguments.view else viewfile.View()
    data = viewfile.to_dict(base)
    window, chosen = data["window"], data["filters"]
    for flag, key in (("start", "start"), ("end", "end")):
        if getattr(arguments, flag) is not None:
            window[key] = getattr(arguments, flag)
    for flag, key in (("sponsor", "sponsors"), ("actor", "actors"), ("event_type", "event_types")):
        if getattr(arguments, flag):
            chosen[key] = getattr(arguments, flag)
    if arguments.governorate:
        chosen["governorates"] = arguments.governorate
    if arguments.tie_kind:
        chosen["tie_kinds"] = arguments.tie_kind
    for flag, key in (
        ("min_confidence", "min_confidence"),
        ("search", "text"),
        ("chains_only", "chains_only"),
    ):
        if getattr(arguments, flag) is not None:
            chosen[key] = getattr(arguments, flag)
    for key in ("title", "size", "basemap"):
        if getattr(arguments, key) is not None:
            data[key] = getattr(arguments, key)
    if arguments.layers is not None:
        data["layers"] = [name.strip() for name in arguments.layers.split(",") if name.strip()]
    source = "command line" if not arguments.view else f"{arguments.view} with flags"
    return viewfile.from_dict(data, source, layers=known)


def _canonical_actors(filters: query.Filters, frame: pd.DataFrame) -> query.Filters:
    """Actors matched to the data's spelling (case ignored); an unknown actor is an error with a suggestion."""
    known = sorted(set(frame["actor"].dropna().astype(str)) - {""})
    by_fold = {name.casefold(): name for name in known}
    chosen = []
    for name in filters.actors:
        if name.casefold() not in by_fold:
            hint = suggestion.hint(name, known)
            raise UsageError(f"actor {name!r} is not in the data" + (f"; {hint}" if hint else ""))
        chosen.append(by_fold[name.casefold()])
    return replace(filters, actors=tuple(chosen))


def _render(
    shown: gpd.GeoDataFrame, view: viewfile.View, version: str, fmt: str, registry: Registry
) -> tuple[bytes, int | None]:
    if fmt == "csv":
        return dataexport.to_csv(shown), None
    if fmt == "geojson":
        return dataexport.to_geojson(shown), None
    from influence.export import snapshot  # the browser side loads only for map formats

    rendering = snapshot.export(snapshot.compose(shown, view, version, registry=registry), fmt)
    return rendering.data, rendering.events_drawn


def _write(path: Path, data: bytes) -> None:
    """Write atomically (the same way the editor saves), so a failed build never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomicfile.write_atomic(path, data)
