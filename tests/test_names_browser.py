"""In Chromium, on the shipped content: wherever a translated office name is shown, the German
name for the door follows it, bidi-isolated on right-to-left pages (office pages, the map popup,
the handout)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from portal_server import Portal, browser, portal_server, wait_for_app  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

FSI, PDI = "\u2068", "\u2069"
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"


@pytest.fixture(scope="module")
def shipped(portal_server: Any) -> Portal:  # noqa: F811
    portal: Portal = portal_server(None)
    return portal


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(("lang", "office", "shown", "direction"), [
    ("ar", "dresden-jobcenter", f"الجوب سنتر في دريسدن ({FSI}Jobcenter Dresden{PDI})", "rtl"),
    ("tr", "dresden-agentur", "Dresden İş Ajansı (Agentur für Arbeit Dresden)", "ltr"),
    ("tr", "osnabrueck-migrationszentrum",
     "Osnabrück İlçesi Göç Merkezi (Migrationszentrum des Landkreises Osnabrück)", "ltr"),
])
def test_office_page_shows_the_german_name_next_to_the_translated_one(
        page: Any, shipped: Portal, lang: str, office: str, shown: str, direction: str) -> None:
    page.goto(shipped.page_url(office=office, lang=lang))
    wait_for_app(page)
    title = page.locator("[data-testid='stMain'] h1").filter(has_text=shown.split(" (")[0])
    title.wait_for()
    assert title.inner_text().strip() == shown
    page.wait_for_function("document.documentElement.dir !== ''")  # set by the page's script after rendering
    assert page.evaluate("document.documentElement.dir") == direction


@pytest.mark.parametrize(("lang", "shown"), [
    ("tr", "Jena Belediyesi Göç ve Uyum Bürosu (Büro für Migration und Integration der Stadt Jena)"),
    ("ar", f"مكتب الهجرة والاندماج في مدينة يينا ({FSI}Büro für Migration und Integration der Stadt Jena{PDI})"),
])
def test_map_popup_shows_the_german_name_next_to_the_translated_one(page: Any, shipped: Portal, lang: str,
                                                                     shown: str) -> None:
    page.goto(shipped.page_url("map", lang=lang, city="Jena"))
    wait_for_app(page)
    frame = page.frame_locator(MAP_FRAME)
    marker = frame.locator("[data-office='jena-migration-office']")
    marker.wait_for(timeout=30_000)
    page.locator(MAP_FRAME).element_handle().content_frame().wait_for_function(
        "() => window.map && !window.map._animatingZoom && !document.querySelector('.leaflet-zoom-anim')")
    marker.click()
    name = frame.locator(".leaflet-popup .lotse-popup-name")
    name.wait_for()
    assert name.inner_text() == shown


@pytest.mark.parametrize(("visitor", "query", "offer", "shown", "direction"), [
    ("ar", "Frauen", "dresden-frauen", f"الجوب سنتر في دريسدن ({FSI}Jobcenter Dresden{PDI})", "rtl"),
    ("tr", "Anerkennung", "osnabrueck-anerkennung", "Osnabrück İlçesi Göç Merkezi (Migrationszentrum des Landkreises Osnabrück)",
     "ltr"),
])
def test_handout_shows_the_german_name_next_to_the_translated_one(page: Any, shipped: Portal, visitor: str, query: str,
                                                                   offer: str, shown: str, direction: str) -> None:
    page.goto(shipped.page_url("frontdesk", lang="de", visitor=visitor, q=query, handout=offer))
    wait_for_app(page)
    frame = page.frame_locator("[data-testid='stMain'] iframe").first
    where = frame.locator("h2 + p strong").first
    where.wait_for()
    assert where.inner_text() == shown
    assert frame.locator("html").get_attribute("dir") == direction
    # the staff side of the front desk names the office in the staff's language: German, once
    german = shown.rsplit(" (", 1)[-1].strip(")" + FSI + PDI)
    assert page.get_by_text(german, exact=True).count() >= 1
