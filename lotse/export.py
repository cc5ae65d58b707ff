"""Exports of the directory for other systems: Open Referral HSDS 3 JSON and a flat CSV table.

`hsds` maps the content to the HSDS 3 tables (organisations → organizations, offers →
services, offices → locations with addresses, phones, languages and accessibility,
office hours → RFC 5545 schedules, documents, costs, categories and target groups as
taxonomy terms); `nest` builds the compiled form, one fully nested service per offer,
as the HSDS API returns it. HSDS holds one language per record, so every text is in
the site's default language, the one every editor must fill in; each table's language
is stated in `meta_table_descriptions`. Record ids are uuid5 of our ids, so repeated
exports of the same content give the same ids. Times are local to the site's time zone
(HSDS's fixed UTC offset cannot express daylight saving). `csv_bytes` is one row per
offer and office in any language, formatted for a spreadsheet in that language's locale.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
from babel import numbers

from lotse.hours import kind_label, weekly_rows
from lotse.i18n import Translator, locale, resolve, translator
from lotse.model import (
    Directory,
    EmailRoute,
    Hours,
    Offer,
    Office,
    OnlineRoute,
    Organisation,
    PhoneRoute,
    Slot,
    Weekday,
    Wheelchair,
)
from lotse.routes import Action, actions, international

Record = dict[str, Any]
Tables = dict[str, list[Record]]

NAMESPACE = uuid.UUID("c6b932a6-ca5b-5c4f-bd94-4c78dcafe28d")
"""uuid5 namespace of every exported id; changing it changes every id other directories hold."""

TABLES: dict[str, str] = {
    "organizations": "organization",
    "services": "service",
    "locations": "location",
    "service_at_location": "service_at_location",
    "addresses": "address",
    "phones": "phone",
    "languages": "language",
    "accessibility": "accessibility",
    "schedules": "schedule",
    "required_documents": "required_document",
    "cost_options": "cost_option",
    "contacts": "contact",
    "taxonomies": "taxonomy",
    "taxonomy_terms": "taxonomy_term",
    "attributes": "attribute",
    "meta_table_descriptions": "meta_table_description",
}
"""HSDS table (its file name, as in the schemas' `path`) → HSDS object (its schema's name)."""

NESTED = "services_nested"
"""File name of the compiled form: a list of fully nested services."""

CSV_COLUMNS = (
    "offer_id", "title", "category", "target_groups", "office_id", "office", "street", "postal_code", "city",
    "state", "lat", "lon", "phone", "email", "website", "languages", "wheelchair", "cost", "first_route",
    "hours", "last_verified", "verified",
)

_BYDAY = {day: day.value[:2].upper() for day in Weekday}


def uid(*parts: str) -> str:
    """The stable HSDS id of one of our records, e.g. uid("location", "jena-migration-office")."""
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


def _hhmm(value: dt.time) -> str:
    # "24:00" (end of day) is held as 23:59:59; HSDS wants HH:MM and most readers reject 24:00.
    return f"{value:%H:%M}"


def _clean(record: Record) -> Record:
    """HSDS fields are typed strings or numbers, never null: leave out what we do not know."""
    return {key: value for key, value in record.items() if value is not None and value != []}


def _route_line(action: Action) -> str:
    """One appointment route as a sentence: what to do, and where or whom."""
    line = action.label if action.kind == "referral" else f"{action.label}: {action.target}"
    return f"{line} ({action.note})" if action.note else line


class _Hsds:
    """Builds the HSDS tables of one directory, texts in its default language."""

    def __init__(self, directory: Directory):
        self.d = directory
        self.site = directory.site
        self.lang = self.site.default_language
        self.t: Translator = translator(self.lang)
        self.tables: Tables = {name: [] for name in TABLES}
        self.seen: set[str] = set()

    def text(self, value: dict[str, str] | None) -> str | None:
        if not value:
            return None
        return resolve(value, self.lang, self.site.fallback, self.lang).text

    def add(self, table: str, record: Record) -> str:
        if record["id"] not in self.seen:
            self.seen.add(record["id"])
            self.tables[table].append(_clean(record))
        return str(record["id"])

    def run(self) -> Tables:
        self.taxonomies()
        for org in self.d.organisations:
            self.organization(org)
        for office in self.d.offices:
            self.location(office)
        for offer in self.d.offers:
            self.service(offer)
        for table in TABLES:
            self.add("meta_table_descriptions", {
                "id": uid("meta_table_description", table),
                "name": table,
                "language": self.lang,
                "character_set": "UTF-8",
            })
        return self.tables

    def taxonomies(self) -> None:
        site_name = self.text(self.site.name)
        for key, label, items in (
            ("categories", self.t("Category"), self.d.categories),
            ("target_groups", self.t("Target group"), self.d.target_groups),
        ):
            taxonomy = self.add("taxonomies", {
                "id": uid("taxonomy", key),
                "name": f"{site_name}: {label}",
                "description": f"{site_name}: {label}",
            })
            for item in items:
                name = self.text(item.name) or item.id
                self.add("taxonomy_terms", {
                    "id": uid("taxonomy_term", key, item.id),
                    "code": item.id,
                    "name": name,
                    "description": self.text(getattr(item, "description", None)) or name,
                    "taxonomy_id": taxonomy,
                    "language": self.lang,
                })

    def organization(self, org: Organisation) -> None:
        self.add("organizations", {
            "id": uid("organization", org.id),
            "name": self.text(org.name),
            "description": self.text(org.description) or "",
            "website": org.website,
        })

    def location(self, office: Office) -> None:
        location = uid("location", office.id)
        closed = None
        if office.temporarily_closed:
            closed = " ".join(filter(None, [self.t("Temporarily closed"), self.text(office.closed_note)]))
        self.add("locations", {
            "id": location,
            "location_type": "physical",
            "organization_id": uid("organization", office.organisation),
            "name": self.text(office.name),
            "description": closed,
            "latitude": office.location.lat,
            "longitude": office.location.lon,
            "external_identifier": office.id,
            "external_identifier_type": "lotse office id",
        })
        a = office.address
        self.add("addresses", {
            "id": uid("address", office.id),
            "location_id": location,
            "address_1": a.street,
            "city": a.city,
            # Our federal-state codes are the ISO 3166-2 subdivision codes of Germany.
            "state_province": f"DE-{a.state.value}",
            "postal_code": a.postal_code,
            "country": "DE",
            "address_type": "physical",
        })
        if office.phone:
            self.add("phones", {
                "id": uid("phone", "location", office.id),
                "location_id": location,
                "number": international(office.phone),
                "type": "voice",
            })
        if office.email:
            self.add("contacts", {"id": uid("contact", "location", office.id), "location_id": location,
                                  "email": office.email})
        for code in office.languages:
            self.language(uid("language", "location", office.id, code), code, location_id=location)
        if office.wheelchair != Wheelchair.unknown:
            label = {
                Wheelchair.yes: self.t("Wheelchair accessible"),
                Wheelchair.limited: self.t("Partly wheelchair accessible"),
                Wheelchair.no: self.t("Not wheelchair accessible"),
            }[office.wheelchair]
            self.add("accessibility", {"id": uid("accessibility", office.id), "location_id": location,
                                       "description": label})
        if office.hours is not None:
            self.schedules(office.hours, ("location", office.id), location_id=location)

    def language(self, id: str, code: str, **link: str) -> None:
        self.add("languages", {"id": id, **link, "name": self.t.language_name(code), "code": code})

    def schedules(self, hours: Hours, key: tuple[str, ...], description: str | None = None, **link: str) -> None:
        """Weekly slots (the same slot on several days is one row) and dated exceptions."""
        notes = self.text(hours.note)
        days: dict[tuple[dt.time, dt.time, str], list[Weekday]] = {}
        slots: dict[tuple[dt.time, dt.time, str], Slot] = {}
        for weekday in Weekday:
            for slot in hours.weekly.get(weekday, []):
                group = (slot.start, slot.end, slot.kind.value)
                days.setdefault(group, []).append(weekday)
                slots[group] = slot
        for group, on in days.items():
            slot = slots[group]
            self.add("schedules", {
                "id": uid("schedule", *key, "weekly", _hhmm(slot.start), _hhmm(slot.end), slot.kind.value),
                **link,
                "freq": "WEEKLY",
                "byday": ",".join(_BYDAY[day] for day in on),
                "opens_at": _hhmm(slot.start),
                "closes_at": _hhmm(slot.end),
                "description": self._describe(description, kind_label(slot.kind, self.t)),
                "notes": notes,
            })
        for exc in hours.exceptions:
            span = [exc.start + dt.timedelta(days=i) for i in range(min((exc.last - exc.start).days + 1, 7))]
            common = {
                **link,
                "valid_from": exc.start.isoformat(),
                "valid_to": exc.last.isoformat(),
                "notes": self.text(exc.note) or notes,
            }
            if exc.closed:
                self.add("schedules", {
                    "id": uid("schedule", *key, "exception", exc.start.isoformat(), "closed"),
                    **common,
                    "description": self._describe(description, self.t("closed")),
                })
            for slot in exc.slots:
                self.add("schedules", {
                    "id": uid("schedule", *key, "exception", exc.start.isoformat(), _hhmm(slot.start)),
                    **common,
                    "dtstart": exc.start.isoformat(),
                    "until": exc.last.isoformat(),
                    "freq": "WEEKLY",
                    "byday": ",".join(_BYDAY[day] for day in Weekday if any(d.weekday() == day.number for d in span)),
                    "opens_at": _hhmm(slot.start),
                    "closes_at": _hhmm(slot.end),
                    "description": self._describe(description, kind_label(slot.kind, self.t)),
                })

    @staticmethod
    def _describe(prefix: str | None, text: str) -> str:
        return f"{prefix}: {text}" if prefix else text

    def service(self, offer: Offer) -> None:
        service = uid("service", offer.id)
        offices = [o for o in (self.d.office(i) for i in offer.offices) if o is not None]
        organisations = [o for o in (self.d.organisation(x.organisation) for x in offices) if o is not None]
        # HSDS gives a service one organisation: the one of the offer's first office. The
        # other offices' organisations stay linked through their locations.
        organisation = offices[0].organisation
        # HSDS's last_modified covers related records too: the latest check of offer, offices, organisations.
        verified = [offer.provenance.last_verified, *(x.provenance.last_verified for x in offices),
                    *(o.provenance.last_verified for o in organisations)]
        changed = dt.datetime.combine(max(verified), dt.time(0), tzinfo=ZoneInfo(self.site.timezone))
        steps = actions(offer, self.d, self.t)
        self.add("services", {
            "id": service,
            "organization_id": uid("organization", organisation),
            "name": self.text(offer.title),
            "description": "\n\n".join(filter(None, [self.text(offer.summary), self.text(offer.description)])),
            "url": next((r.target for r in offer.routes
                         if isinstance(r, OnlineRoute) and r.target.startswith(("https://", "http://"))), None),
            "email": next((r.target for r in offer.routes if isinstance(r, EmailRoute)), None),
            "status": "temporarily closed" if all(x.temporarily_closed for x in offices) else "active",
            "application_process": "\n".join(_route_line(a) for a in steps) or None,
            "fees_description": self.fees(offer),
            "eligibility_description": self.text(offer.eligibility),
            "assured_date": offer.provenance.last_verified.isoformat(),
            "last_modified": changed.isoformat(timespec="milliseconds"),
        })
        for office in offices:
            self.add("service_at_location", {
                "id": uid("service_at_location", offer.id, office.id),
                "service_id": service,
                "location_id": uid("location", office.id),
            })
        for route, action in zip(offer.routes, steps, strict=True):
            key = ("service", offer.id, route.type, str(route.target or offer.offices[0]))
            if isinstance(route, PhoneRoute):
                phone = self.add("phones", {
                    "id": uid("phone", *key),
                    "service_id": service,
                    "number": international(route.target),
                    "type": "voice",
                    "description": self.text(route.note),
                })
                for code in route.languages:
                    self.language(uid("language", *key, code), code, phone_id=phone)
            else:
                for code in route.languages:
                    self.language(uid("language", *key, code), code, service_id=service,
                                  note=action.label)
            if isinstance(route, EmailRoute):
                self.add("contacts", {"id": uid("contact", *key), "service_id": service, "email": route.target})
            if route.hours is not None:
                self.schedules(route.hours, key, description=_route_line(action), service_id=service)
        for index, document in enumerate(offer.documents):
            self.add("required_documents", {
                "id": uid("required_document", offer.id, str(index)),
                "service_id": service,
                "document": self.text(document),
            })
        self.add("cost_options", {
            "id": uid("cost_option", offer.id),
            "service_id": service,
            "option": self.t("Free of charge") if offer.cost.free else None,
            "currency": "EUR",
            "amount": 0 if offer.cost.free else float(offer.cost.amount or 0),
            "amount_description": self.text(offer.cost.note),
        })
        for taxonomy, ids in (("categories", offer.all_categories), ("target_groups", offer.target_groups)):
            for item in ids:
                self.add("attributes", {
                    "id": uid("attribute", "service", offer.id, taxonomy, item),
                    "link_id": service,
                    "link_entity": "service",
                    "taxonomy_term_id": uid("taxonomy_term", taxonomy, item),
                })

    def fees(self, offer: Offer) -> str:
        cost = offer.cost
        amount = self.t("Free of charge") if cost.free else self.t.money(cost.amount)
        return " ".join(filter(None, [amount, self.text(cost.note)]))


def hsds(directory: Directory) -> Tables:
    """The HSDS 3 tables of `directory`, keyed by table name (see `TABLES`), each a list of records."""
    return _Hsds(directory).run()


def _by(records: Iterable[Record], field: str) -> dict[str, list[Record]]:
    out: dict[str, list[Record]] = {}
    for record in records:
        if field in record:
            out.setdefault(record[field], []).append(record)
    return out


def nest(tables: Tables) -> list[Record]:
    """The compiled form: one fully nested service per service record, as HSDS's `/services/{id}`."""
    orgs = {o["id"]: o for o in tables["organizations"]}
    locations = {loc["id"]: loc for loc in tables["locations"]}
    terms = {term["id"]: term for term in tables["taxonomy_terms"]}
    index = {name: {field: _by(tables[name], field) for field in ("service_id", "location_id", "phone_id", "link_id")}
             for name in ("addresses", "phones", "languages", "accessibility", "schedules", "contacts",
                          "required_documents", "cost_options", "service_at_location", "attributes")}

    def of(name: str, field: str, id: str) -> list[Record]:
        return index[name][field].get(id, [])

    def phones(field: str, id: str) -> list[Record]:
        return [_clean({**p, "languages": of("languages", "phone_id", p["id"])}) for p in of("phones", field, id)]

    def location(id: str) -> Record:
        return _clean({
            **locations[id],
            "addresses": of("addresses", "location_id", id),
            "phones": phones("location_id", id),
            "languages": of("languages", "location_id", id),
            "accessibility": of("accessibility", "location_id", id),
            "schedules": of("schedules", "location_id", id),
            "contacts": of("contacts", "location_id", id),
        })

    services = []
    for service in tables["services"]:
        id = service["id"]
        services.append(_clean({
            **service,
            "organization": orgs[service["organization_id"]],
            "service_at_locations": [{**sal, "location": location(sal["location_id"])}
                                     for sal in of("service_at_location", "service_id", id)],
            "phones": phones("service_id", id),
            "schedules": of("schedules", "service_id", id),
            "languages": of("languages", "service_id", id),
            "contacts": of("contacts", "service_id", id),
            "required_documents": of("required_documents", "service_id", id),
            "cost_options": of("cost_options", "service_id", id),
            "attributes": [{**a, "taxonomy_term": terms[a["taxonomy_term_id"]]}
                           for a in of("attributes", "link_id", id)],
        }))
    return services


