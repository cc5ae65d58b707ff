"""What a visitor reads on the cards and detail pages (`portal.view`), checked in AppTest runs at a fixed time.

Written against the survivors of a mutation run (tests/mutation/equivalent.md): each card's
border, icon and link, its small-print facts and the first way to reach an office were not
looked at by any test before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

import pytest
from apptest import run, stop_clock
from conftest import msgstr, write_content
from test_pages import GUIDE  # the same guide: its steps lead to the counselling offer and the office

TUESDAY_10 = dt.datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))

# One office with hours, a phone and offers in three topics; one without hours or contact.
CARDS = """\
site:
  name: {de: Testportal, en: Test portal}
  default_language: de
  languages: [de, en, ar]
  region: {south: 47.2, west: 5.8, north: 55.1, east: 15.1}
  map:
    center: {lat: 51.2, lon: 10.4}
categories:
  - id: recognition
    icon: school
    name: {de: Anerkennung, en: Recognition}
  - id: language
    icon: translate
    name: {de: Deutsch lernen, en: Learning German}
  - id: housing
    name: {de: Wohnen, en: Housing}
target_groups:
  - id: women
    name: {de: Frauen, en: Women}
organisations:
  - id: city
    name: {de: Stadt Jena, en: City of Jena}
    provenance: {source: test, last_verified: 2026-11-01}
offices:
  - id: office
    organisation: city
    name: {de: Büro, en: Office}
    address: {street: Markt 1, postal_code: "07743", city: Jena, state: TH}
    location: {lat: 50.93, lon: 11.59}
    phone: 03641 49 1
    email: buero@jena.de
    languages: [de, ar]
    hours:
      weekly:
        tue: [{from: 09:00, to: "12:00", kind: appointment}]
        thu: [{from: 09:00, to: "12:00", kind: appointment}]
    provenance: {source: test, last_verified: 2026-11-01}
  - id: annex
    organisation: city
    name: {de: Außenstelle Büro, en: Annex office}
    address: {street: Löbdergraben 12, postal_code: "07743", city: Jena, state: TH}
    location: {lat: 50.92, lon: 11.58}
    provenance: {source: test, last_verified: 2026-11-01}
offers:
  - id: counselling
    offices: [office]
    category: recognition
    target_groups: [women]
    title: {de: Beratung, en: Counselling}
    summary: {de: Wir beraten., en: We advise.}
    routes:
      - type: phone
        target: 03641 49 0
    provenance: {source: test, last_verified: 2026-11-01}
  - id: course
    offices: [office, annex]
    category: language
    title: {de: Deutschkurs, en: German course}
    summary: {de: Ein Kurs., en: A course.}
    description: {de: Mit **Kinderbetreuung**., en: With **childcare**.}
    cost: {free: false, amount: 12.5, note: {de: pro Monat, en: per month}}
    eligibility: {de: Für Frauen., en: For women.}
    documents:
      - {de: Pass, en: Passport}
      - {de: Meldebescheinigung, en: Registration certificate}
    routes:
      - type: phone
        target: 03641 49 12
        languages: [de, ar]
        hours:
          weekly:
            tue: [{from: "09:00", to: "11:00"}]
        note: {de: Hotline, en: Hotline}
      - type: email
        target: kurs@jena.de
      - type: online
        target: https://www.jena.de/kurs
      - type: walk_in
    provenance: {source: test, last_verified: 2026-11-01, unverified: [cost]}
  - id: flat
    offices: [office]
    category: housing
    title: {de: Wohnungssuche, en: Finding a flat}
    summary: {de: Hilfe bei der Suche., en: Help with the search.}
    provenance: {source: test, last_verified: 2026-11-01}
"""

@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_content(tmp_path / "site", CARDS, **{"content/guides/first-steps.yaml": GUIDE})


@pytest.fixture(autouse=True)
def tuesday_ten(monkeypatch: pytest.MonkeyPatch) -> None:
    """The portal's clock stands at Tuesday, 24 November 2026, 10:00 in Berlin (appointment hours)."""
    stop_clock(monkeypatch, TUESDAY_10)


