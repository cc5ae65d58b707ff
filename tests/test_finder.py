"""The start page's search controls as a visitor uses them (`portal.finder`), in AppTest runs at a fixed clock.

Written against the survivors of a mutation run: the words the filter line uses, the
controls inside "Filters" and what each puts into the URL, "Show more results", and the
map link that keeps the filters.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from apptest import content_root, run, stop_clock
from conftest import write_content
from test_cards import CARDS, GUIDE, TUESDAY_10, outline

ALL_FILTERS = {"category": "recognition", "group": "women", "state": "TH", "spoken": "ar", "free": "1",
               "wheelchair": "1", "open": "1", "on": "2026-11-26"}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_content(tmp_path / "site", CARDS, **{"content/guides/first-steps.yaml": GUIDE})


@pytest.fixture(autouse=True)
def tuesday_ten(monkeypatch: pytest.MonkeyPatch) -> None:
    stop_clock(monkeypatch, TUESDAY_10)


def open_filters(at: Any, root: Path) -> Any:
    at.session_state["search_filters"] = True  # the visitor opens "Filters"
    with content_root(root):
        at.run()
    return at


def test_filter_line_names_every_filter_that_is_on(site: Path) -> None:
    at = run(site, lang="en", **ALL_FILTERS)
    assert [c.value for c in at.caption] == [
        "Filters on: Recognition · Women · Thüringen · العربية · Free of charge · Wheelchair accessible · Open now"
        " · Open on Nov 26, 2026"]
    assert [(i.value, i.icon) for i in at.info] == [("Nothing matches all these filters.", ":material/search_off:")]
    assert [(b.key, b.label) for b in at.button] == [("clear_filters_empty", "Clear filters")]


def test_filter_controls_show_the_filters_of_the_url_in_words(site: Path) -> None:
    at = open_filters(run(site, lang="en", **ALL_FILTERS), site)
    boxes = {box.key: (box.label, box.value, box.options) for box in at.selectbox if box.key.startswith("search_")}
    assert boxes == {
        "search_category": ("Category", "recognition", ["All categories", "Recognition", "Learning German", "Housing"]),
        "search_group": ("Target group", "women", ["Everyone", "Women"]),
        "search_place": ("City or federal state", "state:TH", ["Anywhere", "Jena", "Thüringen (federal state)"]),
    }
    spoken = at.multiselect(key="search_spoken")
    assert (spoken.label, spoken.value, spoken.options) == ("Languages spoken", ["ar"],
                                                            ["العربية (Arabic)", "Deutsch (German)"])
    assert spoken.placeholder == "Any language"
    assert [(c.key, c.label, c.value) for c in at.checkbox] == [
        ("search_free", "Free of charge", True), ("search_wheelchair", "Wheelchair accessible", True),
        ("search_open", "Open now", True)]
    day = at.date_input(key="search_on")
    assert (day.label, day.value, day.proto.format) == ("Open on", dt.date(2026, 11, 26), "DD.MM.YYYY")


def test_without_filters_the_controls_say_any(site: Path) -> None:
    at = open_filters(run(site, lang="en", q="Beratung"), site)
    assert [box.value for box in at.selectbox if box.key.startswith("search_")] == [None, None, None]
    assert at.multiselect(key="search_spoken").value == []
    assert [c.value for c in at.checkbox] == [False, False, False]
    assert at.date_input(key="search_on").value is None
    assert not at.caption  # no filter line


def test_each_control_puts_its_filter_into_the_url(site: Path) -> None:
    at = open_filters(run(site, lang="en", q="Beratung"), site)
    with content_root(site):
        at.selectbox(key="search_category").select("recognition").run()
        at.selectbox(key="search_group").select("women").run()
        at.selectbox(key="search_place").select("state:TH").run()
        at.multiselect(key="search_spoken").select("de").select("ar").run()
        at.checkbox(key="search_free").check().run()
        at.checkbox(key="search_open").check().run()
        at.date_input(key="search_on").set_value(dt.date(2026, 11, 26)).run()
        assert dict(at.query_params) == {"lang": "en", "q": "Beratung", "category": "recognition",
                                             "group": "women", "state": "TH", "spoken": "de,ar", "free": "1",
                                             "open": "1", "on": "2026-11-26"}
        at.selectbox(key="search_place").select("city:Jena").run()
        assert at.query_params["city"] == "Jena" and "state" not in at.query_params
        for key in ("search_category", "search_group", "search_place"):
            at.selectbox(key=key).select(None).run()
        at.multiselect(key="search_spoken").set_value([]).run()
        at.checkbox(key="search_free").uncheck().run()
        at.checkbox(key="search_open").uncheck().run()
        at.date_input(key="search_on").set_value(None).run()
    assert dict(at.query_params) == {"lang": "en", "q": "Beratung"}


def test_topic_tile_and_search_box_change_the_url(site: Path) -> None:
    at = run(site, lang="en", offer="no-such-offer")
    with content_root(site):
        at.get("button_group")[0].set_value("housing").run()
        assert at.query_params["category"] == "housing"
        at.text_input(key="search_q").input("  Wohnung  ").run()
        assert dict(at.query_params) == {"lang": "en", "category": "housing", "q": "Wohnung"}
        at.text_input(key="search_q").input("   ").run()
    assert "q" not in at.query_params and at.query_params["category"] == "housing"


def test_tiles_show_each_topic_with_its_icon(site: Path) -> None:
    at = run(site, lang="en")
    tiles = at.get("button_group")[0]
    assert tiles.proto.label == "Topics"
    assert [(o.content_icon, o.content) for o in tiles.proto.options] == [
        (":material/school:", "Recognition"), (":material/translate:", "Learning German"),
        (":material/info:", "Housing")]  # a topic without an icon gets the default one


def test_clear_filters_above_the_results(site: Path) -> None:
    at = run(site, lang="en", q="Beratung", city="Jena")
    assert at.caption[0].value == "Filters on: Jena"
    with content_root(site):
        at.button(key="clear_filters").click().run()
    assert dict(at.query_params) == {"lang": "en", "q": "Beratung"}
    assert not at.caption


def test_results_with_filters_link_to_the_same_offices_on_the_map(site: Path) -> None:
    at = run(site, lang="en", category="recognition", group="women", city="Jena", open="1", free="1")
    [link] = [(p.proto.label, p.proto.icon, p.proto.page, parse_qs(p.proto.query_string))
              for p in at.get("page_link") if p.proto.page == "map"]
    assert link == ("Show on the map", ":material/map:", "map",
                    {"lang": ["en"], "category": ["recognition"], "group": ["women"], "city": ["Jena"],
                     "open": ["1"]})


def test_results_without_filters_have_no_map_link(site: Path) -> None:
    at = run(site, lang="en", q="Beratung")
    assert not [link for link in at.get("page_link") if link.proto.page == "map"]


def test_show_more_adds_ten_results_at_a_time(tmp_path: Path) -> None:
    offers = "".join(f"""\
  - id: course-{i}
    offices: [office]
    category: language
    title: {{de: Deutschkurs {i}, en: German course {i}}}
    summary: {{de: Ein Kurs., en: A course.}}
    provenance: {{source: test, last_verified: 2026-11-01}}
""" for i in range(23))
    root = write_content(tmp_path, CARDS + offers)
    at = run(root, lang="en", q="Deutschkurs")
    def shown() -> int:
        return len([link for link in at.get("page_link") if "offer=" in link.proto.query_string])
    assert at.subheader[0].value == "24 results" and shown() == 10  # 23 courses and the one of CARDS
    with content_root(root):
        at.button[0].click().run()
        assert at.button[0].label == "Show more results" and shown() == 20
        at.button[0].click().run()
        assert shown() == 24 and not at.button
        at.get("button_group")[0].set_value("language").run()  # a new search starts at ten again
    assert at.subheader[0].value == "24 results" and shown() == 10


def test_start_page_shows_the_welcome_text_only_without_a_search(tmp_path: Path) -> None:
    root = write_content(tmp_path, CARDS, **{"content/pages/welcome.de.md": "# Willkommen\n\nHier finden Sie Hilfe.\n"})
    page = outline(run(root, lang="de"))
    welcome = ("Markdown", "# Willkommen\n\nHier finden Sie Hilfe.")
    assert page[:3] == [("Title", "Testportal"), welcome, ("TextInput", "")]
    assert welcome not in outline(run(root, lang="de", q="Kurs"))
