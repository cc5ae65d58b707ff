"""Search as visitors meet it: any language, any spelling, typos, filters, a stable order.

The "done when" cases run against the shipped content; finer points run against
a small directory written here, where every expected result can be counted.
"""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apptest import run, texts
from conftest import ROOT, write_content

from lotse import content, demo, markup, search
from lotse.model import Directory, Offer, Office
from lotse.search import Filters, Kind, language

BERLIN = ZoneInfo("Europe/Berlin")
TUESDAY_10 = dt.datetime(2026, 11, 24, 10, tzinfo=BERLIN)

# ---------------------------------------------------------------- the shipped content


@pytest.fixture(scope="module")
def shipped() -> search.Index:
    return search.build(content.load_or_raise(ROOT, today=dt.date(2026, 11, 24)))


@pytest.mark.parametrize(
    ("query", "lang"),
    [
        ("Anerkennung", "de"),
        ("recognition", "en"),
        ("визнання", "uk"),
        ("الاعتراف بالشهادات", "ar"),
        ("Anerkenung", "de"),          # a typo
        ("anerkennung", "en"),         # German word, English visitor
        ("Zeugnis", "de"),             # a keyword of the category only
        ("diploma", "en"),
    ],
)
def test_recognition_offers_come_first(shipped: search.Index, query: str, lang: str) -> None:
    hits = shipped.search(query, lang).hits
    offers = [h.item for h in hits if isinstance(h.item, Offer)]
    recognition = [o for o in offers if o.category == "recognition"]
    assert recognition, "no recognition offer found"
    assert hits[0].item == recognition[0]
    assert offers[: len(recognition)] == recognition  # before any offer of another category


@pytest.mark.parametrize(("query", "lang"), [("Frauen", "de"), ("women", "en"), ("жінки", "uk"), ("نساء", "ar")])
def test_programmes_for_women_come_first(shipped: search.Index, query: str, lang: str) -> None:
    first = shipped.search(query, lang).hits[0]
    assert first.kind == Kind.offer
    assert "women" in first.categories


@pytest.mark.parametrize("lang", ["de", "en", "ar", "uk"])
def test_jena_finds_the_jena_office_first(shipped: search.Index, lang: str) -> None:
    first = shipped.search("Jena", lang).hits[0]
    assert isinstance(first.item, Office)
    assert first.item.address.city == "Jena"
    assert first.cities == ("Jena",)


@pytest.mark.parametrize(
    ("query", "lang", "relevant"),
    [
        # German office words as newcomers hear and write them, in Cyrillic, Arabic and Persian script
        ("ауслендербехёрде", "ru", {"muensingen-behoerden-beratung", "osnabrueck-erstorientierung"}),
        ("бюргергельд", "uk", {"osnabrueck-sgb2-arbeitsmarkt"}),
        ("اوسلندربهورده", "fa", {"muensingen-behoerden-beratung", "osnabrueck-erstorientierung"}),
        ("بورگرگلد", "ar", {"osnabrueck-sgb2-arbeitsmarkt"}),
        # German compounds whose parts the content has
        ("Sprachkursanmeldung", "de", {"osnabrueck-sprachfoerderung", "learning-german", "rostock-qualifizierung"}),
        ("Frauentreff", "de", {"dresden-frauen", "women"}),
        # synonyms and old names (content/synonyms.yaml)
        ("Hartz IV", "de", {"osnabrueck-sgb2-arbeitsmarkt", "dresden-jobcenter"}),
        ("Dolmetscher", "de", {"jena-sprachmittlung"}),
        ("Arbeitsamt", "de", {"dresden-agentur", "dresden-vermittlung", "dresden-berufsorientierung"}),
        # inflected forms meet their stem
        ("Zeugnisse", "de", {"osnabrueck-anerkennung", "recognition"}),
        ("курсы немецкого", "ru", {"osnabrueck-sprachfoerderung", "learning-german", "rostock-qualifizierung"}),
    ],
)
def test_how_people_type_finds_the_office_words(shipped: search.Index, query: str, lang: str,
                                                relevant: set[str]) -> None:
    assert shipped.search(query, lang).hits[0].id in relevant


@pytest.mark.parametrize(
    ("question", "words", "lang"),
    [("wo kann ich Deutsch lernen?", "Deutsch lernen", "de"), ("nerede iş bulabilirim", "iş", "tr"),
     ("где учить немецкий язык", "учить немецкий язык", "ru"), ("how do i find a doctor", "doctor", "en")],
)
def test_question_words_do_not_decide(shipped: search.Index, question: str, words: str, lang: str) -> None:
    assert [h.id for h in shipped.search(question, lang).hits] == [h.id for h in shipped.search(words, lang).hits]


