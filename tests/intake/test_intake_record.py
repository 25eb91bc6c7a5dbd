"""One ACLED or UCDP row to one contract row: dates, precision, types, actors and the multi-actor rule."""

from influence.intake import preset, record, registry


def _acled(**cells):
    layout = preset.load("acled").layout
    base = {
        "event_id_cnty": "SYRFX1", "event_date": "02 June 2023", "time_precision": "1", "event_type": "Battles",
        "sub_event_type": "Armed clash", "actor1": "Military Forces of Syria (2000-2024)", "admin1": "Idleb",
        "location": "Ariha", "latitude": "35.8137", "longitude": "36.6096", "geo_precision": "1",
        "source": "Fixture Wire (fictional)", "notes": "fixture", "fatalities": "3",
    }  # fmt: skip
    base.update(cells)
    converter = record.Converter(preset.load("acled"), registry.load(), layout)
    return converter.convert([base.get(column, "") for column in layout], 7)


def _ucdp(**cells):
    layout = preset.load("ucdp").layout
    base = {
        "id": "900001", "type_of_violence": "1", "side_a": "Government of Syria", "side_b": "IS",
        "where_prec": "1", "where_coordinates": "Ariha town", "adm_1": "Idlib governorate",
        "latitude": "35.8137", "longitude": "36.6096", "date_prec": "1", "date_start": "2016-01-14",
        "date_end": "2016-01-14", "best": "4", "low": "3", "high": "6", "source_office": "Fixture Wire (fictional)",
        "source_date": "2016-01-15", "source_headline": "fixture",
    }  # fmt: skip
    base.update(cells)
    converter = record.Converter(preset.load("ucdp"), registry.load(), layout)
    return converter.convert([base.get(column, "") for column in layout], 9)


def test_acled_date_precision_becomes_a_day_a_week_or_a_month():
    assert (_acled()["date"], _acled()["end_date"]) == ("2023-06-02", "")
    week = _acled(time_precision="2")
    assert (week["date"], week["end_date"]) == ("2023-05-30", "2023-06-05")
    assert _acled(time_precision="3")["date"] == "2023-06"
    assert _acled(event_date="2023-06-02")["date"] == "2023-06-02"


def test_acled_place_is_town_and_governorate_and_precision_follows_geo_precision():
    row = _acled()
    assert row["place"] == "Ariha, Idleb" and row["precision"] == "town"
    assert _acled(geo_precision="2")["precision"] == "area"
    assert _acled(geo_precision="3")["precision"] == "region"


def test_sub_event_type_decides_the_event_type():
    assert _acled(sub_event_type="Air/drone strike")["event_type"] == "air_strike"
    assert _acled(sub_event_type="Shelling/artillery/missile attack")["event_type"] == "remote_violence"
    assert _acled(event_type="Protests", sub_event_type="Peaceful protest")["event_type"] == "protest"


def test_first_tied_actor_gives_the_sponsor_and_every_other_actor_is_kept():
    row = _acled(
        actor1="Unidentified Armed Group (Syria)",
        assoc_actor_1="Hezbollah; Militia (Pro-Iran)",
        actor2="SNA: Syrian National Army",
        assoc_actor_2="Military Forces of Turkey (2016-)",
    )
    assert row["actor"] == "Hezbollah" and row["sponsor"] == ""  # left for validation to derive, and say so
    assert row["other_actors"] == (
        "Unidentified Armed Group (Syria); Militia (Pro-Iran) [Iran]; SNA: Syrian National Army [Turkey]; "
        "Military Forces of Turkey (2016-) [Turkey]"
    )


def test_an_event_after_the_fall_of_assad_is_not_attributed_to_his_government():
    row = _acled(event_date="15 January 2025")
    assert row["sponsor"] == record.UNATTRIBUTED
    assert row["actor"] == "Military Forces of Syria (2000-2024)"


def test_unknown_actors_make_an_unattributed_event_not_a_rejection():
    row = _acled(actor1="Liwa al-Fixture (fictional)", actor2="Civilians (Syria)")
    assert row["sponsor"] == record.UNATTRIBUTED and row["other_actors"] == "Civilians (Syria)"


def test_bad_dates_are_rejected_with_line_column_and_value():
    rejected = _acled(event_date="31 Febtember 2023")
    assert isinstance(rejected, record.Rejected)
    assert (rejected.line, rejected.column) == (7, "event_date") and "31 Febtember 2023" in rejected.reason


def test_ucdp_where_prec_maps_to_precision_governorate_only_or_a_rejection():
    assert _ucdp()["precision"] == "town" and _ucdp()["place"] == "Ariha town, Idlib governorate"
    governorate = _ucdp(where_prec="4", where_coordinates="Idlib governorate")
    assert (governorate["place"], governorate["precision"]) == ("Idlib governorate", "region")
    for code in ("6", "7"):
        rejected = _ucdp(where_prec=code)
        assert isinstance(rejected, record.Rejected) and rejected.reason.startswith(f"where_prec {code}")


def test_ucdp_dates_are_a_range_ids_are_prefixed_and_fatalities_are_the_best_estimate():
    row = _ucdp(date_prec="4", date_start="2017-03-01 00:00:00.000", date_end="2017-03-28 00:00:00.000")
    assert (row["date"], row["end_date"]) == ("2017-03-01", "2017-03-28")
    assert row["id"] == "UCDP-900001" and row["fatalities"] == "4"
    assert "low 3, high 6" in row["description"]
    assert row["source"] == "UCDP GED, citing Fixture Wire (fictional), 2016-01-15"
