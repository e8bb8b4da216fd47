"""The map builder and the plain logic behind the app: offline, escaped, clickable."""

from __future__ import annotations

import json
import re

import folium
import pytest
from shapely.geometry import Point

from geo import map as gm
from geo.map import Filters, Selection
from geo.map.features import DataLayer


def features_of(m: folium.Map) -> dict[str, list[dict]]:
    """GeoJson features of the map by layer name."""
    out: dict[str, list[dict]] = {}

    def walk(el, name=None):
        for child in el._children.values():
            if isinstance(child, folium.GeoJson) and isinstance(child.data, dict):
                out.setdefault(child.layer_name, []).extend(child.data["features"])
            if isinstance(child, DataLayer):
                data = json.loads(child.data_json)  # \u escapes decode as JSON
                out.setdefault(name, []).extend(data["features"])
            walk(child, getattr(child, "layer_name", name))

    walk(m)
    return out


# ---------------------------------------------------------------- offline assets


def test_html_has_no_remote_reference(layers, tmp_path):
    path = gm.save_html(layers, tmp_path / "map.html")
    text = path.read_text(encoding="utf-8")
    assert not re.findall(r"(?:src|href)=[\"']?(?:https?:)?//", text)
    assert "cdn" not in text.lower()
    # Leaflet itself is inlined (data: URL) and the map is created
    assert "data:text/javascript;base64," in text
    assert "L.map(" in text


def test_leaflet_css_images_inlined():
    import base64

    css = base64.b64decode(gm.leaflet_css_url().split(",", 1)[1]).decode()
    assert "url(images/" not in css
    assert "data:image/png;base64," in css  # the layer-switcher icon


def test_online_tiles_only_when_asked(layers):
    offline = gm.build_map(layers).get_root().render()
    online = gm.build_map(layers, offline=False).get_root().render()
    assert "tile.openstreetmap.org" not in offline
    assert "tile.openstreetmap.org" in online


def test_basemap_around_the_data(layers):
    data = gm.basemap_data(gm.bounds_of(layers), countries=["LY"])
    got = data["layers"]
    land = {f["properties"]["name"] for f in got["land"]}
    assert {"Libya", "Tunisia", "Egypt"} <= land and "Brazil" not in land
    towns = {f["properties"]["name"] for f in got["towns"]}
    assert {"Misratah", "Sabha", "Banghazi", "Surt"} <= towns
    assert "Kiev" not in towns and "Kyiv" not in towns
    provinces = {f["properties"]["name"] for f in got["admin1"]}
    assert {"Surt", "Misratah", "Al Jufrah"} <= provinces
    assert got["borders"] and got["lakes"] is not None and got["rivers"] is not None
    assert data["countries"] == ["LY"]
    # labels: towns before provinces before airports, each with a minimum zoom
    kinds = [label[5] for label in data["labels"]]
    assert kinds.index("town") < kinds.index("admin1") < kinds.index("airport")
    assert all(4 <= label[3] <= 11 for label in data["labels"])


def test_basemap_of_another_theatre_has_rivers_and_districts():
    bounds = [[46.5, 32.0], [48.5, 36.5]]  # the Dnipro below Zaporizhzhia
    data = gm.basemap_data(bounds, countries=["UA"])
    rivers = {f["properties"]["name"] for f in data["layers"]["rivers"]}
    assert any("Dnie" in r or "Dnip" in r for r in rivers), rivers
    districts = data["layers"]["admin2"]
    assert len(districts) > 50
    assert {f["properties"]["cc"] for f in districts} == {"UA"}


def test_basemap_in_the_html_with_attribution(layers):
    html = gm.build_map(layers).get_root().render()
    assert "fl-base" in html and "Natural Earth" in html and "Who" in html
    assert "addAttribution" in html


def test_shipped_basemap_is_compact():
    from geo.map.basemap import DATA

    files = [p for p in DATA.rglob("*") if p.is_file()]
    assert all(p.stat().st_size < 2_000_000 for p in files)
    assert sum(p.stat().st_size for p in files) < 10_000_000
    assert (DATA / "SOURCES.md").is_file()