@pytest.mark.parametrize(
    ("query", "lang"),
    [("Führerschein umschreiben", "de"), ("driving", "en"), ("tax return help", "en"), ("permis de conduire", "fr"),
     ("autovadītāja apliecība", "lv")],
)
def test_nothing_relevant_finds_nothing(shipped: search.Index, query: str, lang: str) -> None:
    assert shipped.search(query, lang).total == 0


def test_when_nothing_is_found_first_orientation_and_counselling_are_offered(shipped: search.Index) -> None:
    fallback = shipped.fallback("en")
    assert "Anerkennung ausländischer Abschlüsse" in fallback.words       # the German office word
    assert {o.category for o in fallback.offers} == set(search.FIRST_HELP)
    jena = shipped.fallback("en", Filters(city="Jena"))
    assert [o.id for o in jena.offers] == ["jena-beratung", "jena-diskriminierung", "jena-information"]


# ---------------------------------------------------------------- a small directory

SERVICES = """\
site:
  name: {de: Testportal, en: Test portal}
  default_language: de
  languages: [de, en, uk, ar]
  region: {south: 47.2, west: 5.8, north: 55.1, east: 15.1}
  map:
    center: {lat: 51.2, lon: 10.4}
categories:
  - id: recognition
    name: {de: Anerkennung, en: Recognition}
    keywords:
      de: [Anerkennung, Zeugnis, Diplom]
      en: [recognition, diploma]
      uk: [визнання, диплом]
      ar: [الاعتراف بالشهادات, شهادة]
      fa: [ارزشیابی مدرک, کمک]
  - id: language
    name: {de: Deutschkurse, en: German courses}
    keywords: {de: [Deutschkurs, Sprachkurs], en: [German course]}
target_groups:
  - id: women
    name: {de: Frauen, en: Women}
organisations:
  - id: city
    name: {de: Stadt, en: City}
    provenance: {source: test, last_verified: 2026-11-01}
offices:
  - id: jena-office
    organisation: city
    name: {de: Büro Jena, en: Office Jena}
    address: {street: Am Anger 15, postal_code: "07743", city: Jena, state: TH}
    location: {lat: 50.93, lon: 11.59}
    languages: [de, ar]
    wheelchair: "yes"
    hours:
      weekly:
        tue: [{from: "09:00", to: "12:00", kind: appointment}]
        thu: [{from: "09:00", to: "12:00", kind: appointment}]
    provenance: {source: test, last_verified: 2026-11-01}
  - id: erfurt-office
    organisation: city
    name: {de: Büro Erfurt, en: Office Erfurt}
    address: {street: Markt 1, postal_code: "99084", city: Erfurt, state: TH}
    location: {lat: 50.98, lon: 11.03}
    languages: [de]
    wheelchair: "no"
    hours:
      weekly:
        mon: [{from: "08:00", to: "16:00"}]
        tue: [{from: "08:00", to: "16:00"}]
    provenance: {source: test, last_verified: 2026-11-01}
  - id: berlin-office
    organisation: city
    name: {de: Büro Berlin, en: Office Berlin}
    address: {street: Straße des 17. Juni 1, postal_code: "10115", city: Berlin, state: BE}
    location: {lat: 52.52, lon: 13.40}
    languages: [de, uk]
    wheelchair: limited
    provenance: {source: test, last_verified: 2026-11-01}
offers:
  - id: jena-recognition
    offices: [jena-office]
    category: recognition
    target_groups: [women]
    title: {de: Beratung für Zugewanderte, en: Advice for immigrants}
    summary: {de: Hilfe für Flüchtlinge und Familien., en: Help for refugees and families.}
    provenance: {source: test, last_verified: 2026-11-01}
  - id: erfurt-kursangebot
    offices: [erfurt-office]
    category: language
    target_groups: [women]
    title: {de: Kursangebot am Abend, en: Evening classes}
    summary: {de: Lernen nach der Arbeit., en: Learning after work.}
    cost: {free: false, amount: 50}
    provenance: {source: test, last_verified: 2026-11-01}
  - id: z-kurs
    offices: [berlin-office]
    category: language
    title: {de: Kurs am Morgen, en: Morning class}
    summary: {de: Lernen vor der Arbeit., en: Learning before work.}
    routes:
      - type: phone
        target: 030 1234567
        languages: [fa]
    provenance: {source: test, last_verified: 2026-11-01}
  - id: m-de
    offices: [berlin-office]
    category: language
    title: {de: Workshop für Eltern, en: Meeting for parents}
    summary: {de: Für Eltern., en: For parents.}
    provenance: {source: test, last_verified: 2026-11-01}
  - id: m-en
    offices: [berlin-office]
    category: language
    title: {de: Treffen für Eltern, en: Workshop for parents}
    summary: {de: Für Eltern., en: For parents.}
    provenance: {source: test, last_verified: 2026-11-01}
"""

