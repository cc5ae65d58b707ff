"""What a visitor or an editor notices on a page, checked in AppTest runs of the real app.

Each test here was written against a breaking change that left the rest of the
suite green (see tests/mutation/README.md): a note switched off, a list left
empty, a link that forgets the language, a QR code pointing at the wrong host,
a browser's language ignored.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest
from apptest import content_root, run, texts
from conftest import SERVICES, msgstr, write_content
from streamlit.runtime.context import ContextProxy

OFFER_PROVENANCE = "    routes:\n      - type: phone\n        target: 03641 49 0\n    provenance: {source: test, last_verified: 2026-11-01}\n"


def services(*changes: tuple[str, str]) -> str:
    """SERVICES with each (old, new) replaced once; fails loudly when `old` is not there."""
    text = SERVICES
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def captions(at: Any) -> list[str]:
    return [str(c.value).replace("\\", "") for c in at.caption]


# -- a text shown in another language says so


def test_untranslated_offer_says_it_is_shown_in_german(tmp_path: Path) -> None:
    root = write_content(tmp_path, services(("title: {de: Beratung, en: Counselling}", "title: {de: Beratung}"),
                                            ("summary: {de: Wir beraten., en: We advise.}", "summary: {de: Wir beraten.}")))
    at = run(root, lang="en", offer="counselling")
    assert not at.exception
    assert at.title[0].value == "Beratung"
    assert "Not available in English, shown in German." in captions(at)


def test_translated_offer_has_no_fallback_note(content_dir: Path) -> None:
    at = run(content_dir, lang="en", offer="counselling")
    assert at.title[0].value == "Counselling"
    assert not [c for c in captions(at) if c.startswith("Not available in")]


GUIDE = """\
id: first-steps
title: {de: Erste Schritte, en: First steps}
summary: {de: So fangen Sie an., en: How to start.}
categories: [recognition]
steps:
  - title: {de: Beraten lassen, en: Get advice}
    text: {de: Gehen Sie zur Beratung., en: Go to the counselling.}
    offers: [counselling]
    offices: [office]
