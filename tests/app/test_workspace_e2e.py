"""A workspace in a real browser: another war, an article, corrections, a reload
and a server restart, and all of it still there (Debian's Chromium, Playwright).

The server gets its own data directory, so the workspaces it makes are this test's.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from geo.workspace import Workspace, list_workspaces
from tests.app.test_e2e import ARGS, CHROMIUM, free_port, leaflet_frame, wait_for_map

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
if not os.path.exists(CHROMIUM) and not os.environ.get("CI"):
    pytestmark.append(pytest.mark.skip(reason="needs Debian's /usr/bin/chromium"))

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


@contextlib.contextmanager
def streamlit(data_dir: Path, log_path: Path):
    port = free_port()
    env = {**os.environ, "FRONTLINE_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    with open(log_path, "a") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py",
             "--server.port", str(port), "--server.headless", "true",
             "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
             "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                        break
                except OSError:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"streamlit did not start, see {log_path}")
                time.sleep(0.3)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


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
