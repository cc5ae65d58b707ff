"""Exports: Open Referral HSDS 3 JSON validated against the HSDS schemas, the CSV table, and the CLI.

The HSDS 3 schemas the tests validate against are kept in tests/data/hsds-3 (CC BY-SA 4.0, see its
README), so a bare clone validates the export with nothing beside it.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pandas as pd
import pytest
from conftest import ROOT, msgstr, write_content
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from lotse import content, export
from lotse.model import Directory
from lotse.routes import tel_href

HSDS = ROOT / "tests" / "data" / "hsds-3"

MISSING = (
    f"The Open Referral HSDS 3 schemas are missing: expected {HSDS}. "
    "The HSDS export cannot be validated without them."
)


def _file(name: str) -> Path:
    """A schema by file name: the per-object schemas, then the compiled ones."""
    for folder in (HSDS, HSDS / "compiled"):
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(f"no HSDS schema named {name} in {HSDS}")


def _retrieve(uri: str) -> Resource[Any]:
    # The schemas refer to each other by bare file name ("phone.json"), also from compiled/.
    contents = json.loads(_file(uri.rsplit("/", 1)[-1]).read_text(encoding="utf-8"))
    return Resource.from_contents(contents, default_specification=DRAFT202012)


def _format_checker() -> FormatChecker:
    """jsonschema's format checks, plus `uri` and `date-time`, whose checkers need optional packages."""
    checker = FormatChecker()

    @checker.checks("uri", raises=ValueError)
    def is_uri(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return bool(parts.scheme) and (bool(parts.netloc) or parts.scheme in ("mailto", "tel"))

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value: object) -> bool:
        return not isinstance(value, str) or dt.datetime.fromisoformat(value).tzinfo is not None

    return checker


class Schemas:
    """The HSDS schemas by file name, and a validator for each that follows references between files."""

    def __init__(self) -> None:
        self.registry: Registry[Any] = Registry(retrieve=_retrieve)
        self.checker = _format_checker()
        self.validators: dict[str, Draft202012Validator] = {}

    @staticmethod
    @functools.cache
    def schema(name: str) -> dict[str, Any]:
        return dict(json.loads(_file(name).read_text(encoding="utf-8")))

    def validator(self, name: str) -> Draft202012Validator:
        if name not in self.validators:
            self.validators[name] = Draft202012Validator(self.schema(name), registry=self.registry,
                                                         format_checker=self.checker)
        return self.validators[name]

    def errors(self, name: str, instance: Any, where: str) -> list[str]:
        return [f"{where}/{'/'.join(map(str, e.absolute_path))}: {e.message}"
                for e in self.validator(name).iter_errors(instance)]


@pytest.fixture(scope="module")
def schemas() -> Schemas:
    if not (HSDS / "service.json").is_file() or not (HSDS / "compiled" / "service_with_definitions.json").is_file():
        pytest.fail(MISSING, pytrace=False)
    return Schemas()


@pytest.fixture(scope="module")
def shipped() -> Directory:
    return content.load_or_raise(ROOT)


@pytest.fixture(scope="module")
def tables(shipped: Directory) -> export.Tables:
    return export.hsds(shipped)