GUIDE = """\
id: recognition-guide
title: {de: Abschlüsse anerkennen lassen, en: Getting qualifications recognised}
summary: {de: Schritt für Schritt., en: Step by step.}
categories: [recognition]
steps:
  - title: {de: Beratung, en: Advice}
    text: {de: Gehen Sie zur Beratung., en: Get advice.}
    offers: [jena-recognition]
"""

PAGES = {f"content/pages/{name}.de.md": "Text." for name in ("welcome", "about", "privacy", "imprint")}


@pytest.fixture(scope="module")
def small_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_content(tmp_path_factory.mktemp("search") / "site", SERVICES,
                         **{"content/guides/recognition-guide.yaml": GUIDE}, **PAGES)


@pytest.fixture(scope="module")
def directory(small_dir: Path) -> Directory:
    return content.load_or_raise(small_dir, today=dt.date(2026, 11, 24))


@pytest.fixture(scope="module")
def index(directory: Directory) -> search.Index:
    return search.build(directory)


def ids(found: search.Results) -> list[str]:
    return [h.id for h in found.hits]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("Flüchtlinge", "jena-recognition"),
        ("Fluechtlinge", "jena-recognition"),   # ü written as ue
        ("Fluchtlinge", "jena-recognition"),    # ü written as u, on a keyboard without umlauts
        ("FLÜCHTLINGE", "jena-recognition"),
        ("Zeugnis", "jena-recognition"),        # a keyword of the offer's category
        ("Anerkenung", "jena-recognition"),     # one letter missing
        ("Anerkennnung", "jena-recognition"),   # one letter too many
        ("Anerkenunng", "jena-recognition"),    # two letters swapped
        ("ДИПЛОМ", "jena-recognition"),         # Ukrainian in capitals
        ("الإعتراف", "jena-recognition"),        # hamza on the alef
        ("الاعـــتراف", "jena-recognition"),     # tatweel
        ("شَهادة", "jena-recognition"),           # with a vowel mark
        ("كمك", "jena-recognition"),             # Arabic kaf for the Persian keyword کمک
        ("Strasse des 17. Juni", "berlin-office"),
        ("Erfurt", "erfurt-office"),
    ],
)
def test_spellings_find_the_same_thing(index: search.Index, query: str, first: str) -> None:
    assert ids(index.search(query, "de"))[0] == first


def test_whole_words_rank_before_longer_words(index: search.Index) -> None:
    # "Kurs am Morgen" has the word; "Kursangebot am Abend" only starts with it.
    assert ids(index.search("Kurs", "de"))[:2] == ["z-kurs", "erfurt-kursangebot"]


@pytest.mark.parametrize(("lang", "first"), [("de", "m-de"), ("en", "m-en")])
def test_hits_in_the_visitors_language_rank_first(index: search.Index, lang: str, first: str) -> None:
    hits = index.search("Workshop", lang).hits
    assert hits[0].id == first
    assert hits[0].score > hits[1].score


def test_words_in_any_language_are_found(index: search.Index) -> None:
    # An English visitor typing German, a German visitor typing Ukrainian.
    assert ids(index.search("Abend", "en"))[0] == "erfurt-kursangebot"
    assert ids(index.search("визнання", "de"))[0] == "jena-recognition"


def test_nonsense_finds_nothing(index: search.Index) -> None:
    assert index.search("xyzzy quux", "de").total == 0


def test_ranking_is_stable_and_ties_go_by_name(index: search.Index) -> None:
    first = ids(index.search("Eltern", "uk"))  # neither text is Ukrainian: a tie, by the German titles
    assert first[:2] == ["m-en", "m-de"]       # "Treffen für Eltern" before "Workshop für Eltern"
    assert all(ids(index.search("Eltern", "uk")) == first for _ in range(5))


