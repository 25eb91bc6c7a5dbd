"""`cli.py import SOURCE`: an ACLED, UCDP GED or any CSV converted to an events file, streamed, with a summary."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from tqdm import tqdm

from influence.intake import conversion, merge, places, preset, registry
from influence.intake.source import Source

NAME = "import"
HELP = (
    "Convert an ACLED export, a UCDP GED file or any CSV (with a saved mapping) into a contract-valid events "
    "file (--out), or merge it into one as an audited save (--into --editor); prints what was read, written "
    "and rejected, by reason."
)


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of `import`."""
    parser.add_argument("source", help="the file to import (CSV in the publisher's own layout)")
    parser.add_argument(
        "--preset", help="acled, ucdp or a saved mapping's name (default: recognised from the header)"
    )
    parser.add_argument("--mapping", help="a mapping file (TOML, as the app saves it) instead of a preset")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", help="write the converted events to this new file")
    target.add_argument("--into", help="merge the converted events into this events file (one audited save)")
    parser.add_argument("--editor", help="who is saving, for the audit log (required with --into)")
    parser.add_argument(
        "--add-places",
        action="store_true",
        help="add place names the gazetteer lacks, with the source's coordinates, to geodata/learned_places.csv",
    )


def run(arguments: argparse.Namespace) -> int:
    """Convert, write or merge, and print the summary; exit 1 when nothing could be imported."""
    if arguments.into and not arguments.editor:
        print("--into needs --editor NAME: every save names who made it", file=sys.stderr)
        return 2
    try:
        source = Source.open(arguments.source)
    except OSError as failure:
        print(f"cannot read {arguments.source}: {failure.strerror}", file=sys.stderr)
        return 1
    chosen = _preset(arguments, source.header)
    if isinstance(chosen, str):
        print(chosen, file=sys.stderr)
        return 1
    missing = chosen.missing(source.header)
    if missing:
        print(f"{source.name}: the {chosen.name} mapping needs columns the file lacks: {', '.join(missing)}")
        return 1
    target = Path(arguments.out or arguments.into)
    folder = target.parent if arguments.out else Path(tempfile.gettempdir())
    # the converted file is written beside its target and renamed into place only when complete
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115  (closed by the `with handle:` below)
        "w", encoding="utf-8", newline="", dir=folder, prefix=f".{target.name}.", suffix=".part", delete=False
    )
    bar = tqdm(
        total=source.total_bytes, unit="B", unit_scale=True, desc=f"importing {source.name}", file=sys.stderr
    )
    try:
        with handle:
            summary = conversion.convert(source, chosen, registry.load(), handle, progress=_updater(bar))
        bar.close()
        source.close()
        if arguments.out:
            os.replace(handle.name, target)
        else:
            outcome = merge.into(target, Path(handle.name), editor_name=arguments.editor)
    finally:
        if os.path.exists(handle.name):
            os.unlink(handle.name)
    for line in summary.lines():
        print(line)
    for rejected in summary.rejections[:20]:
        print(f"  {source.name}:{rejected.line}: {rejected.column or 'row'}: {rejected.reason}")
    if summary.rejected_rows > 20:
        print(f"  … and {summary.rejected_rows - 20:,} more rejected rows (reasons counted above)")
    if arguments.add_places and summary.unknown_places:
        added = places.learn(summary.unknown_places, f"{chosen.label} import of {source.name}")
        print(f"added {added} place names to {places.LEARNED}")
    elif summary.unknown_places:
        print(
            f"{len(summary.unknown_places):,} place names are not in the gazetteer; --add-places keeps them "
            f"(with the source's coordinates) in {places.LEARNED.name} so later free-text rows resolve"
        )
    if arguments.into:
        print(outcome)
        return 0 if outcome.startswith("saved") or outcome.startswith("nothing") else 1
    print(f"wrote {summary.written:,} events to {target}")
    return 0 if summary.written else 1


def _preset(arguments: argparse.Namespace, header: tuple[str, ...]) -> preset.Preset | str:
    """The mapping to use, or a message saying why none can be chosen."""
    try:
        if arguments.mapping:
            return preset.load(Path(arguments.mapping))
        if arguments.preset:
            return preset.load(arguments.preset)
    except (FileNotFoundError, ValueError) as failure:
        return str(failure)
    found = preset.recognise(header)
    if found is None:
        known = ", ".join(p.name for p in preset.available())
        return (
            f"the header of this file matches no preset ({known}); give --preset NAME, or build a mapping in "
            "the app's Edit page (Import) and pass it with --mapping FILE"
        )
    return found


def _updater(bar: tqdm):
    done = [0]

    def update(position: int, total: int, rows: int) -> None:
        bar.update(max(position - done[0], 0))
        done[0] = max(position, done[0])
        bar.set_postfix_str(f"{rows:,} rows", refresh=False)

    return update