def blocks(node: Any) -> Iterator[Any]:
    for child in getattr(node, "children", {}).values():
        if type(child).__name__ == "Block":
            yield child
        yield from blocks(child)


def cards(at: Any) -> dict[str, dict[str, Any]]:
    """The cards of a page by their link's label: border, icon, link query and body text."""
    out = {}
    for block in blocks(at._tree[0]):
        children = list(block.children.values())
        links = [c for c in children if type(c).__name__ == "PageLink"]
        if not links or not block.proto.HasField("flex_container"):
            continue
        link = links[0].proto
        out[link.label] = {"border": block.proto.flex_container.border, "icon": link.icon,
                           "query": parse_qs(link.query_string),
                           "body": [str(c.value) for c in children if type(c).__name__ == "Markdown"]}
    return out


def outline(at: Any) -> list[tuple[Any, ...]]:
    """The main area of a page in order, as (kind, text[, icon][, link query]); containers in brackets."""
    out: list[tuple[Any, ...]] = []

    def walk(node: Any) -> None:
        for child in node.children.values():
            kind, proto = type(child).__name__, child.proto
            if kind in ("Block", "Column"):
                border = kind == "Block" and proto.HasField("flex_container") and proto.flex_container.border
                out.append(("[",) if border else ("(",))
                walk(child)
                out.append(("]",) if border else (")",))
            elif kind == "PageLink":
                out.append((kind, proto.label, proto.icon, proto.page, proto.query_string))
            elif kind == "Table":
                out.append((kind, [list(row) for row in child.value.itertuples(index=False)]))
            elif kind in ("Info", "Warning"):
                out.append((kind, child.value, proto.icon))
            elif kind == "LinkButton":
                out.append((kind, proto.label, proto.icon, proto.url))
            elif kind not in ("Html", "Selectbox"):
                out.append((kind, getattr(child, "value", None)))

    walk(at._tree[0])
    return [row for i, row in enumerate(out) if not (row in [("(",), ("[",)] and out[i + 1] in [(")",), ("]",)])
            and not (row in [(")",), ("]",)] and out[i - 1] in [("(",), ("[",)])]


def test_office_result_card_shows_two_topics_city_status_and_the_first_way_to_reach_it(site: Path) -> None:
    at = run(site, lang="en", q="Office")
    assert not at.exception
    card = cards(at)[r"Office \(Büro\)"]
    assert card["border"] and card["icon"] == ":material/apartment:"
    assert card["query"] == {"lang": ["en"], "office": ["office"]}
    # at most two of its three topics; the phone comes before the e-mail address
    assert card["body"] == [":small[Recognition · Learning German · Jena · Appointment hours now, until 12:00\u202fPM]"
                            "\n\n**Phone:** [03641 49 1](tel:+493641491)"]


def test_office_card_without_contact_shows_only_its_facts(site: Path) -> None:
    at = run(site, lang="en", q="Annex")
    card = cards(at)[r"Annex office \(Außenstelle Büro\)"]
    assert card["body"] == [":small[Learning German · Jena · No office hours known; please call or write first]"]


def test_guide_card_on_the_start_page(site: Path) -> None:
    at = run(site, lang="en")
    card = cards(at)["First steps"]
    assert card["border"] and card["icon"] == ":material/checklist:"
    assert card["query"] == {"lang": ["en"], "guide": ["first-steps"]}
    assert card["body"] == [r":small[Step\-by\-step guide · Recognition · 1 step]" "\n\n" r"How to start\."]


def test_offer_card_shows_topic_city_status_summary_and_first_route(site: Path) -> None:
    at = run(site, lang="en", q="Counselling")
    card = cards(at)["Counselling"]
    assert card["border"] and card["icon"] == ":material/arrow_forward:"
    assert card["query"] == {"lang": ["en"], "offer": ["counselling"]}
    assert card["body"] == [":small[Recognition · Jena · Appointment hours now, until 12:00\u202fPM]\n\n"
                            r"We advise\." "\n\n**Call for an appointment: 03641 49 0**"]


