"""Documentation that cannot drift: every contract column and every CLI command is in the README."""

from __future__ import annotations

from pathlib import Path

from influence.commands import COMMANDS
from influence.contract.schema import COLUMNS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    first_block = README.split("```")[1]
    assert "./dev app" in first_block and "./dev test" in first_block


def test_every_contract_column_is_documented():
    undocumented = [c.name for c in COLUMNS if f"| `{c.name}` |" not in README]
    assert undocumented == []


def test_every_command_is_documented():
    assert [c.name for c in COMMANDS if f"cli.py {c.name}" not in README] == []