"""


def test_untranslated_guide_says_it_is_shown_in_english(tmp_path: Path) -> None:
    root = write_content(tmp_path, services(("languages: [de, en]", "languages: [de, en, uk]")),
                         **{"content/guides/first-steps.yaml": GUIDE})
    at = run(root, lang="uk", guide="first-steps")
    assert not at.exception
    assert at.title[0].value == "First steps"
    note = msgstr("uk", "Not available in {wanted}, shown in {shown}.")
    assert note.format(wanted="українська", shown="англійська") in captions(at), captions(at)


# -- facts the office has not confirmed are labelled


def test_unconfirmed_facts_are_labelled_on_the_office_page(tmp_path: Path) -> None:
    office_provenance = "    provenance: {source: test, last_verified: 2026-11-01}\noffers:"
    root = write_content(tmp_path, services(
        (office_provenance,
         "    provenance: {source: test, last_verified: 2026-11-01, unverified: [phone, hours]}\noffers:")))
    at = run(root, lang="en", office="office")
    assert not at.exception
    assert (":material/warning: Not yet confirmed by the office: phone number and office hours. "
            "Please check before you go.") in captions(at)


def test_confirmed_facts_carry_no_label(content_dir: Path) -> None:
    at = run(content_dir, lang="en", office="office")
    assert not [c for c in captions(at) if "Not yet confirmed" in c]


def test_unconfirmed_route_is_labelled_on_the_offer_page_in_arabic(tmp_path: Path) -> None:
    root = write_content(tmp_path, services(
        ("languages: [de, en]", "languages: [de, en, ar]"),
        (OFFER_PROVENANCE, OFFER_PROVENANCE.replace("2026-11-01}", "2026-11-01, unverified: [routes]}"))))
    at = run(root, lang="ar", offer="counselling")
    notes = [c for c in captions(at) if c.startswith(":material/warning:")]
    assert len(notes) == 1 and f"\u2068{msgstr('ar', 'how to get an appointment')}\u2069" in notes[0]


# -- the editor page lists what has not been checked for too long


def test_editor_page_lists_entries_not_verified_for_a_year(tmp_path: Path) -> None:
    root = write_content(tmp_path, services(
        (OFFER_PROVENANCE, OFFER_PROVENANCE.replace("2026-11-01", "2020-03-01"))))
    at = run(root, page="editor", lang="en")
    assert not at.exception
    headings = [s.value for s in at.subheader]
    assert "Not verified for more than 365 days" in headings
    gaps = [df.value for df in at.dataframe if list(df.value.columns) == ["Kind", "id", "Name", "Detail"]]
    assert len(gaps) == 1  # the other gap lists are empty
    stale = gaps[0]
    assert [list(row) for row in stale.itertuples(index=False)] == [
        ["offer", "counselling", "Beratung", f"2020-03-01 ({_days_since('2020-03-01')} days)"]]
    assert "Nothing is stale." not in texts(at)


def test_editor_page_says_when_nothing_is_stale(content_dir: Path) -> None:
    at = run(content_dir, page="editor", lang="en")
    assert "Nothing is stale." in texts(at)


def _days_since(day: str) -> int:
    import datetime as dt
    from zoneinfo import ZoneInfo

    return (dt.datetime.now(ZoneInfo("Europe/Berlin")).date() - dt.date.fromisoformat(day)).days


# -- every internal link keeps the visitor's language


LINKED_PAGES = [
    (None, {"q": "Anerkennung"}),                       # result cards
    (None, {"category": "recognition"}),                # a topic's offers
    (None, {"offer": "jena-beratung"}),                 # where: the offices
    (None, {"office": "rostock-ifdm"}),                 # map link, the offers here
    (None, {"guide": "recognition"}),                   # the steps' offers and offices
    ("map", {"city": "Jena"}),                          # the list under the map
]


@pytest.mark.parametrize(("page", "query"), LINKED_PAGES)
def test_every_internal_link_keeps_the_language(page: str | None, query: dict[str, str]) -> None:
    at = run(None, page=page, lang="uk", **query)
    assert not at.exception
    links = [(link.proto.label, parse_qs(link.proto.query_string)) for link in at.get("page_link")]
    assert links, "the page has internal links"
    assert [label for label, params in links if params.get("lang") != ["uk"]] == []


# -- the browser's language is honoured when the link has none


@pytest.fixture
def browser_language(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Set the Accept-Language header the portal sees, as a browser would send it."""
    def send(header: str) -> None:
        monkeypatch.setattr(ContextProxy, "headers", property(lambda self: {"Accept-Language": header}))

    yield send


def test_browser_language_chooses_the_page_language(content_dir: Path, browser_language: Any) -> None:
    browser_language("en-GB,en;q=0.9,de;q=0.5")
    at = run(content_dir)
    assert not at.exception
    assert at.query_params["lang"] == "en"
    assert at.title[0].value == "Test portal"


def test_link_language_wins_over_browser_language(content_dir: Path, browser_language: Any) -> None:
    browser_language("en")
    at = run(content_dir, lang="de")
    assert at.query_params["lang"] == "de" and at.title[0].value == "Testportal"


def test_unknown_browser_language_gets_the_default(content_dir: Path, browser_language: Any) -> None:
    browser_language("es-ES,es;q=0.9")
    at = run(content_dir)
    assert at.query_params["lang"] == "de" and at.title[0].value == "Testportal"


# -- right to left, before the browser


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("fa", "rtl"), ("de", "ltr"), ("uk", "ltr")])
def test_page_sets_language_and_direction_of_the_document(lang: str, direction: str) -> None:
    at = run(None, lang=lang)
    scripts = [str(h.proto.body) for h in at.get("html") if h.proto.unsafe_allow_javascript]
    assert scripts == [f'<script>document.documentElement.lang = "{lang}";'
                       f'document.documentElement.dir = "{direction}";</script>']


def test_arabic_page_keeps_latin_facts_in_their_own_direction(tmp_path: Path) -> None:
    root = write_content(tmp_path, services(("languages: [de, en]", "languages: [de, en, ar]")))
    at = run(root, lang="ar", office="office")
    assert "\u2068Markt 1, 07743 Jena\u2069" in texts(at)
    at = run(root, lang="en", office="office")
    assert "\u2068" not in texts(at) and "Markt 1, 07743 Jena" in texts(at)


# -- the handout's QR code opens the portal where it is published


