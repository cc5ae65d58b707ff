"""Light pages: what a phone without JavaScript, a search engine or a link preview gets.

Rendered from the shipped content and from small hostile content, and served through the
web layer's routes and middleware (Starlette's test client), without Streamlit.
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
from pathlib import Path
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest
from conftest import ROOT, SERVICES, msgstr, write_content
from starlette.applications import Starlette
from starlette.testclient import TestClient

import web
from lotse import content, light, search, store, views
from lotse.model import Directory

BERLIN = ZoneInfo("Europe/Berlin")
TUESDAY_10 = dt.datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN)   # Jena's appointment hours: Tue 09–12
MONDAY_10 = dt.datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN)


@pytest.fixture(scope="module")
def shipped() -> light.Renderer:
    directory = content.load_or_raise(ROOT)
    return light.Renderer(directory, search.build(directory))


def h1(html: str) -> str:
    found = re.search(r"<h1>(.*?)</h1>", html, re.S)
    assert found, "no heading"
    return found.group(1)


def test_arabic_offer_page_runs_right_to_left_with_routes_as_links(shipped: light.Renderer) -> None:
    page = shipped.item("ar", "offer", "jena-beratung", TUESDAY_10)
    assert page.status == 200
    assert page.html.startswith('<!doctype html>\n<html lang="ar" dir="rtl">')
    assert h1(page.html) == shipped.directory.offer("jena-beratung").title["ar"]  # type: ignore[union-attr]
    assert 'href="tel:+49364149' in page.html   # the phone route is a tel: link
    assert light.styles()["rtl"] in page.html  # right-to-left typography only here
    assert 'src: url("/app/static/fonts/NotoSansArabic-Regular.ttf")' in page.html  # for a device without one
    assert "<script" not in page.html


def test_german_page_has_no_right_to_left_font(shipped: light.Renderer) -> None:
    page = shipped.item("de", "offer", "jena-beratung", TUESDAY_10)
    assert '<html lang="de" dir="ltr">' in page.html
    assert light.styles()["rtl"] not in page.html


def test_every_language_is_an_alternate_and_the_page_is_canonical(shipped: light.Renderer) -> None:
    html = shipped.item("uk", "office", "jena-migration-office", TUESDAY_10).html
    langs = re.findall(r'<link rel="alternate" hreflang="([a-z-]+)"', html)
    assert sorted(langs) == sorted([*shipped.languages(), "x-default"])
    assert f'<link rel="canonical" href="{shipped.public_url}/info/uk/office/jena-migration-office">' in html
    switcher = re.findall(r'<a href="(/info/[a-z]+/office/jena-migration-office)" hreflang', html)
    assert len(switcher) == len(shipped.languages())


def test_open_now_is_computed_when_the_page_is_asked_for(shipped: light.Renderer) -> None:
    tuesday = shipped.item("en", "office", "jena-migration-office", TUESDAY_10).html
    monday = shipped.item("en", "office", "jena-migration-office", MONDAY_10).html
    assert "Appointment hours now, until" in tuesday
    assert "Appointment hours now" not in monday and "next appointment hours" in monday


def test_office_page_shows_the_german_name_and_unconfirmed_facts(shipped: light.Renderer) -> None:
    html = shipped.item("tr", "office", "jena-migration-office", TUESDAY_10).html
    german = shipped.directory.office("jena-migration-office").name["de"]  # type: ignore[union-attr]
    assert german in html
    office = shipped.directory.office("jena-migration-office")
    assert office is not None and office.provenance.unverified
    assert 'class="unconfirmed"' in html


def test_search_is_a_plain_form_answered_on_the_server(shipped: light.Renderer) -> None:
    page = shipped.search("de", "Anerkennung", TUESDAY_10)
    assert '<form role="search" method="get" action="/info/de/search">' in page.html
    assert 'value="Anerkennung"' in page.html
    offers = re.findall(r'href="/info/de/offer/([a-z0-9-]+)"', page.html)
    expected = [h.item.id for h in shipped.index.search("Anerkennung", "de", limit=50).hits  # type: ignore[union-attr]
                if h.kind == search.Kind.offer]
    assert offers and offers == expected


def test_search_results_come_a_page_at_a_time_keeping_the_query(shipped: light.Renderer,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(light, "SEARCH_PAGE", 2)
    everything = re.findall(r'<h3><a href="(/info/de/[a-z]+/[a-z0-9-]+)"',
                            shipped.search("de", "Beratung", TUESDAY_10, page=1).html)
    assert len(everything) == 2
    total = int(re.search(r"<h2>(\d+) Ergebnisse</h2>", shipped.search("de", "Beratung", TUESDAY_10).html).group(1))  # type: ignore[union-attr]
    assert total > 4
    second = shipped.search("de", "Beratung", TUESDAY_10, page=2).html
    shown = re.findall(r'<h3><a href="(/info/de/[a-z]+/[a-z0-9-]+)"', second)
    assert len(shown) == 2 and not set(shown) & set(everything)  # the next two, none repeated
    assert '<a rel="next" href="/info/de/search?page=3&amp;q=Beratung">' in second
    assert '<a rel="prev" href="/info/de/search?q=Beratung">' in second   # page 1 has no page parameter
    pages = -(-total // 2)
    assert f"<span>2 / {pages}</span>" in second
    past = shipped.search("de", "Beratung", TUESDAY_10, page=999).html  # an old link past the end: the last page
    assert f"<span>{pages} / {pages}</span>" in past and 'rel="next"' not in past


def test_a_topic_comes_a_page_at_a_time(shipped: light.Renderer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "TOPIC_PAGE", 2)
    offers = [o.id for o in shipped.directory.offers_in("work")]
    assert len(offers) > 4
    first = shipped.item("de", "topic", "work", TUESDAY_10).html
    second = shipped.item("de", "topic", "work", TUESDAY_10, page=2).html
    shown = [re.findall(r'<h3><a href="/info/de/offer/([a-z0-9-]+)"', page) for page in (first, second)]
    assert shown == [offers[:2], offers[2:4]]   # by German title, two a page
    pages = -(-len(offers) // 2)
    assert f"<span>2 / {pages}</span>" in second
    assert '<a rel="next" href="/info/de/topic/work?page=3">' in second
    assert '<link rel="canonical" href="http://localhost:8501/info/de/topic/work?page=2">' in second
    last = shipped.item("de", "topic", "work", TUESDAY_10, page=999).html
    assert f"<span>{pages} / {pages}</span>" in last and 'rel="next"' not in last


def test_nothing_found_offers_german_words_and_where_to_ask_in_person(shipped: light.Renderer) -> None:
    page = shipped.search("ar", "zzzqqq", TUESDAY_10).html
    assert "Ergebnis" not in page and "نتيجة" not in page
    words = re.findall(r'<li><a href="/info/ar/search\?q=([^"]+)" lang="de">([^<]+)</a></li>', page)
    topics = {c.name["de"] for c in shipped.directory.categories}
    assert words and {shown for _, shown in words} == topics   # the topics as offices name them, in German
    apart = page[page.index('<section class="apart">'):]
    assert msgstr("ar", "Where to ask in person") in apart
    offers = re.findall(r'href="/info/ar/offer/([a-z0-9-]+)"', apart)
    assert offers
    for id in offers:   # only general first orientation and counselling, never a guess at the query
        assert shipped.directory.offer(id).category in ("first-orientation", "social-counselling")  # type: ignore[union-attr]


def test_search_text_is_text_and_capped(shipped: light.Renderer) -> None:
    page = shipped.search("en", "[Click](https://evil.example) ![x](https://evil.example/px.png)", TUESDAY_10)
    assert 'href="https://evil' not in page.html and "<img" not in page.html  # shown as text, never a link or image
    assert "[Click](https://evil.example)" in page.html
    long = shipped.search("en", "a" * 5000, TUESDAY_10)
    assert "a" * 201 not in long.html
    assert "Only the first 200 characters were searched." in long.html


def test_unknown_ids_and_languages_are_a_friendly_404(shipped: light.Renderer) -> None:
    page = shipped.item("fa", "offer", "no-such-offer", TUESDAY_10)
    assert page.status == 404 and '<html lang="fa" dir="rtl">' in page.html
    assert 'name="robots" content="noindex"' in page.html


def hostile_directory(tmp_path: Path) -> Directory:
    services = SERVICES.replace("summary: {de: Wir beraten., en: We advise.}", """summary: {de: "<script>alert(1)</script>", en: "<b>We</b> advise."}
    description:
      de: "Text ![pixel](https://tracker.example/p.png) und [böse](javascript:alert(1)) und <img src=x onerror=alert(2)>"