RICH = """\
site:
  name: {de: Testportal, en: Test portal}
  default_language: de
  languages: [de, en, ar]
  region: {south: 47.2, west: 5.8, north: 55.1, east: 15.1}
  map:
    center: {lat: 51.2, lon: 10.4}
categories:
  - id: recognition
    name: {de: Anerkennung, en: Recognition}
    description: {de: Abschlüsse anerkennen lassen., en: Getting qualifications recognised.}
  - id: language
    name: {de: Deutsch lernen, en: Learning German}
target_groups:
  - id: women
    name: {de: Frauen, en: Women}
organisations:
  - id: city
    name: {de: Stadt Jena, en: City of Jena}
    website: https://www.jena.de
    provenance: {source: test, last_verified: 2026-10-01, verified: true}
offices:
  - id: office
    organisation: city
    name: {de: Bürgerbüro, en: Citizens' office}
    address: {street: Markt 1, postal_code: "07743", city: Jena, state: TH}
    location: {lat: 50.93, lon: 11.59}
    phone: 03641 49 0
    email: buero@jena.de
    website: https://www.jena.de/buero
    languages: [de, ar, uk]
    wheelchair: limited
    hours:
      weekly:
        mon: [{from: 08:00, to: "12:00"}, {from: "13:00", to: "16:00", kind: appointment}]
        wed: [{from: 08:00, to: "12:00"}]
        fri: [{from: 08:00, to: "24:00", kind: walk_in}]
      exceptions:
        - {from: 2026-12-24, to: 2026-12-31, closed: true, note: {de: Betriebsferien, en: Company holiday}}
        - from: 2027-01-02
          slots: [{from: "10:00", to: "12:00"}]
      note: {de: Bitte Wartenummer ziehen., en: Please take a number.}
    provenance: {source: test, last_verified: 2026-11-01, verified: true}
  - id: annex
    organisation: city
    name: {de: Außenstelle, en: Annex}
    address: {street: Löbdergraben 12, postal_code: "07743", city: Jena, state: TH}
    location: {lat: 50.92, lon: 11.58}
    wheelchair: "yes"
    hours:
      weekly:
        tue: [{from: "10:00", to: "12:00"}]
    temporarily_closed: true
    closed_note: {de: Umbau bis März., en: Renovation until March.}
    provenance: {source: test, last_verified: 2025-06-01}
offers:
  - id: course
    offices: [office, annex]
    category: language
    categories: [recognition]
    target_groups: [women]
    title: {de: Deutschkurs für Frauen, en: German course for women}
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
        languages: [uk]
      - type: online
        target: https://www.jena.de/kurs
      - type: walk_in
    provenance: {source: test, last_verified: 2026-09-01, verified: true}
"""


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Directory:
    """Content that uses every field the export maps: exceptions, fees, e-mail, accessibility."""
    root = write_content(tmp_path_factory.mktemp("rich"), RICH)
    return content.load_or_raise(root, today=dt.date(2026, 11, 24))


def validation_errors(schemas: Schemas, tables: export.Tables) -> list[str]:
    errors = []
    for table, records in tables.items():
        name = f"{export.TABLES[table]}.json"
        for i, record in enumerate(records):
            errors += schemas.errors(name, record, f"{table}[{i}]")
            defined = schemas.schema(name)["properties"]
            errors += [f"{table}[{i}]: field {key!r} is not in {name}" for key in record if key not in defined]
            required = schemas.schema(name).get("tabular_required", [])
            errors += [f"{table}[{i}]: tabular field {key!r} is missing" for key in required if key not in record]
    if errors:  # nesting needs the links the errors may be about
        return errors
    tabular = {export.TABLES[table]: records for table, records in tables.items()}
    errors += schemas.errors("tabular.json", tabular, "tabular")
    for i, service in enumerate(export.nest(tables)):
        errors += schemas.errors("service_with_definitions.json", service, f"services_nested[{i}]")
    return errors


def test_shipped_content_export_validates_against_hsds3(schemas: Schemas, tables: export.Tables) -> None:
    assert validation_errors(schemas, tables) == []
    for table in ("organizations", "services", "locations", "service_at_location", "addresses", "phones",
                  "languages", "schedules", "required_documents", "cost_options", "taxonomy_terms", "attributes"):
        assert tables[table], f"{table} is empty"


def test_rich_content_export_validates_against_hsds3(schemas: Schemas, rich: Directory) -> None:
    tables = export.hsds(rich)
    assert validation_errors(schemas, tables) == []
    assert all(tables[name] for name in export.TABLES), [name for name in export.TABLES if not tables[name]]


def test_every_table_has_a_schema_and_is_named_as_hsds_names_its_file(schemas: Schemas) -> None:
    for table, obj in export.TABLES.items():
        assert schemas.schema(f"{obj}.json")["path"] == f"{table}.csv"


