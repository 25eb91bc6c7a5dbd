"""Command line: `python cli.py validate [PATH]`, `python cli.py export ...` (see --help)."""

from __future__ import annotations

import argparse
import sys

import layers
from influence import commands


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, run the chosen command and return its exit code."""
    parser = argparse.ArgumentParser(prog="cli.py", description="Syria influence map: data tools.")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for command in commands.COMMANDS:
        sub = subparsers.add_parser(command.name, help=command.help, description=command.help)
        command.configure(sub)
        sub.set_defaults(run=command.run)
    # the layer registry is handed to the commands from here: nothing in influence/ imports layers/
    parser.set_defaults(registry=layers.LAYERS)
    arguments = parser.parse_args(argv)
    return arguments.run(arguments)


if __name__ == "__main__":
    sys.exit(main())
