"""Documentation that cannot drift: columns, commands, and every path, name and setting the README mentions."""

from __future__ import annotations

import importlib
import re
import tomllib
from pathlib import Path

from influence.commands import COMMANDS
from influence.contract.schema import COLUMNS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    first_block = README.split("```")[1]
    assert "./dev app" in first_block and "./dev test" in first_block


def test_every_contract_column_is_documented():
    undocumented = [c.name for c in COLUMNS if f"| `{c.name}` |" not in README]
    assert undocumented == []


def test_every_command_is_documented():
    assert [c.name for c in COMMANDS if f"cli.py {c.name}" not in README] == []


NAMED = re.findall(r"`([^`\s]+)`", README)
# files the README describes as written by the program when first needed, not shipped
WRITTEN_LATER = ("geodata/learned_places.csv",)


def test_every_path_the_readme_names_exists():
    paths = [
        name for name in NAMED if re.match(r"(influence|layers|ui|scripts|tests|geodata|presets)/", name)
    ]
    assert paths, "the README names no project path: the pattern is wrong"
    missing = [
        name
        for name in paths
        if not any(ROOT.glob(name.rstrip("/"))) and name != "geodata/learned_places.csv"
    ]
    assert missing == []


def test_every_module_function_and_constant_the_readme_names_exists():
    dotted = [name for name in NAMED if re.fullmatch(r"(influence|layers|ui)(\.\w+)+", name)]
    assert "influence.mapping.mapview.compose" in dotted
    missing = [name for name in dotted if not _resolves(name)]
    assert missing == []


def test_every_setting_the_readme_names_is_in_settings_toml():
    declared = tomllib.loads((ROOT / "settings.toml").read_text(encoding="utf-8"))
    for section in re.findall(r"`\[(\w+)\]`", README):
        assert section in declared, section
        # the keys named after `[section]`, up to the end of that list item
        item = README.split(f"`[{section}]`", 1)[1].split("\n- ", 1)[0]
        named = [key for key in re.findall(r"`(\w+)`", item) if "_" in key]
        assert named and set(named) <= set(declared[section]), (section, named)
        assert set(declared[section]) <= set(named), f"undocumented [{section}] settings"


def _resolves(name: str) -> bool:
    """True when `name` is a module, or an attribute reachable from the longest importable module prefix."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            if not hasattr(target, attribute):
                return False
            target = getattr(target, attribute)
        return True
    return False
