"""The faction registry: the shipped file, alias matching, and users' files."""

from __future__ import annotations

import json

import pytest

from geo.factions import RegistryError, load_registry, registry_from_dict


@pytest.fixture(scope="module")
def reg():
    return load_registry()


def test_default_sides_and_colours(reg):
    assert {"GNA", "LNA", "TUR", "RUS", "UAE", "EGY"} <= set(reg.ids)
    gna, lna = reg.get("GNA").colour, reg.get("LNA").colour
    assert int(gna[5:7], 16) > int(gna[1:3], 16)  # blue-ish
    assert int(lna[1:3], 16) > int(lna[5:7], 16)  # red-ish
    assert reg.colour("NOBODY") == reg.colour(None) == "#808080"
    assert reg.get("RUS").backs == ("LNA",) and reg.get("TUR").backs == ("GNA",)
    assert reg.opponent("GNA") == "LNA" and reg.opponent("UAE") == "GNA"


@pytest.mark.parametrize(
    "text, found",
    [
        ("the Libyan army affiliated to the National Accord Government", ["GNA"]),
        ("the Libyan National Army said", ["LNA"]),
        ("Khalifa Hifter and Khalifa Haftar", ["LNA", "LNA"]),
        ("Haftar's forces", ["LNA"]),
        ("the Volcano of Rage operation", ["GNA"]),
        ("Operation \u201cAnger Volcano\u201d", ["GNA"]),
        ("mercenaries of the Russian company Wagner", ["RUS", "RUS"]),
        ("Emirati drones", ["UAE"]),
        ("AL-WEFAQ and al wefaq", ["GNA", "GNA"]),
        ("Haftarist ideas", []),  # word boundaries
        ("the Wefaqi press", []),
        ("", []),
    ],
)
def test_aliases_on_tolerant_keys(reg, text, found):
    assert [f for _, _, f in reg.find(text)] == found


def test_longest_match_and_offsets(reg):
    text = "Forces of the Libyan National Accord government advanced."
    ((start, end, fid),) = reg.find(text)
    assert (text[start:end], fid) == ("Libyan National Accord government", "GNA")


def test_offsets_survive_non_ascii_text(reg):
    text = "Çavuşoğlu met Sarraj’s envoy; «Haftar» was absent."
    hits = [(text[s:e], f) for s, e, f in reg.find(text)]
    assert hits == [("Sarraj", "GNA"), ("Haftar", "LNA")]


def test_not_places_keeps_country_names(reg):
    names = set(reg.not_places())
    assert {"Haftar", "Wagner", "Volcano of Rage", "al-Sarraj"} <= names
    assert not {"Turkey", "Egypt", "Russia", "UAE"} & names


def test_users_file(tmp_path):
    path = tmp_path / "war.json"
    path.write_text(
        json.dumps(
            {
                "name": "x",
                "factions": [
                    {
                        "id": "RED",
                        "label": "Reds",
                        "colour": "#FF0000",
                        "aliases": ["Red Army"],
                        "opposes": ["WHT"],
                    },
                    {
                        "id": "WHT",
                        "label": "Whites",
                        "colour": "#eeeeee",
                        "aliases": ["Kolchak"],
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    reg = load_registry(path)
    assert reg.ids == ("RED", "WHT") and reg.colour("RED") == "#ff0000"
    assert reg.find("Kolchak's men met the Red Army") == [
        (0, 7, "WHT"),
        (22, 30, "RED"),
    ]
    assert reg.opponent("WHT") == "RED"  # the only other party


@pytest.mark.parametrize(
    "data, message",
    [
        ([], "expected an object"),
        ({"factions": []}, "empty"),
        ({"factions": [{"id": "gna"}]}, "upper-case"),
        ({"factions": [{"id": "A", "colour": "blue"}]}, "#rrggbb"),
        ({"factions": [{"id": "A", "kind": "army"}]}, "'kind'"),
        ({"factions": [{"id": "A", "aliases": "x"}]}, "list of strings"),
        ({"factions": [{"id": "A"}, {"id": "A"}]}, "duplicate"),
        ({"factions": [{"id": "A", "backs": ["B"]}]}, "unknown faction"),
        (
            {
                "factions": [
                    {"id": "A", "aliases": ["x y"]},
                    {"id": "B", "aliases": ["X-Y"]},
                ]
            },
            "names two factions",
        ),
    ],
)
def test_bad_registries_get_clear_errors(data, message):
    with pytest.raises(RegistryError, match=message):
        registry_from_dict(data)


@pytest.mark.parametrize("content", ["{not json", "\xff"])
def test_bad_files(tmp_path, content):
    path = tmp_path / "f.json"
    path.write_bytes(content.encode("latin-1"))
    with pytest.raises(RegistryError, match=str(path)):
        load_registry(path)
    with pytest.raises(ValueError):  # the hierarchy is catchable the Python way too
        load_registry(tmp_path / "missing.json")
