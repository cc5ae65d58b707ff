"""Validation of content: each broken input gives the exact `file:line:column: message`."""

import datetime as dt
from pathlib import Path

import pytest
from conftest import SERVICES, write_content

from lotse import content
from lotse.problems import ContentError

TODAY = dt.date(2026, 11, 24)
THU = '        thu: [{from: 09:00, to: "12:00", kind: appointment}]'
PROVENANCE_BEFORE_OFFERS = "    provenance: {source: test, last_verified: 2026-11-01}\noffers"


def problems_after(tmp_path: Path, old: str, new: str) -> list[str]:
    assert old in SERVICES, old
    root = write_content(tmp_path, SERVICES.replace(old, new, 1))
    return [str(p) for p in content.load(root, today=TODAY).problems]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("    name: {de: Büro, en: Office}\n", "    nmae: {de: Büro, en: Office}\n",
         ["services.yaml:19:5: error: missing required key 'name'",
          "services.yaml:21:5: error: unknown key 'nmae' (did you mean 'name'?)"]),
        ("category: recognition", "category: recogniton",
         ["services.yaml:32:5: error: unknown category 'recogniton' (did you mean 'recognition'?)"]),
        ("lat: 50.93, lon: 11.59", "lat: 11.59, lon: 50.93",
         ["services.yaml:23:5: error: coordinates 11.59, 50.93 lie outside the region "
          "(47.2..55.1 N, 5.8..15.1 E); are latitude and longitude swapped?"]),
        ("target: 03641 49 0", "target: call us",
         ["services.yaml:38:9: error: routes.phone.target: not a phone number: 'call us' "
          "(digits, spaces, +, /, - and parentheses, e.g. 0381 444 311 60)"]),
        ("type: phone", "type: fax",
         ["services.yaml:37:9: error: routes: unknown route type; use one of phone, walk_in, online, email, referral"]),
        (THU, '        thu: [{from: 09:00, to: "08:00"}]',
         ["services.yaml:27:15: error: hours.weekly.thu: slot ends at 08:00, before it starts at 09:00"]),
        (THU, '        thu: [{from: 09:00, to: "12:00"}, {from: "11:00", to: "13:00"}]',
         ["services.yaml:27:9: error: hours.weekly.thu: slots overlap: 09:00-12:00 and 11:00-13:00"]),
        (THU, '        thu: [{from: 9am, to: "12:00"}]',
         ["services.yaml:27:16: error: hours.weekly.thu.from: time must be HH:MM, e.g. 09:00 or 16:30, not '9am'"]),
        ("title: {de: Beratung, en: Counselling}", "title: {en: Counselling}",
         ["services.yaml:34:5: error: title: text in the default language 'de' is required"]),
        ("title: {de: Beratung, en: Counselling}", "title: {de: Beratung, en: Counselling, xx: Foo}",
         ["services.yaml:34:44: error: unknown language code 'xx'"]),
        ("  - id: counselling\n", "  - id: counselling\n    offices: [office]\n",
         ["services.yaml:32:5: error: duplicate key 'offices' (first at line 31); "
          "remove one of them, YAML would silently keep only the last"]),
        (PROVENANCE_BEFORE_OFFERS, "    website: javascript:alert(1)\n" + PROVENANCE_BEFORE_OFFERS,
         ["services.yaml:28:5: error: website: link must start with https://, http://, tel: or mailto:, "
          "not 'javascript:alert(1)'"]),
        ("    offices: [office]", "    offices: [Office 1]",
         ["services.yaml:31:15: error: offices: an id has lower-case letters, digits and hyphens only, "
          "e.g. jena-migration-office"]),
        ("    offices: [office]", "    offices: [ofice]",
         ["services.yaml:31:15: error: unknown office 'ofice' (did you mean 'office'?)"]),
        ("wheelchair", "wheelchair", []),
        (PROVENANCE_BEFORE_OFFERS, PROVENANCE_BEFORE_OFFERS.replace("2026-11-01", "2024-11-01"),
         ["services.yaml:28:32: warning: last verified 753 days ago (2024-11-01); please check the facts"]),
        ("title: {de: Beratung, en: Counselling}", "title: {de: Beratung}",
         ["services.yaml:30:5: warning: missing translations (en: title)"]),
        (PROVENANCE_BEFORE_OFFERS, PROVENANCE_BEFORE_OFFERS.replace("2026-11-01", "2099-01-01"),
         ["services.yaml:28:32: error: last_verified 2099-01-01 lies in the future; use the date you checked"]),
        ("    name: {de: Stadt Jena, en: City of Jena}\n", "    name: {de: Stadt Jena, en: City of Jena}\n    zzz: 1\n",
         ["services.yaml:17:5: error: unknown key 'zzz'; allowed here: description, id, name, provenance, website"]),
        ("    center: {lat: 51.2, lon: 10.4}", "    center: {lat: 51.2, lon: 10.4}\n    zoom: many",
         ["services.yaml:8:5: error: site.map.zoom: Input should be a valid integer, unable to parse string as an integer"]),
        ("target_groups: [women]", "target_groups: [wimen]",
         ["services.yaml:33:21: error: unknown target group 'wimen' (did you mean 'women'?)"]),
        ("      - type: phone\n        target: 03641 49 0", "      - type: referral\n        target: ofice",
         ["services.yaml:38:9: error: unknown office 'ofice' (did you mean 'office'?)"]),
        ("languages: [de, en]", "languages: [en]",
         ["services.yaml:1:1: error: the default language 'de' must be listed in site.languages"]),
        (PROVENANCE_BEFORE_OFFERS, PROVENANCE_BEFORE_OFFERS.replace("test,", "test, unverified: [adress],"),
         ["services.yaml:28:45: error: provenance.unverified: 'adress' is not allowed; use 'address', 'location', 'phone', "
          "'email', 'website', 'hours', 'documents', 'routes', 'languages', 'wheelchair' or 'cost'"]),
    ],
)
def test_problem_is_reported_at_its_node(tmp_path: Path, old: str, new: str, expected: list[str]) -> None:
    if old == "wheelchair":  # the unchanged fixture is clean
        old = new = "id: counselling"
    assert problems_after(tmp_path, old, new) == expected


