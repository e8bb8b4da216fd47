"""The app in a real browser: Debian's Chromium driven by Playwright.

Starts ``streamlit run app.py`` on a free port, waits for the Leaflet map inside the
st_folium iframe, clicks Sirte at its pixel, reads its sources, checks that no request
left localhost, loads a hostile article and checks that nothing ran, and saves a
screenshot (``E2E_SCREENSHOT=docs/screenshot.png`` refreshes the README's picture).
Timings are printed (run with -s) for docs/app.md.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.app.browser import BROWSER_TESTS, chromium, streamlit_app

pytestmark = BROWSER_TESTS

ROOT = Path(__file__).resolve().parents[2]
SIRTE = (31.20892, 16.58866)
BENGHAZI = (32.1, 20.2)
#: Screenshots of a run (ignored by git): the failure picture and the checks' shots.
ARTIFACTS = ROOT / "tests" / "app" / "artifacts"
LOCAL = {"localhost", "127.0.0.1", "[::1]", "::1"}
HOSTILE = (
    "Hostile <script>window.top.__pwned = 1</script> report. "
    'Haftar forces took control of Derna <img src=x onerror="window.top.__pwned = 2">'
    " 'single' and \"double\" quotes & ampersands.\n"
)



@pytest.fixture(scope="module")
def server(tmp_path_factory):
    log_path = tmp_path_factory.mktemp("e2e") / "streamlit.log"
    with streamlit_app(log_path) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


INJECTION = "![x](http://host/x.png)"
#: Two dated reports on one town changing hands (the time axis).
DATED = [
    (
        "gharyan march",
        "Published: 1 March 2020\nGNA forces took control of Gharyan on Sunday.\n",
    ),
    (
        "gharyan april",
        "Published: 10 April 2020\nHaftar forces took control of Gharyan on Friday.\n",
    ),
]
#: Ceilings of the waits (ms): generous, so a busy machine is slow but not red.
LOAD_MS = 120_000
STEP_MS = 60_000


def poll(fn, *, what: str, timeout_ms: float = STEP_MS, every_s: float = 0.05):
    """Call ``fn`` until it returns something truthy; fail saying ``what`` did not
    appear. Errors from a frame that a rerun just replaced count as "not yet"."""
    from playwright.sync_api import Error as PlaywrightError

    deadline = time.monotonic() + timeout_ms / 1000
    last: Exception | None = None
    while True:
        try:
            value = fn()
        except PlaywrightError as err:  # detached frame, navigation in progress
            value, last = None, err
        if value:
            return value
        if time.monotonic() > deadline:
            extra = f" (last error: {last})" if last else ""
            raise AssertionError(
                f"{what} did not appear within {timeout_ms / 1000:.0f} s{extra}"
            )
        time.sleep(every_s)


RUN_STATE = "[data-testid='stApp']"
WATCH_RUNS = """() => {
  if (window.__flRuns !== undefined) return;
  window.__flRuns = 0;
  const app = document.querySelector("[data-testid='stApp']");
  new MutationObserver(() => {
    const state = app.getAttribute('data-test-script-state');
    if (state === 'running' && window.__flLast !== 'running') window.__flRuns += 1;
    window.__flLast = state;
  }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""


def watch_runs(page) -> None:
    """Count the server's script runs (each page load needs it once)."""
    page.locator(RUN_STATE).wait_for(timeout=LOAD_MS)
    page.evaluate(WATCH_RUNS)


def runs(page) -> int:
    return page.evaluate("() => window.__flRuns")


def wait_idle(page, *, after: int | None = None, timeout_ms: float = STEP_MS) -> None:
    """Wait until the script is not running (and, with ``after``, until a run later
    than that count has started and finished)."""

    def done() -> bool:
        state = page.locator(RUN_STATE).get_attribute("data-test-script-state")
        return state == "notRunning" and (after is None or runs(page) > after)

    poll(done, what="the end of the server's rerun", timeout_ms=timeout_ms)


def poll_quietly(fn, *, seconds: float) -> bool:
    """Whether ``fn`` became true within ``seconds`` (for a retry, not a verdict)."""
    try:
        poll(fn, what="(retry check)", timeout_ms=seconds * 1000)
    except AssertionError:
        return False
    return True


def stable_box(locator, *, what: str) -> dict:
    """The element's box once it is laid out and has stopped moving (scrolling)."""
    seen: list[dict | None] = [None]

    def still() -> dict | None:
        box = locator.bounding_box()
        ok = box is not None and box["height"] > 60 and box == seen[0]
        seen[0] = box
        return box if ok else None

    return poll(still, what=what, every_s=0.2)


LIVE_PANEL = ".fl-panel.fl-live"
LABEL_BOXES = """() => Array.from(document.querySelectorAll('.fl-lab')).map(e => {
  const r = e.getBoundingClientRect();
  return [r.left, r.top, r.right, r.bottom, e.textContent]; })"""
SYMBOLS = """() => { const out = []; window.map.eachLayer(l => {
  const p = l.feature && l.feature.properties;
  if (!p || !p.layer || p.layer === 'areas') return;
  const r = window.map.getContainer().getBoundingClientRect();
  const pts = l.getLatLng ? [l.getLatLng()]
    : (l.getLatLngs ? l.getLatLngs().flat(3) : []);
  pts.forEach(ll => { const c = window.map.latLngToContainerPoint(ll);
    out.push([c.x + r.left, c.y + r.top, p.layer, p.name || p.id]); }); });
  return out; }"""
CONTROL_BOXES = """() => Array.from(document.querySelectorAll(
  '.fl-legend, .leaflet-control-layers')).map(e => {
  const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"""
PANEL_TIMER = """() => { if (window.__flT) return; window.__flT = {down: 0, shown: 0};
  document.addEventListener('mousedown', () => { window.__flT.down = performance.now(); },
    true);
  new MutationObserver(() => { window.__flT.shown = performance.now(); }).observe(
    document.querySelector('.fl-panel.fl-live'), {childList: true, subtree: true}); }"""


def overlapping(boxes: list) -> list[tuple]:
    """Pairs of label boxes that overlap (1 px of antialiasing allowed)."""
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if (
                a[0] < b[2] - 1
                and b[0] < a[2] - 1
                and a[1] < b[3] - 1
                and b[1] < a[3] - 1
            ):
                out.append((a[4], b[4]))
    return out


def capture(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    print(f"\nscreenshot: {path}")
    return path


def panel_title(page) -> str:
    return leaflet_frame(page).locator(f"{LIVE_PANEL} h3").inner_text()


def click_for_panel(page, lat: float, lon: float, title: str) -> float:
    """Click a place; the in-map panel's full sources, measured in the browser from
    the mouse press to the panel's last change (ms)."""
    frame = leaflet_frame(page)
    frame.evaluate(PANEL_TIMER)
    frame.evaluate("() => { window.__flT.shown = 0; }")
    click_latlon(page, lat, lon)
    poll(
        lambda: leaflet_frame(page).evaluate(
            "(t) => { const h = document.querySelector('.fl-panel.fl-live h3');"
            " return window.__flT.shown > window.__flT.down && h && h.textContent === t"
            " && document.querySelector('.fl-panel.fl-live').classList.contains("
            "'fl-open'); }",
            title,
        ),
        what=f"the sources panel of {title} in the map",
    )
    return frame.evaluate("() => window.__flT.shown - window.__flT.down")


def add_article(page, title: str, text: str) -> None:
    """Paste an article with its title and submit the form; wait for the rerun
    that analyses it to finish. A submit the page did not take (the form is
    cleared on submit, so its text is still there) is clicked again."""
    area = page.get_by_label("Paste an article")
    page.get_by_label("Title").fill(title)
    area.fill(text)
    poll(lambda: area.input_value() == text, what="the pasted text in the form")
    before = runs(page)
    page.get_by_role("button", name="Add text").click()
    for _ in range(3):
        if poll_quietly(lambda: runs(page) > before, seconds=10):
            break
        if area.input_value() == text:  # not submitted: once more
            page.get_by_role("button", name="Add text").click()
    settle(page, before, timeout_ms=LOAD_MS)


def settle(page, before: int, *, timeout_ms: float = STEP_MS) -> None:
    """After an action that reruns the script: give the run a moment to start
    (counted when the page shows it: a very short run may not show), then wait
    until the script is not running. The state the action should bring is
    checked by the caller."""
    poll_quietly(lambda: runs(page) > before, seconds=5)
    wait_idle(page, timeout_ms=timeout_ms)


def map_frame(page):
    return page.frame_locator("iframe[title='streamlit_folium.st_folium']")


def leaflet_frame(page):
    for frame in page.frames:
        if ("streamlit_folium" in frame.url or "st_folium" in frame.url) and (
            not frame.is_detached()
        ):
            return frame
    raise AssertionError(f"no st_folium frame among {[f.url for f in page.frames]}")


def wait_for_map(page, timeout: float = STEP_MS) -> None:
    frame = map_frame(page)
    frame.locator(".leaflet-container").wait_for(timeout=timeout)
    frame.locator(".leaflet-overlay-pane path.leaflet-interactive").first.wait_for(
        timeout=timeout, state="attached"
    )
    poll(
        lambda: leaflet_frame(page).evaluate(
            "() => !!(window.map && window.map.latLngToContainerPoint)"
        ),
        what="the Leaflet map object (window.map)",
        timeout_ms=timeout,
    )


def click_latlon(page, lat: float, lon: float) -> None:
    """A real mouse click where Leaflet draws (lat, lon)."""
    frame = leaflet_frame(page)
    frame.wait_for_function(
        "() => window.map && window.map.latLngToContainerPoint", timeout=STEP_MS
    )
    x, y = frame.evaluate(
        "([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);"
        " const r = window.map.getContainer().getBoundingClientRect();"
        " return [p.x + r.left, p.y + r.top]; }",
        [lat, lon],
    )
    box = page.locator("iframe[title='streamlit_folium.st_folium']").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def zoom_to(page, lat: float, lon: float, zoom: int) -> None:
    """Set the view and wait until Leaflet reports it (no rerun: st_folium returns
    no view state here). A late resize of the map (the sources panel closing) or a
    late rerun can move the view after it was set: it is set again then, every 2 s."""
    set_view = (
        "([lat, lon, z]) => { window.map.setView([lat, lon], z, {animate: false}); }"
    )
    at_view = (
        "([lat, lon, z]) => { const c = window.map.getCenter();"
        " return window.map.getZoom() === z && Math.abs(c.lat - lat) < 1e-3"
        " && Math.abs(c.lng - lon) < 1e-3; }"
    )
    last_set = [0.0]

    def there() -> bool:
        frame = leaflet_frame(page)
        if frame.evaluate(at_view, [lat, lon, zoom]):
            return True
        if time.monotonic() - last_set[0] > 2.0:
            frame.evaluate(set_view, [lat, lon, zoom])
            last_set[0] = time.monotonic()
        return False

    poll(there, what=f"the view at ({lat}, {lon}) zoom {zoom}")


def place_at(page, pattern: str):
    """[lat, lon, name] of a place feature whose name matches the JS regex."""
    return leaflet_frame(page).evaluate(
        "(pattern) => { const re = new RegExp(pattern); let out = null;"
        " window.map.eachLayer(l => {"
        " const p = l.feature && l.feature.properties;"
        " if (p && re.test(p.name || '') && l.getLatLng)"
        " out = [l.getLatLng().lat, l.getLatLng().lng, p.name]; }); return out; }",
        pattern,
    )


def sources_panel(page):
    return page.locator(".fl-panel")


def test_app_in_a_browser(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    try:
        drive(page, server, shots=tmp_path)
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / "failure.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"\nfailure screenshot: {shot}")
        raise
    finally:
        page.close()


def drive(page, server: str, *, shots: Path) -> None:
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    # 1. first map of the seeds (a warm-up load first: the first run builds caches)
    t0 = time.perf_counter()
    page.goto(server)
    wait_for_map(page, timeout=LOAD_MS)
    cold_map = time.perf_counter() - t0
    watch_runs(page)
    wait_idle(page, timeout_ms=LOAD_MS)
    t0 = time.perf_counter()
    page.reload()
    wait_for_map(page)
    first_map = time.perf_counter() - t0
    watch_runs(page)
    wait_idle(page)

    # 1b. the first view: labels apart, in the articles' spelling; the legend and
    # the layer switcher over no symbol
    poll(
        lambda: leaflet_frame(page).evaluate(
            "() => document.querySelectorAll('.fl-lab').length > 5"
        ),
        what="the map's labels",
    )
    frame = leaflet_frame(page)
    labels = frame.evaluate(LABEL_BOXES)
    assert not overlapping(labels), overlapping(labels)[:5]
    assert {"Sirte", "Tarhuna"} <= {label[4] for label in labels}
    controls = frame.evaluate(CONTROL_BOXES)
    symbols = frame.evaluate(SYMBOLS)
    assert len(controls) >= 2 and len(symbols) > 10
    under = [
        sym
        for sym in symbols
        for c in controls
        if c[0] <= sym[0] <= c[2] and c[1] <= sym[1] <= c[3]
    ]
    assert not under, under[:5]
    hidden = [
        lab[4] for lab in labels for c in controls if overlapping([lab, [*c, ""]])
    ]
    assert not hidden, hidden[:5]
    capture(page, "first_view")

    # 1c. the basemap at zoom 9 around Benghazi: towns, divisions, their names
    zoom_to(page, *BENGHAZI, 9)
    seen = poll(
        lambda: (
            (v := leaflet_frame(page).evaluate("() => window.map._flBase.visible()"))
            and v["towns"]
            and v["admin1"]
            and v
        ),
        what="basemap towns and divisions at zoom 9",
    )
    assert seen["towns"] >= 1 and seen["admin1"] >= 1 and seen["land"] >= 1, seen
    kinds = {
        k
        for _, _, _, _, k in leaflet_frame(page).evaluate(
            "() => window.map._flLabels.boxes().map(b => [0, 0, 0, 0, b.kind])"
        )
    }
    assert "town" in kinds, kinds  # the names of the towns drawn
    capture(page, "libya_zoom9")

    # 2. click Sirte -> its source sentences, document by document
    zoom_to(page, *SIRTE, 9)
    leaflet_frame(page).evaluate("() => { window.__sameMap = window.map; }")
    before = runs(page)
    t0 = time.perf_counter()
    click_latlon(page, *SIRTE)
    # the popup answers in the browser at once, with the first source sentence
    popup = leaflet_frame(page).locator(".leaflet-popup-content")
    popup.get_by_text("Sirte", exact=False).first.wait_for(timeout=STEP_MS)
    click_to_popup = time.perf_counter() - t0
    assert "<" not in popup.inner_text()
    # ... and the panel in the map shows every source sentence, built in the browser
    live = leaflet_frame(page).locator(LIVE_PANEL)
    live.get_by_text("which is controlled by Haftar forces", exact=False).wait_for(
        timeout=STEP_MS
    )
    click_to_panel = time.perf_counter() - t0
    live_text = live.inner_text()
    assert "000_bc87c0cd55d26a17.txt" in live_text
    assert "004_abffdd80be94dd01.txt" in live_text
    assert live.locator("mark", has_text="Sirte").count() >= 3
    panel = sources_panel(page)
    panel.get_by_text("which is controlled by Haftar forces", exact=False).wait_for(
        timeout=STEP_MS
    )
    click_to_sources = time.perf_counter() - t0
    # the map was not rebuilt by the rerun: same Leaflet object, same zoom
    settle(page, before)
    assert leaflet_frame(page).evaluate(
        "() => window.__sameMap === window.map && window.map.getZoom() === 9"
    )
    text = panel.inner_text()
    assert text.startswith("Sirte")
    assert "000_bc87c0cd55d26a17.txt" in text and "004_abffdd80be94dd01.txt" in text
    assert panel.locator("mark", has_text="Sirte").count() >= 3
    assert "control" in text  # the claims made in the sentences are listed

    # 3. the same city twice: select Tarhuna, then Sirte again
    tarhuna = (32.43501, 13.6332)
    zoom_to(page, *tarhuna, 9)
    before = runs(page)
    click_latlon(page, *tarhuna)
    page.locator(".fl-panel h3", has_text="Tarhuna").wait_for(timeout=STEP_MS)
    settle(page, before)
    zoom_to(page, *SIRTE, 9)
    before = runs(page)
    click_latlon(page, *SIRTE)
    page.locator(".fl-panel h3", has_text="Sirte").wait_for(timeout=STEP_MS)
    settle(page, before)
    # and once more on the very same city: still there, no error
    before = runs(page)
    click_latlon(page, *SIRTE)
    settle(page, before)
    assert page.locator(".fl-panel h3").inner_text().startswith("Sirte")

    # 3a. click to full sources panel, 20 times (Sirte and Tarhuna in turn)
    times = []
    for i in range(20):
        lat, lon, name = (*SIRTE, "Sirte") if i % 2 else (*tarhuna, "Tarhuna")
        zoom_to(page, lat, lon, 8)
        before = runs(page)
        times.append(click_for_panel(page, lat, lon, name))
        # the rerun the click starts (if the server sees it) ends before the next
        poll_quietly(lambda: runs(page) > before, seconds=3)  # noqa: B023
        wait_idle(page)
    assert leaflet_frame(page).evaluate("() => window.__sameMap === window.map")
    times.sort()
    panel_median, panel_worst = times[len(times) // 2], times[-1]

    # 3b'. the layer switcher's choices survive a click
    frame = leaflet_frame(page)
    strikes = (
        "() => { let n = 0; window.map.eachLayer(l => { const p = l.feature &&"
        " l.feature.properties; if (p && p.layer === 'strikes') n += 1; });"
        " return n; }"
    )
    assert frame.evaluate(strikes) > 0
    frame.locator(".leaflet-control-layers").hover()
    box = frame.locator(".leaflet-control-layers-overlays label", has_text="Strikes")
    box.locator("input").uncheck()
    assert frame.evaluate(strikes) == 0
    page.mouse.move(5, 5)
    before = runs(page)
    click_for_panel(page, *SIRTE, "Sirte")
    settle(page, before)
    assert leaflet_frame(page).evaluate(strikes) == 0  # still off after the rerun
    frame.locator(".leaflet-control-layers").hover()
    assert not box.locator("input").is_checked()
    box.locator("input").check()
    page.mouse.move(5, 5)
    assert frame.evaluate(strikes) > 0

    # 3b. a row of the claims table shows its place on the map
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.scroll_into_view_if_needed()
    grid.locator("canvas").first.wait_for(timeout=STEP_MS)
    box = stable_box(grid, what="the claims table, drawn and still")
    before = runs(page)
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)  # row 1's selection cell
    if not poll_quietly(lambda: runs(page) > before, seconds=10):
        # the grid was not yet taking clicks (no selection, no rerun): once more
        box = stable_box(grid, what="the claims table, drawn and still")
        page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)
    settle(page, before)
    frame = leaflet_frame(page)
    frame.wait_for_function("() => window.map.getZoom() === 9", timeout=STEP_MS)
    title = page.locator(".fl-panel h3").inner_text()
    centre = frame.evaluate(
        "() => [window.map.getCenter().lat, window.map.getCenter().lng]"
    )
    hit = frame.evaluate(
        "(name) => { let out = null; window.map.eachLayer(l => {"
        " const p = l.feature && l.feature.properties;"
        " if (p && p.layer === 'places' && p.name === name && l.getLatLng)"
        " out = [l.getLatLng().lat, l.getLatLng().lng]; }); return out; }",
        title,
    )
    assert hit and abs(hit[0] - centre[0]) < 0.01 and abs(hit[1] - centre[1]) < 0.01
    page.locator("h1").first.scroll_into_view_if_needed()

    # the picture for the README: Sirte selected, the seeds' theatre in view
    page.mouse.move(5, 5)
    leaflet_frame(page).evaluate("() => { window.map.closePopup(); }")
    zoom_to(page, 30.4, 15.6, 6)
    wait_idle(page)
    # Saved outside the repository unless asked (E2E_SCREENSHOT=docs/screenshot.png),
    # so a test run leaves the checkout clean.
    shot = Path(os.environ.get("E2E_SCREENSHOT") or shots / "screenshot.png")
    shot.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot))
    print(f"\nscreenshot: {shot}")

    # 4. a hostile article: pasted, analysed, shown as text, nothing runs
    add_article(page, "hostile <b>report</b>", HOSTILE)
    page.get_by_text("Added 1 article", exact=False).first.wait_for(timeout=LOAD_MS)
    wait_for_map(page)
    # the map with the new article replaces the old one: wait for its place
    found = poll(
        lambda: place_at(page, "^D[ae]rn"),
        what="the hostile article's place (Derna / Darnah) on the map",
    )
    assert found, "the hostile article's place (Derna / Darnah) is on the map"
    zoom_to(page, found[0], found[1], 9)
    before = runs(page)
    click_latlon(page, found[0], found[1])
    page.locator(".fl-panel h3", has_text=found[2]).wait_for(timeout=STEP_MS)
    settle(page, before)
    frame = leaflet_frame(page)
    panel_text = sources_panel(page).inner_text()
    assert "<script>window.top.__pwned = 1</script>" in panel_text or (
        "<img src=x onerror=" in panel_text
    )
    for target in (page, frame):
        assert target.evaluate("() => window.top.__pwned === undefined")
    assert page.locator("img[src='x']").count() == 0
    assert not dialogs

    # 4b. Markdown in a title and a text stays text, and fetches nothing
    add_article(
        page,
        INJECTION,
        f"Report {INJECTION} on the fighting: Haftar forces took control of Tobruk.\n",
    )
    page.get_by_text("![x](http:__host_x.png).txt", exact=False).first.wait_for(
        timeout=STEP_MS
    )
    assert page.locator("img[src*='host']").count() == 0

    # 6. the time axis: Gharyan changes hands; the slider redraws as of a date
    for title, text in DATED:
        add_article(page, title, text)
    slider = page.get_by_role("slider").first
    slider.wait_for(timeout=STEP_MS)
    wait_for_map(page)
    gharyan = poll(lambda: place_at(page, "^Gharyan$"), what="Gharyan on the map")
    colour = (
        "() => { let out = null; window.map.eachLayer(l => { const p = l.feature &&"
        " l.feature.properties; if (p && p.layer === 'places' && p.name === 'Gharyan')"
        " out = l.options.fillColor; }); return out; }"
    )
    zoom_to(page, gharyan[0], gharyan[1], 8)
    late = poll(lambda: leaflet_frame(page).evaluate(colour), what="Gharyan's colour")
    capture(page, "as_of_latest")
    slider.focus()
    before = runs(page)
    page.keyboard.press("Home")  # the first date
    settle(page, before)
    early = poll(
        lambda: (c := leaflet_frame(page).evaluate(colour)) != late and c,
        what="Gharyan in another colour as of the first date",
    )
    zoom_to(page, gharyan[0], gharyan[1], 8)
    capture(page, "as_of_first")
    assert late != early

    # 5. nothing left localhost
    remote = [
        u
        for u in requests
        if urlparse(u).scheme in ("http", "https", "ws", "wss")
        and urlparse(u).hostname not in LOCAL
    ]
    assert not remote, remote[:5]

    print(
        f"\nTIMINGS cold_first_map_s={cold_map:.2f} first_map_s={first_map:.2f}"
        f" click_to_popup_s={click_to_popup:.2f}"
        f" click_to_sources_s={click_to_sources:.2f}"
        f" click_to_panel_s={click_to_panel:.2f}"
        f" panel_median_ms={panel_median:.0f} panel_worst_ms={panel_worst:.0f}"
        f" requests={len(requests)}"
    )
    assert first_map < 10, (
        first_map
    )  # the 3 s target is reported, not gated, on 2 cores


UKRAINE = (
    "Shelling hit Kherson overnight, officials said. Residents of Kherson crossed "
    "the river towards Nova Kakhovka and Oleshky.\n"
)
FIND_MAP = "() => { window.map = Object.values(window).find(v => v instanceof L.Map); }"


def test_downloaded_map_offline_in_another_theatre(browser, tmp_path):
    """The standalone HTML (the app's download): the same basemap, labels and
    sources panel, opened from a file with nothing but file: and data: requests;
    at zoom 9 on the Dnipro: rivers, districts and towns."""
    from geo import map as gm
    from geo.layers import build_layers
    from geo.pipeline import analyse
    from geo.records import Document

    analysis = analyse([Document("kherson.txt", UKRAINE)])
    layers = build_layers(analysis)
    path = gm.save_html(layers, tmp_path / "map.html", analysis=analysis)
    places = layers.places[layers.places["name"] == "Kherson"]
    assert len(places) == 1, list(layers.places["name"])
    at = [places.geometry.iloc[0].y, places.geometry.iloc[0].x]
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(path.as_uri())
        page.wait_for_function("() => typeof L !== 'undefined'", timeout=STEP_MS)
        page.evaluate(FIND_MAP)
        page.evaluate(
            "([lat, lon]) => { window.map.setView([lat, lon], 9, {animate: false}); }",
            at,
        )
        seen = poll(
            lambda: (
                (v := page.evaluate("() => window.map._flBase.visible()"))
                and v["rivers"]
                and v["admin2"]
                and v["towns"]
                and v
            ),
            what="rivers, districts and towns at zoom 9 around Kherson",
        )
        assert seen["rivers"] >= 1 and seen["admin2"] >= 2 and seen["towns"] >= 1
        names = poll(
            lambda: page.evaluate(
                "() => window.map._flLabels.boxes().map(b => b.text)"
            ),
            what="labels around Kherson",
        )
        assert "Kherson" in names, names
        capture(page, "kherson_zoom9_html")
        # a click shows the place's sentences in the panel, here too
        x, y = page.evaluate(
            "([lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]);"
            " const r = window.map.getContainer().getBoundingClientRect();"
            " return [p.x + r.left, p.y + r.top]; }",
            at,
        )
        page.mouse.click(x, y)
        panel = page.locator(LIVE_PANEL)
        panel.get_by_text("Residents of Kherson", exact=False).wait_for(timeout=STEP_MS)
        assert panel.locator("mark", has_text="Kherson").count() >= 2
    finally:
        page.close()
    remote = [u for u in requests if not u.startswith(("file:", "data:"))]
    assert not remote, remote[:5]