def test_ids_are_unique_and_references_resolve(tables: export.Tables) -> None:
    ids = Counter(record["id"] for records in tables.values() for record in records)
    assert [id for id, n in ids.items() if n > 1] == []
    known = {table: {r["id"] for r in records} for table, records in tables.items()}
    links = {"organization_id": "organizations", "service_id": "services", "location_id": "locations",
             "phone_id": "phones", "taxonomy_id": "taxonomies", "taxonomy_term_id": "taxonomy_terms"}
    dangling = [(table, field, record[field]) for table, records in tables.items() for record in records
                for field, target in links.items() if field in record and record[field] not in known[target]]
    assert dangling == []


def test_ids_are_stable_across_exports(tables: export.Tables) -> None:
    again = export.hsds(content.load_or_raise(ROOT))
    assert again == tables
    assert tables["locations"][0]["id"] == export.uid("location", tables["locations"][0]["external_identifier"])


def test_ids_are_the_ones_published_before() -> None:
    """Consumers sync on our ids: the same office, offer and phone keep the ids of earlier releases."""
    tables = export.hsds(content.load_or_raise(ROOT))
    dresden = next(loc for loc in tables["locations"] if loc["external_identifier"] == "dresden-agentur")
    assert dresden["id"] == "17fe1292-f2dd-56be-a95e-d05a0998a579"
    assert [p["id"] for p in tables["phones"] if p.get("location_id") == dresden["id"]] == [
        "49779824-48d6-57d6-bd11-9564c1376ebd"]
    assert tables["services"][0]["id"] == "8d71e30b-8b30-58c7-9e06-23727763974b"


def test_texts_are_in_the_default_language(shipped: Directory, tables: export.Tables) -> None:
    offer = shipped.offers[0]
    service = next(s for s in tables["services"] if s["id"] == export.uid("service", offer.id))
    assert service["name"] == offer.title["de"]
    assert {row["language"] for row in tables["meta_table_descriptions"]} == {"de"}
    assert {row["name"] for row in tables["meta_table_descriptions"]} == set(export.TABLES)


def test_jena_office_hours_are_tuesday_and_thursday_nine_to_twelve(tables: export.Tables) -> None:
    jena = export.uid("location", "jena-migration-office")
    rows = [s for s in tables["schedules"] if s.get("location_id") == jena]
    slots = {(day, s["opens_at"], s["closes_at"]) for s in rows for day in s["byday"].split(",")}
    assert slots == {("TU", "09:00", "12:00"), ("TH", "09:00", "12:00")}
    assert {s["freq"] for s in rows} == {"WEEKLY"}
    assert all(s["description"] for s in rows)


def test_rostock_phone_number_is_exported(tables: export.Tables) -> None:
    rostock = tel_href("0381 444 311 60")
    numbers = [p for p in tables["phones"] if tel_href(p["number"]) == rostock]
    assert {p.get("location_id") for p in numbers} >= {export.uid("location", "rostock-ifdm")}
    assert any(p.get("service_id") == export.uid("service", "rostock-berufliche-beratung") for p in numbers)
    assert numbers[0]["number"] == "+49 381 444 311 60"


def test_office_becomes_location_with_address_and_languages(tables: export.Tables) -> None:
    rostock = export.uid("location", "rostock-ifdm")
    location = next(loc for loc in tables["locations"] if loc["id"] == rostock)
    assert (location["latitude"], location["longitude"], location["location_type"]) == (54.09, 12.117, "physical")
    address = next(a for a in tables["addresses"] if a["location_id"] == rostock)
    assert address == {
        "id": export.uid("address", "rostock-ifdm"), "location_id": rostock, "address_1": "Budapester Straße 16",
        "city": "Rostock", "state_province": "DE-MV", "postal_code": "18057", "country": "DE",
        "address_type": "physical",
    }
    assert [(lang["code"], lang["name"]) for lang in tables["languages"] if lang.get("location_id") == rostock] == [
        ("de", "Deutsch")]


