"""Sponsors and event types are declared as data: aliases normalise, an editor can add one without code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from influence.contract import vocabulary
from influence.contract.schema import COLUMN_NAMES
from influence.load.validation import validate_bytes

ALIASES = {
    "Türkiye": "Turkey",
    "Turkiye": "Turkey",
    "تركيا": "Turkey",
    "إيران": "Iran",
    "ایران": "Iran",
    "Иран": "Iran",
    "Россия": "Russia",
    "روسيا": "Russia",
    "Islamic Republic of Iran": "Iran",
    "islamic republic of iran": "Iran",
    "USA": "United States",
    "US": "United States",
    "Syrian government": "Syrian government",
}


@pytest.mark.parametrize(("alias", "canonical"), ALIASES.items())
def test_sponsor_aliases_normalise_to_the_canonical_name(alias: str, canonical: str):
    assert vocabulary.load().sponsor(alias).name == canonical


def test_declared_event_types_cover_the_pipeline_and_the_rest():
    declared = vocabulary.load()
    keys = {t.key for t in declared.event_types}
    assert {"recruitment", "training", "deployment", "presence", "attack", "statement", "competition"} <= keys
    stages = {t.key: t.stage for t in declared.event_types if t.stage}
    assert stages == {"recruitment": 1, "training": 2, "deployment": 3}
    assert declared.event_type("Base or presence").key == "presence"
    assert declared.event_type("friction").key == "competition"


def test_every_sponsor_has_a_distinct_colour():
    colours = [s.colour for s in vocabulary.load().sponsors]
    assert len(set(colours)) == len(colours)


def test_an_editor_adds_a_sponsor_by_editing_the_data_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    text = vocabulary.VOCABULARY_TOML.read_text(encoding="utf-8")
    extended = tmp_path / "vocabulary.toml"
    extended.write_text(
        text + '\n[[sponsor]]\nname = "Hezbollah"\ncolour = "#e6c619"\naliases = ["حزب الله"]\n'
    )
    monkeypatch.setenv("VOCABULARY_TOML", str(extended))
    assert vocabulary.load().sponsor("حزب الله").name == "Hezbollah"
    header = ",".join(COLUMN_NAMES)
    row = "H-1,2021-01-01,,Damascus,,,town,حزب الله,,presence,,,,Synthetic row,Synthetic fixture,,alleged,"
    report = validate_bytes(f"{header}\n{row}\n".encode())
    assert report.problems == ()
    assert report.rows.loc[0, "sponsor"] == "Hezbollah"


def test_nearest_sponsor_suggests_a_misspelling():
    assert vocabulary.load().nearest_sponsor("Rusia") == "Russia"
    assert vocabulary.load().nearest_sponsor("zzzz") is None


def _with_first_colour(colour: str) -> str:
    text = vocabulary.VOCABULARY_TOML.read_text(encoding="utf-8")
    return text.replace('colour = "#1b9e3a"', f"colour = {colour}", 1)


@pytest.mark.parametrize(
    "colour",
    [
        "\"{{ cycler.__init__.__globals__.os.popen('id').read() }}\"",
        "'#fff\"});alert(1);//'",
        '"red; background: url(x)"',
        '"#12345"',
        '"#1234567"',
        '"nocolour"',
        "12",
        '["#ffffff"]',
    ],
)
def test_a_colour_that_is_not_rrggbb_or_a_css_name_is_an_error_naming_file_entry_and_value(
    tmp_path: Path, colour: str
):
    path = tmp_path / "my-vocabulary.toml"
    path.write_text(_with_first_colour(colour), encoding="utf-8")
    with pytest.raises(vocabulary.VocabularyError) as raised:
        vocabulary.load(path)
    message = str(raised.value)
    assert "my-vocabulary.toml" in message and "[[sponsor]] entry 1 (name 'Iran')" in message
    assert "colour" in message and repr(__import__("tomllib").loads(f"v = {colour}")["v"]) in message


def test_css_colour_names_are_accepted_as_their_rrggbb(tmp_path: Path):
    path = tmp_path / "vocabulary.toml"
    path.write_text(_with_first_colour('"Teal"'), encoding="utf-8")
    assert vocabulary.load(path).colour("Iran") == "#008080"


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ('shape = "square"', 'shape = "sq</script>"', "shape 'sq</script>'"),
        ("stage = 2", 'stage = "2"', "stage '2'"),
        ("opacity = 0.95", "opacity = 7", "opacity 7"),
        ("radius_km = 15", "radius_km = -1", "radius_km -1"),
        ('key = "attack"', 'key = "at tack"', "key 'at tack'"),
        (
            'aliases = ["friction", "competition or friction"]',
            'aliases = "friction"',
            "aliases must be a list of texts, not 'friction'",
        ),
    ],
)
def test_every_declared_value_is_checked_by_type(tmp_path: Path, old: str, new: str, named: str):
    text = vocabulary.VOCABULARY_TOML.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "vocabulary.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(vocabulary.VocabularyError, match=re.escape(named)):
        vocabulary.load(path)
