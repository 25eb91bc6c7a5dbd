"""Operator settings from settings.toml (or $INFLUENCE_SETTINGS), each checked by type where it is read."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # influence/<package>/<module>.py -> the project root
SETTINGS_TOML = ROOT / "settings.toml"


class SettingsError(ValueError):
    """A setting of the wrong type or out of range; the message names the file, the key and the value."""


@dataclass(frozen=True)
class Retention:
    """Which backups survive a save: the newest `keep_last`, the newest of each of `keep_daily_days` days."""

    keep_last: int = 20
    keep_daily_days: int = 30
    page_size: int = 20


@dataclass(frozen=True)
class Settings:
    """Everything settings.toml declares."""

    backups: Retention


def load(path: Path | None = None) -> Settings:
    """The settings in `path`, or in $INFLUENCE_SETTINGS, or the bundled settings.toml (defaults if absent)."""
    chosen = Path(path or os.environ.get("INFLUENCE_SETTINGS") or SETTINGS_TOML)
    try:
        stamp = chosen.stat().st_mtime_ns
    except FileNotFoundError:
        return Settings(Retention())
    return _load_cached(str(chosen), stamp)


@lru_cache(maxsize=4)
def _load_cached(path: str, mtime_ns: int) -> Settings:
    # mtime is part of the key so an operator's change is seen without a restart
    name = Path(path).name
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as failure:
        raise SettingsError(f"{name} is not valid TOML: {failure}") from failure
    section = data.get("backups", {})
    if not isinstance(section, dict):
        raise SettingsError(f"{name}: [backups] must be a table")
    defaults = Retention()
    return Settings(
        Retention(
            keep_last=_count(name, section, "keep_last", defaults.keep_last, low=1),
            keep_daily_days=_count(name, section, "keep_daily_days", defaults.keep_daily_days, low=0),
            page_size=_count(name, section, "page_size", defaults.page_size, low=1),
        )
    )


def _count(name: str, section: dict, key: str, default: int, *, low: int) -> int:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= 100_000:
        raise SettingsError(
            f"{name}: [backups] {key} = {value!r} must be a whole number from {low} to 100000"
        )
    return value
