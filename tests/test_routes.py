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
        ("walk_in", "Come by without an appointment", "Office (Büro)", None, "office"),  # the German name follows
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


EVERY_KIND = """\
    routes:
      - type: phone
        target: 03641 49 0
        note: {fr: Le matin., de: Vormittags.}
        languages: [fr]
      - type: email
        target: beratung@jena.example
        note: {fr: Avec dossier., de: Mit Aktenzeichen.}
        languages: [fr]
        hours: {weekly: {mon: [{from: "08:00", to: "09:00"}]}}
      - type: online
        target: https://termine.jena.example/beratung
        note: {fr: En ligne., de: Online.}
        languages: [fr]
        hours: {weekly: {tue: [{from: "08:00", to: "09:00"}]}}
      - type: walk_in
        note: {fr: Sans rendez-vous., de: Ohne Termin.}
        languages: [fr]
        hours: {weekly: {fri: [{from: "08:00", to: "09:00", kind: walk_in}]}}
      - type: referral
        target: office
        note: {fr: Par le bureau., de: Über das Büro.}
        languages: [fr]
        hours: {weekly: {wed: [{from: "08:00", to: "09:00"}]}}
"""


def test_every_kind_of_route_carries_its_note_languages_and_hours_and_falls_back_to_german(tmp_path: Path) -> None:
    # A site whose fallback chain ends in English: German, the default language, is still the last resort.
    services = (SERVICES.replace("languages: [de, en]", "languages: [de, en, fr, uk]\n  fallback: [en]")
                .replace("    routes:\n      - type: phone\n        target: 03641 49 0\n", EVERY_KIND)
                .replace("name: {de: Büro, en: Office}", "name: {fr: Bureau, de: Büro}"))
    directory = content.load_or_raise(write_content(tmp_path, services))
    offer = directory.offer("counselling")
    assert offer is not None
    ukrainian = actions(offer, directory, translator("uk"))
    assert [a.note for a in ukrainian] == ["Vormittags.", "Mit Aktenzeichen.", "Online.", "Ohne Termin.",
                                           "Über das Büro."]
    assert [a.target for a in ukrainian[3:]] == ["Büro", "Büro"]  # the office's name
    assert {a.languages for a in ukrainian} == {"французька"}
    assert [len(a.hours) for a in ukrainian] == [0, 7, 7, 7, 7]
    closed = msgstr("uk", "closed")
    assert [[i for i, row in enumerate(a.hours) if row[1] != closed] for a in ukrainian[1:]] == [[0], [1], [4], [2]]
    french = actions(offer, directory, translator("fr"))
    assert [a.note for a in french][:1] == ["Le matin."] and french[3].target == french[4].target == "Bureau (Büro)"
    german = actions(offer, directory, translator("de"))
    assert german[3].target == german[4].target == "Büro" and german[4].office_id == "office"


def test_an_office_named_without_the_visitors_language_follows_the_sites_fallback(tmp_path: Path) -> None:
    # No Ukrainian name: the site falls back to English, and the German name for the door follows it.
    services = (SERVICES.replace("languages: [de, en]", "languages: [de, en, uk]\n  fallback: [en]")
                .replace("    routes:\n      - type: phone\n        target: 03641 49 0\n",
                         "    routes:\n      - type: walk_in\n      - type: referral\n        target: office\n"))
    directory = content.load_or_raise(write_content(tmp_path, services))
    offer = directory.offer("counselling")
    assert offer is not None
    assert [a.target for a in actions(offer, directory, translator("uk"))] == ["Office (Büro)", "Office (Büro)"]
