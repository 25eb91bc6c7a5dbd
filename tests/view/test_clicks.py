"""A click on the live map: the governorate under it, picked alone or added with shift."""

from __future__ import annotations

import pytest

from influence.view import clicks


@pytest.mark.parametrize(
    ("lat", "lon", "name"),
    [(36.2021, 37.1343, "Aleppo"), (33.5138, 36.2765, "Damascus"), (35.3359, 40.1408, "Deir ez-Zor")],
)
def test_the_governorate_under_a_click_is_found(lat, lon, name):
    assert clicks.governorate_at(lat, lon) == name


def test_a_click_outside_syria_names_no_governorate():
    assert clicks.governorate_at(33.89, 35.50) is None  # Beirut


def test_a_plain_click_picks_one_and_a_second_click_clears_it():
    assert clicks.choose((), "Aleppo", add=False) == ("Aleppo",)
    assert clicks.choose(("Idlib", "Hama"), "Aleppo", add=False) == ("Aleppo",)
    assert clicks.choose(("Aleppo",), "Aleppo", add=False) == ()


def test_shift_click_adds_and_removes():
    assert clicks.choose(("Idlib",), "Aleppo", add=True) == ("Idlib", "Aleppo")
    assert clicks.choose(("Idlib", "Aleppo"), "Aleppo", add=True) == ("Idlib",)
