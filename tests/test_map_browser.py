"""The map in Chromium: markers and clusters show, popups speak the visitor's language,
content stays text, and the page loads nothing from any host but the portal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from portal_server import Portal, browser, portal_server, wait_for_app  # noqa: F401  (fixtures)
from test_map import HOSTILE, map_content

from lotse.i18n import translator

pytestmark = pytest.mark.browser

MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
# Leaflet drops clicks while it zooms: wait until fitting the view and clustering are done.
SETTLED = ("() => window.map && !window.map._animatingZoom"
           " && !document.querySelector('.leaflet-zoom-anim, .leaflet-cluster-anim')")


@dataclass
class Visit:
    page: Any
    frame: Any
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def settle(self) -> None:
        self.page.locator(MAP_FRAME).element_handle().content_frame().wait_for_function(SETTLED)


@pytest.fixture(scope="module")
def portal(portal_server: Callable[[Path | None], Portal],  # noqa: F811
           tmp_path_factory: pytest.TempPathFactory) -> Portal:
    return portal_server(map_content(tmp_path_factory.mktemp("map-site")))


@pytest.fixture
def visit(browser: Any, portal: Portal) -> Iterator[Callable[[str], Visit]]:  # noqa: F811
    """Open the map page in a language, recording every request (all frames) and every dialog."""
    contexts = []

    def open_map(lang: str) -> Visit:
        context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale=lang)
        contexts.append(context)
        page = context.new_page()
        seen = Visit(page, page.frame_locator(MAP_FRAME))
        context.on("request", lambda request: seen.requests.append(request.url))
        page.on("dialog", lambda dialog: (seen.dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(portal.page_url("map", lang=lang))
        wait_for_app(page)
        seen.frame.locator(".leaflet-marker-icon").first.wait_for(timeout=30_000)
        seen.settle()
        return seen

    yield open_map
    for context in contexts:
        context.close()


def test_map_shows_with_height_markers_and_clusters(visit: Callable[[str], Visit]) -> None:
    v = visit("de")
    box = v.page.locator(MAP_FRAME).bounding_box()
    assert box is not None and box["height"] >= 500 and box["width"] > 300
    map_box = v.frame.locator(".leaflet-container").bounding_box()
    assert map_box is not None and map_box["height"] >= 500
    pins = v.frame.locator(".leaflet-marker-icon.lotse-pin")
    clusters = v.frame.locator(".marker-cluster")
    # The two Rostock offices, 100 m apart, form a cluster; the others are single markers.
    assert sorted(pins.evaluate_all("els => els.map(e => e.dataset.office)")) == ["hostile", "jena", "template"]
    assert clusters.count() == 1 and clusters.first.inner_text().strip() == "2"
    assert v.frame.locator(".lotse-legend").inner_text().splitlines()[1:] == [
        "Anerkennung", "Angebote für Frauen", "Wohnen"]


@pytest.mark.parametrize(("lang", "name", "offer", "direction"), [
    ("de", "Büro für Migration Jena", "Anerkennungsberatung", "ltr"),
    # The German name follows the translated one, bidi-isolated on a right-to-left page.
    ("ar", "مكتب الهجرة في يينا (\u2068Büro für Migration Jena\u2069)", "استشارة الاعتراف", "rtl"),
])
def test_clicking_a_marker_opens_its_popup_in_the_chosen_language(
        visit: Callable[[str], Visit], lang: str, name: str, offer: str, direction: str) -> None:
    v = visit(lang)
    v.frame.locator("[data-office='jena']").click()
    popup = v.frame.locator(".leaflet-popup .lotse-popup")
    popup.wait_for()
    assert popup.locator(".lotse-popup-name").inner_text() == name
    assert popup.locator(".lotse-offers li").all_inner_texts() == [offer]
    assert popup.get_attribute("dir") == direction and popup.get_attribute("lang") == lang
    assert popup.locator(".lotse-state").inner_text()  # today's status, whatever the time


def test_hostile_name_is_shown_as_text_and_runs_nothing(visit: Callable[[str], Visit]) -> None:
    v = visit("de")
    marker = v.frame.locator("[data-office='hostile']")
    marker.hover()
    assert v.frame.locator(".leaflet-tooltip").inner_text() == HOSTILE
    marker.click()
    popup = v.frame.locator(".leaflet-popup .lotse-popup")
    popup.wait_for()
    assert popup.locator(".lotse-popup-name").inner_text() == HOSTILE
    assert "<script>alert(2)</script>" in popup.locator(".lotse-offers li").all_inner_texts()
    assert v.frame.locator(".leaflet-popup img, .leaflet-tooltip img").count() == 0
    v.frame.locator("[data-office='template']").click()
    assert v.frame.locator(".lotse-popup-name").last.inner_text() == "{{ 7*7 }} {% if true %}x{% endif %}"
    assert v.page.get_by_text(HOSTILE, exact=True).count() >= 1  # the list under the map, as text
    # No element was made from the text, so no handler can fire later: nothing to wait for.
    assert v.frame.locator("img[src='x'], [onerror]").count() == 0
    assert v.page.locator("img[src='x'], [onerror]").count() == 0
    assert v.dialogs == []


def test_no_request_goes_to_another_host(visit: Callable[[str], Visit], portal: Portal) -> None:
    v = visit("ar")
    v.frame.locator("[data-office='jena']").click()
    v.frame.locator(".leaflet-popup").wait_for()
    v.page.wait_for_load_state("networkidle")
    hosts = {urlsplit(url).netloc for url in v.requests if urlsplit(url).scheme in ("http", "https", "ws", "wss")}
    assert hosts == {f"127.0.0.1:{portal.port}"}
    paths = {urlsplit(url).path for url in v.requests}
    assert {"/app/static/vendor/leaflet/leaflet.js", "/app/static/vendor/markercluster/leaflet.markercluster.js",
            "/app/static/vendor/leaflet/leaflet.css"} <= paths
    assert not any(url.startswith(("data:text/html", "blob:")) for url in v.requests)


def test_popup_link_opens_the_office_page(visit: Callable[[str], Visit], portal: Portal) -> None:
    v = visit("en")
    v.frame.locator(".marker-cluster").click()  # the two Rostock offices: zooms in until they part
    v.frame.locator("[data-office='rostock-2']").wait_for()
    v.settle()
    v.frame.locator("[data-office='rostock-2']").click()
    v.frame.locator(".lotse-link").click()
    # The link opens the office's light page, which also works when shared.
    v.page.wait_for_url(lambda url: urlsplit(url).path.endswith("/info/en/office/rostock-2"), timeout=30_000)
    heading = v.page.locator("h1").first
    heading.wait_for()
    assert heading.inner_text() == "Women's café Rostock (Frauentreff Rostock)"


def test_panning_and_zooming_do_not_rerun_the_script(visit: Callable[[str], Visit]) -> None:
    v = visit("de")
    v.page.evaluate("""() => {
        window.lotseStates = [];
        window.lotseValues = [];
        const app = document.querySelector("[data-testid='stApp']");
        // Every state the app passed through: a quick run can go running → notRunning before the observer's
        // callback, which then sees only the last value; each record's old value keeps the one in between.
        new MutationObserver((records) => {
            for (const r of records) { window.lotseStates.push(r.oldValue); }
            window.lotseStates.push(app.getAttribute("data-test-script-state"));
        }).observe(app, {attributes: true, attributeOldValue: true, attributeFilter: ["data-test-script-state"]});
        window.addEventListener("message", (e) => {
            if (e.data && e.data.type === "streamlit:setComponentValue") { window.lotseValues.push(e.data); }
        });
    }""")
    # streamlit-folium reports a move after a debounce, in updateComponentValue, which first reads
    # previous_data: count those reads to know when it has decided whether to send a value.
    frame = v.page.locator(MAP_FRAME).element_handle().content_frame()
    frame.evaluate("""() => {
        const data = window.__GLOBAL_DATA__;
        let previous = data.previous_data;
        window.lotseUpdates = 0;
        Object.defineProperty(data, "previous_data", {
            get() { window.lotseUpdates += 1; return previous; },
            set(value) { previous = value; },
        });
    }""")
    v.frame.locator(".leaflet-control-zoom-in").click()
    v.settle()
    frame.wait_for_function("window.lotseUpdates >= 1")  # the zoom was reported on
    frame.evaluate("() => { window.lotseUpdates = 0; }")
    box = v.page.locator(MAP_FRAME).bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.8
    v.page.mouse.move(x, y)
    v.page.mouse.down()
    v.page.mouse.move(x + 120, y - 60, steps=8)
    v.page.mouse.up()
    frame.wait_for_function("window.lotseUpdates >= 1")  # the pan was reported on
    v.settle()
    assert v.page.evaluate("window.lotseValues") == []  # nothing was sent to the script
    assert v.page.evaluate("window.lotseStates") == []
    v.page.get_by_text(translator("de")("Open now"), exact=True).click()  # a filter does rerun: the observer sees it
    v.page.wait_for_function("window.lotseStates.includes('running')")