# ---------------------------------------------------------------- layers and styles


def test_every_layer_is_one_geojson_with_ids(layers):
    feats = features_of(gm.build_map(layers))
    cities = feats["Cities & towns"]
    assert [f["id"] for f in cities] == list(layers["places"]["id"])
    assert all(f["properties"]["id"] == f["id"] for f in cities)
    sirte = cities[0]
    assert sirte["geometry"]["coordinates"] == pytest.approx([16.58866, 31.20892])
    assert set(feats) >= {
        "Movements",
        "Strikes",
        "Front line",
        "Regions & uncertainty areas",
    }


def test_statuses_look_different():
    held = gm.place_style("held", "#1f77b4")
    claimed = gm.place_style("claimed", "#1f77b4")
    contested = gm.place_style("contested", "#1f77b4")
    assert held["fillColor"] == "#1f77b4" and held["fillOpacity"] >= 0.8
    assert claimed["fillColor"] == "#ffffff" and claimed["color"] == "#1f77b4"
    assert contested["dashArray"] and not held["dashArray"] and not claimed["dashArray"]


def test_bad_colour_never_reaches_css():
    style = gm.place_style("held", "red;background:url(http://evil)")
    assert style["color"] == gm.NEUTRAL


def test_movement_has_arrowhead_at_destination(layers):
    feats = features_of(gm.build_map(layers))["Movements"]
    line, head = feats
    assert line["geometry"]["type"] == "LineString"
    assert head["geometry"]["type"] == "Polygon"
    assert head["properties"]["of"] == line["id"]
    tip = Point(head["geometry"]["coordinates"][0][0])
    dest = Point(line["geometry"]["coordinates"][-1])
    # the tip sits just short of Sirte (8 km back) and points away from Tripoli
    assert 0.05 < tip.distance(dest) < 0.15
    assert line["properties"]["style"]["color"] == "#1f77b4"
    assert head["properties"]["style"]["fillColor"] == "#1f77b4"


def test_arrowhead_points_along_the_line():
    tri = gm.arrowhead([(0.0, 0.0), (0.0, 1.0)], size_km=10)  # due north
    tip, left, right = tri[:3]
    assert tip == (0.0, 1.0)
    assert left[1] < 1.0 and right[1] < 1.0
    assert left[0] == pytest.approx(-right[0])


def test_strikes_sized_by_casualties(layers):
    feats = features_of(gm.build_map(layers))["Strikes"]
    assert feats[0]["properties"]["style"]["radius"] == gm.strike_radius(12)
    assert gm.strike_radius(100) > gm.strike_radius(12) > gm.strike_radius(0)
    assert gm.strike_radius("many") == gm.strike_radius(None)


def test_legend_built_from_the_data(layers):
    sections = gm.legend_sections(layers)
    factions = sections[0]
    assert factions["title"] == "Factions"
    assert [i["label"] for i in factions["items"]] == ["GNA", "LNA"]
    html = gm.build_map(layers).get_root().render()
    assert "fl-legend" in html and "textContent" in html


def test_empty_layers_still_make_a_map_of_libya():
    m = gm.build_map({})
    assert "L.map(" in m.get_root().render()
    assert gm.bounds_of({}) is None


# ---------------------------------------------------------------- escaping


def test_hostile_text_is_escaped_everywhere(hostile_layers):
    html = gm.build_map(hostile_layers).get_root().render()
    assert "<script>window.__pwned" not in html
    assert "<img src=x" not in html
    assert 'onerror="window' not in html
    feats = features_of(gm.build_map(hostile_layers))
    tip = feats["Cities & towns"][0]["properties"]["tip"]
    assert "&lt;script&gt;" in tip and "<script" not in tip
    pop = feats["Regions & uncertainty areas"][0]["properties"]["pop"]
    assert "&lt;img src=x onerror=&quot;" in pop


