"""A workspace in a real browser: another war, an article, corrections, a reload
and a server restart, and all of it still there; a capture across the date slider
and in the changes view (Debian's Chromium, Playwright).

The server gets its own data directory, so the workspaces it makes are this test's.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from geo.workspace import Workspace, list_workspaces
from tests.app.browser import BROWSER_TESTS, chromium, streamlit_app
from tests.app.test_e2e import leaflet_frame, wait_for_map

pytestmark = BROWSER_TESTS

ROOT = Path(__file__).resolve().parents[2]

REGISTRY = {
    "name": "Ukraine 2022",
    "factions": [
        {"id": "UKR", "label": "Armed Forces of Ukraine", "colour": "#0057b7",
         "aliases": ["Ukrainian troops", "Ukrainian forces"], "opposes": ["RUS"]},
        {"id": "RUS", "label": "Russian Armed Forces", "colour": "#d52b1e",
         "aliases": ["Russian forces", "Russian troops"], "opposes": ["UKR"]},
    ],
}  # fmt: skip
ARTICLE = (
    "Date: 2022-10-01\nRussian forces shelled Kharkiv overnight, killing four "
    "civilians. Ukrainian troops took control of Lyman.\n"
)
FIND = (
    "([layer, name]) => { let out = null; window.map.eachLayer(l => {"
    " const p = l.feature && l.feature.properties;"
    " if (p && p.layer === layer && (!name || p.name === name) && l.getLatLng)"
    " out = [l.getLatLng().lat, l.getLatLng().lng, p.name]; }); return out; }"
)


def streamlit(data_dir: Path, log_path: Path):
    """The app with its own data directory (the workspaces it makes are this test's)."""
    return streamlit_app(log_path, env={"FRONTLINE_DATA_DIR": str(data_dir)})


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def settle(page, timeout: float = 60.0, *, with_map: bool = True) -> None:
    """Wait for the rerun to end: the app not running, no stale copy of the page's
    widgets left, and (``with_map``) one map on the page."""
    maps = page.locator("iframe[title='streamlit_folium.st_folium']")
    titles = page.get_by_label("Title")
    running = page.locator("[data-testid='stStatusWidget']")
    deadline = time.monotonic() + timeout
    quiet = 0
    while quiet < 3:  # three looks in a row, 200 ms apart
        assert time.monotonic() < deadline, "the page did not settle"
        page.wait_for_timeout(200)
        done = running.count() == 0 and titles.count() == 1
        done = done and (maps.count() == 1 if with_map else True)
        quiet = quiet + 1 if done else 0
    if with_map:
        frame = maps.first.content_frame
        frame.locator(".leaflet-overlay-pane path.leaflet-interactive").first.wait_for(
            timeout=30_000, state="attached"
        )


def find(page, layer: str, name: str | None = None):
    """The (lat, lon, name) of a feature on the map, or None; a rerun that starts
    while looking (st_folium's first value reruns the page) means looking again."""
    from playwright.sync_api import Error

    for attempt in range(4):
        settle(page)
        try:
            return leaflet_frame(page).evaluate(FIND, [layer, name])
        except Error:
            if attempt == 3:
                raise
    return None


def select(page, lat: float, lon: float) -> None:
    """Select the feature at (lat, lon) as a click on the map would."""
    settle(page)
    iframe = page.locator("iframe[title='streamlit_folium.st_folium']")
    iframe.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    frame = leaflet_frame(page)
    frame.evaluate(
        "([lat, lon]) => { window.map.setView([lat, lon], 9, {animate: false}); }",
        [lat, lon],
    )
    page.wait_for_timeout(400)
    x, y = frame.evaluate(
        "([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);"
        " const r = window.map.getContainer().getBoundingClientRect();"
        " return [p.x + r.left, p.y + r.top]; }",
        [lat, lon],
    )
    box = page.locator("iframe[title='streamlit_folium.st_folium']").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def test_a_workspace_keeps_the_analysts_work(browser, tmp_path):
    data = tmp_path / "data"
    registry = tmp_path / "ukraine.json"
    registry.write_text(json.dumps(REGISTRY), encoding="utf-8")
    log = tmp_path / "streamlit.log"
    page = browser.new_page(viewport={"width": 1440, "height": 1100})
    try:
        with streamlit(data, log) as url:
            page.goto(url)
            wait_for_map(page, timeout=90_000)
            page.get_by_text("Libya 2020: 2 article(s)").wait_for(timeout=30_000)

            # a workspace for another war, with its sides
            settle(page)
            page.get_by_text("New workspace (another war)").click()
            page.get_by_label("Name").fill("Ukraine 2022")
            form = page.locator(
                "[data-testid='stForm']",
                has=page.get_by_role("button", name="Create workspace"),
            )
            form.locator("input[type=file]").set_input_files(str(registry))
            form.get_by_text("ukraine.json").wait_for(timeout=30_000)  # uploaded
            page.wait_for_timeout(1000)
            page.get_by_role("button", name="Create workspace").click()
            page.get_by_text("Ukraine 2022: 0 article(s)").wait_for(timeout=90_000)
            settle(page, with_map=False)

            # an article pasted into it
            page.get_by_label("Title").fill("kharkiv")
            page.get_by_label("Paste an article").fill(ARTICLE)
            page.get_by_role("button", name="Add text").click()
            page.get_by_text("Added 1 article", exact=False).wait_for(timeout=60_000)
            page.get_by_text("Ukraine 2022: 1 article(s)").wait_for(timeout=30_000)
            wait_for_map(page)
            (path,) = [p for p in list_workspaces(data / "workspaces")
                       if "ukraine" in p.name]  # fmt: skip
            assert Workspace(path).registry().ids == ("UKR", "RUS")

            # reject the strike on Kharkiv from the sources panel
            kharkiv = find(page, "strikes")
            assert kharkiv, "the strike on Kharkiv is on the map"
            place = find(page, "places", "Kharkiv")
            select(page, place[0], place[1])
            page.locator(".fl-panel h3", has_text="Kharkiv").wait_for(timeout=20_000)
            page.get_by_text("Correct this place").wait_for(timeout=20_000)
            page.get_by_role("button", name="Reject").first.click()
            page.get_by_role("button", name="Accept").wait_for(timeout=20_000)
            assert [c.kind for c in Workspace(path).corrections()] == ["reject"]

            # move Lyman to another place of that name
            lyman = find(page, "places", "Lyman")
            select(page, lyman[0], lyman[1])
            page.locator(".fl-panel h3", has_text="Lyman").wait_for(timeout=20_000)
            page.wait_for_timeout(1000)  # the correction box follows the panel
            page.get_by_role("button", name="Move to this place").wait_for(
                timeout=20_000
            )
            page.get_by_role("button", name="Move to this place").click()
            deadline = time.monotonic() + 30
            while len(Workspace(path).corrections()) < 2:
                assert time.monotonic() < deadline, "the move was not saved"
                page.wait_for_timeout(300)
            move = Workspace(path).corrections()[-1]
            assert move.kind == "move" and move.value["geonameid"]
            target = (move.value["lat"], move.value["lon"], move.value["name"])

            def check(page) -> None:
                settle(page, timeout=120)
                page.get_by_text("Ukraine 2022: 1 article(s)").wait_for(timeout=30_000)
                page.wait_for_timeout(1000)
                moved = find(page, "places", target[2])
                assert moved, f"{target[2]} is on the map"
                assert abs(moved[0] - target[0]) < 1e-4
                assert abs(moved[1] - target[1]) < 1e-4
                assert find(page, "strikes") is None  # the rejected strike
                assert find(page, "places", "Sirte") is None  # no Libyan seeds
                body = page.locator("body").inner_text()
                assert "000_bc87c0cd55d26a17.txt" not in body

            page.reload()
            check(page)
        # a restarted server opens the same workspace, at its bare address
        with streamlit(data, log) as url:
            page.goto(url)
            check(page)
    except Exception:
        shot = tmp_path / "failure.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"\nfailure screenshot: {shot}; log: {log}")
        raise
    finally:
        page.close()


#: Two dated articles (written for this test): Gharyan taken by the LNA, then
#: retaken by the GNA a month later.
TAKEN = (
    "Date: 2020-05-02\nHaftar forces took control of Gharyan on Saturday after a "
    "week of clashes.\n"
)
RETAKEN = (
    "Date: 2020-06-04\nGovernment of National Accord forces recaptured Gharyan on "
    "Thursday, driving out the fighters loyal to Haftar.\n"
)
LAYER_NAME = 'roads <b>bold</b> <img src=x onerror="window.__pwned=1">.geojson'
#: The colour of a place's circle as drawn on the map (its style's, before drawing).
PAINT = (
    "(name) => { let out = null; window.map.eachLayer(l => {"
    " const p = l.feature && l.feature.properties;"
    " if (p && p.layer === 'places' && p.name === name)"
    " out = (l.options && l.options.color) || (p.style && p.style.color); });"
    " return out; }"
)


#: The cells of a Streamlit data grid, row by row (its accessible table: the grid
#: itself is drawn on a canvas).
ROWS = (
    "(el) => [...el.querySelectorAll('tr')].map(r =>"
    " [...r.querySelectorAll('td')].map(td => td.textContent.trim()))"
    ".filter(r => r.length)"
)


def test_the_date_slider_and_the_changes_view_follow_a_capture(browser, tmp_path):
    import datetime as dt

    from geo.records import Document
    from geo.workspace import path_for
    from tests.app.test_e2e import ARTIFACTS, poll

    data = tmp_path / "data"
    path = path_for("Gharyan", directory=data / "workspaces")
    ws = Workspace.create(path, name="Gharyan")
    ws.add(
        [
            Document("taken.txt", TAKEN, dt.date(2020, 5, 2), None),
            Document("retaken.txt", RETAKEN, dt.date(2020, 6, 4), None),
        ]
    )
    road = {"type": "LineString", "coordinates": [[12.8, 32.0], [13.3, 32.3]]}
    ws.add_overlay(  # kept from an earlier session: drawn and listed after a reload
        LAYER_NAME,
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [{"type": "Feature", "properties": {}, "geometry": road}],
            }
        ),
    )
    log = tmp_path / "streamlit.log"
    page = browser.new_page(viewport={"width": 1440, "height": 1100})

    colour = {
        when: ws.layers(as_of=when).places.set_index("name").loc["Gharyan", "colour"]
        for when in (dt.date(2020, 5, 2), None)
    }
    assert colour[None] != colour[dt.date(2020, 5, 2)]  # GNA's blue, LNA's red

    def paint(when: dt.date | None, what: str) -> None:
        def looks() -> bool:
            found = leaflet_frame(page).evaluate(PAINT, "Gharyan")
            return bool(found) and found.lower() == colour[when].lower()

        poll(looks, what=what, timeout_ms=90_000)

    try:
        with streamlit(data, log) as url:
            page.goto(f"{url}/?ws={path.name}")
            wait_for_map(page, timeout=120_000)
            page.get_by_text("Gharyan: 2 article(s)").wait_for(timeout=60_000)
            settle(page, timeout=120)
            paint(None, "Gharyan drawn in the GNA's colour at the latest date")

            # the kept layer: drawn under the claims, its name as text everywhere
            frame = leaflet_frame(page)
            poll(
                lambda: (
                    leaflet_frame(page)
                    .locator(".leaflet-fl-overlays-pane path")
                    .count()
                ),
                what="the kept road layer drawn in its pane",
            )
            label = frame.locator(
                ".leaflet-control-layers-overlays label", has_text="roads"
            )
            assert LAYER_NAME in label.first.text_content()
            assert label.first.locator("b, img").count() == 0
            assert frame.evaluate("() => window.__pwned === undefined")
            listed = page.get_by_text(f"{LAYER_NAME} (GeoJSON, 1 features)")
            listed.wait_for(timeout=30_000, state="attached")  # in "Your layers"
            assert listed.first.locator("b, img").count() == 0

            # the slider back to the first date: Gharyan is the LNA's again
            slider = page.locator("[data-testid='stSlider']", has_text="Map as of")
            slider.get_by_text("2020-06-04").first.wait_for(timeout=30_000)
            thumb = slider.get_by_role("slider")
            thumb.focus()
            thumb.press("Home")
            slider.get_by_text("2020-05-02").first.wait_for(timeout=30_000)
            paint(dt.date(2020, 5, 2), "Gharyan redrawn in the LNA's colour (May 2)")
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "as_of_before_capture.png"))

            # and forward across the capture: the GNA's colour once more
            settle(page, timeout=120)
            thumb = slider.get_by_role("slider")
            thumb.focus()
            thumb.press("End")
            paint(None, "Gharyan redrawn in the GNA's colour (June 4)")
            page.screenshot(path=str(ARTIFACTS / "as_of_after_capture.png"))

            # the changes view (first to last date) lists the capture
            settle(page, timeout=120)
            page.get_by_text("Changes between two dates").click()
            expander = page.locator(
                "[data-testid='stExpander']", has_text="Changes between two dates"
            )
            grid = expander.locator("[data-testid='stDataFrame']").first
            grid.wait_for(timeout=60_000)

            def gharyan_row() -> list[str] | None:
                rows = grid.evaluate(ROWS)  # the grid's accessible table
                return next((r for r in rows if "Gharyan" in r[1:2]), None)

            cells = poll(gharyan_row, what="Gharyan in the changes table")
            assert cells[:4] == ["place", "Gharyan", "LNA", "GNA"], cells
            assert "recaptured Gharyan" in " ".join(cells)
            page.screenshot(path=str(ARTIFACTS / "changes_view.png"), full_page=True)
    except Exception:
        shot = tmp_path / "failure.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"\nfailure screenshot: {shot}; log: {log}")
        raise
    finally:
        page.close()
