"""Appointment routes as a visitor reads them: what to do, the link, its hours, languages and note."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SERVICES, msgstr, write_content

from lotse import content
from lotse.i18n import translator
from lotse.routes import Action, actions, international, tel_href

ROUTES = """\
    routes:
      - type: phone
        target: 03641 49 0
        languages: [de, ar]
        hours:
          weekly:
            mon: [{from: "08:00", to: "10:00"}]
      - type: email
        target: beratung@jena.example
        note: {de: Bitte mit Aktenzeichen., en: Please give your file number.}
      - type: online
        target: https://termine.jena.example/beratung
      - type: walk_in
      - type: walk_in
        target: second
        hours:
          weekly:
            fri: [{from: "13:00", to: "15:00", kind: walk_in}]
      - type: referral
        target: second
"""
SECOND = """\
  - id: second
    organisation: city
    name: {de: Zweites Büro}
    address: {street: Markt 2, postal_code: "07743", city: Jena, state: TH}
    location: {lat: 50.93, lon: 11.59}
    provenance: {source: test, last_verified: 2026-11-01}
offers:
"""


@pytest.fixture(scope="module")
def every_route(tmp_path_factory: pytest.TempPathFactory) -> list[Action]:
    services = (SERVICES.replace("    routes:\n      - type: phone\n        target: 03641 49 0\n", ROUTES)
                .replace("offers:\n", SECOND, 1))
    root = write_content(tmp_path_factory.mktemp("routes") / "site", services)
    result = content.load(root)
    directory = result.directory
    assert directory is not None, [str(p) for p in result.errors]
    offer = directory.offer("counselling")
    assert offer is not None
    return actions(offer, directory, translator("en"))


def test_each_route_says_what_to_do(every_route: list[Action]) -> None:
    assert [(a.kind, a.label, a.target, a.href, a.office_id) for a in every_route] == [
        ("phone", "Call for an appointment", "03641 49 0", "tel:+493641490", None),
        ("email", "Write an email", "beratung@jena.example", "mailto:beratung@jena.example", None),
        ("online", "Book online", "https://termine.jena.example/beratung", "https://termine.jena.example/beratung",
         None),
        ("walk_in", "Come by without an appointment", "Office", None, "office"),
        ("walk_in", "Come by without an appointment", "Zweites Büro", None, "second"),
        ("referral", "Ask at Zweites Büro to refer you", "Zweites Büro", None, "second"),
    ]


def test_route_hours_languages_and_note(every_route: list[Action]) -> None:
    phone, email, online, walk_in, walk_in_second = every_route[:5]
    assert phone.languages == "German and Arabic"
    assert phone.hours[0] == ("Monday", "8:00\u202fAM–10:00\u202fAM (open)") and phone.hours[1] == ("Tuesday", "closed")
    assert email.note == "Please give your file number." and email.hours == () and email.languages == ""
    assert online.note == "" and online.hours == ()
    # Walk in: the office's own hours, unless the route has its own.
    assert walk_in.hours[1] == ("Tuesday", "9:00\u202fAM–12:00\u202fPM (by appointment)")
    assert walk_in_second.hours[4] == ("Friday", "1:00\u202fPM–3:00\u202fPM (walk-in)")
    assert walk_in_second.hours[1] == ("Tuesday", "closed")


def test_routes_speak_the_visitors_language(every_route: list[Action], content_dir: Path) -> None:
    directory = content.load_or_raise(content_dir)
    offer = directory.offer("counselling")
    assert offer is not None
    (german,) = actions(offer, directory, translator("de"))
    assert german.label == msgstr("de", "Call for an appointment") != "Call for an appointment"


@pytest.mark.parametrize(("written", "international_form", "href"), [
    ("0381 444 311 60", "+49 381 444 311 60", "tel:+4938144431160"),
    ("0049 30 1234-5", "+49 30 1234-5", "tel:+493012345"),
    ("+49 (0)30 901820", "+49 (0)30 901820", "tel:+49030901820"),
    (" 030 115 ", "+49 30 115", "tel:+4930115"),
])
def test_phone_numbers_in_international_form(written: str, international_form: str, href: str) -> None:
    assert international(written) == international_form
    assert tel_href(written) == href