def test_an_unknown_site_language_is_an_error_and_its_texts_are_asked_for(tmp_path: Path) -> None:
    problems = problems_after(tmp_path, "languages: [de, en]", "languages: [de, en, qq]")
    assert problems[0] == "services.yaml:1:1: error: unknown language code 'qq' in site settings"
    assert "services.yaml:30:5: warning: missing translations (qq: title, summary)" in problems


def test_page_files_that_cannot_be_shown_are_named(tmp_path: Path) -> None:
    root = write_content(tmp_path, **{"content/pages/notes.md": "# Notizen\n"})
    (root / "content/pages/about.en.md").write_bytes(b"\xff\xfe not UTF-8")
    assert [str(p) for p in content.load(root, today=TODAY).problems] == [
        "content/pages/about.en.md:1:1: error: not a UTF-8 text file",
        "content/pages/notes.md:1:1: error: page files are named NAME.LANG.md with NAME one of welcome, about, "
        "privacy, imprint"]


def test_a_folder_named_like_a_yaml_file_is_not_included(tmp_path: Path) -> None:
    root = write_content(tmp_path, SERVICES + "include:\n  - content/*.yaml\n",
                         **{"content/more.yaml": "organisations: []\n"})
    (root / "content" / "odd.yaml").mkdir()
    result = content.load(root, today=TODAY)
    assert result.ok and result.problems == []


