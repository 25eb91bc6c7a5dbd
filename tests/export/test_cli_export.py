"""`cli.py export`: same filters as the app, view files with flag overrides, clear errors, same picture as the app."""

from __future__ import annotations

import argparse
import json
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image

import cli
from influence.commands import export
from influence.contract.schema import COLUMN_NAMES
from influence.export import snapshot
from influence.load import validation
from influence.load.dataset import load
from influence.view import query, viewfile
from layers import LAYERS

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "data" / "seed_events.csv"  # a committed copy of the seed rows
VIEW = ROOT / "tests" / "data" / "export_view.json"


@pytest.fixture(autouse=True)
def seed_events(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTS_CSV", str(SEED))


def run(*arguments: str) -> int:
    """The export command as `cli.py export` runs it (in-process, so the browser is shared)."""
    parser = argparse.ArgumentParser()
    export.configure(parser)
    parser.set_defaults(registry=LAYERS)  # as cli.py hands it down
    return export.run(parser.parse_args(list(arguments)))


def test_command_shape() -> None:
    assert export.NAME == "export" and export.HELP
    assert callable(export.configure) and callable(export.run)


def test_command_is_registered() -> None:
    assert "export" in [command.name for command in cli.commands.COMMANDS]


def test_csv_of_the_whole_data_set_round_trips(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "all.csv"
    assert run("--out", str(out)) == 0
    again = validation.validate_bytes(out.read_bytes(), "all.csv")
    dataset = load(SEED)
    pd.testing.assert_frame_equal(
        again.rows[list(COLUMN_NAMES)].reset_index(drop=True),
        dataset.events[list(COLUMN_NAMES)].reset_index(drop=True),
    )
    assert f"{len(dataset.events)} events" in capsys.readouterr().out


def test_filters_apply_like_the_app(tmp_path: Path) -> None:
    out = tmp_path / "iran.geojson"
    arguments = [
        "--from",
        "2021-01-01",
        "--to",
        "2021-01-31",
        "--sponsor",
        "iranian",
        "--event-type",
        "Recruitment",
    ]
    assert run(*arguments, "--out", str(out)) == 0
    filters = query.Filters(
        start=pd.Timestamp("2021-01-01").date(), end=pd.Timestamp("2021-01-31").date(),
        sponsors=("Iran",), event_types=("recruitment",),
    )  # fmt: skip
    expected = query.apply(load(SEED).events, filters)
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert sorted(f["properties"]["id"] for f in features) == sorted(expected["id"]) != []


def test_a_kind_of_tie_filters_like_the_app(tmp_path: Path) -> None:
    out = tmp_path / "own.csv"
    assert run("--tie-kind", "own forces", "--out", str(out)) == 0
    expected = query.apply(load(SEED).events, query.Filters(tie_kinds=("own forces",)))
    written = pd.read_csv(out, dtype=str)
    assert 0 < len(expected) < len(load(SEED).events)
    assert sorted(written["id"]) == sorted(expected["id"])


def test_format_flag_wins_over_suffix(tmp_path: Path) -> None:
    out = tmp_path / "rows.txt"
    assert run("--format", "csv", "--out", str(out)) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbfid,date,")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--sponsor", "Irann"], "did you mean 'Iran'?"),
        (["--event-type", "trainig"], "did you mean 'training'?"),
        (["--governorate", "Hasaka"], "did you mean 'Al-Hasakah'?"),
        (["--actor", "Liwa Fatimiyun"], "did you mean 'Liwa Fatimiyoun'?"),
        (["--from", "2021-02-30"], "window.start: '2021-02-30' is not a date"),
        (["--size", "huge"], "size 'huge'"),
        (["--min-confidence", "sure"], "unknown confidence level 'sure'"),
    ],
)
def test_mistakes_exit_2_with_a_suggestion(
    tmp_path: Path, capsys: pytest.CaptureFixture, arguments: list[str], message: str
) -> None:
    out = tmp_path / "x.csv"
    assert run(*arguments, "--out", str(out)) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_unknown_suffix_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert run("--out", str(tmp_path / "brief.docx")) == 2
    assert "use --format" in capsys.readouterr().err


def test_missing_events_file_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("EVENTS_CSV", str(tmp_path / "absent.csv"))
    assert run("--out", str(tmp_path / "x.csv")) == 2
    assert "cannot read the events file" in capsys.readouterr().err


def test_flags_override_the_view_file(tmp_path: Path) -> None:
    arguments = argparse.Namespace(
        view=str(VIEW), start=None, end="2021-01-31", sponsor=None, actor=None, event_type=None, governorate=None, tie_kind=None,
        min_confidence=None, search=None, chains_only=None, title="Flag title", size="a4", basemap=None, layers="events",
        registry=LAYERS,
    )  # fmt: skip
    view = export._view(arguments)
    assert view.filters.sponsors == ("Iran",)  # from the file
    assert str(view.filters.start) == "2021-01-01"  # from the file
    assert str(view.filters.end) == "2021-01-31"  # from the flag
    assert (view.title, view.size, view.layers) == ("Flag title", "a4", ("events",))


def test_bad_view_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    bad = tmp_path / "weekly.json"
    bad.write_text(json.dumps({"version": 9}), encoding="utf-8")
    assert run("--view", str(bad), "--out", str(tmp_path / "x.png")) == 2
    assert "weekly.json" in capsys.readouterr().err


def map_area(png: bytes) -> np.ndarray:
    """Pixels outside the stamp (bottom right, which holds the time made) and the title."""
    image = np.asarray(Image.open(BytesIO(png)).convert("RGB")).astype(int)
    height, width, _ = image.shape
    image[height // 2 :, width // 2 :] = 0
    return image


@pytest.mark.browser
def test_cli_and_app_give_the_same_picture_for_one_view_file(tmp_path: Path) -> None:
    out = tmp_path / "brief.png"
    assert run("--view", str(VIEW), "--out", str(out)) == 0
    from ui.explore import export_panel  # the app's own export path (deferred download makers)

    dataset = load(SEED)
    view = viewfile.read(VIEW)
    shown = query.apply(dataset.events, view.filters)
    png = next(
        download for download in export_panel.downloads(shown, view, dataset) if download.label == "PNG"
    )
    # Streamlit runs a deferred download on a thread of its own: do the same
    with ThreadPoolExecutor(max_workers=1) as pool:
        app_png = pool.submit(png.make).result()
    cli_png = out.read_bytes()
    cli_image, app_image = Image.open(BytesIO(cli_png)), Image.open(BytesIO(app_png))
    assert cli_image.size == app_image.size == (1920, 1080)
    assert cli_image.text["Events drawn"] == app_image.text["Events drawn"] == str(len(shown))
    assert cli_image.text["Title"] == app_image.text["Title"] == view.title
    different = np.abs(map_area(cli_png) - map_area(app_png)).sum(axis=2) > 30
    assert different.mean() < 0.001


@pytest.mark.browser
@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_cli_writes_map_formats(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"brief.{fmt}"
    assert run("--view", str(VIEW), "--title", "From the command line", "--out", str(out)) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF") if fmt == "pdf" else b"From the command line" in data


def test_snapshot_module_is_not_needed_for_data_formats() -> None:
    assert snapshot.FORMATS == ("png", "pdf", "html")
