"""The map: offices in the visitor's language, safe with any content, nothing from other hosts."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apptest import content_root, run
from conftest import msgstr, write_content

from lotse import content, i18n, maps, vendor
from lotse.model import Directory, Office

HOSTILE = "<img src=x onerror=alert(1)>"
TEMPLATE = "{{ 7*7 }} {% if true %}x{% endif %}"
BERLIN = ZoneInfo("Europe/Berlin")
TUESDAY_10 = dt.datetime(2026, 11, 24, 10, 0, tzinfo=BERLIN)
MONDAY_10 = dt.datetime(2026, 11, 23, 10, 0, tzinfo=BERLIN)
SUNDAY_10 = dt.datetime(2026, 11, 22, 10, 0, tzinfo=BERLIN)

# German, English and Arabic; tiles `none` as on an offline kiosk; hostile names.
MAP_SERVICES = """\
site:
  name: {de: Testportal, en: Test portal, ar: بوابة الاختبار}
  default_language: de
  languages: [de, en, ar]
  region: {south: 47.2, west: 5.8, north: 55.1, east: 15.1}
  map:
    center: {lat: 51.2, lon: 10.4}
    zoom: 6
    tiles: {url: none}
categories:
  - id: recognition
    color: "#7b3f99"
    name: {de: Anerkennung, en: Recognition, ar: الاعتراف بالشهادات}
  - id: women
    color: "#b03a6f"
    name: {de: Angebote für Frauen, en: Offers for women, ar: عروض للنساء}
  - id: housing
    color: "#6d4c41"
    name: {de: Wohnen, en: Housing, ar: السكن}
target_groups:
  - id: women
    name: {de: Frauen, en: Women, ar: النساء}
organisations:
  - id: city
    name: {de: Stadt, en: City, ar: المدينة}
    provenance: {source: test, last_verified: 2026-11-01}
