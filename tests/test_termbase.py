"""The termbase: its own validation, the warnings it gives, the shipped content keeping to it,
the number rule, and the German name for the door."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SERVICES, write_content

from lotse import content, names, termbase, translations
from lotse.cli import main
from lotse.i18n import translator
from lotse.model import Provenance

TERMBASE = """\
terms:
  - id: service
    approved: {de: Angebot, en: offer, uk: послуга, ar: خدمة}
    avoid:
      uk: ["пропозиці*"]
      ar: ["عروض", "العروض"]
  - id: jobcenter
    case_sensitive: true
    door: true
    approved: {de: Jobcenter, en: Jobcenter, uk: Джобцентр}
    avoid:
      uk: ["джобцентр*"]
    forms:
      uk: ["Джобцентр*"]
spelling:
  - id: uk-apostrophe
    languages: [uk]
    pattern: "(?<=\\\\w)'(?=\\\\w)"
    use: "’"
"""


def site(tmp_path: Path, terms: str = TERMBASE, **files: str) -> Path:
    return write_content(tmp_path / "site", **{"content/termbase.yaml": terms, **files})


def warnings(root: Path) -> list[str]:
    return [str(p) for p in content.load(root).problems if "termbase" in p.file or "(" in p.message]


@pytest.mark.parametrize(("terms", "expected"), [
    ("terms:\n  - id: service\n    approved: {en: offer}\n",
     "content/termbase.yaml:3:5: error: terms.approved: the German term (de) is required: "
     "it is what translators look up"),
    ("terms:\n  - id: Service\n    approved: {de: Angebot}\n",
     "content/termbase.yaml:2:5: error: terms.id: an id has lower-case letters, digits and hyphens only, e.g. jena-migration-office"),
    ("terms:\n  - id: service\n    approved: {de: Angebot}\n    avod: {uk: [x]}\n",
     "content/termbase.yaml:4:5: error: unknown key 'avod' (did you mean 'avoid'?)"),
    ("spelling:\n  - id: x\n    languages: [uk]\n    pattern: \"(\"\n    use: y\n",
     "content/termbase.yaml:4:5: error: spelling.pattern: not a valid regular expression: "
     "missing ), unterminated subpattern at position 0"),
    ("terms:\n  - id: service\n    approved: {de: Angebot, xx: y}\n",
     "content/termbase.yaml:3:5: error: terms.approved: 'xx' is not a language code; use e.g. de, en, ar, uk"),
])
def test_termbase_errors_point_at_file_and_line(tmp_path: Path, terms: str, expected: str) -> None:
    result = content.load(site(tmp_path, terms))
    assert [str(p) for p in result.errors] == [expected]
    assert result.directory is None  # a broken termbase is an error like any other content error


def test_an_unknown_language_code_in_a_text_is_one_clear_error(tmp_path: Path) -> None:
    """The number rule asks Babel about every text's language: an unknown code must not crash the check."""
    root = site(tmp_path)
    services = (root / "services.yaml").read_text(encoding="utf-8")
    (root / "services.yaml").write_text(services.replace("title: {de: Beratung,", "title: {de: Beratung, qq: \"1.000 Euro\","),
                                        encoding="utf-8")
    result = content.load(root)
    assert [p.message for p in result.errors] == ["unknown language code 'qq'"]
    assert str(result.errors[0]).startswith("services.yaml:")


def test_a_valid_termbase_changes_nothing_for_clean_content(tmp_path: Path) -> None:
    result = content.load(site(tmp_path))
    assert result.ok and result.problems == []


def test_avoided_variants_are_warned_with_file_and_line(tmp_path: Path) -> None:
    root = site(tmp_path, **{
        "content/pages/about.uk.md": "# Про нас\n\nНаші пропозиції для жінок.\n",
        "content/pages/about.ar.md": "# عن البوابة\n\nالعروض للنساء.\n",
    })
    assert warnings(root) == [
        "content/pages/about.ar.md:3:1: warning: avoid 'العروض' (service); use 'خدمة'",
        "content/pages/about.uk.md:3:1: warning: avoid 'пропозиції' (service); use 'послуга'",
    ]