def test_highlight_escapes_around_marks(hostile):
    sentence = f"Forces entered Sirte {hostile}"
    out = gm.highlight(sentence, [(15, 20)])
    assert out.startswith("Forces entered <mark>Sirte</mark> ")
    assert "<script" not in out and "<img" not in out
    assert gm.highlight("abc", [(5, 9)]) == "abc"  # out-of-range marks ignored


def test_panel_html_escapes_doc_names_and_claims(hostile):
    item = gm.SourceSentence("x.txt", 0, 5, "Sirte", ((0, 5),), (hostile,))
    out = gm.panel_html("<b>t</b>", "s", {"<i>doc</i>": [item]})
    assert "<script" not in out and "<i>doc" not in out and "<b>t" not in out
    assert "<mark>Sirte</mark>" in out


# ---------------------------------------------------------------- clicks


def test_click_selects_then_same_city_twice():
    first = {
        "last_object_clicked_count": 2,
        "last_active_drawing": {"properties": {"id": "place:2210554"}},
    }
    sel = gm.handle_click(first, Selection())
    assert sel == Selection("place:2210554", 2)
    # another selection in between (e.g. from the table), then Sirte clicked again
    sel = Selection("place:2210221", 2)
    again = {**first, "last_object_clicked_count": 4}
    assert gm.handle_click(again, sel) == Selection("place:2210554", 4)
    # a rerun with the same click result changes nothing
    assert gm.handle_click(again, Selection("place:2210221", 4)).feature_id == (
        "place:2210221"
    )


@pytest.mark.parametrize(
    "result",
    [
        None,
        {},
        {"last_object_clicked_count": 1},
        {
            "last_object_clicked_count": 1,
            "last_active_drawing": {"properties": {"id": 5}},
        },
        {"last_object_clicked_count": 1, "last_active_drawing": "junk"},
    ],
)
def test_click_without_a_feature_keeps_selection(result):
    assert gm.handle_click(result, Selection("a", 0)).feature_id == "a"


def test_arrowhead_click_selects_its_movement():
    r = {
        "last_object_clicked_count": 1,
        "last_active_drawing": {
            "properties": {"id": "movement:1#head", "of": "movement:1"}
        },
    }
    assert gm.handle_click(r, Selection()).feature_id == "movement:1"


def test_feature_row_finds_any_layer(layers):
    layer, row = gm.feature_row(layers, "strike:1")
    assert layer == "strikes" and row["casualties"] == 12
    assert gm.feature_row(layers, "nope") is None


# ---------------------------------------------------------------- filters


def test_filter_by_faction(layers):
    shown = gm.filter_layers(layers, Filters(factions=frozenset({"GNA"})))
    assert list(shown["places"]["name"]) == ["Tarhuna", "Tripoli"]
    assert list(shown["movements"]["id"]) == ["movement:1"]
    assert len(shown["strikes"]) == 0  # LNA strike
    assert len(shown["front_line"]) == 1  # GNA/LNA front
    none = gm.filter_layers(layers, Filters(factions=frozenset({"none"})))
    assert list(none["areas"]["id"]) == ["area:1"]


def test_filter_by_claim_type_and_doc(layers):
    shown = gm.filter_layers(layers, Filters(claim_types=frozenset({"strike"})))
    assert len(shown["strikes"]) == 1 and len(shown["places"]) == 0
    mention = gm.filter_layers(layers, Filters(claim_types=frozenset({"mention"})))
    assert list(mention["places"]["name"]) == ["Al-Jafra"]
    by_doc = gm.filter_layers(layers, Filters(docs=frozenset({"b.txt"})))
    assert list(by_doc["places"]["name"]) == ["Tarhuna", "Al-Jafra"]
    assert len(by_doc["movements"]) == 0


def test_no_filter_is_identity(layers):
    shown = gm.filter_layers(layers, Filters())
    assert all(shown[k] is layers[k] for k in layers)