ALL = sorted(["jena-recognition", "erfurt-kursangebot", "z-kurs", "m-de", "m-en", "jena-office", "erfurt-office",
              "berlin-office", "recognition-guide"])


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), ALL),
        (Filters(category="recognition"), ["jena-office", "jena-recognition", "recognition-guide"]),
        (Filters(category="language"), ["berlin-office", "erfurt-kursangebot", "erfurt-office", "m-de", "m-en", "z-kurs"]),
        (Filters(target_group="women"),
         ["erfurt-kursangebot", "erfurt-office", "jena-office", "jena-recognition", "recognition-guide"]),
        (Filters(city="Jena"), ["jena-office", "jena-recognition", "recognition-guide"]),
        (Filters(city="jena"), ["jena-office", "jena-recognition", "recognition-guide"]),
        (Filters(state="BE"), ["berlin-office", "m-de", "m-en", "z-kurs"]),
        (Filters(state="TH", category="language"), ["erfurt-kursangebot", "erfurt-office"]),
        (Filters(languages=("ar",)), ["jena-office", "jena-recognition", "recognition-guide"]),
        (Filters(languages=("fa",)), ["z-kurs"]),                          # only the phone line speaks Persian
        (Filters(languages=("ar", "uk")),
         ["berlin-office", "jena-office", "jena-recognition", "m-de", "m-en", "recognition-guide", "z-kurs"]),
        (Filters(free=True, category="language"), ["berlin-office", "m-de", "m-en", "z-kurs"]),
        (Filters(wheelchair=True), ["jena-office", "jena-recognition", "recognition-guide"]),
        (Filters(open_now=True), ["erfurt-kursangebot", "erfurt-office", "jena-office", "jena-recognition",
                                  "recognition-guide"]),               # Tuesday 10:00; Berlin has no hours
        (Filters(open_on=dt.date(2026, 11, 23)), ["erfurt-kursangebot", "erfurt-office"]),      # a Monday
        (Filters(open_on=dt.date(2026, 12, 25)), []),                                            # Christmas Day
        (Filters(city="Nowhere"), []),
        (Filters(category="no-such-category"), []),
    ],
)
def test_empty_query_with_filters_lists_everything_that_matches(
    index: search.Index, filters: Filters, expected: list[str]
) -> None:
    found = index.search("", "de", filters, now=TUESDAY_10)
    assert ids(found) == expected
    assert found.total == len(expected)


def test_among_equals_what_is_open_now_comes_first(index: search.Index) -> None:
    thursday_10 = dt.datetime(2026, 11, 26, 10, tzinfo=BERLIN)   # Jena is open, Erfurt is not
    assert ids(index.search("Büro", "de", Filters(state="TH")))[:2] == ["erfurt-office", "jena-office"]
    assert ids(index.search("Büro", "de", Filters(state="TH"), now=thursday_10))[:2] == ["jena-office", "erfurt-office"]


def test_filters_narrow_a_query(index: search.Index) -> None:
    # The offices by name first, then the offers at them, by name.
    assert ids(index.search("Büro", "de", Filters(state="TH"))) == [
        "erfurt-office", "jena-office", "jena-recognition", "erfurt-kursangebot"]
    assert ids(index.search("Büro", "de", Filters(state="TH", wheelchair=True))) == ["jena-office", "jena-recognition"]


def test_open_now_needs_the_time(index: search.Index) -> None:
    with pytest.raises(ValueError, match="needs `now`"):
        index.search("", "de", Filters(open_now=True))


def test_limit_keeps_the_total(index: search.Index) -> None:
    found = index.search("", "de", limit=3)
    assert len(found.hits) == 3 and found.total == len(ALL)


def test_a_hit_has_what_a_card_shows(index: search.Index) -> None:
    hit = index.search("Zeugnis", "en").hits[0]
    assert (hit.id, hit.kind) == ("jena-recognition", Kind.offer)
    assert hit.title["en"] == "Advice for immigrants"
    assert hit.categories == ("recognition",)
    assert hit.cities == ("Jena",) and hit.offices == ("jena-office",)


def test_filter_facts_for_the_controls(index: search.Index) -> None:
    assert index.cities() == ["Berlin", "Erfurt", "Jena"]
    assert index.states() == ["BE", "TH"]
    assert index.spoken_languages() == ["ar", "de", "fa", "uk"]


@pytest.mark.parametrize(
    ("params", "filters"),
    [
        ({}, Filters()),
        ({"category": "women", "open": "1"}, Filters(category="women", open_now=True)),
        ({"group": "women", "city": "Jena", "spoken": "ar,fa"},
         Filters(target_group="women", city="Jena", languages=("ar", "fa"))),
        ({"state": "TH", "free": "1", "wheelchair": "1", "on": "2026-12-25"},
         Filters(state="TH", free=True, wheelchair=True, open_on=dt.date(2026, 12, 25))),
    ],
)
def test_filters_survive_the_url(params: dict[str, str], filters: Filters) -> None:
    assert search.filters_from(params) == filters
    assert search.filters_to(filters) == params