@pytest.mark.parametrize("lang", ["en", "de"])
def test_unknown_page_says_so_in_full(site: Path, lang: str) -> None:
    sentence = "Sorry, we could not find this page. It may have been removed. Try searching instead."
    at = run(site, lang=lang, office="no-such-office")
    assert [(w.value, w.icon) for w in at.warning] == [
        (sentence if lang == "en" else msgstr(lang, sentence), ":material/search_off:")]


WEEK_TUE_THU = [["Monday", "closed"], ["Tuesday", "9:00\u202fAM–12:00\u202fPM (by appointment)"],
                ["Wednesday", "closed"], ["Thursday", "9:00\u202fAM–12:00\u202fPM (by appointment)"],
                ["Friday", "closed"], ["Saturday", "closed"], ["Sunday", "closed"]]
NOW = "Appointment hours now, until 12:00\u202fPM"


def test_offer_page_shows_every_fact_and_every_way_to_an_appointment(site: Path) -> None:
    at = run(site, lang="en", offer="course")
    assert outline(at) == [
        ("Title", "German course"),
        ("Caption", "Learning German"),
        ("Markdown", r"A course\."),
        ("Markdown", "With **childcare**."),  # the editors' Markdown stays Markdown
        ("Header", "How to get an appointment"),
        ("[",),
        ("Markdown", "**Call for an appointment:** [03641 49 12](tel:+4936414912)"),
        ("Caption", "Languages: German and Arabic"),
        ("Caption", "Hotline"),
        ("Table", [["Monday", "closed"], ["Tuesday", "9:00\u202fAM–11:00\u202fAM (open)"], ["Wednesday", "closed"],
                   ["Thursday", "closed"], ["Friday", "closed"], ["Saturday", "closed"], ["Sunday", "closed"]]),
        ("]",),
        ("[",), ("Markdown", r"**Write an email:** [kurs@jena\.de](mailto:kurs@jena.de)"), ("]",),
        ("[",), ("LinkButton", "Book online", ":material/event:", "https://www.jena.de/kurs"), ("]",),
        ("[",),
        ("PageLink", "Come by without an appointment", ":material/apartment:", "", "lang=en&office=office"),
        ("Table", WEEK_TUE_THU),
        ("]",),
        ("(",),
        ("(",), ("Header", "Cost"), ("Markdown", r"€12\.50"), ("Caption", "per month"),
        ("Header", "Who can use it"), ("Markdown", r"For women\."), (")",),
        ("(",), ("Header", "Documents to bring"), ("Markdown", "- Passport\n- Registration certificate"), (")",),
        (")",),
        ("Header", "Where"),
        ("PageLink", r"Office \(Büro\)", ":material/apartment:", "", "lang=en&office=office"),
        ("Caption", "Markt 1, 07743 Jena"),
        ("PageLink", r"Annex office \(Außenstelle Büro\)", ":material/apartment:", "", "lang=en&office=annex"),
        ("Caption", "Löbdergraben 12, 07743 Jena"),
        ("Divider", "---"),
        ("Caption", "Source: test, checked on Nov 1, 2026"),
        ("Caption", r":material/warning: Not yet confirmed by the office: cost\. Please check before you go\."),
        ("Caption", ":material/share: Link to share this page: [http://localhost:8501/info/en/offer/course]"
                    "(http://localhost:8501/info/en/offer/course)"),
    ]


def test_free_offer_without_routes_says_so(site: Path) -> None:
    at = run(site, lang="en", offer="flat")
    page = outline(at)
    assert page[page.index(("Header", "How to get an appointment")) + 1] == ("Markdown", "Please contact the office.")
    assert ("Markdown", "Free of charge") in page
    assert not [row for row in page if row[:2] in [("Header", "Who can use it"), ("Header", "Documents to bring")]]