MORE_OFFERS = """\
offers:
  - id: course
    offices: [ofice]
    category: recognition
    title: {de: Kurs, en: Course}
    summary: {de: Wir lehren., en: We teach.}
    provenance: {source: test, last_verified: 2024-11-01}
"""


def test_a_clean_file_does_not_end_the_checks_of_the_files_after_it(tmp_path: Path) -> None:
    root = write_content(tmp_path, SERVICES + "include:\n  - content/more.yaml\n", **{"content/more.yaml": MORE_OFFERS})
    assert [str(p) for p in content.load(root, today=TODAY).problems] == [
        "content/more.yaml:3:15: error: unknown office 'ofice' (did you mean 'office'?)",
        "content/more.yaml:7:32: warning: last verified 753 days ago (2024-11-01); please check the facts"]


def test_every_problem_is_collected_not_just_the_first(tmp_path: Path) -> None:
    broken = SERVICES.replace("category: recognition", "category: nope").replace("lat: 50.93", "lat: 80.0")
    root = write_content(tmp_path, broken)
    result = content.load(root, today=TODAY)
    assert len(result.errors) == 2
    assert result.directory is None
    with pytest.raises(ContentError) as info:
        content.load_or_raise(root, today=TODAY)
    assert "unknown category 'nope'" in str(info.value)


def test_duplicate_ids_name_the_first_place(tmp_path: Path) -> None:
    extra = "  - id: city\n    name: {de: Zweite}\n    provenance: {source: test, last_verified: 2026-11-01}\noffices:"
    problems = problems_after(tmp_path, "offices:", extra)
    assert problems[0] == "services.yaml:18:5: error: duplicate id 'city' (first defined at services.yaml:15)"


def test_included_files_report_their_own_name(tmp_path: Path) -> None:
    services = SERVICES + "include:\n  - more/*.yaml\n"
    more = "offers:\n  - id: second\n    offices: [office]\n    category: recognition\n    title: {de: Zwei}\n"
    root = write_content(tmp_path, services, **{"more/extra.yaml": more})
    problems = [str(p) for p in content.load(root, today=TODAY).problems]
    assert problems == [
        "more/extra.yaml:2:5: error: missing required key 'summary'",
        "more/extra.yaml:2:5: error: missing required key 'provenance'",
    ]


def test_include_outside_the_folder_is_refused(tmp_path: Path) -> None:
    root = write_content(tmp_path / "site", SERVICES + "include:\n  - ../*.yaml\n")
    (tmp_path / "secret.yaml").write_text("offers: []\n")
    problems = [str(p) for p in content.load(root, today=TODAY).problems]
    assert problems == ["services.yaml:41:5: error: include '../*.yaml' leaves the content folder (..); "
                        "name files inside it, e.g. content/directory/*.yaml"]


def test_valid_content_becomes_a_directory(content_dir: Path) -> None:
    directory = content.load_or_raise(content_dir, today=TODAY)
    office = directory.office("office")
    assert office is not None and office.address.city == "Jena"
    assert [o.id for o in directory.offers_at("office")] == ["counselling"]
    assert directory.offer("missing") is None


def test_leading_zeros_are_kept_not_read_as_octal(tmp_path: Path) -> None:
    services = SERVICES.replace('postal_code: "07743"', "postal_code: 07743").replace("target: 03641 49 0", "target: 0364123")
    directory = content.load_or_raise(write_content(tmp_path, services), today=TODAY)
    office, offer = directory.office("office"), directory.offer("counselling")
    assert office is not None and office.address.postal_code == "07743"
    assert offer is not None and offer.routes[0].target == "0364123"


def test_missing_default_language_page_is_an_error(tmp_path: Path) -> None:
    root = write_content(tmp_path)
    (root / "content" / "pages" / "privacy.de.md").unlink()
    problems = [str(p) for p in content.load(root, today=TODAY).problems]
    assert problems == [
        "content/pages/privacy.de.md:1:1: error: page text 'privacy' in the default language is missing; create this file"
    ]