def test_filtered_map_follows(layers):
    shown = gm.filter_layers(layers, Filters(factions=frozenset({"LNA"})))
    feats = features_of(gm.build_map(shown))
    assert [f["properties"]["name"] for f in feats["Cities & towns"]] == [
        "Sirte",
        "Al-Jafra",
    ]


def test_as_layers_rebuilds_the_layers_type(layers):
    from geo.layers import Layers

    template = Layers(**layers)
    shown = gm.filter_layers(template, Filters(factions=frozenset({"GNA"})))
    again = gm.as_layers(template, shown)
    assert isinstance(again, Layers) and len(again.places) == 2


# ---------------------------------------------------------------- sources panel


def test_place_sources_from_analysis():
    from gazetteer.records import Mention
    from geo.pipeline import Analysis
    from geo.records import Claim, Document

    text = (
        "Haftar forces hold Sirte. Nothing here. "
        "GNA troops were sent to Sirte on Monday. Sirte is quiet."
    )
    sirte = [i for i in range(len(text)) if text.startswith("Sirte", i)]
    ms = [
        Mention(
            "a.txt", i, i + 5, "Sirte", "place", "Sirte", 31.2, 16.59, geonameid=2210554
        )
        for i in sirte
    ]

    analysis = Analysis(
        documents=(Document("a.txt", text),),
        mentions={"a.txt": ms},
        claims=[Claim("a.txt", "control", "LNA", ms[0], text[0:25], 0, 25)],
    )
    row = {"id": "p", "name": "Sirte", "geonameid": 2210554, "sources": []}
    by_doc = gm.place_sources(analysis, row)
    sentences = [s.sentence for s in by_doc["a.txt"]]
    assert sentences == [
        "Haftar forces hold Sirte.",
        "GNA troops were sent to Sirte on Monday.",
        "Sirte is quiet.",
    ]
    first = by_doc["a.txt"][0]
    assert first.sentence[slice(*first.marks[0])] == "Sirte"
    assert first.claims == ("control: Sirte — LNA",)
    assert by_doc["a.txt"][1].claims == ()


def test_row_sources_marks_the_mention(layers):
    row = layers["strikes"].iloc[0].to_dict()
    by_doc = gm.row_sources(row)
    item = by_doc["b.txt"][0]
    assert item.sentence[slice(*item.marks[0])] == "Tarhuna"
    assert item.claims == ("strike",)


def test_geojson_of_features_is_valid_json(layers):
    feats = gm.place_features(layers["places"])
    json.dumps(feats)  # no shapely objects or numpy scalars left


def test_city_labels_are_data_read_as_text(hostile_layers):
    html = gm.build_map(hostile_layers).get_root().render()
    assert "L.divIcon(" not in html  # no element per label: one label layer
    assert "el.textContent = text" in html  # labels are text nodes in the browser
    feats = gm.place_features(hostile_layers["places"])
    labels = [f["properties"]["label"] for f in feats]
    assert len(labels) == 4
    assert labels[0].startswith("Sirte<script>") and labels[0].endswith("…")
    assert len(labels[0]) == 28  # cut to 28 characters
    assert "Sirte<script>" not in html and "<script>window.__pwned" not in html
    # claimed places rank before places only mentioned
    ranks = {f["properties"]["name"]: f["properties"]["rank"] for f in feats}
    assert ranks["Tarhuna"] < ranks["Al-Jafra"]


def test_place_index_finds_claims_places(layers):
    from gazetteer.records import Mention

    index = gm.place_index(layers["places"])
    sirte = Mention("a", 0, 5, "Sirte", "place", "Sirte", 31.2, 16.6, geonameid=2210554)
    jafra = Mention("a", 0, 8, "Al-Jafra", "place", "al-jafra", 29.1, 16.0)
    nowhere = Mention("a", 0, 3, "Foo", "place", "Foo", 1.0, 1.0, geonameid=1)
    assert gm.place_id_for(index, sirte) == "place:2210554"
    assert gm.place_id_for(index, jafra) == "place:jafra"
    assert gm.place_id_for(index, nowhere) == ""
