"""Light pages in a real browser: without JavaScript, by keyboard, on a narrow phone, with axe."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from portal_server import Portal, browser, portal_server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def shipped(portal_server: Any) -> Portal:  # noqa: F811
    portal: Portal = portal_server(None)
    return portal


@pytest.fixture
def no_js(browser: Any) -> Iterator[Any]:  # noqa: F811
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    yield page
    context.close()


@pytest.fixture
def with_js(browser: Any) -> Iterator[Any]:  # noqa: F811
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    yield context.new_page()
    context.close()


def test_arabic_offer_without_javascript_runs_right_to_left(no_js: Any, shipped: Portal) -> None:
    response = no_js.goto(f"{shipped.url}/info/ar/offer/jena-beratung")
    assert response.status == 200
    heading = no_js.locator("h1")
    assert heading.inner_text().strip() != "" and heading.is_visible()
    assert no_js.locator("html").get_attribute("dir") == "rtl"
    phone = no_js.locator("ol.routes a[href^='tel:']").first
    assert phone.is_visible()
    box, body = phone.bounding_box(), no_js.locator("main").bounding_box()
    assert box is not None and body is not None
    assert box["x"] + box["width"] > body["x"] + body["width"] * 0.6  # right-aligned: starts on the right
    no_js.goto(f"{shipped.url}/info/ar/office/jena-migration-office")
    assert no_js.locator("table.hours tr").count() == 7  # the week's hours, as text
    hosts = {r.split("/")[2] for r in no_js.requests}
    assert hosts == {shipped.url.split("/")[2]}  # nothing from other hosts


def test_a_device_without_an_arabic_font_gets_the_portals_own(with_js: Any, shipped: Portal) -> None:
    """The last family of the right-to-left pages is the portal's copy of Noto Sans Arabic, allowed by the page's
    policy and served by the portal: a device lacking every Arabic-script font before it still shows letters."""
    requests: list[str] = []
    with_js.on("request", lambda r: requests.append(r.url))
    with_js.goto(f"{shipped.url}/info/fa/office/jena-migration-office")
    faces = with_js.evaluate("""async () => (await document.fonts.load('16px "Lotse Arabic"', 'سلام'))
                                .map(f => f.family + ' ' + f.status)""")
    assert faces == ['"Lotse Arabic" loaded'] or faces == ["Lotse Arabic loaded"]
    fonts = [u for u in requests if u.endswith(".ttf")]
    assert fonts == [f"{shipped.url}/app/static/fonts/NotoSansArabic-Regular.ttf"]


def test_search_works_without_javascript(no_js: Any, shipped: Portal) -> None:
    no_js.goto(f"{shipped.url}/info/de/")
    no_js.fill("#q", "Anerkennung")
    no_js.press("#q", "Enter")
    no_js.wait_for_url("**/info/de/search?q=Anerkennung")
    results = no_js.locator("article.card h3 a")
    assert results.count() >= 1
    results.first.click()
    assert "/info/de/" in no_js.url and no_js.locator("h1").is_visible()


def test_keyboard_only_from_start_to_an_offers_phone_link(with_js: Any, shipped: Portal) -> None:
    page = with_js
    page.goto(f"{shipped.url}/info/de/")
    for _ in range(40):  # Tab to the search box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q":
            break
    page.keyboard.type("Beratung Jena")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=*")
    for _ in range(60):  # Tab to the first result
        page.keyboard.press("Tab")
        if "/offer/" in (page.evaluate("document.activeElement.getAttribute('href')") or ""):
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/info/de/offer/*")
    for _ in range(60):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.getAttribute('href')") or ""
        if href.startswith("tel:"):
            break
    assert href.startswith("tel:+49")


@pytest.mark.parametrize("width", [320, 160])  # 320 px, and 320 px at 200 % zoom
def test_no_page_scrolls_sideways_on_a_narrow_phone(browser: Any, shipped: Portal, width: int) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    try:
        for path in ("/info/ar/", "/info/de/offer/osnabrueck-anerkennung", "/info/fa/office/jena-migration-office",
                     "/info/uk/guide/first-steps", "/info/tr/search?q=dil", "/info/fa/search?q=zzzqqq"):
            page.goto(shipped.url + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow} px at {width} px"
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_light_pages_have_no_serious_accessibility_problems(with_js: Any, shipped: Portal, lang: str) -> None:
    axe = Axe()
    for path in ("", "search?q=Beratung", "search?q=zzzqqq", "offer/jena-beratung", "guide/first-steps"):
        with_js.goto(f"{shipped.url}/info/{lang}/{path}")
        with_js.wait_for_selector("main h1")
        result = axe.run(with_js)
        bad = [v for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
        assert not bad, f"/info/{lang}/{path}: " + "; ".join(f"{v['id']}: {v['help']}" for v in bad)


def test_headers_on_light_pages_and_the_app(with_js: Any, shipped: Portal) -> None:
    light = with_js.goto(f"{shipped.url}/info/de/offer/jena-beratung").headers
    assert "default-src 'none'" in light["content-security-policy"]
    assert light["x-content-type-options"] == "nosniff" and light["referrer-policy"] == "no-referrer"
    app = with_js.goto(f"{shipped.url}/?lang=de").headers
    assert "frame-ancestors 'self'" in app["content-security-policy"]
    assert "permissions-policy" in app


def test_the_handouts_qr_code_opens_the_light_page_in_the_visitors_language(no_js: Any, shipped: Portal) -> None:
    import datetime as dt
    import io
    from urllib.parse import urlsplit

    import zxingcpp
    from conftest import ROOT
    from PIL import Image

    from lotse import content, handout
    from lotse.i18n import translator

    directory = content.load_or_raise(ROOT)
    offer = directory.offer("jena-beratung")
    assert offer is not None
    sheet = handout.build(directory, offer, translator("ar"), dt.datetime.now(dt.UTC))
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(handout.qr_png(sheet.url))))
    assert [d.text for d in decoded] == [sheet.url]
    no_js.goto(shipped.url + urlsplit(decoded[0].text).path)  # the public address, served here
    assert no_js.locator("html").get_attribute("lang") == "ar"
    assert no_js.locator("h1").inner_text().strip() == offer.title["ar"]