def test_office_page_shows_status_address_map_contacts_hours_and_offers(site: Path) -> None:
    at = run(site, lang="en", office="office")
    card = [("PageLink", "Counselling", ":material/arrow_forward:", "", "lang=en&offer=counselling"),
            ("Markdown", f":small[Recognition · Jena · {NOW}]\n\n" r"We advise\." "\n\n**Call for an appointment: 03641 49 0**")]
    page = outline(at)
    assert page[:page.index(("Header", "Offers here")) + 5] == [
        ("Title", r"Office \(Büro\)"),
        ("Info", NOW, ":material/schedule:"),
        ("Markdown", "**Address:** Markt 1, 07743 Jena"),
        ("PageLink", "Show on the map", ":material/map:", "map", "lang=en&city=Jena"),
        ("Markdown", "**Phone:** [03641 49 1](tel:+493641491)"),
        ("Markdown", r"**Email:** [buero@jena\.de](mailto:buero@jena.de)"),
        ("Markdown", "**Languages spoken:** German and Arabic"),
        ("Markdown", "**Accessibility:** Wheelchair access unknown"),
        ("Header", "Office hours"),
        ("Table", WEEK_TUE_THU),
        ("Header", "Offers here"),
        ("[",), *card, ("]",),
    ]
    assert [row[1] for row in page if row[0] == "PageLink"][-2:] == ["German course", "Finding a flat"]
    assert page[-3:] == [
        ("Divider", "---"),
        ("Caption", "Source: test, checked on Nov 1, 2026"),
        ("Caption", ":material/share: Link to share this page: [http://localhost:8501/info/en/office/office]"
                    "(http://localhost:8501/info/en/office/office)")]


def test_office_without_hours_has_no_hours_table(site: Path) -> None:
    at = run(site, lang="en", office="annex")
    headers = [row[1] for row in outline(at) if row[0] == "Header"]
    assert headers == ["Offers here"] and not at.table
    assert ("Info", "No office hours known; please call or write first", ":material/schedule:") in outline(at)


def test_arabic_office_page_isolates_latin_facts_and_labels_them_in_arabic(site: Path) -> None:
    at = run(site, lang="ar", office="office")
    page = outline(at)
    assert ("Markdown", f"**{msgstr('ar', 'Address')}:** \u2068Markt 1, 07743 Jena\u2069") in page
    assert ("Markdown", f"**{msgstr('ar', 'Phone')}:** [\u206803641 49 1\u2069](tel:+493641491)") in page
    cards_text = [row[1] for row in page if row[0] == "Markdown" and row[1].startswith(":small[")]
    call = msgstr("ar", "Call for an appointment")
    assert cards_text[0].startswith(":small[Recognition · \u2068Jena\u2069 · ")
    assert cards_text[0].endswith(f"**\u2068{call}: 03641 49 0\u2069**")


def test_guide_page_shows_its_steps_with_links_to_offers_and_offices(site: Path) -> None:
    at = run(site, lang="en", guide="first-steps")
    assert outline(at) == [
        ("Title", "First steps"),
        ("Markdown", r"How to start\."),
        ("Header", r"1\. Get advice"),
        ("Markdown", "Go to the counselling."),
        ("PageLink", "Counselling", ":material/arrow_forward:", "", "lang=en&offer=counselling"),
        ("PageLink", r"Office \(Büro\)", ":material/apartment:", "", "lang=en&office=office"),
        ("Caption", r":material/share: Link to share this page: [http://localhost:8501/info/en/guide/first\-steps]"
                    "(http://localhost:8501/info/en/guide/first-steps)"),
    ]


def test_hours_tables_are_headed_in_the_visitors_language(site: Path) -> None:
    at = run(site, lang="de", offer="course")
    assert at.table and all(list(t.value.columns) == [msgstr("de", "Day"), msgstr("de", "Hours")] for t in at.table)