def test_rich_content_maps_every_field(rich: Directory) -> None:
    tables = export.hsds(rich)
    office, annex, course = (export.uid("location", "office"), export.uid("location", "annex"),
                             export.uid("service", "course"))
    schedules = {(s.get("byday"), s.get("opens_at"), s.get("closes_at"), s.get("valid_from"), s.get("valid_to"))
                 for s in tables["schedules"] if s.get("location_id") == office}
    assert schedules == {
        ("MO,WE", "08:00", "12:00", None, None),
        ("MO", "13:00", "16:00", None, None),
        ("FR", "08:00", "23:59", None, None),
        (None, None, None, "2026-12-24", "2026-12-31"),
        ("SA", "10:00", "12:00", "2027-01-02", "2027-01-02"),
    }
    closure = next(s for s in tables["schedules"] if s.get("valid_from") == "2026-12-24")
    assert closure["notes"] == "Betriebsferien"
    hotline = [s for s in tables["schedules"] if s.get("service_id") == course]
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in hotline] == [("TU", "09:00", "11:00")]
    assert [c["amount"] for c in tables["cost_options"]] == [12.5]
    assert tables["cost_options"][0]["currency"] == "EUR"
    assert tables["cost_options"][0]["amount_description"] == "pro Monat"
    assert [d["document"] for d in tables["required_documents"]] == ["Pass", "Meldebescheinigung"]
    assert {(a["location_id"], bool(a["description"])) for a in tables["accessibility"]} == {
        (office, True), (annex, True)}
    assert {c["email"] for c in tables["contacts"]} == {"buero@jena.de", "kurs@jena.de"}
    service = tables["services"][0]
    assert service["url"] == "https://www.jena.de/kurs"
    assert service["email"] == "kurs@jena.de"
    assert service["status"] == "active"
    assert service["assured_date"] == "2026-09-01"
    assert service["last_modified"] == "2026-11-01T00:00:00.000+01:00"
    assert "12,50" in service["fees_description"]
    assert service["description"] == "Ein Kurs.\n\nMit **Kinderbetreuung**."
    assert service["eligibility_description"] == "Für Frauen."
    assert service["application_process"].splitlines() == [
        "Termin telefonisch vereinbaren: 03641 49 12 (Hotline)", "E-Mail schreiben: kurs@jena.de",
        "Online buchen: https://www.jena.de/kurs", "Ohne Termin vorbeikommen: Bürgerbüro"]
    assert [(p["type"], p.get("description")) for p in tables["phones"]] == [("voice", None), ("voice", "Hotline")]
    assert [s["description"] for s in hotline] == ["Termin telefonisch vereinbaren: 03641 49 12 (Hotline): geöffnet"]
    phone = next(p for p in tables["phones"] if p.get("service_id") == course)
    assert [lang["code"] for lang in tables["languages"] if lang.get("phone_id") == phone["id"]] == ["de", "ar"]
    assert [lang["code"] for lang in tables["languages"] if lang.get("service_id") == course] == ["uk"]
    closed = next(loc for loc in tables["locations"] if loc["id"] == annex)
    assert "Umbau bis März." in closed["description"]
    terms = {t["id"]: t["code"] for t in tables["taxonomy_terms"]}
    assert sorted(terms[a["taxonomy_term_id"]] for a in tables["attributes"]) == ["language", "recognition", "women"]
    nested = export.nest(tables)[0]
    assert [sal["location"]["name"] for sal in nested["service_at_locations"]] == ["Bürgerbüro", "Außenstelle"]
    assert nested["organization"]["name"] == "Stadt Jena"


def test_nested_services_carry_everything_a_reader_needs(rich: Directory) -> None:
    """The nested file is what most HSDS readers take: each service with its own records inside."""
    service = export.nest(export.hsds(rich))[0]
    assert [[lang["code"] for lang in p["languages"]] for p in service["phones"]] == [["de", "ar"]]
    assert [(s["byday"], s["opens_at"]) for s in service["schedules"]] == [("TU", "09:00")]
    assert [lang["code"] for lang in service["languages"]] == ["uk"]
    assert [c["email"] for c in service["contacts"]] == ["kurs@jena.de"]
    assert [d["document"] for d in service["required_documents"]] == ["Pass", "Meldebescheinigung"]
    assert [c["amount"] for c in service["cost_options"]] == [12.5]
    assert sorted(a["taxonomy_term"]["code"] for a in service["attributes"]) == ["language", "recognition", "women"]
    office = service["service_at_locations"][0]["location"]
    assert [(a["address_1"], a["city"]) for a in office["addresses"]] == [("Markt 1", "Jena")]
    assert len(office["phones"]) == 1 and office["phones"][0]["number"] == "+49 3641 49 0"
    assert [lang["code"] for lang in office["languages"]] == ["de", "ar", "uk"]
    assert len(office["accessibility"]) == 1
    assert ("MO,WE", "08:00") in {(s.get("byday"), s.get("opens_at")) for s in office["schedules"]}
    assert [c["email"] for c in office["contacts"]] == ["buero@jena.de"]


