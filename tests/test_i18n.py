"""Languages: catalogs complete, texts resolved with fallback, formats from Babel."""

import ast
import datetime as dt

import pytest
from conftest import ROOT, msgstr

from lotse import catalogs, content, i18n
from lotse.i18n import choose, is_rtl, native_name, negotiate, resolve, translator

LANGUAGES = ["de", "en", "ar", "fa", "uk", "ru", "tr", "fr", "it", "lv"]


def test_site_offers_the_ten_languages() -> None:
    directory = content.load_or_raise(ROOT)
    assert set(LANGUAGES) <= set(directory.site.languages)


def test_catalogs_are_complete_and_current() -> None:
    directory = content.load_or_raise(ROOT)
    assert [str(f) for f in catalogs.check(list(directory.site.languages))] == []


def test_no_gettext_call_hides_inside_an_f_string() -> None:
    """pybabel does not look inside f-strings: a message there would never be translated."""
    hidden = []
    for path in [ROOT / "app.py", *sorted((ROOT / "lotse").glob("*.py")), *sorted((ROOT / "portal").glob("*.py")),
                 *sorted((ROOT / "pages").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for call in ast.walk(node):
                if isinstance(call, ast.Call) and call.args and isinstance(call.args[0], ast.Constant) \
                        and isinstance(call.args[0].value, str) \
                        and (getattr(call.func, "id", None) == "t" or getattr(call.func, "attr", None) == "t"):
                    hidden.append(f"{path.relative_to(ROOT)}:{call.lineno}: {call.args[0].value!r}")
    assert hidden == []


@pytest.mark.parametrize(
    ("text", "lang", "expected", "fallback"),
    [
        ({"de": "Beratung", "en": "Counselling", "ar": "استشارة"}, "ar", "استشارة", False),
        ({"de": "Beratung", "en": "Counselling"}, "ar", "Counselling", True),
        ({"de": "Beratung"}, "uk", "Beratung", True),
        ({"de": "Beratung", "en": ""}, "en", "Beratung", True),
        ({"fr": "Conseil"}, "it", "Conseil", True),
    ],
)
def test_resolve_falls_back_along_the_chain(text: dict[str, str], lang: str, expected: str, fallback: bool) -> None:
    resolved = resolve(text, lang, ("en", "de"), "de")
    assert (resolved.text, resolved.fallback) == (expected, fallback)


@pytest.mark.parametrize(
    ("requested", "header", "expected"),
    [
        ("ar", "de-DE,de;q=0.9", "ar"),
        (None, "uk-UA,uk;q=0.9,en;q=0.8", "uk"),
        (None, "fa-IR", "fa"),
        (None, "es-ES,es;q=0.9", "de"),
        ("xx", "tr", "tr"),
        (None, None, "de"),
    ],
)
def test_language_comes_from_url_then_browser_then_default(requested: str | None, header: str | None,
                                                           expected: str) -> None:
    assert choose(requested, header, LANGUAGES, "de") == expected


def test_negotiation_prefers_higher_quality() -> None:
    assert negotiate("en;q=0.5,ru;q=0.9", LANGUAGES, "de") == "ru"


def test_language_names_and_direction_come_from_babel() -> None:
    assert native_name("ar") == "العربية"
    assert native_name("uk") == "Українська"
    assert [code for code in LANGUAGES if is_rtl(code)] == ["ar", "fa"]


def test_formats_are_localised() -> None:
    assert translator("uk").weekday(1) == "вівторок"
    assert translator("de").date(dt.date(2026, 12, 25)) == "25.12.2026"
    assert translator("de").join(["A", "B", "C"]) == "A, B und C"
    assert translator("ar").plural("{n} office", "{n} offices", 2) != translator("ar").plural("{n} office", "{n} offices", 11)


def test_inserted_values_are_bidi_isolated_in_rtl_only() -> None:
    assert translator("ar")("Open now, until {time}", time="12:00").count("\u2068") == 1
    assert "\u2068" not in translator("de")("Open now, until {time}", time="12:00")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("de-AT", "de"),                       # a regional variant finds its language
        ("de-AT,uk;q=0.9", "de"),              # the first choice's language, not a later exact match
        ("en;q=0.5,ru", "ru"),                 # no weight is weight 1
        ("uk;q=1,ru", "uk"),                   # equal weights keep the visitor's order
        ("pt-BR,uk;q=0.3", "uk"),
        ("ru;q=bad,tr;q=0.2", "tr"),           # a broken weight counts as zero
        ("*,fa;q=0.1", "fa"),                  # "any language" is no preference
        ("", "de"),
        (" , ;q=0.5", "de"),
    ],
)
def test_negotiation_of_odd_headers(header: str, expected: str) -> None:
    assert negotiate(header, LANGUAGES, "de") == expected


def test_resolve_of_empty_and_foreign_texts() -> None:
    assert resolve(None, "ar") == i18n.Resolved("", "ar", "ar")
    assert not resolve({}, "ar").fallback
    chosen = resolve({"es": "Asesoría", "pt": "Aconselhamento"}, "ar")  # none of the chain: the first text
    assert (chosen.text, chosen.lang, chosen.fallback) == ("Asesoría", "es", True)
    assert i18n.chain("en", ["en", "de"], "de") == ["en", "de"]


def test_translator_formats_in_its_own_language() -> None:
    de, ar, en = translator("de"), translator("ar"), translator("en")
    assert de.money(12.5) == "12,50\xa0€"
    assert en.time(dt.time(14, 5)) == "2:05\u202fPM"
    assert de.datetime(dt.datetime(2026, 12, 3, 14, 5)) == "03.12.2026, 14:05:00"
    assert en.date(dt.date(2026, 12, 3), format="short") == "12/3/26"
    assert de.language_name("ar") == "Arabisch" and en.language_name("uk") == "Ukrainian"
    assert de.number(1234.5) == "1.234,5"
    assert de.join([]) == "" and en.join(["A", "B"], style="or") == "A or B"
    assert de.weekday(0, "abbreviated") == "Mo."
    assert de("Open now, until {time}", time="12:00") == msgstr("de", "Open now, until {time}").format(time="12:00")
    assert ar.plural("{n} office", "{n} offices", 3) == "3 مكاتب"
    assert de.plural("{n} office", "{n} offices", 1) == msgstr("de", "{n} office").format(n=1)
    assert ar.rtl and not de.rtl


def test_unknown_language_speaks_english() -> None:
    assert i18n.locale("xx") == i18n.locale("en") and i18n.locale("de-AT").territory == "AT"
    assert translator("xx")("Open now") == "Open now"
    assert i18n.native_name("de") == "Deutsch" and i18n.native_name("fa") == "فارسی"


def test_isolation_leaves_empty_text_alone() -> None:
    assert i18n.isolate("") == ""
    assert i18n.isolate("Jena") == "\u2068Jena\u2069"


def test_plural_messages_take_more_values_isolated_in_rtl() -> None:
    assert translator("en").plural("{n} office in {city}", "{n} offices in {city}", 2, city="Jena") == "2 offices in Jena"
    assert translator("ar").plural("{n} office in {city}", "{n} offices in {city}", 1, city="Jena") == \
        "1 office in \u2068Jena\u2069"
