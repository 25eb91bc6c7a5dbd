"""The actor registry: aliases in several scripts, ACLED sub-unit names, ties in force by date."""

from datetime import date

import pytest

from influence.intake import registry

TOML = """
kinds = ["own forces", "proxy or backed", "allied", "partner"]
[[actor]]
name = "Alpha Brigade"
aliases = ["Liwa Alpha", "لواء ألفا"]
[[actor.tie]]
sponsor = "Iran"
kind = "proxy or backed"
valid_from = "2014"
valid_to = "2020-06"
confidence = "probable"
basis = "test tie"
[[actor.tie]]
sponsor = "Russia"
kind = "allied"
valid_from = "2020-07-01"
valid_to = ""
confidence = "alleged"
basis = "the brigade changed hands (test)"
"""


def test_an_actor_changes_hands_on_the_date_its_first_tie_ends():
    declared = registry.parse(TOML)
    actor = declared.find("Liwa Alpha")
    assert actor.tie_on(date(2020, 6, 30)).sponsor == "Iran"
    assert actor.tie_on(date(2020, 7, 1)).sponsor == "Russia"
    assert actor.tie_on(date(2013, 12, 31)) is None


def test_arabic_alias_and_case_and_accents_find_the_same_actor():
    declared = registry.parse(TOML)
    assert declared.find("لواء ألفا").name == "Alpha Brigade"
    assert declared.find("  liwa ALPHA ").name == "Alpha Brigade"
    assert declared.find("Liwa Beta") is None


def test_bundled_registry_ties_each_power_from_acled_and_ucdp_names():
    declared = registry.load()
    day = date(2019, 5, 1)
    cases = {
        "Military Forces of Syria (2000-2024) Syrian Arab Air Force": "Syrian government",
        "Military Forces of Russia (2000-) Air Force": "Russia",
        "Military Forces of Turkey (2016-)": "Turkey",
        "Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps": "Iran",
        "Military Forces of the United States": "United States",
        "Government of Russia (Soviet Union)": "Russia",
        "SDF": "United States",
        "QDW: National Defense Forces": "Syrian government",
        "Hezbollah": "Iran",
    }
    for name, sponsor in cases.items():
        _, tie = declared.attribute(name, day)
        assert tie is not None and tie.sponsor == sponsor, name


def test_assad_government_ties_end_on_8_december_2024():
    declared = registry.load()
    for name in (
        "Military Forces of Syria (2000-2024)",
        "Government of Syria",
        "QDW: National Defense Forces",
    ):
        assert declared.attribute(name, date(2024, 12, 8))[1].sponsor == "Syrian government"
        assert declared.attribute(name, date(2024, 12, 9))[1] is None


def test_every_bundled_tie_has_a_basis_and_is_marked_for_an_editor():
    ties = [tie for actor in registry.load().actors for tie in actor.ties]
    assert ties and all(tie.basis.strip() and tie.verify for tie in ties)
    assert all("http" not in tie.basis for tie in ties)


def test_a_tie_to_an_undeclared_sponsor_or_without_basis_is_refused():
    from influence.contract import vocabulary

    bad_sponsor = TOML.replace('sponsor = "Iran"', 'sponsor = "Atlantis"')
    with pytest.raises(ValueError, match="Atlantis"):
        registry.parse(bad_sponsor, vocabulary.load())
    with pytest.raises(ValueError, match="no basis"):
        registry.parse(TOML.replace('basis = "test tie"', 'basis = ""'))


def test_tie_description_names_actor_kind_sponsor_period_and_confidence():
    tie = registry.parse(TOML).find("Alpha Brigade").ties[0]
    assert tie.describe() == "Alpha Brigade: proxy or backed of Iran, 2014 to 2020-06 (probable)"