def test_handout_link_uses_the_sites_public_address(tmp_path: Path) -> None:
    root = write_content(tmp_path, services(
        ("  default_language: de\n", "  default_language: de\n  public_url: https://lotse.example.org/\n")))
    at = run(root, page="frontdesk", lang="de", q="Beratung", visitor="en", handout="counselling")
    assert not at.exception
    link = "`https://lotse.example.org/info/en/offer/counselling`"  # the light page
    assert msgstr("de", "The QR code opens: {url}").format(url=link) in captions(at)


# -- the language selector


@pytest.mark.parametrize(("lang", "label"), [("en", "Language"), ("de", "Sprache · Language")])
def test_language_selector_is_labelled_also_in_english(content_dir: Path, lang: str, label: str) -> None:
    at = run(content_dir, lang=lang)
    for key in ("language_selector", "language_selector_top"):  # the sidebar's, and the one for phones
        box = at.selectbox(key=key)
        assert (box.label, box.value, box.options) == (label, lang, ["Deutsch", "English"])


@pytest.mark.parametrize("key", ["language_selector", "language_selector_top"])
def test_choosing_a_language_switches_the_page_and_the_link(content_dir: Path, key: str) -> None:
    at = run(content_dir, lang="de", offer="counselling")
    assert at.title[0].value == "Beratung"
    with content_root(content_dir):
        at.selectbox(key=key).select("en").run()
        assert at.query_params["lang"] == "en" and at.query_params["offer"] == "counselling"
        assert at.title[0].value == "Counselling"
        at.run()  # the choice stays for the session
    assert at.title[0].value == "Counselling" and at.selectbox(key="language_selector").value == "en"


def test_no_content_page_lists_the_errors_for_editors(tmp_path: Path) -> None:
    root = write_content(tmp_path, services(("category: recognition\n    target_groups", "category: nope\n    target_groups")))
    (root / "services.yaml").write_text((root / "services.yaml").read_text().replace("lat: 50.93", "lat: 80.0"))
    at = run(root)
    assert not at.exception
    assert at.title[0].value == "The portal is being set up"
    assert [m.value for m in at.markdown] == ["There is no valid content to show yet. Please come back later.",
                                              "2 errors, 0 warnings"]
    assert at.expander[0].label == "For editors: what to fix"
    assert at.code[0].language == "plaintext"  # no colours that would suggest Python
    assert at.code[0].value.splitlines() == [
        "services.yaml:23:5: error: coordinates 80.0, 11.59 lie outside the region (47.2..55.1 N, 5.8..15.1 E); "
        "are latitude and longitude swapped?",
        "services.yaml:32:5: error: unknown category 'nope'"]


def test_no_content_page_lists_at_most_200_errors(tmp_path: Path) -> None:
    offers = "".join(f"""\
  - id: offer-{i}
    offices: [office]
    category: nope
    title: {{de: Angebot {i}}}
    summary: {{de: Text}}
    provenance: {{source: test, last_verified: 2026-11-01}}
""" for i in range(201))
    root = write_content(tmp_path, SERVICES.split("offers:\n")[0] + "offers:\n" + offers)
    at = run(root)
    lines = at.code[0].value.splitlines()
    assert len(lines) == 200 and lines[0].endswith("error: unknown category 'nope'")
    assert "201 errors" in texts(at)


def test_fallback_ends_in_the_default_language(tmp_path: Path) -> None:
    # The site's fallback chain has only English; German, the default language, is still tried last.
    root = write_content(tmp_path, services(
        ("languages: [de, en]", "languages: [de, en, fr, uk]\n  fallback: [en]"),
        ("title: {de: Beratung, en: Counselling}", "title: {fr: Conseil, de: Beratung}")))
    at = run(root, lang="uk", offer="counselling")
    assert at.title[0].value == "Beratung"
    note = msgstr("uk", "Not available in {wanted}, shown in {shown}.")
    assert note.format(wanted="українська", shown="німецька") in captions(at), captions(at)


def test_session_keeps_the_language_when_a_link_has_none(content_dir: Path) -> None:
    # The sidebar's page links carry no query: the session remembers the visitor's choice.
    at = run(content_dir, lang="en")
    with content_root(content_dir):
        at.query_params.pop("lang")
        at.run()
    assert at.query_params["lang"] == "en" and at.title[0].value == "Test portal"