def test_catalog_lines_are_checked_with_the_po_line(tmp_path: Path) -> None:
    po = 'msgid ""\nmsgstr ""\n"Language: uk\\n"\n\n#: x.py:1\nmsgid "Handout"\nmsgstr "Пам\'ятка, джобцентр"\n'
    root = site(tmp_path, **{"locales/uk/LC_MESSAGES/messages.po": po})
    assert warnings(root) == [
        "locales/uk/LC_MESSAGES/messages.po:7:9: warning: write '’', not ''' (uk-apostrophe)",
        "locales/uk/LC_MESSAGES/messages.po:7:9: warning: avoid 'джобцентр' (jobcenter); use 'Джобцентр'",
    ]


def test_a_wrapped_catalog_entry_is_checked_line_by_line(tmp_path: Path) -> None:
    """A long message is wrapped after `msgid ""`, like the catalog's header: its translation is checked all the
    same, at the line where the variant stands; the header itself is not a translation."""
    po = ('msgid ""\nmsgstr ""\n"Language: uk\\n"\n"Project-Id-Version: джобцентр\\n"\n\n#: x.py:1\nmsgid ""\n'
          '"A long message that was wrapped "\n"over two lines."\nmsgstr ""\n"Довгий текст, "\n"джобцентр."\n')
    root = site(tmp_path, **{"locales/uk/LC_MESSAGES/messages.po": po})
    assert warnings(root) == [
        "locales/uk/LC_MESSAGES/messages.po:12:2: warning: avoid 'джобцентр' (jobcenter); use 'Джобцентр'",
    ]


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("uk", "Наші пропозиції.", ["avoid 'пропозиції' (service); use 'послуга'"]),
    ("uk", "Наша послуга.", []),
    ("en", "Our offers.", []),                                      # not avoided in English
    ("uk", "Запитайте в Джобцентрі.", ["write the German name after 'Джобцентрі' at its first mention: "
                                       "'Джобцентрі (Jobcenter)' (door rule, jobcenter)"]),
    ("uk", "Запитайте в Джобцентрі (Jobcenter).", []),
    ("uk", "джобцентр", ["avoid 'джобцентр' (jobcenter); use 'Джобцентр'"]),
    ("uk", "пам'ятка", ["write '’', not ''' (uk-apostrophe)"]),
    ("uk", "1.314 людей", ["write '1\u00a0314' with a no-break space as thousands separator in uk, not '1.314' "
                           "(number rule)"]),
    ("uk", "1\u00a0314 людей, тел. 0381 444 311 60, 18.06.2025", []),
    ("de", "1.314 Menschen", []),
    ("tr", "1.314 kişi", []),                                       # Babel: Turkish groups with a full stop
    ("ar", "1,314 مهاجرًا", []),
    ("fa", "۱۳۱۴ مهاجر", ["write the digits 0–9, not '۱۳۱۴' (number rule)"]),
    ("fr", "1\u00a0314 personnes", ["write '1\u202f314' with a narrow no-break space as thousands separator in fr, "
                                    "not '1\u00a0314' (number rule)"]),
])
def test_findings_in_one_text(lang: str, text: str, expected: list[str]) -> None:
    base = termbase.Termbase.model_validate(yaml.safe_load(TERMBASE))
    assert [f.message for f in termbase.findings(base, lang, text)] == expected


def test_names_are_not_held_to_the_door_rule(tmp_path: Path) -> None:
    """The portal adds the German name to a shown name itself (see `names.door_name`)."""
    root = site(tmp_path, services=SERVICES.replace("name: {de: Büro, en: Office}",
                                                    "name: {de: Jobcenter, en: Jobcenter, uk: Джобцентр}"))
    assert warnings(root) == []


def test_shipped_content_has_no_termbase_warnings() -> None:
    result = content.load(ROOT)
    assert result.ok
    assert [str(p) for p in result.problems] == []
    assert termbase.load(ROOT)[0] is not None


# The findings of the native review: none of these may come back, in content or catalogs.
REVIEWED = [
    "عروض", "пропозиції", "предложения", "ارزشیابی", "denklik", "Визнати свої дипломи", "Признать свои дипломы",
    "تتوسط لك", "сопровождает конфликты", "يرافق حالات النزاع", "підходить до вашого рівня",
    "подходит к вашему уровню", "Допомога при проблемах", "İlk yönlendirme", "dil aracılığı", "bilgi föyü",
    "джобцентр", "Пам'ятка", "زبان‌های قابل استفاده", "nicht geprüft“", "1.314 мігрантів", "1.314 мигрантов",
    "مركز العمل", "Пропозиції", "Предложения", "Seed ", "000_02c7e6059a3720bf", "/work/", "shared/seeds",
]


