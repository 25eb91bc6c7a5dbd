"""Registry of command-line commands: each module exposes NAME, HELP, configure(parser) and run(args) -> int."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class Command:
    """One `cli.py` sub-command."""

    name: str
    help: str
    configure: Callable
    run: Callable


def _command(module_name: str) -> Command:
    module = import_module(f"influence.commands.{module_name}")
    return Command(module.NAME, module.HELP, module.configure, module.run)


# Adding a command is adding one module here and to this list.
COMMANDS: tuple[Command, ...] = tuple(
    _command(name) for name in ("validate", "import_events", "export", "brief", "hash_password", "check")
)
