"""Import presets are data: recognised by their headers, written back unchanged, missing columns named."""

from influence.intake import preset


def test_acled_and_ucdp_files_are_recognised_by_their_headers():
    acled, ucdp = preset.load("acled"), preset.load("ucdp")
    assert preset.recognise(acled.layout).name == "acled"
    assert preset.recognise(ucdp.layout).name == "ucdp"
    assert preset.recognise(["id", "date", "place", "sponsor"]) is None


def test_a_saved_mapping_reads_back_identical(tmp_path):
    mapping = preset.load("tests/data/intake_generic_mapping.toml")
    path = preset.save(mapping, tmp_path)
    assert preset.load(mapping.name, tmp_path) == mapping
    assert path.name == "fixture-generic.toml"


def test_columns_a_mapping_needs_but_the_file_lacks_are_named():
    acled = preset.load("acled")
    header = [column for column in acled.layout if column != "geo_precision"]
    assert acled.missing(header) == ["geo_precision"]


def test_an_unknown_preset_name_lists_the_known_ones():
    try:
        preset.load("gdelt")
    except FileNotFoundError as failure:
        assert "acled" in str(failure) and "ucdp" in str(failure)
    else:
        raise AssertionError("an unknown preset must be refused")
