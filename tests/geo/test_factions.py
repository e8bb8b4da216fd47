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


# --- registry version 2 -----------------------------------------------------------------


def _shared_registries():
    from pathlib import Path

    for parent in Path(__file__).resolve().parents:
        found = parent / "shared" / "corpora" / "claims_dev" / "registries"
        if found.is_dir():
            return found
    return Path("/nonexistent")


SHARED_REGISTRIES = _shared_registries()


def test_shipped_registry_is_version_2_with_its_theatre(reg):
    assert reg.version == 2 and reg.theatre == ("LY",)


def test_shipped_registry_follows_the_schema():
    jsonschema = pytest.importorskip("jsonschema")
    from geo.factions import DEFAULT_PATH

    schema = json.loads((DEFAULT_PATH.parent / "factions.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(DEFAULT_PATH.read_text()), schema)


def test_schema_and_validator_know_the_same_fields():
    from geo.factions import DEFAULT_PATH, FACTION_KEYS, TOP_KEYS

    schema = json.loads((DEFAULT_PATH.parent / "factions.schema.json").read_text())
    assert set(schema["properties"]) == set(TOP_KEYS)
    assert set(schema["$defs"]["faction"]["properties"]) == set(FACTION_KEYS)
    for key, spec in schema["$defs"]["faction"]["properties"].items():
        assert spec.get("description"), key  # every field documented


@pytest.mark.skipif(not SHARED_REGISTRIES.is_dir(), reason="claims_dev not beside")
def test_claims_dev_registries_load():
    paths = sorted(SHARED_REGISTRIES.glob("*.json"))
    assert len(paths) >= 12
    for path in paths:
        assert len(load_registry(path).ids) >= 2


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"factions": [{"id": "A", "alias": ["x"]}]},
            r"w\.json: faction A: unknown field 'alias' \(did you mean 'aliases'\?\)",
        ),
        (
            {"factions": [{"id": "A", "backed_by": ["B"]}, {"id": "B"}]},
            (
                r"w\.json: faction A: unknown field 'backed_by' \(did you mean 'backs'\? It is "
                r"written on the backer"
            ),
        ),
        (
            {"theatr": ["LY"], "factions": [{"id": "A"}]},
            r"w\.json: unknown field 'theatr' \(did you mean 'theatre'\?\)",
        ),
        (
            {"theatre": ["Libya"], "factions": [{"id": "A"}]},
            r"w\.json: field 'theatre' must be a list of two-letter country codes",
        ),
        (
            {"factions": [{"id": "A", "opposes": ["LAN"]}, {"id": "LNA"}]},
            (
                r"w\.json: faction A: field 'opposes' names unknown faction 'LAN' "
                r"\(did you mean 'LNA'\?\)"
            ),
        ),
        (
            {"factions": [{"id": "A", "kind": "army"}]},
            r"w\.json: faction A: field 'kind' must be one of party, backer, group",
        ),
        ({"version": 3, "factions": [{"id": "A"}]}, r"field 'version' must be 1 or 2"),
    ],
)
def test_v2_errors_name_file_faction_and_field(data, message):
    with pytest.raises(RegistryError, match=message):
        registry_from_dict(data, source="w.json")


def test_version_1_still_loads():
    old = registry_from_dict(
        {"factions": [{"id": "A", "opposes": "B"}, {"id": "B", "aliases": ["Bees"]}]}
    )
    assert old.version == 1 and old.theatre == () and old.opponent("A") == "B"


def test_every_opponent_and_backed_side_is_used():
    war = registry_from_dict(
        {
            "version": 2,
            "theatre": ["sy", "SY", "TR"],
            "factions": [
                {"id": "GOV", "opposes": ["REB", "JIH"]},
                {"id": "REB"},
                {"id": "JIH"},
                {"id": "KUR", "opposes": ["JIH"]},
                {"id": "OUT", "kind": "backer", "backs": ["REB", "KUR"]},
            ],
        }
    )
    assert war.theatre == ("SY", "TR")
    assert war.opponents("GOV") == ("REB", "JIH")
    assert set(war.opponents("JIH")) == {"GOV", "KUR"}
    assert war.opponents("REB") == ("GOV",)
    assert war.opponent("GOV") is None  # several: the text must say which
    assert war.opponent("REB") == "GOV"
    assert war.party_of("OUT") == "OUT"  # a backer of two sides is itself
    assert set(war.opponents("OUT")) == {"GOV", "JIH"}  # its sides' enemies