""")
    root = write_content(tmp_path / "site", services)
    return content.load_or_raise(root)


def test_hostile_content_stays_text_and_loads_nothing_remote(tmp_path: Path) -> None:
    renderer = light.Renderer(hostile_directory(tmp_path), None)
    html = renderer.item("de", "offer", "counselling", TUESDAY_10).html
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html and "tracker.example" not in html and "pixel" in html
    assert 'href="javascript:' not in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html


def test_sitemap_lists_every_page_in_every_language(shipped: light.Renderer) -> None:
    d = shipped.directory
    tree = ElementTree.fromstring(shipped.sitemap())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    locs = [u.findtext("s:loc", namespaces=ns) for u in tree.findall("s:url", ns)]
    pages = 1 + len(d.categories) + len(d.offers) + len(d.offices) + len(d.guides)
    assert len(locs) == len(set(locs)) == pages * len(d.site.languages) > 300
    assert f"{shipped.public_url}/info/fa/guide/{d.guides[0].id}" in locs
    first = tree.find("s:url", ns)
    assert first is not None and len(first.findall("x:link", ns)) == len(d.site.languages) + 1


# -- served through the web layer


@pytest.fixture(scope="module")
def client() -> TestClient:
    store.shared(ROOT)  # the shipped content
    return TestClient(Starlette(routes=web.routes(), middleware=web.middleware()))


def test_light_page_is_compressed_and_carries_the_security_headers(client: TestClient) -> None:
    response = client.get("/info/ar/offer/jena-beratung", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["content-encoding"] == "gzip"
    assert len(gzip.compress(response.content)) < 30_000
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp and "frame-ancestors 'none'" in csp
    assert "font-src 'self';" in csp   # the portal's own Arabic-script font, for devices without one
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "camera=()" in response.headers["permissions-policy"]


def test_streamlit_stylesheet_is_served_without_the_text_fonts_the_theme_replaces(client: TestClient) -> None:
    shell = (web._streamlit_static() / "index.html").read_text(encoding="utf-8")
    css = re.search(r'href="\./(static/css/index\.[^"]+\.css)"', shell).group(1)  # type: ignore[union-attr]
    for encoding in ("gzip", "identity"):
        response = client.get(f"/{css}", headers={"Accept-Encoding": encoding})
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/css")
        assert response.headers.get("content-encoding") == ("gzip" if encoding == "gzip" else None)
        body = response.text
        assert "SourceSansVF" not in body and "SourceSerif" not in body
        assert "MaterialSymbols" in body and "SourceCodeVF" in body   # icons and the code font stay


def test_every_sitemap_url_is_reachable_and_small(client: TestClient, shipped: light.Renderer) -> None:
    urls = [u for u, _ in shipped.urls()]
    assert len(urls) > 300
    sizes = {}
    for url in urls:
        path = url.removeprefix(shipped.public_url)
        response = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200, path
        assert response.headers["content-encoding"] == "gzip", path
        sizes[path] = int(response.headers["content-length"])   # bytes on the wire
    largest = max(sizes, key=sizes.__getitem__)
    assert sizes[largest] <= 30_000, f"{largest}: {sizes[largest]} bytes compressed"


def test_app_pages_may_load_images_only_from_the_portal_and_the_tile_server(client: TestClient,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    csp = client.get("/frontdesk").headers["content-security-policy"]
    assert "img-src 'self' data: blob: https://tile.openstreetmap.org;" in csp   # the shipped map's tiles

    class Starting:  # a replica whose content is not read yet: its pages still allow the map's tiles
        def peek(self) -> None:
            return None

    monkeypatch.setattr(web.store, "shared", lambda *args, **kwargs: Starting())
    assert "img-src 'self' data: blob: https://tile.openstreetmap.org;" in web.app_csp(web._tile_origin())


def test_health_says_what_is_served(client: TestClient) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["last_reload"]["ok"] is True
    assert body["version"] == content.content_version(ROOT)
    assert isinstance(body["pid"], int) and body["replica"]


def test_metrics_are_not_public(client: TestClient) -> None:
    assert client.get("/_stcore/metrics").status_code == 404


def test_info_redirects_to_the_browsers_language(client: TestClient) -> None:
    response = client.get("/info", headers={"Accept-Language": "fa-IR,fa;q=0.9"}, follow_redirects=False)
    assert response.status_code == 302 and response.headers["location"] == "/info/fa/"


# -- one source of truth: the Streamlit page and the light page say the same


def test_streamlit_and_light_offer_pages_say_the_same(tmp_path: Path) -> None:
    from apptest import run, texts

    head, _, tail = SERVICES.rpartition("provenance: {source: test, last_verified: 2026-11-01}")  # the offer's
    services = head + "provenance: {source: test, last_verified: 2026-11-01, unverified: [phone]}" + tail
    services = services.replace("title: {de: Beratung, en: Counselling}", "title: {de: Beratung}")
    root = write_content(tmp_path / "site", services)
    at = run(root, lang="en", offer="counselling")
    assert not at.exception
    shown = texts(at)
    page = light.Renderer(content.load_or_raise(root), None).item("en", "offer", "counselling", TUESDAY_10).html
    fallback = "Not available in English, shown in German."
    unconfirmed = "Not yet confirmed by the office: phone number. Please check before you go."
    for sentence in (fallback, unconfirmed, "Free of charge", "Call for an appointment"):
        assert sentence in shown, f"Streamlit page lacks {sentence!r}"
        assert sentence in page, f"light page lacks {sentence!r}"


def test_a_large_directory_gets_a_sitemap_index_of_files_search_engines_accept(
        shipped: light.Renderer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Search engines read at most 50,000 addresses a file: a country's pages are split, none lost."""
    monkeypatch.setattr(light, "SITEMAP_PAGES", 10)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ElementTree.fromstring(shipped.sitemap() or "")
    files = [loc.text or "" for loc in index.findall("s:sitemap/s:loc", ns)]
    assert files and files[0] == f"{shipped.public_url}/sitemap-1.xml"
    locs = []
    for n in range(1, len(files) + 1):
        part = ElementTree.fromstring(shipped.sitemap(n) or "")
        locs += [u.findtext("s:loc", namespaces=ns) for u in part.findall("s:url", ns)]
    assert sorted(locs) == sorted(url for url, _ in shipped.urls())
    assert shipped.sitemap(len(files) + 1) is None


def test_sitemap_is_served_compressed_and_a_missing_part_is_not_found(client: TestClient) -> None:
    response = client.get("/sitemap.xml", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["content-encoding"] == "gzip"
    assert b"<urlset" in response.content and b"/info/ar/" in response.content
    assert client.get("/sitemap-99.xml").status_code == 404
