"""`cli.py validate [PATH]`: print every problem of an events file; exit 1 when there is an error."""

from __future__ import annotations

import argparse

from influence.load.dataset import load

NAME = "validate"
HELP = "Check an events CSV against the contract and print every problem (exit 1 on any error)."


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare the arguments of `validate`."""
    parser.add_argument("path", nargs="?", help="events CSV (default: $EVENTS_CSV or events.csv)")


def run(arguments: argparse.Namespace) -> int:
    """Validate the file and print the report."""
    dataset = load(arguments.path)
    errors = [p for p in dataset.problems if p.severity == "error"]
    warnings = [p for p in dataset.problems if p.severity == "warning"]
    for problem in dataset.problems:
        print(problem.describe(str(dataset.path.name)))
    print(
        f"{dataset.path}: {len(dataset.events)} valid events of {dataset.rows} rows; "
        f"{len(errors)} errors, {len(warnings)} warnings (encoding {dataset.encoding}, version {dataset.version})"
    )
    return 1 if errors else 0