offices:
  - id: jena
    organisation: city
    name: {de: Büro für Migration Jena, en: Migration office Jena, ar: مكتب الهجرة في يينا}
    address: {street: Am Anger 15, postal_code: "07743", city: Jena, state: TH}
    location: {lat: 50.9277, lon: 11.5945}
    hours:
      weekly:
        tue: [{from: "09:00", to: "12:00", kind: appointment}]
        thu: [{from: "09:00", to: "12:00", kind: appointment}]
    provenance: {source: test, last_verified: 2026-11-01}
  - id: rostock
    organisation: city
    name: {de: Beratung Rostock, en: Advice centre Rostock, ar: مركز الاستشارة في روستوك}
    address: {street: Budapester Straße 16, postal_code: "18057", city: Rostock, state: MV}
    location: {lat: 54.0900, lon: 12.1170}
    hours:
      weekly:
        mon: [{from: "08:00", to: "18:00"}]
        tue: [{from: "08:00", to: "18:00"}]
        wed: [{from: "08:00", to: "18:00"}]
        thu: [{from: "08:00", to: "18:00"}]
        fri: [{from: "08:00", to: "18:00"}]
    provenance: {source: test, last_verified: 2026-11-01}
  - id: rostock-2
    organisation: city
    name: {de: Frauentreff Rostock, en: Women's café Rostock, ar: مقهى النساء في روستوك}
    address: {street: Budapester Straße 20, postal_code: "18057", city: Rostock, state: MV}
    location: {lat: 54.0905, lon: 12.1180}
    provenance: {source: test, last_verified: 2026-11-01}
  - id: hostile
    organisation: city
    name: {de: "<img src=x onerror=alert(1)>", en: "<img src=x onerror=alert(1)>", ar: "<img src=x onerror=alert(1)>"}
    address: {street: Markt 1, postal_code: "01067", city: Dresden, state: SN}
    location: {lat: 51.0504, lon: 13.7373}
    provenance: {source: test, last_verified: 2026-11-01}
  - id: template
    organisation: city
    name: {de: "{{ 7*7 }} {% if true %}x{% endif %}"}
    address: {street: Marktplatz 1, postal_code: "70173", city: Stuttgart, state: BW}
    location: {lat: 48.7758, lon: 9.1829}
    temporarily_closed: true
    provenance: {source: test, last_verified: 2026-11-01}
offers:
  - id: counselling
    offices: [jena]
    category: recognition
    title: {de: Anerkennungsberatung, en: Recognition counselling, ar: استشارة الاعتراف}
    summary: {de: Wir beraten., en: We advise., ar: نحن نقدم المشورة.}
    provenance: {source: test, last_verified: 2026-11-01}
  - id: women-meeting
    offices: [rostock, rostock-2, hostile]
    category: women
    target_groups: [women]
    title: {de: Frauentreff, en: Women's meeting, ar: لقاء النساء}
    summary: {de: Wir treffen uns., en: We meet., ar: نلتقي.}
    provenance: {source: test, last_verified: 2026-11-01}
  - id: hostile-offer
    offices: [hostile, template]
    category: housing
    title: {de: "<script>alert(2)</script>", en: "<script>alert(2)</script>", ar: "<script>alert(2)</script>"}
    summary: {de: x, en: x, ar: x}
    provenance: {source: test, last_verified: 2026-11-01}
"""

ALL = ["jena", "rostock", "rostock-2", "hostile", "template"]


def map_content(root: Path, tiles: str | None = None) -> Path:
    """The map tests' content folder; `tiles` replaces the `none` tile server."""
    services = MAP_SERVICES if tiles is None else MAP_SERVICES.replace("tiles: {url: none}", tiles)
    return write_content(root, services)


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory) -> Directory:
    return content.load_or_raise(map_content(tmp_path_factory.mktemp("map")))


def built(directory: Directory, lang: str = "de", now: dt.datetime = TUESDAY_10,
          filters: maps.Filters | None = None) -> str:
    pins = maps.select(directory, filters or maps.Filters(), now)
    return maps.render(maps.build(directory, pins, i18n.translator(lang), now))


def table(html: str) -> dict[str, object]:
    """The texts and settings the browser gets (the callback's argument), decoded."""
    found = re.search(r"\}\)\((\{\"strings\".*?\})\)\s*;?\s*var data", html, re.S)
    assert found, "no marker table in the map"
    return dict(json.loads(found.group(1)))


def rows(html: str) -> list[list[object]]:
    found = re.search(r"var data = (\[.*?\]\]);", html, re.S)
    assert found, "no marker data in the map"
    return list(json.loads(found.group(1)))


# -- what the browser may load


def test_no_http_url_at_all_when_tiles_are_none(directory: Directory) -> None:
    html = built(directory)
    assert re.findall(r"https?://", html) == []
    assert "cdn" not in html.lower() and "jquery" not in html.lower() and "bootstrap" not in html.lower()


def test_only_the_tile_server_of_services_yaml_with_tiles(tmp_path: Path) -> None:
    url = "https://tiles.example.org/{z}/{x}/{y}.png"
    tiles = f"tiles: {{url: '{url}', attribution: '&copy; <a href=\"https://example.org/copyright\">Example</a>'}}"
    html = built(content.load_or_raise(map_content(tmp_path, tiles)))
    urls = {u.rstrip("\\") for u in re.findall(r"https?://[^\s\"'<>]+", html)}
    assert urls == {url, "https://example.org/copyright"}  # the tile server and the link in its attribution


def test_leaflet_and_markercluster_come_from_the_portal(directory: Directory) -> None:
    html = built(directory)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert scripts == ["/app/static/vendor/leaflet/leaflet.js",
                       "/app/static/vendor/markercluster/leaflet.markercluster.js"]  # Leaflet first
    assert sorted(styles) == ["/app/static/vendor/leaflet/leaflet.css",
                              "/app/static/vendor/markercluster/MarkerCluster.Default.css",
                              "/app/static/vendor/markercluster/MarkerCluster.css"]
    for source in [*scripts, *styles]:  # every file is one that `python -m lotse vendor` copies from its package
        name, _, rest = source.removeprefix(vendor.URL_PREFIX + "/").partition("/")
        assert (Path(vendor.PACKAGES[name].BASE_DIR) / rest).is_file(), source


# -- every office, in the visitor's language


def test_every_office_is_on_the_map(directory: Directory) -> None:
    assert [row[-1] for row in rows(built(directory))] == ALL


@pytest.mark.parametrize(("lang", "name", "offers_label", "direction"), [
    ("de", "Büro für Migration Jena", "Offers here", "ltr"),
    ("en", "Migration office Jena (Büro für Migration Jena)", "Offers here", "ltr"),
    ("ar", "مكتب الهجرة في يينا (\u2068Büro für Migration Jena\u2069)", "Offers here", "rtl"),
])
def test_popup_texts_are_in_the_visitors_language(directory: Directory, lang: str, name: str, offers_label: str,
                                                  direction: str) -> None:
    html = built(directory, lang)
    texts = table(html)
    strings = texts["strings"]
    assert isinstance(strings, list)
    jena = rows(html)[0]
    assert strings[jena[2]] == name  # type: ignore[index]
    assert texts["lang"] == lang and texts["dir"] == direction
    assert texts["labels"] == {"offers": i18n.translator(lang)(offers_label),
                               "page": i18n.translator(lang)("Open office page")}


def test_popup_shows_offers_and_todays_hours(directory: Directory) -> None:
    html = built(directory, "en", TUESDAY_10)
    strings = table(html)["strings"]
    assert isinstance(strings, list)
    jena, rostock = rows(html)[0], rows(html)[1]
    assert [strings[i] for i in jena[8]] == ["Recognition counselling"]  # type: ignore[union-attr]
    assert strings[jena[5]] == "Appointment hours now, until 12:00\u202fPM"  # type: ignore[index]
    assert strings[jena[6]] == "Today: 9:00\u202fAM–12:00\u202fPM (by appointment)"  # type: ignore[index]
    assert strings[rostock[6]] == "Today: 8:00\u202fAM–6:00\u202fPM"  # type: ignore[index]
    assert maps.STATES[jena[4]] == "appointment"  # type: ignore[index]


def test_popup_link_carries_the_language(directory: Directory) -> None:
    assert maps.office_href("jena", "ar") == "/info/ar/office/jena"
    assert table(built(directory, "ar"))["href"] == "/info/ar/office/{id}"


# -- safe with any content


def test_hostile_name_never_reaches_the_page_as_html(directory: Directory) -> None:
    html = built(directory)
    assert "<img" not in html and "<script>alert" not in html
    strings = table(html)["strings"]
    assert isinstance(strings, list)
    # Kept as data: each is one JSON string, with "<" escaped so no HTML parser sees a tag in it.
    assert HOSTILE in strings and "<script>alert(2)</script>" in strings
    assert '"\\u003cimg src=x onerror=alert(1)\\u003e"' in html
    # How the popup shows these strings (as text, running nothing) only a browser can tell:
    # test_map_browser.py::test_hostile_name_is_shown_as_text_and_runs_nothing.


def test_template_syntax_in_content_is_not_run_by_folium(directory: Directory) -> None:
    html = built(directory)
    strings = table(html)["strings"]
    assert isinstance(strings, list)
    assert TEMPLATE in strings and "49 x" not in strings  # folium renders a script's output as a template again
    assert "{{" not in html.split("var data")[0]


@pytest.mark.parametrize(("given", "safe"), [
    ('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
     '© <a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener noreferrer">OpenStreetMap</a>'
     " contributors"),
    ('<img src=x onerror=alert(1)>Tiles', "Tiles"),
    ('<a href="javascript:alert(1)">x</a>', "x"),
    ('<a href="https://a.example" onclick="alert(1)">x', '<a href="https://a.example" target="_blank"'
     ' rel="noopener noreferrer">x</a>'),
    ("{{ 7*7 }}", "&#123;&#123; 7*7 &#125;&#125;"),
    ("", "tiles.example.org"),
    ("<a>no link</a> text", "no link text"),
    ('<a href="https://a.example"><a href="https://b.example">x',
     '<a href="https://a.example" target="_blank" rel="noopener noreferrer"><a href="https://b.example" target="_blank"'
     ' rel="noopener noreferrer">x</a></a>'),
    ('<a href="https://a.example">a</a></a> <a href="https://b.example">b</a>',
     '<a href="https://a.example" target="_blank" rel="noopener noreferrer">a</a> <a href="https://b.example"'
     ' target="_blank" rel="noopener noreferrer">b</a>'),
])
def test_tile_attribution_keeps_only_text_and_https_links(given: str, safe: str) -> None:
    assert maps.attribution(given, "https://tiles.example.org/{z}/{x}/{y}.png") == safe


def test_tile_url_keeps_leaflet_placeholders_only() -> None:
    assert maps.tile_url("https://t.example/{z}/{x}/{y}.png") == "https://t.example/{z}/{x}/{y}.png"
    assert maps.tile_url("https://t.example/{{7*7}}/{z}.png") == "https://t.example/%7B{7*7}}/{z}.png"


def test_tiles_of_the_portal_itself_are_attributed_to_tiles_when_nothing_is_said() -> None:
    assert maps.attribution("", "/tiles/{z}/{x}/{y}.png") == "tiles"


# -- filters, colours, bounds


@pytest.mark.parametrize(("filters", "now", "expected"), [
    (maps.Filters(), TUESDAY_10, ALL),
    (maps.Filters(category="women"), TUESDAY_10, ["rostock", "rostock-2", "hostile"]),
    (maps.Filters(target_group="women"), TUESDAY_10, ["rostock", "rostock-2", "hostile"]),
    (maps.Filters(category="recognition", target_group="women"), TUESDAY_10, []),
    (maps.Filters(city="Rostock"), TUESDAY_10, ["rostock", "rostock-2"]),
    (maps.Filters(open_now=True), TUESDAY_10, ["jena", "rostock"]),
    (maps.Filters(open_now=True), MONDAY_10, ["rostock"]),
    (maps.Filters(open_now=True), SUNDAY_10, []),
    (maps.Filters(category="no-such-category"), TUESDAY_10, []),
])
def test_select_filters_like_search(directory: Directory, filters: maps.Filters, now: dt.datetime,
                                    expected: list[str]) -> None:
    assert [p.office.id for p in maps.select(directory, filters, now)] == expected


def test_markers_take_the_colour_of_their_offers_category(directory: Directory) -> None:
    pins = {p.office.id: p for p in maps.select(directory, maps.Filters(), TUESDAY_10)}
    assert pins["jena"].category and pins["jena"].category.color == "#7b3f99"
    assert pins["rostock"].category and pins["rostock"].category.id == "women"
    filtered = {p.office.id: p for p in maps.select(directory, maps.Filters(category="housing"), TUESDAY_10)}
    assert filtered["hostile"].category and filtered["hostile"].category.id == "housing"  # the filtered one wins


def test_legend_lists_the_categories_shown(directory: Directory) -> None:
    pins = maps.select(directory, maps.Filters(city="Jena"), TUESDAY_10)
    assert maps.legend_items(directory, pins, "ar") == [("الاعتراف بالشهادات", "#7b3f99")]
    legend = re.search(r"\}\)\(\w+, (\{.*?\})\);", built(directory, "ar", filters=maps.Filters(city="Jena")))
    assert legend and json.loads(legend.group(1)) == {"title": msgstr("ar", "Categories"), "lang": "ar", "dir": "rtl",
                                                      "items": [["الاعتراف بالشهادات", "#7b3f99"]]}
    assert table(built(directory, "ar", filters=maps.Filters(city="Jena")))["colors"] == ["#7b3f99"]


def test_an_office_takes_the_colour_most_of_its_offers_have(directory: Directory) -> None:
    """One offer each in two categories: the one listed first; more offers in one: that one."""
    pins = {p.office.id: p for p in maps.select(directory, maps.Filters(), TUESDAY_10)}
    assert pins["hostile"].category and pins["hostile"].category.id == "women"  # women is listed before housing
    housing = directory.offer("hostile-offer")
    assert housing is not None
    more = directory.model_copy(update={"offers": (*directory.offers, housing.model_copy(update={"id": "more"}))})
    pins = {p.office.id: p for p in maps.select(more, maps.Filters(), TUESDAY_10)}
    assert pins["hostile"].category and pins["hostile"].category.id == "housing"
    by_group = {p.office.id: p for p in maps.select(more, maps.Filters(target_group="women"), TUESDAY_10)}
    assert by_group["hostile"].category and by_group["hostile"].category.id == "women"  # the matching offer's


def test_city_filter_lists_cities_alphabetically_whatever_their_case(directory: Directory) -> None:
    jena = directory.office("jena")
    assert jena is not None
    lower = jena.model_copy(update={"id": "aue", "address": jena.address.model_copy(update={"city": "aue"})})
    assert maps.cities(directory.model_copy(update={"offices": (*directory.offices, lower)})) == [
        "aue", "Dresden", "Jena", "Rostock", "Stuttgart"]


def test_data_for_the_browser_cannot_end_the_script_or_run_as_a_template() -> None:
    text = "</script><!-- & ' \u2028 \u2029 {{ x }} {% y %} {# z #} Straße"
    safe = maps._js({"name": text})
    assert json.loads(safe) == {"name": text}  # the same text for the browser
    for raw in ("<", ">", "&", "'", "\u2028", "\u2029", "{{", "{%", "{#"):
        assert raw not in safe
    assert "Straße" in safe  # letters stay letters: the data stays small


def test_view_fits_the_offices(directory: Directory) -> None:
    pins = maps.select(directory, maps.Filters(city="Rostock"), TUESDAY_10)
    assert maps.bounds(pins) == [[54.09, 12.117], [54.0905, 12.118]]
    html = built(directory, filters=maps.Filters(city="Rostock"))
    assert re.search(r"fitBounds\(\s*\[\[54\.09, 12\.117\], \[54\.0905, 12\.118\]\]", html)
    assert maps.bounds([]) is None


def test_two_thousand_offices_stay_under_500_kb(directory: Directory) -> None:
    """Size, not time: the marker data is sent once, with each text once."""
    base = directory.office("rostock")
    assert base is not None
    offices = tuple(
        Office.model_validate({**base.model_dump(by_alias=True), "id": f"office-{i}",
                               "name": {"de": f"Beratungsstelle Rostock Nummer {i}"},
                               "location": {"lat": 50 + i / 1000, "lon": 10 + i / 1000}})
        for i in range(2000)
    )
    big = directory.model_copy(update={"offices": offices})
    pins = maps.select(big, maps.Filters(), TUESDAY_10)
    assert len(pins) == 2000
    assert len(maps.render(maps.build(big, pins, i18n.translator("de"), TUESDAY_10)).encode()) <= 500_000


# -- the page


def component(at: object) -> dict[str, object]:
    [element] = at.get("component_instance")  # type: ignore[attr-defined]
    return dict(json.loads(element.proto.json_args))


def page_links(at: object) -> list[tuple[str, str]]:
    return [(link.proto.label, link.proto.page) for link in at.get("page_link")]  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return map_content(tmp_path_factory.mktemp("site"))


def test_map_page_in_german(site: Path) -> None:
    at = run(site, page="map", lang="de")
    assert not at.exception
    args = component(at)
    assert args["returned_objects"] == [] and args["height"] == 520
    assert args["js_links"] == ["/app/static/vendor/leaflet/leaflet.js",
                                "/app/static/vendor/markercluster/leaflet.markercluster.js"]
    assert all(str(link).startswith("/app/static/vendor/") for link in args["css_links"])  # type: ignore[attr-defined]
    assert not re.search(r"https?://", str(args["script"]) + str(args["header"]) + str(args["html"]))
    labels = [label for label, _ in page_links(at)]
    assert "Büro für Migration Jena" in labels and "Beratung Rostock" in labels
    assert r"\<img src=x onerror=alert\(1\)\>" in labels  # Markdown-escaped: shown as text


def test_map_page_in_arabic(site: Path) -> None:
    at = run(site, page="map", lang="ar")
    assert not at.exception
    assert '"lang":"ar","dir":"rtl"' in str(component(at)["script"])
    labels = [label for label, _ in page_links(at)]
    assert "مكتب الهجرة في يينا \\(\u2068Büro für Migration Jena\u2069\\)" in labels
    assert "مركز الاستشارة في روستوك \\(\u2068Beratung Rostock\u2069\\)" in labels


def test_map_page_filters_come_from_the_url(site: Path) -> None:
    at = run(site, page="map", lang="en", category="women", city="Rostock")
    assert not at.exception
    assert [label for label, _ in page_links(at)] == ["Advice centre Rostock \\(Beratung Rostock\\)",
                                                       "Women's café Rostock \\(Frauentreff Rostock\\)"]
    assert at.selectbox(key="map_category").value == "women"
    assert at.selectbox(key="map_city").value == "Rostock"


def test_map_page_filters_go_to_the_url(site: Path) -> None:
    with content_root(site):
        at = run(site, page="map", lang="en")
        at.selectbox(key="map_city").set_value("Jena").run()
        assert not at.exception
        assert at.query_params["city"] == "Jena"
        assert [label for label, _ in page_links(at)] == ["Migration office Jena \\(Büro für Migration Jena\\)"]
        at.toggle(key="map_open").set_value(True).run()
        assert at.query_params["open"] == "1"
        at.selectbox(key="map_city").set_value(None).run()
        assert "city" not in at.query_params


def test_map_page_says_when_nothing_matches(site: Path) -> None:
    at = run(site, page="map", lang="en", category="recognition", group="women")
    assert not at.exception
    assert "No office matches these filters" in at.info[0].value
    assert not at.get("component_instance")


def test_browser_tests_skip_without_chromium_but_fail_in_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import portal_server

    monkeypatch.setattr(portal_server, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("LOTSE_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        portal_server.require_chromium()
    monkeypatch.setenv("LOTSE_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="is a failure, not a skip"):
        portal_server.require_chromium()


def test_offices_with_the_same_hours_share_a_status_only_in_the_same_state(directory: Directory) -> None:
    jena = directory.office("jena")
    assert jena is not None
    address = {**jena.address.model_dump(), "city": "Stuttgart", "state": "BW"}
    twin = jena.model_copy(update={"id": "stuttgart", "address": type(jena.address).model_validate(address)})
    both = directory.model_copy(update={"offices": (jena, twin)})
    epiphany = dt.datetime(2026, 1, 6, 10, 0, tzinfo=BERLIN)  # a Tuesday; a holiday in BW, not in TH
    pins = {p.office.id: p.status.state.value for p in maps.select(both, maps.Filters(), epiphany)}
    assert pins == {"jena": "appointment", "stuttgart": "appointment_only"}


def test_a_country_is_not_drawn_on_one_map_until_narrowed_down(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past `MAP_LIMIT` offices a phone gets a sentence, not megabytes of markers; a city brings the map back."""
    monkeypatch.setattr(maps, "MAP_LIMIT", 1)
    at = run(site, page="map", lang="en")
    assert not at.exception
    assert not at.get("component_instance")
    assert [i.value for i in at.info] == ["Too many offices for one map. Choose a city or a category."]
    at = run(site, page="map", lang="en", city="Jena")
    assert not at.info and len(at.get("component_instance")) == 1


def test_marker_rows_point_at_each_text_once(directory: Directory) -> None:
    """Thousands of offices share their texts: each is sent once, and the rows say where it is."""
    data = maps.marker_data(directory, maps.select(directory, maps.Filters(), TUESDAY_10), i18n.translator("de"),
                            TUESDAY_10)
    strings = data["strings"]
    assert len(set(strings)) == len(strings)
    rows = {row[-1]: row for row in data["rows"]}
    assert rows["rostock"][8] == rows["rostock-2"][8] and strings[rows["rostock"][8][0]] == "Frauentreff"
    assert [row[7] for row in rows.values()] == [-1] * len(rows)  # no office has more offers than a popup lists
    assert (rows["template"][6], rows["rostock-2"][6]) == (-1, -1)  # closed for now; no hours known
    assert strings[rows["jena"][6]].startswith(msgstr("de", "Today: {hours}").split("{")[0])


def test_todays_hours_follow_the_sites_clock_not_the_servers(directory: Directory) -> None:
    def jena_today(now: dt.datetime) -> str:
        data = maps.marker_data(directory, maps.select(directory, maps.Filters(), now), i18n.translator("de"), now)
        row = next(row for row in data["rows"] if row[-1] == "jena")
        return str(data["strings"][row[6]])

    assert jena_today(MONDAY_10) == msgstr("de", "Today: closed")
    # 23:30 on Monday in UTC is already Tuesday in Germany: Tuesday's hours.
    assert "09:00" in jena_today(dt.datetime(2026, 11, 23, 23, 30, tzinfo=dt.UTC))


def test_map_styles_and_cluster_settings_reach_the_page(directory: Directory) -> None:
    html = built(directory)
    assert ".lotse-pin" in html.split("</head>")[0]
    assert '"maxClusterRadius": 50' in html and '"chunkedLoading": true' in html


def test_the_map_opens_on_the_offices_within_the_zoom_the_tiles_have(tmp_path: Path) -> None:
    tiles = 'tiles: {url: "https://tiles.example.org/{z}/{x}/{y}.png", attribution: ""}'
    directory = content.load_or_raise(map_content(tmp_path, tiles))
    html = built(directory, filters=maps.Filters(city="Rostock"))
    assert "center: [54.09025, 12.1175]," in html  # midway between the two offices in Rostock
    view, tile_layer = html.split("L.map(")[1].split("L.tileLayer(")[:2]
    assert '"zoom": 6,' in view and f'"minZoom": {maps.MIN_ZOOM},' in view
    assert f'"maxZoom": {maps.MAX_TILE_ZOOM},' in view and f'"maxZoom": {maps.MAX_TILE_ZOOM},' in tile_layer
    assert '"attribution": "tiles.example.org",' in tile_layer  # nothing said: the tile server's name
    nowhere = built(directory, filters=maps.Filters(city="Nowhere"))
    assert "center: [51.2, 10.4]," in nowhere  # no office matches: the site's own centre