@functools.cache
def shown_texts() -> dict[str, str]:
    """Every text a visitor reads, by file: content texts, page texts, interface catalogs, sources.

    Search keywords are not shown and may keep a word visitors type ("denklik" finds recognition).
    """
    files = content.load(ROOT).files
    shown: dict[str, str] = {}
    for text in termbase.texts(ROOT, files):
        shown[text.file] = shown.get(text.file, "") + "\n" + text.text
    for name in files:  # comments and sources, too
        lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
        shown[name] = shown.get(name, "") + "\n" + "\n".join(line for line in lines if "#" in line or "source" in line)
    return shown


@pytest.mark.parametrize("variant", REVIEWED)
def test_the_reviewed_variants_occur_nowhere(variant: str) -> None:
    assert [name for name, text in shown_texts().items() if variant in text] == []


def test_no_machine_path_or_origin_file_name_in_the_content_files() -> None:
    files = [ROOT / "services.yaml", *sorted((ROOT / "content").rglob("*.*"))]
    found = [f.name for f in files for marker in ("Seed", ".txt", "/work", "shared/")
             if marker in f.read_text(encoding="utf-8")]
    assert found == []


def test_the_termbase_lists_every_concept_of_the_issue_in_every_language() -> None:
    base, problems = termbase.load(ROOT)
    assert base is not None and problems == []
    languages = content.load_or_raise(ROOT).site.languages
    ids = {term.id for term in base.terms}
    assert {"service", "counselling", "appointment", "recognition", "jobcenter", "employment-agency",
            "immigration-office", "integration-course", "buergergeld", "residence-permit", "language-course",
            "interpreting"} <= ids
    assert [term.id for term in base.terms if set(term.approved) != set(languages)] == []


def test_coverage_prints_termbase_conformance(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage", str(ROOT)]) == 0
    out = capsys.readouterr().out
    assert "termbase conformance" in out
    rows = {line.split()[0]: line.split()[-1] for line in out.split("termbase conformance")[1].splitlines()[2:]}
    assert rows == {lang: "100.0%" for lang in ("de", "en", "ar", "fa", "uk", "ru", "tr", "fr", "it", "lv")}


def test_translators_get_the_approved_terms_of_each_text(tmp_path: Path) -> None:
    root = site(tmp_path, services=_with_uk_summary())
    rows = {row["key"]: row for row in translations.export(root, "uk")}
    summary = rows["services.yaml#offers/0/summary"]
    assert summary["terms"] == [{"de": "Angebot", "uk": "послуга", "avoid": ["пропозиці*"]}]
    assert "terms" not in rows["services.yaml#offers/0/title"]


def _with_uk_summary() -> str:
    return SERVICES.replace("summary: {de: Wir beraten., en: We advise.}",
                            "summary: {de: Unser Angebot für Sie., en: Our offer for you.}")


# --- the German name for the door -------------------------------------------------------------

NAME = {"de": "Jobcenter Dresden", "en": "Jobcenter Dresden", "ar": "الجوب سنتر في دريسدن",
        "tr": "Dresden İş Ajansı", "uk": "Diakonieverband Reutlingen (об’єднання)"}


@pytest.mark.parametrize(("lang", "expected"), [
    ("ar", "الجوب سنتر في دريسدن (\u2068Jobcenter Dresden\u2069)"),   # isolated inside right-to-left text
    ("tr", "Dresden İş Ajansı (Jobcenter Dresden)"),                   # left to right: no isolation needed
    ("en", "Jobcenter Dresden"),                                       # the same as German: nothing added
    ("de", "Jobcenter Dresden"),
    ("fr", "Jobcenter Dresden"),                                       # falls back to English, which is German
])
def test_door_name_follows_the_translated_name(lang: str, expected: str) -> None:
    assert names.door_name(NAME, lang) == expected


def test_door_name_is_not_repeated_when_the_translation_contains_it() -> None:
    name = {"de": "Diakonieverband Reutlingen", "uk": "Diakonieverband Reutlingen (об’єднання)"}
    assert names.door_name(name, "uk") == "Diakonieverband Reutlingen (об’єднання)"


def test_no_translated_name_repeats_the_german_one_by_hand() -> None:
    directory = content.load_or_raise(ROOT)
    typed = [(item.id, lang) for item in (*directory.organisations, *directory.offices)
             for lang, text in item.name.items()
             if lang != "de" and f"({item.name['de']})" in text]
    assert typed == []


def test_a_name_at_the_door_says_each_german_part_once() -> None:
    """A translation that keeps part of the German name ("IntegrationsFachDienst Migration … presso …") gets the
    whole German name added after it: the visitor then reads the same German words twice."""
    directory = content.load_or_raise(ROOT)
    twice = []
    for item in (*directory.organisations, *directory.offices):
        words = item.name["de"].split()
        # three words in a row of the German name (a short brand such as "MaßArbeit kAöR" may stand twice)
        runs = [" ".join(words[i:i + 3]) for i in range(len(words) - 2)
                if all(any(c.isalpha() for c in w) for w in words[i:i + 3])]
        for lang in directory.site.languages:
            shown = names.door_name(item.name, lang).replace("\u2068", "").replace("\u2069", "")
            if any(shown.count(run) > 1 for run in runs):
                twice.append((item.id, lang, shown))
    assert twice == []


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Source: „Migrationszentrum Osnabrück feiert 10 Jahre“, OS-Radio, June 18, 2025, checked on Nov 20, 2026"),
    ("de", "Quelle: „Migrationszentrum Osnabrück feiert 10 Jahre“, OS-Radio, 18. Juni 2025, "
           "zuletzt geprüft am 20.11.2026"),
])
def test_visitors_see_the_publication_and_the_check_date(lang: str, expected: str) -> None:
    provenance = Provenance.model_validate({
        "source": {"title": "Migrationszentrum Osnabrück feiert 10 Jahre", "publisher": "OS-Radio",
                   "date": "2025-06-18"},
        "last_verified": dt.date(2026, 11, 20)})
    assert names.source_line(provenance, translator(lang)) == expected


