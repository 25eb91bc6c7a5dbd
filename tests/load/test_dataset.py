"""The loader on the seed rows (committed copy: tests/data/seed_events.csv): clean, governorates, broken copies."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from influence.geo.gazetteer import normalise
from influence.load.dataset import load, load_bytes, version_of

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "data" / "seed_events.csv"  # a committed copy of the seed rows


def test_bundled_events_validate_clean_and_every_row_cites_its_source():
    dataset = load(SEED)
    assert dataset.problems == ()
    assert len(dataset.events) == dataset.rows == 6
    assert dataset.events.crs.to_epsg() == 4326
    assert dataset.events["source"].str.contains("Asharq Al-Awsat, 2021-02-15").all()
    assert (dataset.events["source_url"] == "").all(), "no URL was verified, so none may be given"


def test_seed_places_resolve_and_fall_in_their_governorates():
    seed = load(SEED).events.set_index("id")
    assert normalise(seed.loc["FAT-2021-001", "place_resolved"]) == normalise("Al Qamishli")
    assert seed.loc["FAT-2021-001", "governorate"] == "Al-Hasakah"
    assert seed.loc["FAT-2021-002", "governorate"] == "Al-Hasakah"
    assert seed.loc["FAT-2021-004", "governorate"] == "Deir ez-Zor"
    assert not ((seed["lat"] == 0) & (seed["lon"] == 0)).any()


def test_estimated_sites_are_marked_and_drawn_as_areas():
    seed = load(SEED).events.set_index("id")
    camp, region = seed.loc["FAT-2021-003"], seed.loc["FAT-2021-004"]
    assert camp["estimated"] and camp["precision"] == "area"
    assert region["estimated"] and region["precision"] == "region"
    assert not seed.loc["FAT-2021-001", "estimated"]


def test_seed_chain_runs_recruitment_training_deployment():
    seed = load(SEED).events
    chain = seed[seed["chain"] == "FAT-HASAKAH-2021"]
    assert set(chain["event_type"]) == {"recruitment", "training", "deployment"}


def test_al_mayadin_falls_in_deir_ez_zor():
    header = SEED.read_text(encoding="utf-8").splitlines()[0]
    row = "M-1,2021-02-01,,Al Mayadin,,,town,Iran,Test,presence,,,Synthetic row,Synthetic fixture,,alleged"
    dataset = load_bytes(f"{header}\n{row}\n".encode(), "synthetic.csv")
    assert dataset.problems == ()
    assert dataset.events.loc[0, "governorate"] == "Deir ez-Zor"


def test_broken_copy_names_each_problem_and_keeps_the_good_rows(tmp_path: Path):
    lines = SEED.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("2021-01-15", "15/01/2021", 1)
    lines[3] = lines[3].replace(",Iran,", ",Irann,", 1)
    broken = tmp_path / "broken.csv"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dataset = load(broken)
    assert [(p.line, p.column) for p in dataset.problems] == [(2, "date"), (4, "sponsor")]
    assert "did you mean 'Iran'?" in dataset.problems[1].message
    assert len(dataset.events) == 4


def test_missing_file_is_a_problem_not_a_traceback(tmp_path: Path):
    dataset = load(tmp_path / "absent.csv")
    assert dataset.events.empty
    assert "cannot read the events file" in dataset.problems[0].message


def test_events_csv_environment_variable_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    copy = tmp_path / "copy.csv"
    copy.write_bytes(SEED.read_bytes())
    monkeypatch.setenv("EVENTS_CSV", str(copy))
    assert load().path == copy
    assert version_of() == version_of(SEED)


@pytest.mark.parametrize(
    ("path", "code"), [("tests/data/seed_events.csv", 0), ("tests/data/validation_dates.csv", 1)]
)
def test_cli_validate_exit_code_tells_whether_there_is_an_error(path: str, code: int):
    run = subprocess.run(
        [sys.executable, "cli.py", "validate", path], cwd=ROOT, capture_output=True, text=True
    )
    assert run.returncode == code, run.stderr
    assert "valid events" in run.stdout


def test_cli_validate_reads_events_csv_from_the_environment(tmp_path: Path):
    env_file = tmp_path / "env.csv"
    env_file.write_bytes((ROOT / "tests/data/validation_dates.csv").read_bytes())
    run = subprocess.run(
        [sys.executable, "cli.py", "validate"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"EVENTS_CSV": str(env_file), "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 1
    assert "env.csv:2 [date] error: ambiguous date" in run.stdout