def test_short_aliases_match_only_as_written():
    war = registry_from_dict(
        {"factions": [{"id": "ISIS", "aliases": ["IS", "Daesh"]}, {"id": "GOV"}]}
    )
    text = "IS fighters said it is what IS is; is Daesh there? Gov said no."
    assert [text[s:e] for s, e, _ in war.find(text)] == ["IS", "IS", "Daesh"]


def test_anti_and_pro_prefixes():
    war = registry_from_dict(
        {"factions": [{"id": "HOU", "aliases": ["Houthi"]}, {"id": "GOV"}]}
    )
    text = "anti-Houthi forces and pro-Houthi tribes met Houthi envoys"
    got = [(text[m.start : m.end], m.faction, m.polarity) for m in war.matches(text)]
    assert got == [
        ("anti-Houthi", "GOV", "anti"),
        ("pro-Houthi", "HOU", "pro"),
        ("Houthi", "HOU", ""),
    ]


class _Towns:
    """A gazetteer stand-in that knows two towns."""

    def candidates(self, name, *, countries=(), limit=10):
        from gazetteer.records import Candidate, Place

        towns = {"Misrata": ("LY", 400_000), "Zintan": ("LY", 40_000)}
        if name not in towns:
            return []
        country, pop = towns[name]
        return [
            Candidate(
                Place(name, 32.0, 15.0, 1, country, pop, kind="city"), 1.0, "exact"
            )
        ]


def test_an_alias_that_is_a_town_is_warned_about_and_stays_a_place(caplog):
    from geo.pipeline import _not_places_for, alias_towns

    war = registry_from_dict(
        {
            "name": "Libya test",
            "theatre": ["LY"],
            "factions": [
                {"id": "MIS", "aliases": ["Misrata", "Misratan brigades"]},
                {"id": "ZIN", "aliases": ["Zintan"], "places": ["Zintan"]},
            ],
        }
    )
    with caplog.at_level("WARNING"):
        assert alias_towns(war, _Towns()) == ("Misrata",)
    assert "alias 'Misrata' of faction MIS is also a town" in caplog.text
    assert "Zintan" not in caplog.text  # listed under places: no warning
    not_places = _not_places_for(war, _Towns())
    assert "Misrata" not in not_places and "Misratan brigades" in not_places


def test_a_town_alias_is_the_place_after_a_locative_word():
    from gazetteer.records import Mention
    from geo.claims import extract_claims
    from geo.records import Document

    war = registry_from_dict(
        {"factions": [{"id": "MIS", "aliases": ["Misrata"]}, {"id": "ISIS"}]}
    )
    text = "Misrata captured Sirte. Fighters massed in Misrata."
    mentions = [
        Mention("t", 0, 7, "Misrata", "place", "Misrata", 32.37, 15.09),
        Mention("t", 17, 22, "Sirte", "place", "Sirte", 31.2, 16.59),
        Mention("t", 43, 50, "Misrata", "place", "Misrata", 32.37, 15.09),
    ]
    got = extract_claims(Document("t", text), mentions, registry=war)
    assert [(c.type, c.faction, c.place.start) for c in got] == [("control", "MIS", 17)]


def test_a_warning_about_an_unnamed_registry_names_its_file(tmp_path, caplog):
    from geo.factions import load_registry
    from geo.pipeline import alias_towns

    path = tmp_path / "my_war.json"
    path.write_text(
        '{"version": 2, "theatre": ["LY"], "factions": [{"id": "MIS", "aliases": ["Misrata"]}]}',
        encoding="utf-8",
    )
    with caplog.at_level("WARNING"):
        assert alias_towns(load_registry(path), _Towns()) == ("Misrata",)
    assert "my_war.json" in caplog.text and "(unnamed)" not in caplog.text