def test_a_broken_date_in_the_url_is_ignored() -> None:
    assert search.filters_from({"on": "2026-13-45"}) == Filters()


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Ärztin", "aerztin"),
        ("Straße", "strasse"),
        ("İstanbul Şişli", "istanbul sisli"),
        ("Ёлка ґанок", "елка ганок"),
        ("Élève Œuvre", "eleve oeuvre"),
        ("الإقامة", "الاقامه"),
        ("مُدَرِّسَة", "مدرسه"),
        ("العربيـــة", "العربيه"),
        ("ی ک", "ي ك"),                 # Persian yeh and kaf fold to the Arabic letters
        ("۱۲ ١٢", "12 12"),             # Persian and Arabic digits
    ],
)
def test_folding(text: str, folded: str) -> None:
    assert search.fold(text) == folded


@pytest.mark.parametrize(
    ("typed", "german"),
    [("ауслендербехёрде", "Ausländerbehörde"), ("اوسلندربهورده", "Ausländerbehörde"), ("бюргергельд", "Bürgergeld"),
     ("بورگرگلد", "Bürgergeld"), ("آوسبیلدونگ", "Ausbildung"), ("аусбільдунг", "Ausbildung"),
     ("джобцентр", "Jobcenter"), ("جابسنتر", "Jobcenter"), ("шпрахкурс", "Sprachkurs"), ("дольметчер", "Dolmetscher")],
)
def test_a_german_word_sounds_alike_in_other_scripts(typed: str, german: str) -> None:
    assert language.skeleton(typed) == language.skeleton(search.fold(german))


def test_question_and_filler_words_are_stop_words() -> None:
    stop = language.stop_words()
    assert {"wo", "ich", "how", "nerede", "как", "де", "ou", "dove", "kur"} <= stop   # folded: où = ou
    assert not {"arbeit", "deutschkurs", "anerkennung", "frauen"} & stop


@pytest.mark.parametrize("lang", ["de", "en", "ar", "fa", "uk", "ru", "tr", "fr", "it", "lv"])
def test_question_words_are_filler_whatever_the_visitors_language(lang: str) -> None:
    # A visitor reading Arabic may type the German "wo" or the English "where" as well as her own words.
    assert {"wo", "wie", "where", "how", "nerede", "где", "kur"} <= language.stop_words(lang)
    assert not {"arbeit", "deutschkurs", "anerkennung", "frauen"} & language.stop_words(lang)


def test_filler_depends_on_the_language_typed_in() -> None:
    # "iş" is Turkish for work and folds to the English filler word "is"; "Kind" is German for child.
    assert "is" in language.stop_words("en") and "is" not in language.stop_words("tr")
    assert "kind" in language.stop_words("en") and "kind" not in language.stop_words("de")
    # The general-purpose English list calls these filler; here they are what people look for.
    assert not {"work", "course", "home"} & language.stop_words("en")


def test_a_turkish_visitor_searching_for_work_finds_work() -> None:
    directory = content.load_or_raise(ROOT)
    found = search.build(directory).search("iş", "tr", limit=5)
    assert found.total and all("work" in hit.categories for hit in found.hits)


def test_query_words_drop_the_arabic_article() -> None:
    assert search.words("الاعتراف بالشهادات") == ["اعتراف", "شهادات"]
    # "the work" is work: three letters are left, a word of their own; "الحب" would leave only two.
    assert search.words("العمل الحب") == ["عمل", "الحب"] and search.words("بالعمل") == ["عمل"]


# ---------------------------------------------------------------- the start page


def test_query_in_the_url_shows_result_cards() -> None:
    at = run(None, lang="en", q="Anerkennung")
    assert not at.exception
    labels = [link.proto.label for link in at.get("page_link")]
    assert labels[0] == "Recognition of foreign qualifications"
    assert at.subheader[0].value.endswith("results")
    assert at.text_input(key="search_q").value == "Anerkennung"


def test_typing_a_query_puts_it_in_the_url() -> None:
    at = run(None, lang="en")
    assert not at.exception
    at.text_input(key="search_q").input("Jena").run()
    assert at.query_params["q"] == "Jena"
    first_card = at.get("page_link")[0]
    assert first_card.proto.label == markup.escape("Office for Migration and Integration, City of Jena "
                                                   "(Büro für Migration und Integration der Stadt Jena)")
    assert "office=jena-migration-office" in first_card.proto.query_string


def test_category_in_the_url_lists_its_offers_and_sets_the_tile() -> None:
    at = run(None, lang="en", category="women")
    assert not at.exception
    assert at.get("button_group")[0].value == "women"  # the tile is selected
    assert at.caption[0].value == "Filters on: Programmes for women"
    labels = [link.proto.label for link in at.get("page_link")]
    assert "Offers for refugee women" in labels  # the offer
    assert "Offers for women" in labels  # the guide


