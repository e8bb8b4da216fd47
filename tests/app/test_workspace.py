"""The page's workspace with streamlit.testing: a new war's workspace, an article,
corrections in the sources panel, and all of it still there in a new session."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.workspace import Workspace, list_workspaces

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def _index_built(gz):
    """The full page, not the first start's saved map: the index is built (in the
    cache) before the page runs, as on any start after the first (the first start
    is tests/app/test_first_start.py)."""


REGISTRY = json.dumps(
    {
        "name": "Ukraine 2022",
        "factions": [
            {"id": "UKR", "label": "Armed Forces of Ukraine", "colour": "#0057b7",
             "aliases": ["Ukrainian troops", "Ukrainian forces"], "opposes": ["RUS"]},
            {"id": "RUS", "label": "Russian <b>Armed</b> Forces", "colour": "#d52b1e",
             "aliases": ["Russian forces", "Russian troops"], "opposes": ["UKR"]},
        ],
    }
)  # fmt: skip
ARTICLE = (
    "Date: 2022-10-01\nRussian forces shelled Kharkiv overnight, killing four "
    "civilians. Ukrainian troops took control of Lyman.\n"
)
HOSTILE_NAME = "War [click](http://example.com) <img src=x onerror=alert(1)> _x_"


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def fresh() -> AppTest:
    return run(AppTest.from_file(APP, default_timeout=180))


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def table(at: AppTest):
    return at.dataframe[0].value


def new_workspace(at: AppTest, name: str, registry: str | None = REGISTRY) -> AppTest:
    form = next(t for t in at.sidebar.text_input if t.label == "Name")
    form.input(name)
    if registry is not None:
        uploader = next(
            u for u in at.sidebar.file_uploader if "faction registry" in u.label
        )
        uploader.set_value([("ukraine.json", registry.encode(), "application/json")])
    button(at, "Create workspace").click()
    return run(at)


def paste(at: AppTest, title: str, text: str) -> AppTest:
    next(t for t in at.sidebar.text_input if t.label == "Title").input(title)
    at.sidebar.text_area[0].input(text)
    button(at, "Add text").click()
    return run(at)


def select_place(at: AppTest, name: str) -> AppTest:
    ws = Workspace(at.session_state["ws_path"])
    layers = ws.layers()
    place = layers.places[layers.places["name"] == name].iloc[0]
    clicks = at.session_state["selection"].clicks + 1
    at.session_state["map"] = {
        "last_object_clicked_count": clicks,
        "last_active_drawing": {"type": "Feature", "properties": {"id": place["id"]}},
    }
    return run(at)


def test_opens_on_the_sample_workspace():
    at = fresh()
    ws = Workspace(at.session_state["ws_path"])
    assert ws.name == "Libya 2020"
    assert at.query_params["ws"] in (ws.path.name, [ws.path.name])
    assert set(table(at)["doc"]) == {
        "000_bc87c0cd55d26a17.txt",
        "004_abffdd80be94dd01.txt",
    }


def test_a_new_war_its_corrections_and_a_new_session():
    at = new_workspace(fresh(), "Ukraine 2022")
    ws = Workspace(at.session_state["ws_path"])
    assert ws.name == "Ukraine 2022"
    assert ws.registry().ids == ("UKR", "RUS")
    assert ws.documents() == []  # the Libyan seeds are not in it
    assert any("No articles loaded" in w.value for w in at.warning)

    at = paste(at, "kharkiv", ARTICLE)
    rows = table(at)
    assert set(rows["doc"]) == {"kharkiv.txt"}
    assert {("control", "UKR", "Lyman"), ("strike", "RUS", "Kharkiv")} <= set(
        zip(rows["type"], rows["faction"], rows["place"], strict=True)
    )

    # reject the strike on Kharkiv from its sources panel
    at = select_place(at, "Kharkiv")
    assert any(e.label == "Correct this place" for e in at.expander)
    button(at, "Reject").click()
    at = run(at)
    assert "strike" not in set(table(at)["type"])
    assert button(at, "Accept")  # rejected claims can be accepted back

    # move Lyman to another gazetteer candidate
    at = select_place(at, "Lyman")
    pick = next(s for s in at.selectbox if s.label == "Another place of that name")
    other = pick.options[0]
    assert "km away" in other
    pick.set_value(pick.value)  # the first candidate
    target = pick.value.place
    button(at, "Move to this place").click()
    at = run(at)
    moved = Workspace(ws.path).layers().places
    row = moved[moved["geonameid"] == target.geonameid].iloc[0]
    assert (round(row.geometry.y, 4), round(row.geometry.x, 4)) == (
        round(target.lat, 4),
        round(target.lon, 4),
    )
    assert any(
        (s.get("corrected") or "").startswith("corrected by analyst: place moved to")
        for s in row["sources"]
    )

    # the panel of the moved place says what the analyst did, beside the sentence
    html = "".join(h.proto.body for h in at.get("html"))
    assert "Ukrainian troops took control of" in html
    assert "corrected by analyst: place moved to" in html

    # a new session (a reload, or the server restarted) opens the same workspace
    again = fresh()
    assert again.session_state["ws_path"] == str(ws.path)
    rows = table(again)
    assert set(rows["doc"]) == {"kharkiv.txt"}
    assert "strike" not in set(rows["type"])
    lyman = rows[rows["type"] == "control"].iloc[0]
    assert lyman["place"] == target.name
    kinds = [c.kind for c in Workspace(ws.path).corrections()]
    assert kinds == ["reject", "move"]


def test_the_url_opens_its_workspace_and_nothing_outside():
    at = new_workspace(fresh(), "Ukraine 2022")
    ukraine = Path(at.session_state["ws_path"])
    sample = next(p for p in list_workspaces() if p != ukraine)
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["ws"] = sample.name
    assert Path(run(at).session_state["ws_path"]) == sample
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["ws"] = "../../../etc/passwd"
    assert Path(run(at).session_state["ws_path"]) in (sample, ukraine)


def test_remove_an_article():
    at = fresh()
    pick = next(s for s in at.sidebar.selectbox if s.label == "Article")
    pick.set_value("000_bc87c0cd55d26a17.txt")
    button(at, "Remove article").click()
    at = run(at)
    assert set(table(at)["doc"]) == {"004_abffdd80be94dd01.txt"}
    assert set(fresh().session_state["docs"]) == {"004_abffdd80be94dd01.txt"}


@pytest.mark.parametrize(
    ("registry", "message"),
    [("{not json", "not valid JSON"), ('{"factions": []}', "'factions' is empty")],
)
def test_a_bad_registry_makes_no_workspace(registry, message):
    at = new_workspace(fresh(), "Broken", registry)
    errors = " ".join(e.value for e in at.sidebar.error)
    assert message in errors and "ukraine.json" in errors
    assert Workspace(at.session_state["ws_path"]).name == "Libya 2020"
    assert len(list_workspaces()) == 1


def test_user_strings_stay_text():
    at = new_workspace(fresh(), HOSTILE_NAME)
    ws = Workspace(at.session_state["ws_path"])
    assert ws.name == HOSTILE_NAME
    markdown = [m.value for m in at.markdown] + [s.value for s in at.sidebar.success]
    for value in markdown:  # every Markdown body holding the name has it in code
        if "click" in value:
            assert "`" in value, value
    assert any(HOSTILE_NAME in t.value for t in at.sidebar.text)


ROADS_KML = b"""<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>r</name>
<LineString><coordinates>15.1,32.3 16.6,31.2</coordinates></LineString>
</Placemark></Document></kml>"""
EVIL_LAYER = "roads ![x](http://host/x.png) <b>bold</b>.kml"


def test_map_layers_are_kept_in_the_workspace():
    at = fresh()
    uploader = next(u for u in at.sidebar.file_uploader if u.label == "Map layers")
    uploader.set_value(
        [
            (EVIL_LAYER, ROADS_KML, "application/vnd.google-earth.kml+xml"),
            ("broken.geojson", b"{not geojson", "application/geo+json"),
        ]
    )
    button(at, "Add layers").click()
    at = run(at)
    notices = [s.value for s in at.success] + [e.value for e in at.error]
    for n in notices:  # the untrusted name reaches Markdown escaped
        assert "![x](" not in n and "<b>" not in n
    notices = [re.sub(r"\\(.)", r"\1", n) for n in notices]  # as shown
    assert f"Layer added: {EVIL_LAYER} (1 features)" in notices
    assert any("broken.geojson: cannot be read as GeoJSON" in n for n in notices)
    listed = [t.value for t in at.sidebar.text]
    assert f"{EVIL_LAYER} (KML, 1 features)" in listed  # st.text: plain text
    (kept,) = Workspace(at.session_state["ws_path"]).overlays()
    assert (kept.name, kept.format) == (EVIL_LAYER, "KML")
    line = json.loads(kept.geojson)["features"][0]["geometry"]["coordinates"]
    assert line == [[15.1, 32.3], [16.6, 31.2]]

    # a reload (a new session) lists it again; removing it is kept too
    again = fresh()
    assert f"{EVIL_LAYER} (KML, 1 features)" in [t.value for t in again.sidebar.text]
    remove = next(
        b for b in again.sidebar.button if b.key == f"overlay_rm_{EVIL_LAYER}"
    )
    remove.click()
    again = run(again)
    assert not any("(KML, 1 features)" in t.value for t in again.sidebar.text)
    assert Workspace(again.session_state["ws_path"]).overlays() == []
    assert not any("(KML" in t.value for t in fresh().sidebar.text)
