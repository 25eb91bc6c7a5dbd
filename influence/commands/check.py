"""`cli.py check`: what the operator must know before the app starts (`./dev app` runs it first).

The events file (readable, not a link out of its folder), an interrupted save's audit line (completed
here), the editor entries of the secrets file, the vocabulary and the settings: each problem on one line.
"""

from __future__ import annotations

import argparse
import tomllib
from pathlib import Path

from influence.contract import settings, vocabulary
from influence.edit import access
from influence.edit.history import journal
from influence.load import eventslink
from influence.load.dataset import events_path

NAME = "check"
HELP = "Check the events file, the audit log, the editor secrets, the vocabulary and the settings (exit 1 on a problem)."
SECRETS = Path(".streamlit") / "secrets.toml"


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of `check`."""
    parser.add_argument("path", nargs="?", help="events CSV (default: $EVENTS_CSV or events.csv)")
    parser.add_argument("--secrets", type=Path, default=SECRETS, help=f"secrets file (default: {SECRETS})")


def run(arguments: argparse.Namespace) -> int:
    """Print every problem found, one a line; 0 when there is none."""
    problems = [*_events(events_path(arguments.path)), *_secrets(arguments.secrets), *_declarations()]
    for problem in problems:
        print(problem)
    print(f"check: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
    return 1 if problems else 0


def _events(path: Path) -> list[str]:
    outside = eventslink.outside_target(path)
    if outside is not None:
        return [f"{path}: a symbolic link to {outside}, outside its folder: the app refuses to read it"]
    try:
        eventslink.read_bytes(path)
    except FileNotFoundError:
        return []  # a missing file reads as an empty one: the first save creates it
    except OSError as failure:
        return [f"{path}: cannot be read: {failure}"]
    try:
        completed = journal.recover(path)
    except OSError as failure:
        return [f"{path}: the audit log cannot be checked: {failure}"]
    if completed is not None:
        print(f"{path}: the audit line of {completed.user}'s interrupted {completed.action} was completed")
    return []


def _secrets(path: Path) -> list[str]:
    if not path.exists():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as failure:
        return [f"{path}: cannot be read, editing is off: {failure}"]
    return [f"{path}: {problem}" for problem in access.configure(data).problems]


def _declarations() -> list[str]:
    found = []
    for load, kind in (
        (vocabulary.load, vocabulary.VocabularyError),
        (settings.load, settings.SettingsError),
    ):
        try:
            load()
        except kind as failure:
            found.append(str(failure))
    return found
