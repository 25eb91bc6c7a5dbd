"""`cli.py check` tells the operator at start-up what the pages never show visitors (./dev app runs it)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from influence.edit import access

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


def check(*arguments: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run `cli.py check` as the operator would."""
    command = [sys.executable, str(ROOT / "cli.py"), "check", *arguments]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def test_a_clean_setup_has_no_problem(tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    shutil.copyfile(DATA / "edit_events.csv", events)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        f'[editors]\nalice = "{access.hash_password("pw", iterations=access.MIN_ITERATIONS)}"\n'
    )
    done = check(str(events), "--secrets", str(secrets))
    assert done.returncode == 0 and "0 problems" in done.stdout, done.stdout + done.stderr


def test_malformed_editors_and_a_link_out_of_the_folder_are_named(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.csv"
    shutil.copyfile(DATA / "edit_events.csv", outside)
    folder = tmp_path / "app"
    folder.mkdir()
    (folder / "events.csv").symlink_to(outside)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        '[editors]\nalice = "correct horse"\nbob = "pbkdf2_sha256$900000000$salt$' + "0" * 64 + '"\n'
    )
    done = check(str(folder / "events.csv"), "--secrets", str(secrets))
    assert done.returncode == 1
    assert "outside its folder" in done.stdout and str(outside) in done.stdout
    assert "'alice' is ignored" in done.stdout and "'bob' is ignored" in done.stdout
    assert "900,000,000 iterations" in done.stdout
    assert "3 problems" in done.stdout


def test_a_malformed_secrets_file_is_named(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('editors = "alice"\n[x\n')
    done = check(str(DATA / "edit_events.csv"), "--secrets", str(secrets))
    assert done.returncode == 1 and "cannot be read, editing is off" in done.stdout
