"""What only a browser shows: text direction, localised hours, accessibility, the front-desk flow."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import zxingcpp
from axe_playwright_python.sync_playwright import Axe
from conftest import msgstr
from PIL import Image
from portal_server import (  # noqa: F401  (fixtures)
    Portal,
    browser,
    portal_server,
    screenshot_on_failure,
    wait_for_app,
)

pytestmark = pytest.mark.browser
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"


@pytest.fixture(scope="module")
def shipped(portal_server: Any) -> Portal:  # noqa: F811
    portal: Portal = portal_server(None)
    return portal


@pytest.fixture
def page(browser: Any, shipped: Portal, request: pytest.FixtureRequest) -> Iterator[Any]:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.requests = []
    pg.on("request", lambda r: pg.requests.append(r.url))
    yield pg
    screenshot_on_failure(request, pg)
    context.close()


def open_page(page: Any, portal: Portal, path: str = "", **query: str) -> None:
    """Open a page and wait for the app, not the clock: connected, script done, its title and language shown."""
    page.goto(portal.page_url(path, **query))
    wait_for_app(page)
    page.locator("[data-testid='stMain'] h1").first.wait_for()
    if "lang" in query:  # set by the page's script once it has run
        page.wait_for_function(f"document.documentElement.lang === {json.dumps(query['lang'])}")


def sidebar_side(page: Any) -> str:
    """Which side of the window the sidebar is on, read from the pixels of a screenshot."""
    png = page.screenshot()
    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    colour = page.locator("[data-testid='stSidebar']").evaluate("e => getComputedStyle(e).backgroundColor")
    sidebar = tuple(int(x) for x in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3])
    left, right = image.getpixel((5, height // 2)), image.getpixel((width - 5, height // 2))
    assert (left == sidebar) != (right == sidebar), (colour, left, right)
    return "left" if left == sidebar else "right"


def other_hosts(page: Any, portal: Portal) -> set[str]:
    own = urlsplit(portal.url).netloc
    return {urlsplit(u).netloc for u in page.requests if urlsplit(u).scheme in ("http", "https")} - {own}


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_right_to_left_languages_run_right_to_left(page: Any, shipped: Portal, lang: str) -> None:
    open_page(page, shipped, lang=lang)
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == lang
    paragraph = page.locator("[data-testid='stMain'] [data-testid='stMarkdownContainer'] p").first
    style = paragraph.evaluate("p => { const s = getComputedStyle(p); return [s.direction, s.textAlign]; }")
    assert style[0] == "rtl" and style[1] in ("right", "start")
    sidebar = page.locator("[data-testid='stSidebar']").bounding_box()
    main = page.locator("[data-testid='stMain']").bounding_box()
    assert sidebar["x"] > main["x"]  # the sidebar moves to the right-hand side
    assert sidebar_side(page) == "right"  # and is drawn there
    assert other_hosts(page, shipped) == set()


def test_switching_to_german_flips_back(page: Any, shipped: Portal) -> None:
    open_page(page, shipped, lang="ar")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").click()
    page.get_by_role("option", name="Deutsch").click()
    page.wait_for_function("document.documentElement.lang === 'de'")
    wait_for_app(page)
    assert page.evaluate("document.documentElement.dir") == "ltr"
    assert "lang=de" in page.url
    assert sidebar_side(page) == "left"


def test_ukrainian_office_hours_use_ukrainian_weekdays(page: Any, shipped: Portal) -> None:
    open_page(page, shipped, lang="uk", office="jena-migration-office")
    page.locator("[data-testid='stMain'] [data-testid='stTable']").first.wait_for()
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "вівторок" in text and "четвер" in text
    assert "Tuesday" not in text and "Dienstag" not in text


def test_arabic_font_is_served_by_the_portal(page: Any, shipped: Portal) -> None:
    open_page(page, shipped, lang="ar")
    page.wait_for_function("document.fonts.check('16px \"Noto Sans Arabic\"', 'عربي')")
    fonts = [u for u in page.requests if u.endswith(".ttf")]
    assert fonts and all(u.startswith(shipped.url + "/app/static/fonts/") for u in fonts)


def test_german_first_visit_downloads_no_text_font(page: Any, shipped: Portal) -> None:
    """The theme uses the phone's fonts: a first visit fetches the icon font only, not Streamlit's 171 kB text
    font (which its default theme asked for before the portal's theme arrived)."""
    open_page(page, shipped, lang="de")
    page.wait_for_load_state("networkidle")
    fonts = [u.rsplit("/", 1)[-1] for u in page.requests if u.endswith((".woff2", ".woff", ".ttf"))]
    assert fonts and all(name.startswith("MaterialSymbols") for name in fonts), fonts


@pytest.mark.parametrize("lang", ["de", "ar"])
@pytest.mark.parametrize(("path", "query"), [("", {}), ("", {"offer": "jena-beratung"}), ("map", {})])
def test_no_serious_accessibility_violations(page: Any, shipped: Portal, lang: str, path: str,
                                             query: dict[str, str]) -> None:
    open_page(page, shipped, path, lang=lang, **query)
    # The page's content is there before the scan: the search box, the offer's routes, the map's markers.
    if path == "map":
        page.frame_locator(MAP_FRAME).locator(".leaflet-marker-icon").first.wait_for()
    elif "offer" in query:
        page.locator("[data-testid='stMain'] h2").first.wait_for()
    else:
        page.locator("[data-testid='stMain'] [data-testid='stTextInput'] input").first.wait_for()
    page.wait_for_load_state("networkidle")
    results = Axe().run(page)
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []


def test_front_desk_from_german_word_to_arabic_handout_with_qr(page: Any, shipped: Portal) -> None:
    open_page(page, shipped, "frontdesk", lang="de")
    search = page.get_by_label("Suche")
    search.fill("Anerkennung")
    search.press("Enter")
    hand_over = page.locator("[data-testid='stMain'] button").filter(has_text="Mitgeben")
    hand_over.first.wait_for()  # the results are there
    # click 1 and 2: choose the visitor's language
    page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").filter(has_text="Sprache des Gastes").click()
    page.get_by_role("option", name="العربية").click()
    page.locator(".lotse-visitor[lang='ar'][dir='rtl']").first.wait_for()
    wait_for_app(page)
    # click 3: hand over the first result
    hand_over.first.click()
    page.get_by_text(msgstr("de", "Handout for the visitor")).wait_for()
    wait_for_app(page)
    frame_element = page.locator("iframe").first
    frame_element.wait_for()
    frame = frame_element.content_frame
    frame.locator("svg").first.wait_for()
    assert frame.locator("html").get_attribute("dir") == "rtl"
    assert frame.locator("html").get_attribute("lang") == "ar"
    frame_element.scroll_into_view_if_needed()
    png = frame_element.screenshot()  # the QR code as printed: read back from pixels
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(decoded) == 1
    link = decoded[0].text
    assert link.startswith("http://localhost:8501/info/ar/offer/")
    assert "anerkennung" in link
    assert other_hosts(page, shipped) == set()


def test_first_request_after_start_goes_through_the_router(browser: Any, portal_server: Any) -> None:  # noqa: F811
    fresh = portal_server(None)  # a new server: no request has run app.py yet
    context = browser.new_context()
    pg = context.new_page()
    open_page(pg, fresh, "map", lang="ar")
    assert pg.evaluate("document.documentElement.dir") == "rtl"
    selector = pg.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']")
    selector.first.wait_for(timeout=30_000)  # the router's rerun renders it; wait for the element, not the clock
    assert selector.count() == 1
    nav = pg.locator("[data-testid='stSidebarNav']").inner_text()
    assert "frontdesk" not in nav  # the router's translated titles, not file names
    context.close()


def test_browser_language_is_used_when_the_link_has_none(browser: Any, shipped: Portal) -> None:  # noqa: F811
    context = browser.new_context(locale="uk-UA")  # Chromium sends Accept-Language: uk-UA,uk
    pg = context.new_page()
    pg.goto(shipped.page_url())
    wait_for_app(pg)
    pg.wait_for_function("document.documentElement.lang === 'uk'")
    assert "lang=uk" in pg.url
    context.close()


def test_phone_gets_a_language_selector_and_a_hidden_sidebar(browser: Any, shipped: Portal) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844})
    pg = context.new_page()
    open_page(pg, shipped, lang="ar")
    top = pg.locator(".st-key-language_top [data-testid='stSelectbox']")
    top.wait_for(state="visible", timeout=15_000)  # drawn by the script run after the heading; a phone must see it
    assert top.is_visible()
    # folded away to the right, not over the text (waits for the fold's transition, not the clock)
    pg.wait_for_function("(document.querySelector(\"[data-testid='stSidebarContent']\")"
                         "?.getBoundingClientRect().x ?? 0) >= 389", timeout=15_000)
    sidebar = pg.locator("[data-testid='stSidebarContent']").bounding_box()
    assert sidebar is not None and sidebar["x"] >= 389
    top.click()
    pg.get_by_role("option", name="Deutsch").click()
    pg.wait_for_function("document.documentElement.lang === 'de'")
    assert pg.evaluate("document.documentElement.dir") == "ltr"
    context.close()
