"""Words that are no places in news: diseases named after places, everyday words
at a sentence's head, surnames that are a bigger town's alternate name."""

from __future__ import annotations

from gazetteer.geoparse import parse


def _places(text, gz):
    return [(m.text, m.country) for m in parse(text, gazetteer=gz) if m.kind == "place"]


def test_a_disease_named_after_a_place_is_no_place(gz):
    assert _places("Cases of Marburg virus were confirmed in Uganda.", gz) == [
        ("Uganda", "UG")
    ]
    assert _places("Doctors in Connecticut studied Lyme disease.", gz) == [
        ("Connecticut", "US")
    ]


def test_everyday_words_heading_a_sentence(gz):
    assert _places("None of the wells were tested. Drug prices rose.", gz) == []


def test_a_surname_is_not_a_towns_alternate_name(gz):
    # Franklin is also an alternate name of Columbus, Ohio: a town of its own
    # name may still be meant, the alternate is not
    (m,) = [m for m in parse("The Franklin report was read aloud.", gazetteer=gz)
            if m.kind == "place"]
    assert m.name == "Franklin" and m.place.kind == "city"


def test_a_name_with_an_age_is_a_person_through_the_article(gz):
    text = (
        "Dana Lee Henry, 19, of Alexandria, Louisiana, was arrested. "
        "Police said Henry had fled."
    )
    got = _places(text, gz)
    assert ("Henry", "US") not in got
    assert [name for name, _ in got] == ["Alexandria", "Louisiana"]


def test_a_town_the_text_puts_somewhere_may_speak(gz):
    text = "About 55 residents marched in Gainesville on Friday. Gainesville says no."
    got = [m for m in parse(text, gazetteer=gz) if m.kind == "place"]
    assert [m.text for m in got] == ["Gainesville", "Gainesville"]
    assert len({(m.lat, m.lon) for m in got}) == 1
    # without a place for it, a name that speaks is a person's
    assert _places("Hartl said the talks failed. Hartl told reporters more.", gz) == []