def test_filters_change_the_url_and_the_results() -> None:
    at = run(None, lang="en", q="Beratung")
    assert not at.exception
    everywhere = at.subheader[0].value
    at.session_state["search_filters"] = True  # the visitor opens "Filters"
    at.run()
    at.selectbox(key="search_place").select("city:Jena").run()
    assert at.query_params["city"] == "Jena"
    assert at.caption[0].value == "Filters on: Jena"
    assert at.subheader[0].value != everywhere
    assert at.get("page_link")[0].proto.query_string.endswith("offer=jena-beratung")
    at.checkbox(key="search_wheelchair").check().run()
    assert at.query_params["wheelchair"] == "1"
    assert "Nothing found for “Beratung”" in at.info[0].value  # the Jena office's access is unknown
    at.button(key="clear_filters_empty").click().run()
    assert "city" not in at.query_params and "wheelchair" not in at.query_params
    assert at.subheader[0].value == everywhere
    assert at.checkbox(key="search_wheelchair").value is False


def test_nothing_found_says_so_and_offers_to_clear_filters() -> None:
    at = run(None, lang="en", q="xyzzy", free="1")
    assert not at.exception
    assert "Nothing found for “xyzzy”" in at.info[0].value
    assert "Clearing the filters may find more." in texts(at)
    at.button(key="clear_filters_empty").click().run()
    assert "free" not in at.query_params
    assert "Nothing found for “xyzzy”" in at.info[0].value
    assert "Clearing the filters may find more." not in texts(at)


def test_nothing_found_offers_german_words_and_where_to_ask() -> None:
    at = run(None, lang="en", q="Führerschein umschreiben")
    assert not at.exception
    assert "Nothing found for “Führerschein umschreiben”" in at.info[0].value
    assert at.subheader[0].value == "Where to ask in person"    # set apart, and not called results
    labels = [link.proto.label for link in at.get("page_link")]
    assert "First orientation for newcomers" in labels and "Counselling when you face several problems" in labels
    words = at.get("button_group")[1]                           # after the topic tiles
    assert "Deutschkurse und Sprachförderung" in words.proto.options[3].content
    words.set_value("Deutschkurse und Sprachförderung").run()
    assert at.query_params["q"] == "Deutschkurse und Sprachförderung"
    assert at.subheader[0].value.endswith("results")


def test_the_search_text_is_shown_as_typed_never_as_markdown() -> None:
    at = run(None, lang="en", q="**xyzzy** [x](https://example.org)")
    assert not at.exception
    assert markup.typed("**xyzzy** [x](https://example.org)") in at.info[0].value  # escaped, not even autolinked


def test_start_page_without_a_search_shows_the_guides() -> None:
    at = run(None, lang="en")
    assert not at.exception
    assert at.header[0].value == "Step by step"
    assert "Getting foreign qualifications recognised" in [link.proto.label for link in at.get("page_link")]


def test_unknown_id_offers_the_search_box() -> None:
    at = run(None, lang="en", offer="no-such-offer")
    assert not at.exception
    assert "could not find this page" in at.warning[0].value
    at.text_input(key="search_q").input("Jena").run()
    assert "offer" not in at.query_params
    assert at.get("page_link")[0].proto.label == markup.escape("Office for Migration and Integration, City of Jena "
                                                               "(Büro für Migration und Integration der Stadt Jena)")


# ---------------------------------------------------------------- the command line


def lotse(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lotse", *args], cwd=ROOT, capture_output=True, text=True)


def test_cli_search_prints_ranked_results(small_dir: Path) -> None:
    out = lotse("search", "Zeugnis", "--lang", "en", "--root", str(small_dir))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].split() == ["1", "offer", "jena-recognition", "Advice", "for", "immigrants"]
    assert lines[-1].endswith("results")


