"""The page's flow with streamlit.testing (st_folium shows as an unknown element)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def _index_built(gz):
    """The full page, not the first start's saved map: the index is built (in the
    cache) before the page runs, as on any start after the first (the first start
    is tests/app/test_first_start.py)."""


@pytest.fixture()
def at() -> AppTest:
    app = AppTest.from_file(APP, default_timeout=120)
    app.run()
    assert not app.exception, app.exception
    return app


def shown(element) -> str:
    """A message as the page shows it: the Markdown escapes taken out (every
    user-supplied string reaches Markdown backslash-escaped, so it stays text)."""
    return re.sub(r"\\(.)", r"\1", element.value)


def claims_table(app: AppTest):
    return app.dataframe[0].value


def test_opens_on_the_seeds(at):
    assert at.title[0].value.startswith("Front-line maps")
    table = claims_table(at)
    assert set(table["doc"]) == {"000_bc87c0cd55d26a17.txt", "004_abffdd80be94dd01.txt"}
    sirte = table[(table["place"] == "Sirte") & (table["type"] == "control")]
    assert "LNA" in set(sirte["faction"])
    assert "Click a city" in at.info[0].value
    assert [b.label for b in at.get("download_button")] == [
        "Download GeoJSON",
        "Download HTML map",
    ]


def paste(at: AppTest, title: str, text: str) -> AppTest:
    at.sidebar.text_input[0].input(title)
    at.sidebar.text_area[0].input(text)
    next(b for b in at.sidebar.button if b.label == "Add text").click()
    at.run()
    assert not at.exception, at.exception
    return at


def test_paste_an_article_joins_the_map(at):
    paste(at, "benghazi", "Haftar forces took control of Benghazi on Monday.\n")
    assert any("Added 1 article" in shown(s) for s in at.success)
    table = claims_table(at)
    assert "benghazi.txt" in set(table["doc"])
    row = table[table["doc"] == "benghazi.txt"].iloc[0]
    assert (row["type"], row["faction"], row["place"]) == ("control", "LNA", "Benghazi")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   \n  ", "empty"),
        ("\x00\x01\x02binary", "binary"),
    ],
)
def test_bad_input_gets_a_message_and_nothing_is_lost(at, text, message):
    before = len(claims_table(at))
    paste(at, "bad", text)
    errors = [shown(e) for e in at.error]
    assert any(message in e for e in errors), errors
    assert len(claims_table(at)) == before


def test_an_absurd_distance_is_left_out_with_a_warning(at):
    paste(at, "far", "Haftar forces reached a point 45,000 km east of Tripoli.\n")
    assert any("Added 1 article" in shown(s) for s in at.success)
    warnings = [shown(w) for w in at.warning]
    assert any("45,000 km" in w and "not a distance on Earth" in w for w in warnings)
    assert not at.exception


def test_hostile_title_and_text_stay_text(at):
    paste(at, "a/../<b>x</b>", "<script>alert(1)</script> Haftar forces took Derna.\n")
    docs = set(claims_table(at)["doc"]) | set(at.session_state["docs"])
    assert "a_.._<b>x<_b>.txt" in docs  # no path separators in ids
    assert any("a_.._<b>x<_b>.txt" in shown(s) for s in at.success)


def test_filters_follow(at):
    at.sidebar.multiselect[0].select("GNA")
    at.run()
    table = claims_table(at)
    assert len(table) and set(table["faction"]) == {"GNA"}
    at.sidebar.multiselect[0].unselect("GNA")
    at.sidebar.multiselect[1].select("strike")
    at.run()
    assert set(claims_table(at)["type"]) == {"strike"}
    at.sidebar.multiselect[1].unselect("strike")
    at.sidebar.multiselect[2].select("004_abffdd80be94dd01.txt")
    at.run()
    assert set(claims_table(at)["doc"]) == {"004_abffdd80be94dd01.txt"}


def test_click_on_a_city_shows_its_sources(at):
    from geo import webmap

    # st_folium's value arrives in session_state under the map key before the run
    layers = _seed_layers()
    sirte = layers.places[layers.places["name"] == "Sirte"].iloc[0]
    at.session_state["map"] = {
        "last_object_clicked_count": 1,
        "last_active_drawing": {"type": "Feature", "properties": {"id": sirte["id"]}},
    }
    at.run()
    assert at.session_state["selection"] == webmap.Selection(sirte["id"], 1)
    html = "".join(h.proto.body for h in at.get("html"))
    assert "<mark>Sirte</mark>" in html
    assert "which is controlled by Haftar forces" in html
    assert "004_abffdd80be94dd01.txt" in html


def _seed_layers():
    from geo.layers import build_layers
    from geo.pipeline import analyse

    return build_layers(analyse(sorted((ROOT / "seeds").glob("*.txt"))))


def test_upload_many_files_one_bad(at):
    files = [
        (
            f"town{i}.txt",
            f"Haftar forces took control of {town}.\n".encode(),
            "text/plain",
        )
        for i, town in enumerate(["Benghazi", "Tobruk", "Ajdabiya"])
    ]
    files.append(("latin1.txt", "Sirte caf\xe9".encode("latin-1"), "text/plain"))
    files.append(("blob.txt", b"\x00\x01\x02\x03", "text/plain"))
    at.sidebar.file_uploader[0].set_value(files)
    next(b for b in at.sidebar.button if b.label == "Add files").click()
    at.run()
    assert not at.exception, at.exception
    assert any("Added 3 article" in shown(s) for s in at.success)
    errors = " ".join(shown(e) for e in at.error)
    assert (
        "latin1.txt: not UTF-8" in errors and "blob.txt: looks like a binary" in errors
    )
    docs = set(at.session_state["docs"])
    assert {"town0.txt", "town1.txt", "town2.txt"} <= docs
    assert "000_bc87c0cd55d26a17.txt" in docs  # the seeds stay
    table = claims_table(at)
    assert {"Benghazi", "Tobruk", "Ajdabiya"} <= set(table["place"])


def test_same_article_twice_is_not_duplicated(at):
    text = "Haftar forces took control of Benghazi.\n"
    paste(at, "one", text)
    paste(at, "two", text)
    assert any("already loaded" in shown(e) for e in at.error)
    assert "two.txt" not in at.session_state["docs"]


ANOTHER_WAR = {
    "name": "a test war",
    "factions": [
        {"id": "NORTH", "label": "Northern Army", "colour": "#1f77b4", "kind": "party",
         "opposes": ["SOUTH"], "aliases": ["Northern Army", "northern forces"]},
        {"id": "SOUTH", "label": "Southern Front", "colour": "#d62728", "kind": "party",
         "opposes": ["NORTH"], "aliases": ["Southern Front", "southern fighters"]},
    ],
}  # fmt: skip


def test_another_wars_registry_names_the_sides(at):
    import json

    at.session_state["registry_json"] = json.dumps(ANOTHER_WAR)
    at.run()
    paste(at, "north", "Northern Army forces captured Kherson on Monday.\n")
    table = claims_table(at)
    row = table[table["doc"] == "north.txt"].iloc[0]
    assert (row["type"], row["faction"], row["place"]) == (
        "control",
        "NORTH",
        "Kherson",
    )


def test_a_table_jump_recentres_once(at):
    """Regression (issue 10): a jump kept in the session recentred every later map,
    so after an article was added the map snapped back under the user's click."""
    at.session_state["jump"] = ("place:2210554", 1)
    at.run()
    assert not at.exception, at.exception
    assert "jump" not in at.session_state  # consumed by the run that drew it
    at.run()
    assert "jump" not in at.session_state


def test_notices_stay_until_dismissed(at):
    paste(at, "tobruk", "Haftar forces took control of Tobruk on Monday.\n")
    at.run()  # another rerun (a click, a filter): the notice stays
    at.run()
    assert any("Added 1 article" in shown(s) for s in at.success)
    dismiss = [b for b in at.button if b.key and b.key.startswith("notice_")]
    assert len(dismiss) == 1
    dismiss[0].click()
    at.run()
    assert not any("Added 1 article" in shown(s) for s in at.success)


INJECTION = "![x](http://host/x.png)"


def test_markdown_in_a_title_stays_text(at):
    paste(at, INJECTION, "Haftar forces took control of Derna on Monday.\n")
    added = [s for s in at.success if "Added 1 article" in shown(s)]
    assert added and "![x](http:__host_x.png).txt" in shown(added[0])  # no "/"
    assert "![x](" not in added[0].value  # the Markdown source has it escaped
    assert "\\!\\[x\\]\\(http\\:" in added[0].value
