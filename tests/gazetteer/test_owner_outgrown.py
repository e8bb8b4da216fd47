"""A small village that owns a name does not outrank a city of the theatre ten
times its size that bears the name as an alternate; the document's other places
decide between them (own sentences)."""

from __future__ import annotations

import gazetteer
from gazetteer.sphere import haversine_km

THEATRE = ("PS", "IL", "LB")


def _where(text, name, theatre=THEATRE):
    (m,) = [m for m in gazetteer.parse(text, theatre=theatre) if m.text == name]
    return m


def test_the_gaza_town_by_its_neighbours():
    m = _where("Israeli strikes hit Beit Lahia and Jabalia in northern Gaza.", "Beit Lahia")
    assert m.country == "PS"
    assert haversine_km(m.lat, m.lon, 31.55, 34.50) < 5


def test_the_lebanese_village_by_its_neighbours():
    m = _where(
        "Israeli strikes hit Beit Lahia, near Zahle in the Bekaa valley, and Baalbek.",
        "Beit Lahia",
    )
    assert m.country == "LB"
    assert haversine_km(m.lat, m.lon, 33.48, 35.80) < 5


def test_a_town_that_owns_the_name_keeps_it():
    # Siversk lists "Bakhmut" among its alternate names; the city owns it
    m = _where("Shelling hit Siversk and Bakhmut.", "Bakhmut", theatre=("UA",))
    assert haversine_km(m.lat, m.lon, 48.59, 38.00) < 5