def test_write_hsds_writes_one_file_per_table_and_the_nested_services(tmp_path: Path, shipped: Directory) -> None:
    export.write_hsds(shipped, tmp_path / "new" / "hsds")  # folders made as needed, and written over again
    written = export.write_hsds(shipped, tmp_path / "new" / "hsds")
    tmp_path = tmp_path / "new"
    assert sorted(p.name for p in written) == sorted([f"{t}.json" for t in export.TABLES] + ["services_nested.json"])
    services = json.loads((tmp_path / "hsds" / "services.json").read_text(encoding="utf-8"))
    assert len(services) == len(shipped.offers)
    nested = json.loads((tmp_path / "hsds" / "services_nested.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in nested] == [s["id"] for s in services]
    text = (tmp_path / "hsds" / "locations.json").read_text(encoding="utf-8")
    assert text.startswith('[\n  {\n    "id": ')  # readable for people checking a file by hand
    assert "Osnabrück" in text  # as written, not as \u escapes


def read_csv(data: bytes, lang: str = "de") -> pd.DataFrame:
    sep, decimal = export.csv_dialect(lang)
    return pd.read_csv(io.BytesIO(data), sep=sep, decimal=decimal, encoding="utf-8-sig",
                       dtype={"postal_code": str}, keep_default_na=False)


def test_csv_has_one_row_per_offer_and_office_with_german_titles(shipped: Directory) -> None:
    data = export.csv_bytes(shipped, "de")
    assert data.startswith(b"\xef\xbb\xbf")
    frame = read_csv(data)
    assert list(frame.columns) == list(export.CSV_COLUMNS)
    pairs = [(offer.id, office) for offer in shipped.offers for office in offer.offices]
    assert list(zip(frame["offer_id"], frame["office_id"], strict=True)) == pairs
    titles = {offer.id: offer.title["de"] for offer in shipped.offers}
    assert list(frame["title"]) == [titles[o] for o, _ in pairs]
    jena = frame[frame["office_id"] == "jena-migration-office"].iloc[0]
    assert (jena["postal_code"], jena["city"], jena["state"]) == ("07743", "Jena", "TH")
    assert jena["lat"] == pytest.approx(50.9277)
    assert jena["hours"].count("09:00") == 2
    rostock = frame[frame["office_id"] == "rostock-ifdm"].iloc[0]
    assert rostock["phone"] == "0381 444 311 60"
    assert rostock["first_route"].endswith("0381 444 311 60 (Ansprechpartner laut Pressemitteilung 2009 war Michael Hugo.)")
    assert set(frame["last_verified"]) == {"2026-11-20"}


def test_csv_follows_the_spreadsheet_conventions_of_its_language(shipped: Directory) -> None:
    assert export.csv_dialect("de") == (";", ",")
    assert export.csv_dialect("en") == (",", ".")
    english = read_csv(export.csv_bytes(shipped, "en"), "en")
    assert english["title"].iloc[0] == shipped.offers[0].title["en"]
    assert english["lat"].dtype == float


def test_csv_of_rich_content(rich: Directory, tmp_path: Path) -> None:
    path = export.write_csv(rich, tmp_path / "out" / "offers.de.csv", "de")
    frame = read_csv(path.read_bytes())
    assert list(frame["office_id"]) == ["office", "annex"]
    office, annex = frame.iloc[0], frame.iloc[1]
    assert office["languages"] == "Deutsch; Arabisch; Ukrainisch"
    assert office["email"] == "buero@jena.de"
    assert "12,50" in office["cost"] and "pro Monat" in office["cost"]
    assert office["category"] == "Deutsch lernen; Anerkennung"
    assert office["verified"] and not annex["verified"]
    assert annex["last_verified"] == "2025-06-01"
    assert annex["hours"] != "" and office["hours"].count(";") == 2


def test_csv_rows_say_what_the_office_card_says(rich: Directory, tmp_path: Path) -> None:
    """Each column as a visitor or staff member reads it, in the export's language."""
    export.write_csv(rich, tmp_path / "a" / "b" / "offers.csv", "de")
    path = export.write_csv(rich, tmp_path / "a" / "b" / "offers.csv", "de")  # written over again
    office, annex = read_csv(path.read_bytes()).to_dict("records")
    assert office["target_groups"] == annex["target_groups"] == "Frauen"
    assert (office["lat"], office["lon"]) == (pytest.approx(50.93), pytest.approx(11.59))
    assert (office["website"], annex["website"]) == ("https://www.jena.de/buero", "")
    assert (annex["phone"], annex["email"]) == ("", "")
    assert office["wheelchair"] == msgstr("de", "Partly wheelchair accessible")
    assert annex["wheelchair"] == msgstr("de", "Wheelchair accessible")
    assert re.fullmatch(r"12,50\s€ pro Monat", office["cost"])
    assert [day.split(":")[0] for day in office["hours"].split("; ")] == ["Montag", "Mittwoch", "Freitag"]
    closed, *days = annex["hours"].split("; ")
    assert closed == msgstr("de", "Temporarily closed") and [d.split(":")[0] for d in days] == ["Dienstag"]


def test_csv_of_the_shipped_content_names_free_offers_and_unknown_access(shipped: Directory) -> None:
    frame = read_csv(export.csv_bytes(shipped, "de"))
    free = {offer.id for offer in shipped.offers if offer.cost.free and not offer.cost.note}
    assert free and set(frame[frame["offer_id"].isin(free)]["cost"]) == {msgstr("de", "Free of charge")}
    unknown = {office.id for office in shipped.offices if office.wheelchair.value == "unknown"}
    rows = frame[frame["office_id"].isin(unknown)]
    assert len(rows) > 0 and set(rows["wheelchair"]) == {msgstr("de", "Wheelchair access unknown")}


def lotse(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lotse", *args], cwd=ROOT, capture_output=True, text=True)


def test_cli_writes_hsds_files(tmp_path: Path) -> None:
    out = lotse("export", "--format", "hsds", "--out", str(tmp_path / "hsds"), "--root", str(ROOT))
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "hsds" / "services.json").is_file()
    assert (tmp_path / "hsds" / "services_nested.json").is_file()
    assert len(out.stdout.splitlines()) == len(export.TABLES) + 1


def test_cli_writes_csv_in_the_chosen_language(tmp_path: Path) -> None:
    out = lotse("export", "--format", "csv", "--lang", "en", "--out", str(tmp_path), "--root", str(ROOT))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(tmp_path / "offers.en.csv")
    assert read_csv((tmp_path / "offers.en.csv").read_bytes(), "en")["title"].iloc[0] == \
        "Social and educational counselling for refugees"


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "csv", "--lang", "xx"], "unknown language 'xx'; use one of de, en, ar, fa, uk, ru, tr, fr, it, lv"),
    (["--format", "hsds", "--lang", "en"],
     "--lang applies to --format csv only: HSDS records are in the default language 'de'"),
])
def test_cli_rejects_bad_options(tmp_path: Path, args: list[str], message: str) -> None:
    out = lotse("export", *args, "--out", str(tmp_path), "--root", str(ROOT))
    assert out.returncode == 1
    assert out.stderr.strip() == message
    assert list(tmp_path.iterdir()) == []


def test_cli_does_not_export_broken_content(tmp_path: Path) -> None:
    root = write_content(tmp_path / "site", RICH.replace("category: language", "category: nope"))
    out = lotse("export", "--format", "csv", "--out", str(tmp_path / "out"), "--root", str(root))
    assert out.returncode == 1
    assert "unknown category 'nope'" in out.stderr
    assert not (tmp_path / "out").exists()