def _write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def write_hsds(directory: Directory, out_dir: Path) -> list[Path]:
    """Write one JSON file per HSDS table plus `services_nested.json`; return the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = hsds(directory)
    written = [_write_json(out_dir / f"{name}.json", records) for name, records in tables.items()]
    written.append(_write_json(out_dir / f"{NESTED}.json", nest(tables)))
    return written


def csv_rows(directory: Directory, lang: str) -> list[Record]:
    """One row per offer and office, texts in `lang` (with the usual fallback), values as shown."""
    site = directory.site
    t = translator(lang)

    def text(value: dict[str, str] | None) -> str:
        return resolve(value, lang, site.fallback, site.default_language).text if value else ""

    def names(items: Iterable[Any]) -> str:
        return "; ".join(text(item.name) for item in items if item is not None)

    access = {Wheelchair.yes: t("Wheelchair accessible"), Wheelchair.limited: t("Partly wheelchair accessible"),
              Wheelchair.no: t("Not wheelchair accessible"), Wheelchair.unknown: t("Wheelchair access unknown")}
    rows = []
    for offer in directory.offers:
        steps = actions(offer, directory, t)
        cost = t("Free of charge") if offer.cost.free else t.money(offer.cost.amount)
        for office_id in offer.offices:
            office = directory.office(office_id)
            if office is None:
                continue
            hours = _hours_summary(office, t)
            if office.temporarily_closed:
                hours.insert(0, t("Temporarily closed"))
            rows.append({
                "offer_id": offer.id,
                "title": text(offer.title),
                "category": names(directory.category(c) for c in offer.all_categories),
                "target_groups": names(directory.target_group(g) for g in offer.target_groups),
                "office_id": office.id,
                "office": text(office.name),
                "street": office.address.street,
                "postal_code": office.address.postal_code,
                "city": office.address.city,
                "state": office.address.state.value,
                "lat": office.location.lat,
                "lon": office.location.lon,
                "phone": office.phone or "",
                "email": office.email or "",
                "website": office.website or "",
                "languages": "; ".join(t.language_name(code) for code in office.languages),
                "wheelchair": access[office.wheelchair],
                "cost": " ".join(filter(None, [cost, text(offer.cost.note)])),
                "first_route": _route_line(steps[0]) if steps else "",
                "hours": "; ".join(hours),
                # A row is as old as the older of its two halves, and verified only if both are.
                "last_verified": min(offer.provenance.last_verified, office.provenance.last_verified).isoformat(),
                "verified": offer.provenance.verified and office.provenance.verified,
            })
    return rows


def _hours_summary(office: Office, t: Translator) -> list[str]:
    """The days with weekly hours, e.g. "Dienstag: 09:00–12:00 (nach Vereinbarung)"."""
    if office.hours is None:
        return []
    rows = zip(weekly_rows(office.hours, t), Weekday, strict=True)
    return [f"{day}: {slots}" for (day, slots), weekday in rows if office.hours.weekly.get(weekday)]


def csv_dialect(lang: str) -> tuple[str, str]:
    """Field separator and decimal mark a spreadsheet in `lang` expects: `;` and `,` where the comma is decimal."""
    decimal = numbers.get_decimal_symbol(locale(lang), numbering_system="latn")
    return (";", ",") if decimal == "," else (",", ".")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: Any) -> Any:
    """A cell that a spreadsheet shows as text, never runs as a formula (OWASP CSV injection).

    A text starting with =, +, -, @, tab or carriage return gets a leading apostrophe,
    which spreadsheets read as "this is text" (and hide); numbers and other values stay.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(directory: Directory, lang: str) -> bytes:
    """The flat table as CSV, UTF-8 with a byte-order mark so that Excel reads umlauts and Arabic right.

    Every CSV the portal writes (the CLI's export and the editor page's download) comes from here,
    with every text cell made formula-safe by `spreadsheet_text`.
    """
    sep, decimal = csv_dialect(lang)
    rows = [{key: spreadsheet_text(value) for key, value in row.items()} for row in csv_rows(directory, lang)]
    frame = pd.DataFrame(rows, columns=list(CSV_COLUMNS))
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, sep=sep, decimal=decimal, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")


def write_csv(directory: Directory, out_path: Path, lang: str) -> Path:
    """Write the flat table in `lang` to `out_path`; return the path."""
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_bytes(csv_bytes(directory, lang))
    return out_path