def test_every_shipped_source_names_a_publication() -> None:
    directory = content.load_or_raise(ROOT)
    items = (*directory.organisations, *directory.offices, *directory.offers)
    assert [item.id for item in items if isinstance(item.provenance.source, str)] == []


def test_light_pages_name_offices_with_the_german_name_and_the_publication() -> None:
    from lotse import views

    directory = content.load_or_raise(ROOT)
    office = directory.office("dresden-jobcenter")
    assert office is not None
    now = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)
    page = views.office_view(directory, office, translator("ar"), now)
    assert page.name == "الجوب سنتر في دريسدن (\u2068Jobcenter Dresden\u2069)"
    offer = directory.offer("dresden-frauen")
    assert offer is not None
    places = views.offer_view(directory, offer, translator("tr"), now).places
    # Turkish keeps the German word Jobcenter, so nothing is added there; the agency is translated.
    assert [p.name for p in places] == ["Jobcenter Dresden", "Dresden İş Ajansı (Agentur für Arbeit Dresden)"]
    assert views.offer_view(directory, offer, translator("en"), now).checked.line.startswith(
        "Source: „Dresden: Neue Vereinbarung zur Integration geflüchteter Menschen“, DieSachsen.de, checked on")


def test_editor_page_shows_termbase_conformance_per_language(tmp_path: Path) -> None:
    from apptest import run

    root = site(tmp_path, **{"content/pages/about.en.md": "# About\n\nOur job centre and the offers.\n"})
    terms = "terms:\n  - id: jobcenter\n    approved: {de: Jobcenter, en: Jobcenter}\n    avoid: {en: [job centre*]}\n"
    (root / "content" / "termbase.yaml").write_text(terms, encoding="utf-8")
    at = run(root, page="editor", lang="en")
    assert not at.exception
    assert "Termbase conformance" in [s.value for s in at.subheader]
    table = next(f.value for f in at.dataframe if "Conformance" in f.value.columns)
    assert [tuple(row) for row in table.itertuples(index=False)] == [
        ("de – German", 11, 0, "100.0 %"), ("en – English", 9, 1, "88.9 %")]