def test_cli_json_says_when_nothing_is_found() -> None:
    out = lotse("search", "Führerschein umschreiben", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["total"] == 0


SYNONYMS = """\
synonyms:
  - typed: {de: [Hartz IV], en: [welfare]}
    means: [Kursangebot]
"""


def test_synonyms_find_what_the_content_calls_it(tmp_path: Path) -> None:
    root = write_content(tmp_path / "site", SERVICES, **{"content/synonyms.yaml": SYNONYMS}, **PAGES)
    index = search.build(content.load_or_raise(root, today=dt.date(2026, 11, 24)))
    assert ids(index.search("Hartz IV", "de")) == ["erfurt-kursangebot"]
    assert ids(index.search("WELFARE", "uk")) == ["erfurt-kursangebot"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (SYNONYMS.replace("    means: [Kursangebot]\n", ""), "content/synonyms.yaml:2:5: error: missing required key 'means'"),
        (SYNONYMS.replace("means: [Kursangebot]", "means: []"),
         "content/synonyms.yaml:3:5: error: means: name at least one word the content uses, e.g. [Bürgergeld]"),
        (SYNONYMS.replace("typed:", "typd:"), "content/synonyms.yaml:2:5: error: unknown key 'typd' (did you mean 'typed'?)"),
        (SYNONYMS.replace("en: [welfare]", "xx: [welfare]"), "content/synonyms.yaml:2:29: error: unknown language code 'xx'"),
    ],
)
def test_check_reports_a_broken_synonym_at_its_line(tmp_path: Path, text: str, problem: str) -> None:
    root = write_content(tmp_path / "site", SERVICES, **{"content/synonyms.yaml": text}, **PAGES)
    problems = [str(p) for p in content.load(root, today=dt.date(2026, 11, 24)).problems]
    assert any(p.startswith(problem) for p in problems), problems


def test_cli_search_json_and_category(small_dir: Path) -> None:
    out = lotse("search", "", "--lang", "de", "--category", "recognition", "--json", "--root", str(small_dir))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [(r["id"], r["kind"]) for r in data["results"]] == [
        ("jena-office", "office"), ("jena-recognition", "offer"), ("recognition-guide", "guide")]
    assert data["results"][1]["title"] == "Beratung für Zugewanderte"


def test_cli_search_unknown_category(small_dir: Path) -> None:
    out = lotse("search", "x", "--category", "nope", "--root", str(small_dir))
    assert out.returncode == 1
    assert out.stderr.startswith("unknown category 'nope'; use one of recognition, language")


def test_demo_data_is_valid_content_in_ten_languages(tmp_path: Path) -> None:
    out = lotse("demo-data", "--offices", "30", "--offers", "60", str(tmp_path / "demo"))
    assert out.returncode == 0, out.stderr
    check = lotse("check", str(tmp_path / "demo"))
    assert check.returncode == 0, check.stdout[-2000:]
    assert check.stdout.splitlines()[-1].endswith(": 0 errors, 0 warnings")
    directory = content.load_or_raise(tmp_path / "demo")
    assert len(directory.offices) == 30 and len(directory.offers) == 60
    assert directory.site.languages == ["de", "en", "ar", "fa", "uk", "ru", "tr", "fr", "it", "lv"]
    assert all(set(o.title) == set(directory.site.languages) for o in directory.offers)
    assert len({o.address.state for o in directory.offices}) >= 10  # spread over Germany
    assert all(o.hours is None or o.hours.weekly for o in directory.offices)
    found = search.build(directory).search("визнання", "uk").hits
    assert found and found[0].categories[0] == "recognition"


def test_demo_data_is_the_same_for_the_same_seed_and_day(tmp_path: Path) -> None:
    day = dt.date(2026, 11, 24)
    first = demo.write(tmp_path / "a", 12, 30, seed=7, today=day)
    second = demo.write(tmp_path / "b", 12, 30, seed=7, today=day)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    other = demo.write(tmp_path / "c", 12, 30, seed=8, today=day)
    assert [p.read_bytes() for p in first] != [p.read_bytes() for p in other]


def test_demo_data_refuses_a_folder_in_use(content_dir: Path) -> None:
    out = lotse("demo-data", "--offices", "1", "--offers", "1", str(content_dir))
    assert out.returncode == 1
    assert "is not empty" in out.stderr


def test_the_arabic_article_is_no_part_of_the_word_searched() -> None:
    """"العمل" (the work) is found by "عمل" (work); a word too short to lose its "ال" keeps it."""
    from lotse.search import language

    assert language.fold_word("العمل")[0] == language.fold_word("عمل")[0] == "عمل"
    assert language.fold_word("والعمل")[0] == "عمل"
    assert language.fold_word("الف")[0] == "الف"  # two letters would be left: not an article


@pytest.mark.parametrize(("apart", "together"), [("Sprach kurs", "Sprachkurs"), ("Integrations kurs", "Integrationskurs")])
def test_a_word_typed_in_two_parts_finds_what_the_whole_word_finds(shipped: search.Index, apart: str,
                                                                    together: str) -> None:
    assert [h.id for h in shipped.search(apart, "de", limit=3).hits] == [
        h.id for h in shipped.search(together, "de", limit=3).hits]


@pytest.mark.parametrize(("query", "lang"), [("Zeugnisbewertung", "de"), ("credential evaluation", "en"),
                                             ("оценка диплома", "ru"), ("تقييم الشهادة", "ar")])
def test_having_a_certificate_evaluated_finds_recognition(query: str, lang: str) -> None:
    """The ZAB's word and the everyday words for it (content/synonyms.yaml) find what the content calls recognition."""
    directory = content.load_or_raise(ROOT)
    found = search.build(directory).search(query, lang, limit=3)
    assert found.total and "recognition" in found.hits[0].categories


TOPIC_SITE = """\
site:
  name: {de: Testportal}
  default_language: de
  languages: [de, en]
  region: {south: 47.2, west: 5.8, north: 55.1, east: 15.1}
  map:
    center: {lat: 51.2, lon: 10.4}
categories:
  - id: recognition
    name: {de: Anerkennung, en: Recognition}
  - id: housing
    name: {de: Wohnen, en: Housing}
organisations:
  - id: city
    name: {de: Stadt Jena}
    provenance: {source: test, last_verified: 2026-11-01}
offices:
  - id: office
    organisation: city
    name: {de: Büro}
    address: {street: Markt 1, postal_code: "07743", city: Jena, state: TH}
    location: {lat: 50.93, lon: 11.59}
    provenance: {source: test, last_verified: 2026-11-01}
offers:
  - id: papers
    offices: [office]
    category: recognition
    title: {de: Zeugnisse prüfen}
    summary: {de: Wir sehen Ihre Papiere durch.}
    provenance: {source: test, last_verified: 2026-11-01}
  - id: diplomas
    offices: [office]
    category: recognition
    categories: [housing]
    title: {de: Diplome einreichen}
    summary: {de: Wir schicken Ihre Unterlagen weiter.}
    provenance: {source: test, last_verified: 2026-11-01}
  - id: flat
    offices: [office]
    category: housing
    title: {de: Wohnungssuche}
    summary: {de: Hilfe bei der Suche.}
    provenance: {source: test, last_verified: 2026-11-01}
"""


def test_a_topic_name_finds_every_offer_of_the_topic(tmp_path: Path) -> None:
    """Neither offer says "Anerkennung": the topic they belong to does. Each is found through it, its own
    topic before a further one."""
    index = search.build(content.load_or_raise(write_content(tmp_path / "site", TOPIC_SITE)))
    found = index.search("Anerkennung", "de")
    assert {h.id for h in found.hits if h.kind == search.Kind.offer} == {"papers", "diplomas"}
    housing = [h.id for h in index.search("Wohnen", "de").hits if h.kind == search.Kind.offer]
    assert housing[0] == "flat" and set(housing) == {"flat", "diplomas"}   # its own topic first


def test_a_guide_whose_first_topic_it_is_comes_before_one_that_touches_it(tmp_path: Path) -> None:
    guide = """\
        id: {id}
        title: {{de: {title}}}
        summary: {{de: Schritt für Schritt.}}
        categories: {categories}
        steps:
          - title: {{de: Fragen}}
            text: {{de: Fragen Sie nach.}}
            offers: [flat]
        """
    root = write_content(tmp_path / "site", TOPIC_SITE, **{
        "content/guides/a.yaml": guide.format(id="a-touches", title="Umzug planen", categories="[housing, recognition]"),
        "content/guides/b.yaml": guide.format(id="b-about", title="Papiere ordnen", categories="[recognition]"),
    })
    index = search.build(content.load_or_raise(root))
    guides = [h.id for h in index.search("Anerkennung", "de").hits if h.kind == search.Kind.guide]
    assert guides == ["b-about", "a-touches"]


def test_a_guide_is_for_the_groups_its_steps_serve() -> None:
    """Filtering by a target group keeps the guides that lead to an offer for that group, and only those."""
    directory = content.load_or_raise(ROOT)
    found = search.build(directory).search("", "de", search.Filters(target_group="women"), limit=100)
    guides = {h.id for h in found.hits if h.kind == search.Kind.guide}
    expected = {g.id for g in directory.guides
                if any("women" in o.target_groups for s in g.steps for o in map(directory.offer, s.offers) if o)}
    assert guides == expected and "women" in guides and "first-steps" not in guides


def test_latin_letters_are_those_of_ascii_and_latin_extended() -> None:
    # Latin words are matched as written; other scripts are also matched by how they sound (transliterated).
    assert language.is_latin("straße") and language.is_latin("çalışma") and language.is_latin("ɏ")  # U+024F, the last
    assert not language.is_latin("µ") and not language.is_latin("ɐ")   # U+00B5 before, U+0250 after the range
    assert not language.is_latin("عمل") and not language.is_latin("робота")
